/** The USSD test cases of the "session" family. */
import type { UssdTest } from '../types.js';
import { idHygieneTest } from './id-hygiene.js';
import { idleTimeoutTest } from './idle-timeout.js';
import { msisdnBindingTest } from './msisdn-binding.js';
import { reuseAfterEndTest } from './reuse-after-end.js';
import { statelessPathTest } from './stateless-path.js';

export const sessionTests: readonly UssdTest[] = [msisdnBindingTest, statelessPathTest, idHygieneTest, idleTimeoutTest, reuseAfterEndTest];
