/** The App Transport Security check family, in id order. */
import type { IosCheck } from '../support.js';
import arbitraryLoads from './arbitrary-loads.js';
import arbitraryLoadsMedia from './arbitrary-loads-media.js';
import arbitraryLoadsWeb from './arbitrary-loads-web.js';
import insecureHttpExceptions from './insecure-http-exceptions.js';
import weakTlsExceptions from './weak-tls-exceptions.js';

export const atsChecks: readonly IosCheck[] = [arbitraryLoads, arbitraryLoadsMedia, arbitraryLoadsWeb, insecureHttpExceptions, weakTlsExceptions];
