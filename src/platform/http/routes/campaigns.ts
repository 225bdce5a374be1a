/**
 * @module platform/http/routes/campaigns
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const campaignRoutes: AnyRoute[] = [];
