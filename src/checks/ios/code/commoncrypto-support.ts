/**
 * @module checks/ios/code/commoncrypto-support
 * CommonCrypto cipher calls of an executable, judged from the constant arguments of each call site
 * (CommonCryptor.h): which algorithm, mode and options the code passes, as far as the arm64 code shows them.
 * Used by `ios.code.weak-cipher` (weak constants) and `ios.code.weak-crypto` (calls left for manual review).
 */
import type { IosApp, IosCallSite } from '../../../app/ios.js';
import { severityRank, type Severity } from '../../../findings/types.js';
import type { ParsedExecutable } from '../support.js';

/** Where a cipher entry point takes its algorithm, options and mode (argument register numbers, AAPCS64). */
interface CipherEntryPoint {
  symbol: string;
  name: string;
  alg: number;
  options?: number;
  mode?: number;
}

/**
 * `CCCrypt(op, alg, options, …)`, `CCCryptorCreate(op, alg, options, …)`, `CCCryptorCreateFromData(op, alg,
 * options, …)` and `CCCryptorCreateWithMode(op, mode, alg, padding, …)`.
 */
const ENTRY_POINTS: readonly CipherEntryPoint[] = [
  { symbol: '_CCCrypt', name: 'CCCrypt', alg: 1, options: 2 },
  { symbol: '_CCCryptorCreate', name: 'CCCryptorCreate', alg: 1, options: 2 },
  { symbol: '_CCCryptorCreateFromData', name: 'CCCryptorCreateFromData', alg: 1, options: 2 },
  { symbol: '_CCCryptorCreateWithMode', name: 'CCCryptorCreateWithMode', mode: 1, alg: 2 },
];

export const CIPHER_SYMBOLS: readonly string[] = ENTRY_POINTS.map((e) => e.symbol);

/** CCAlgorithm values. */
const ALGORITHMS = ['kCCAlgorithmAES', 'kCCAlgorithmDES', 'kCCAlgorithm3DES', 'kCCAlgorithmCAST', 'kCCAlgorithmRC4', 'kCCAlgorithmRC2', 'kCCAlgorithmBlowfish'];

/** Why each weak CCAlgorithm is weak, with the severity the Android weak-cipher check gives the same cipher. */
const WEAK_ALGORITHMS: ReadonlyMap<number, { label: string; why: string; severity: Severity }> = new Map([
  [1, { label: 'DES', why: '56-bit key, searched exhaustively in hours', severity: 'high' as const }],
  [2, { label: '3DES', why: '64-bit block (SWEET32), retired by NIST SP 800-131A', severity: 'medium' as const }],
  [3, { label: 'CAST', why: '64-bit block (SWEET32)', severity: 'medium' as const }],
  [4, { label: 'RC4', why: 'biased keystream, banned from TLS by RFC 7465', severity: 'high' as const }],
  [5, { label: 'RC2', why: 'weak key schedule and 64-bit block', severity: 'high' as const }],
  [6, { label: 'Blowfish', why: '64-bit block (SWEET32)', severity: 'medium' as const }],
]);

/** CCMode values (kCCModeECB = 1 …). */
const MODES = ['', 'kCCModeECB', 'kCCModeCBC', 'kCCModeCFB', 'kCCModeCTR', 'kCCModeF8', 'kCCModeLRW', 'kCCModeOFB', 'kCCModeXTS', 'kCCModeRC4', 'kCCModeCFB8'];
const kCCModeECB = 1;
const kCCAlgorithmRC4 = 4;
const kCCOptionPKCS7Padding = 1;
const kCCOptionECBMode = 2;

export interface CipherCall {
  /** `CCCrypt`, `CCCryptorCreateWithMode`… */
  name: string;
  /** Mach-O symbol, `_CCCrypt`. */
  symbol: string;
  site: IosCallSite;
  /** CCAlgorithm, when a constant. */
  algorithm?: number;
  /** Weak findings of this call ("DES", "ECB mode"), empty when none is certain. */
  weaknesses: string[];
  severity?: Severity;
  /** `CCCrypt at 0x100003f20 (in _f) [arm64]: algorithm kCCAlgorithmDES, options …`. */
  description: string;
}

export function maxSeverity(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return severityRank(a) >= severityRank(b) ? a : b;
}

function u32(v: number | undefined): number | undefined {
  return v === undefined ? undefined : v >>> 0;
}

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}

function algorithmName(alg: number | undefined): string {
  if (alg === undefined) return 'algorithm not a constant in the calling block';
  return `algorithm ${ALGORITHMS[alg] ?? hex(alg)}`;
}

function optionsName(options: number | undefined): string {
  if (options === undefined) return 'options not a constant';
  const names: string[] = [];
  if (options & kCCOptionPKCS7Padding) names.push('kCCOptionPKCS7Padding');
  if (options & kCCOptionECBMode) names.push('kCCOptionECBMode');
  const rest = options & ~(kCCOptionPKCS7Padding | kCCOptionECBMode);
  if (rest) names.push(hex(rest));
  return `options ${names.length > 0 ? names.join(' | ') : '0 (CBC, no padding)'}`;
}

function modeName(mode: number | undefined): string {
  if (mode === undefined) return 'mode not a constant';
  return `mode ${MODES[mode] || hex(mode)}`;
}

/** A call site as `CCCrypt at 0x100003f20 (in _f) [arm64]`. */
export function siteName(name: string, site: IosCallSite): string {
  return `${name} at 0x${site.address.toString(16)}${site.caller ? ` (in ${site.caller})` : ''} [${site.cpu}]`;
}

function judge(e: CipherEntryPoint, site: IosCallSite): CipherCall {
  const algorithm = u32(site.args[e.alg]);
  const options = e.options === undefined ? undefined : u32(site.args[e.options]);
  const mode = e.mode === undefined ? undefined : u32(site.args[e.mode]);
  const weaknesses: string[] = [];
  let severity: Severity | undefined;
  const weak = algorithm === undefined ? undefined : WEAK_ALGORITHMS.get(algorithm);
  if (weak) {
    weaknesses.push(weak.label);
    severity = weak.severity;
  }
  // ECB means nothing to a stream cipher; RC4 is reported for itself.
  const ecb = algorithm !== kCCAlgorithmRC4 && (e.mode !== undefined ? mode === kCCModeECB : options !== undefined && (options & kCCOptionECBMode) !== 0);
  if (ecb) {
    weaknesses.push('ECB mode');
    severity = maxSeverity(severity, 'medium');
  }
  const parts = [algorithmName(algorithm), e.mode !== undefined ? modeName(mode) : optionsName(options)];
  if (weak) parts[0] += ` (${weak.why})`;
  const call: CipherCall = { name: e.name, symbol: e.symbol, site, weaknesses, description: `${siteName(e.name, site)}: ${parts.join(', ')}` };
  if (algorithm !== undefined) call.algorithm = algorithm;
  if (severity) call.severity = severity;
  return call;
}

/** Every CommonCrypto cipher call of an executable's arm64 code, in entry-point then address order. */
export function cipherCalls(app: IosApp, { exe }: ParsedExecutable): CipherCall[] {
  const out: CipherCall[] = [];
  for (const e of ENTRY_POINTS) for (const site of app.callSites(exe.path, e.symbol)) out.push(judge(e, site));
  return out;
}
