/**
 * @module platform/http/routes/benchmarks
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const benchmarkRoutes: AnyRoute[] = [];
