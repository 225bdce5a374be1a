/** The USSD test cases of the "authz" family. */
import type { UssdTest } from '../types.js';

export const authzTests: readonly UssdTest[] = [];
