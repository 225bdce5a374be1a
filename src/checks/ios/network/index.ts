/** The network family: what leaves the device and how its TLS peers are trusted. */
import type { IosCheck } from '../support.js';
import cleartextUrls from './cleartext-urls.js';
import pinning from './pinning.js';

export const networkChecks: readonly IosCheck[] = [cleartextUrls, pinning];
