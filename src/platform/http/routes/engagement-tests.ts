/**
 * @module platform/http/routes/engagement-tests
 * (being written)
 */
import type { AnyRoute } from '../routes.js';

export const engagementTestRoutes: AnyRoute[] = [];
