/**
 * @module platform/http/routes/users
 */
import type { AnyRoute } from '../routes.js';

export const usersRoutes: AnyRoute[] = [];
