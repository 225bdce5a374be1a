/** Check titles and remediation in es, keyed by check id (English lives in each check's metadata). */
import type { CheckText } from './index.js';

export const CHECKS_ES: Readonly<Record<string, CheckText>> = {};
