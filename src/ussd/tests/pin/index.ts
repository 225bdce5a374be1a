/**
 * The USSD test cases of the "pin" family. Order matters on a correct service: the two lockout tests lock
 * account A, so they come last (and the runner should put them after every other family that needs A).
 */
import type { UssdTest } from '../types.js';
import { counterScopeTest } from './counter-scope.js';
import { dialStringTest } from './dial-string.js';
import { echoTest } from './echo.js';
import { lockoutTest } from './lockout.js';
import { resetKnowableDataTest } from './reset-knowable-data.js';
import { weakPinTest } from './weak-pin.js';

export const pinTests: readonly UssdTest[] = [echoTest, dialStringTest, weakPinTest, resetKnowableDataTest, counterScopeTest, lockoutTest];
