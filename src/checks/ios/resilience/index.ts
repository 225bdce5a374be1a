/** The resilience family (controls): anti-tampering and anti-analysis measures, in id order. */
import type { IosCheck } from '../support.js';
import appAttest from './app-attest.js';
import debuggerDetection from './debugger-detection.js';
import hookingDetection from './hooking-detection.js';
import integrityCheck from './integrity-check.js';
import jailbreakDetection from './jailbreak-detection.js';
import obfuscation from './obfuscation.js';

export const resilienceChecks: readonly IosCheck[] = [appAttest, debuggerDetection, hookingDetection, integrityCheck, jailbreakDetection, obfuscation];
