/** The USSD test cases of the "abuse" family. */
import type { UssdTest } from '../types.js';
import { throttlingTest } from './throttling.js';

export const abuseTests: readonly UssdTest[] = [throttlingTest];
