/** The USSD test cases of the "money" family. */
import type { UssdTest } from '../types.js';

export const moneyTests: readonly UssdTest[] = [];
