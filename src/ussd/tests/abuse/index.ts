/** The USSD test cases of the "abuse" family. */
import type { UssdTest } from '../types.js';

export const abuseTests: readonly UssdTest[] = [];
