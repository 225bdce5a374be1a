/** The manifest check family, in id order. */
import type { AndroidCheck } from '../support.js';
import allowBackup from './allow-backup.js';
import cleartextTraffic from './cleartext-traffic.js';
import customPermissionWeak from './custom-permission-weak.js';
import dangerousPermissions from './dangerous-permissions.js';
import debuggable from './debuggable.js';
import exportedActivity from './exported-activity.js';
import exportedProvider from './exported-provider.js';
import exportedReceiver from './exported-receiver.js';
import exportedService from './exported-service.js';
import installLocation from './install-location.js';
import minSdk from './min-sdk.js';
import providerGrantUri from './provider-grant-uri.js';
import secretCodes from './secret-codes.js';
import smsCallPermissions from './sms-call-permissions.js';
import targetSdk from './target-sdk.js';
import taskHijacking from './task-hijacking.js';
import testOnly from './test-only.js';

export const manifestChecks: readonly AndroidCheck[] = [
  allowBackup,
  cleartextTraffic,
  customPermissionWeak,
  dangerousPermissions,
  debuggable,
  exportedActivity,
  exportedProvider,
  exportedReceiver,
  exportedService,
  installLocation,
  minSdk,
  providerGrantUri,
  secretCodes,
  smsCallPermissions,
  targetSdk,
  taskHijacking,
  testOnly,
];
