/**
 * @module platform/http/routes/engagement-row-pages
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const engagementRowPageRoutes: AnyRoute[] = [];
