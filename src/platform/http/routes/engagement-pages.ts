/**
 * @module platform/http/routes/engagement-pages
 * (being written)
 */
import type { AnyRoute } from '../routes.js';

export const engagementPageRoutes: AnyRoute[] = [];
