/** The network check family. */
import type { AndroidCheck } from '../support.js';
import certificatePinning from './certificate-pinning.js';
import cleartextUrls from './cleartext-urls.js';
import debugOverrides from './debug-overrides.js';
import localServer from './local-server.js';
import nscCleartext from './nsc-cleartext.js';
import overridePins from './override-pins.js';
import pinSet from './pin-set.js';
import userCertificates from './user-certificates.js';

export const networkChecks: readonly AndroidCheck[] = [certificatePinning, cleartextUrls, debugOverrides, localServer, nscCleartext, overridePins, pinSet, userCertificates];
