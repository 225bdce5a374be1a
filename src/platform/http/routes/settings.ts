/**
 * @module platform/http/routes/settings
 */
import type { AnyRoute } from '../routes.js';

export const settingsRoutes: AnyRoute[] = [];
