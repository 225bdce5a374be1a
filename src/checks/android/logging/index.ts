/** The logging check family, in id order. */
import type { AndroidCheck } from '../support.js';
import sensitiveData from './sensitive-data.js';

export const loggingChecks: readonly AndroidCheck[] = [sensitiveData];
