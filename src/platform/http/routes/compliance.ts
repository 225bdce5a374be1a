/**
 * @module platform/http/routes/compliance
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const complianceRoutes: AnyRoute[] = [];
