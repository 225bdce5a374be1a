/** The resilience check family: protections against rooted devices, emulators, debugging, hooking, repackaging and reverse engineering. */
import type { AndroidCheck } from '../support.js';
import debuggerDetection from './debugger-detection.js';
import emulatorDetection from './emulator-detection.js';
import hookingDetection from './hooking-detection.js';
import obfuscation from './obfuscation.js';
import playIntegrity from './play-integrity.js';
import rootDetection from './root-detection.js';
import tamperDetection from './tamper-detection.js';

export const resilienceChecks: readonly AndroidCheck[] = [
  debuggerDetection, emulatorDetection, hookingDetection, obfuscation, playIntegrity, rootDetection, tamperDetection,
];
