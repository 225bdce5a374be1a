/** The USSD test cases of the "money" family. Each moves at most what the target's `allowedAmount` allows. */
import type { UssdTest } from '../types.js';
import { channelLimitsTest } from './channel-limits.js';
import { finalStepReplayTest } from './final-step-replay.js';
import { parallelConfirmTest } from './parallel-confirm.js';
import { simSwapStepUpTest } from './sim-swap-step-up.js';

export const moneyTests: readonly UssdTest[] = [finalStepReplayTest, parallelConfirmTest, channelLimitsTest, simSwapStepUpTest];
