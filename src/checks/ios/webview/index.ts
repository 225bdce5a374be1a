/** The webview check family (WKWebView configuration), in id order. */
import type { IosCheck } from '../support.js';
import fileAccess from './file-access.js';

export const webviewChecks: readonly IosCheck[] = [fileAccess];
