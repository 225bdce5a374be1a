/**
 * @module platform/http/routes/dashboard
 */
import type { AnyRoute } from '../routes.js';

export const dashboardRoutes: AnyRoute[] = [];
