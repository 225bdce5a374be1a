/** The signing check family. */
import type { AndroidCheck } from '../support.js';
import debugCertificate from './debug-certificate.js';
import janus from './janus.js';
import publicTestKey from './public-test-key.js';
import unsigned from './unsigned.js';
import v1Only from './v1-only.js';
import verificationFailed from './verification-failed.js';
import weakAlgorithm from './weak-algorithm.js';
import weakKey from './weak-key.js';

export const signingChecks: readonly AndroidCheck[] = [debugCertificate, janus, publicTestKey, unsigned, v1Only, verificationFailed, weakAlgorithm, weakKey];
