/**
 * @module platform/http/routes/engagement-remediation
 * (being written)
 */
import type { AnyRoute } from '../routes.js';

export const engagementRemediationRoutes: AnyRoute[] = [];
