/** The secrets check family: credentials and keys shipped inside the app. */
import type { AndroidCheck } from '../support.js';
import hardcodedSecret from './hardcoded-secret.js';

export const secretsChecks: readonly AndroidCheck[] = [hardcodedSecret];
