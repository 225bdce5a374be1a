/**
 * @module platform/http/routes/findings
 */
import type { AnyRoute } from '../routes.js';

export const findingsRoutes: AnyRoute[] = [];
