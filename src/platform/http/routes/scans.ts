/**
 * @module platform/http/routes/scans
 */
import type { AnyRoute } from '../routes.js';

export const scansRoutes: AnyRoute[] = [];
