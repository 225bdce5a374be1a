/**
 * @module checks/ios
 * The registry of iOS checks: every family folder exports its list; this file joins them. A meta-test
 * asserts that the registry equals the check files on disk, that ids are unique, and that every reference
 * exists in the catalog.
 */
import type { IosCheck } from './support.js';
import { atsChecks } from './ats/index.js';
import { binaryChecks } from './binary/index.js';
import { configChecks } from './config/index.js';
import { entitlementsChecks } from './entitlements/index.js';
import { provisioningChecks } from './provisioning/index.js';
import { codeChecks } from './code/index.js';
import { networkChecks } from './network/index.js';
import { resilienceChecks } from './resilience/index.js';
import { secretsChecks } from './secrets/index.js';
import { storageChecks } from './storage/index.js';
import { webviewChecks } from './webview/index.js';

export const iosChecks: readonly IosCheck[] = [...binaryChecks, ...atsChecks, ...configChecks, ...entitlementsChecks, ...provisioningChecks, ...codeChecks, ...secretsChecks, ...networkChecks, ...storageChecks, ...resilienceChecks, ...webviewChecks];
