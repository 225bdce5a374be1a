/** The storage check family, in id order. */
import type { AndroidCheck } from '../support.js';
import clipboard from './clipboard.js';
import externalStorage from './external-storage.js';
import plaintextSecrets from './plaintext-secrets.js';
import tempFile from './temp-file.js';
import unencryptedDatabase from './unencrypted-database.js';
import worldAccessible from './world-accessible.js';

export const storageChecks: readonly AndroidCheck[] = [clipboard, externalStorage, plaintextSecrets, tempFile, unencryptedDatabase, worldAccessible];
