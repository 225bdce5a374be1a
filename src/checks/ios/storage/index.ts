/** The storage family: protection classes of what the app stores on the device. */
import type { IosCheck } from '../support.js';
import fileProtectionNone from './file-protection-none.js';
import keychainAccessibility from './keychain-accessibility.js';

export const storageChecks: readonly IosCheck[] = [fileProtectionNone, keychainAccessibility];
