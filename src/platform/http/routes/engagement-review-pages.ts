/**
 * @module platform/http/routes/engagement-review-pages
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const engagementReviewPageRoutes: AnyRoute[] = [];
