/**
 * @module platform/http/routes/library
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const libraryRoutes: AnyRoute[] = [];
