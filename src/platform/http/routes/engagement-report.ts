/**
 * @module platform/http/routes/engagement-report
 * (being written)
 */
import type { AnyRoute } from '../routes.js';

export const engagementReportRoutes: AnyRoute[] = [];
