/** The USSD test cases of the "pin" family. */
import type { UssdTest } from '../types.js';

export const pinTests: readonly UssdTest[] = [];
