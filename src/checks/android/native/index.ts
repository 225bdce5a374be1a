/** The native-library check family: toolchain hardening and dangerous imports of `lib/<abi>/*.so`. */
import type { AndroidCheck } from '../support.js';
import executableStack from './executable-stack.js';
import fortify from './fortify.js';
import relro from './relro.js';
import rpath from './rpath.js';
import stackCanary from './stack-canary.js';
import textRelocations from './text-relocations.js';
import unsafeFunctions from './unsafe-functions.js';

export const nativeChecks: readonly AndroidCheck[] = [executableStack, fortify, relro, rpath, stackCanary, textRelocations, unsafeFunctions];
