/** The USSD test cases of the "input" family. */
import type { UssdTest } from '../types.js';

export const inputTests: readonly UssdTest[] = [];
