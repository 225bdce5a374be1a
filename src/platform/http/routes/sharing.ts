/**
 * @module platform/http/routes/sharing
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const sharingRoutes: AnyRoute[] = [];
