/** The USSD test cases of the "protocol" family. */
import type { UssdTest } from '../types.js';

export const protocolTests: readonly UssdTest[] = [];
