/** The secrets family: credentials readable in the app bundle. */
import type { IosCheck } from '../support.js';
import hardcodedSecret from './hardcoded-secret.js';

export const secretsChecks: readonly IosCheck[] = [hardcodedSecret];
