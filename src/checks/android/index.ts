/**
 * @module checks/android
 * The registry of Android checks: every family folder exports its list; this file joins them. A meta-test
 * asserts that the registry equals the check files on disk, that ids are unique, and that every reference
 * exists in the catalog.
 */
import type { AndroidCheck } from './support.js';
import { manifestChecks } from './manifest/index.js';
import { networkChecks } from './network/index.js';
import { signingChecks } from './signing/index.js';
import { nativeChecks } from './native/index.js';
import { resilienceChecks } from './resilience/index.js';
import { uiChecks } from './ui/index.js';
import { codeChecks } from './code/index.js';
import { ipcChecks } from './ipc/index.js';
import { secretsChecks } from './secrets/index.js';
import { cryptoChecks } from './crypto/index.js';
import { tlsChecks } from './tls/index.js';
import { webviewChecks } from './webview/index.js';
import { storageChecks } from './storage/index.js';
import { loggingChecks } from './logging/index.js';

export const androidChecks: readonly AndroidCheck[] = [...manifestChecks, ...networkChecks, ...signingChecks, ...nativeChecks, ...resilienceChecks, ...uiChecks, ...codeChecks, ...ipcChecks, ...secretsChecks, ...cryptoChecks, ...tlsChecks, ...webviewChecks, ...storageChecks, ...loggingChecks];
