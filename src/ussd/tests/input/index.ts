/** The USSD test cases of the "input" family. */
import type { UssdTest } from '../types.js';
import { amountFuzzingTest } from './amount-fuzzing.js';
import { injectionTest } from './injection.js';
import { msisdnFormatTest } from './msisdn-format.js';
import { separatorSmugglingTest } from './separator-smuggling.js';

export const inputTests: readonly UssdTest[] = [separatorSmugglingTest, amountFuzzingTest, injectionTest, msisdnFormatTest];
