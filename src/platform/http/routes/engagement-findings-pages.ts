/**
 * @module platform/http/routes/engagement-findings-pages
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const engagementFindingsPageRoutes: AnyRoute[] = [];
