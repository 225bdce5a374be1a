/**
 * @module platform/http/routes/engagement-review
 * (being written)
 */
import type { AnyRoute } from '../routes.js';

export const engagementReviewRoutes: AnyRoute[] = [];
