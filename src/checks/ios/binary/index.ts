/** The binary (Mach-O hardening) check family, in id order. */
import type { IosCheck } from '../support.js';
import arc from './arc.js';
import notEncrypted from './not-encrypted.js';
import pie from './pie.js';
import rpathHijack from './rpath-hijack.js';
import stackCanary from './stack-canary.js';
import symbolsNotStripped from './symbols-not-stripped.js';
import unsigned from './unsigned.js';

export const binaryChecks: readonly IosCheck[] = [arc, notEncrypted, pie, rpathHijack, stackCanary, symbolsNotStripped, unsigned];
