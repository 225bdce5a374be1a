/** The webview check family, in id order. */
import type { AndroidCheck } from '../support.js';
import debuggingEnabled from './debugging-enabled.js';
import fileAccess from './file-access.js';
import javascriptEnabled from './javascript-enabled.js';
import javascriptInterface from './javascript-interface.js';
import untrustedContent from './untrusted-content.js';

export const webviewChecks: readonly AndroidCheck[] = [
  debuggingEnabled,
  fileAccess,
  javascriptEnabled,
  javascriptInterface,
  untrustedContent,
];
