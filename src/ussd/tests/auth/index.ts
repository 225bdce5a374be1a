/** The USSD test cases of the "auth" family. */
import type { UssdTest } from '../types.js';

export const authTests: readonly UssdTest[] = [];
