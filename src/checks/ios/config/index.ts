/** The Info.plist configuration check family, in id order. */
import type { IosCheck } from '../support.js';
import minOs from './min-os.js';
import urlSchemes from './url-schemes.js';

export const configChecks: readonly IosCheck[] = [minOs, urlSchemes];
