/**
 * @module platform/http/routes/training
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const trainingRoutes: AnyRoute[] = [];
