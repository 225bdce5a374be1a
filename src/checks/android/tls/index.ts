/** The tls check family: certificate and host name validation, and protocol versions. */
import type { AndroidCheck } from '../support.js';
import insecureProtocol from './insecure-protocol.js';
import permissiveHostnameVerifier from './permissive-hostname-verifier.js';
import trustAllCertificates from './trust-all-certificates.js';
import webviewSslErrorProceed from './webview-ssl-error-proceed.js';

export const tlsChecks: readonly AndroidCheck[] = [insecureProtocol, permissiveHostnameVerifier, trustAllCertificates, webviewSslErrorProceed];
