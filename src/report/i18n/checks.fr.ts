/** Check titles and remediation in fr, keyed by check id (English lives in each check's metadata). */
import type { CheckText } from './index.js';

export const CHECKS_FR: Readonly<Record<string, CheckText>> = {};
