/** The code family: what an iOS binary's imports, strings and call sites say about its code, in id order. */
import type { IosCheck } from '../support.js';
import insecureFunctions from './insecure-functions.js';
import insecureRandom from './insecure-random.js';
import logging from './logging.js';
import pasteboard from './pasteboard.js';
import weakCipher from './weak-cipher.js';
import weakCrypto from './weak-crypto.js';
import webview from './webview.js';

export const codeChecks: readonly IosCheck[] = [insecureFunctions, insecureRandom, logging, pasteboard, weakCipher, weakCrypto, webview];
