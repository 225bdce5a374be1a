/** The USSD test cases of the "authz" family. */
import type { UssdTest } from '../types.js';
import { enumerationTest } from './enumeration.js';
import { hiddenMenusTest } from './hidden-menus.js';
import { idorTest } from './idor.js';

export const authzTests: readonly UssdTest[] = [hiddenMenusTest, idorTest, enumerationTest];
