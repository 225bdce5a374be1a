/**
 * @module ussd/tests
 * Every USSD test case, by family. A family folder holds one file per test and an `index.ts` listing them;
 * `ussdTests` is the registry the runner and the docs use (a meta-test checks ids, references and docs).
 */
import { abuseTests } from './abuse/index.js';
import { authTests } from './auth/index.js';
import { authzTests } from './authz/index.js';
import { inputTests } from './input/index.js';
import { moneyTests } from './money/index.js';
import { pinTests } from './pin/index.js';
import { protocolTests } from './protocol/index.js';
import { sessionTests } from './session/index.js';
import type { UssdTest } from './types.js';

export const ussdTests: readonly UssdTest[] = [
  ...authTests,
  ...sessionTests,
  ...protocolTests,
  ...pinTests,
  ...moneyTests,
  ...inputTests,
  ...authzTests,
  ...abuseTests,
];
