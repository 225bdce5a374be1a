/** The USSD test cases of the "session" family. */
import type { UssdTest } from '../types.js';

export const sessionTests: readonly UssdTest[] = [];
