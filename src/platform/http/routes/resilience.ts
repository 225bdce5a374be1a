/**
 * @module platform/http/routes/resilience
 * (placeholder: filled in by its owner)
 */
import type { AnyRoute } from '../routes.js';

export const resilienceRoutes: AnyRoute[] = [];
