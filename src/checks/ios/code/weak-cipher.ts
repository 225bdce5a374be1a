import type { Location, Severity } from '../../../findings/types.js';
import { defineIosCheck, parsedExecutables, refs } from '../support.js';
import { cipherCalls, maxSeverity, type CipherCall } from './commoncrypto-support.js';

/** Evidence lines per finding; a function with hundreds of calls is summarised by its first ones. */
const MAX_EVIDENCE = 20;

function capped(lines: string[]): string[] {
  return lines.length <= MAX_EVIDENCE ? lines : [...lines.slice(0, MAX_EVIDENCE), `(+${lines.length - MAX_EVIDENCE} more calls)`];
}

export default defineIosCheck({
  id: 'ios.code.weak-cipher',
  meta: {
    title: 'Broken cipher or ECB mode in CommonCrypto calls (DES, 3DES, RC4, RC2, ECB)',
    family: 'code',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0007'], cwe: ['CWE-327'], dfs: ['APP-53', 'APP-63'] }),
    description: [
      'Reads the arm64 machine code of every executable of the bundle and finds the calls to CommonCrypto\'s `CCCrypt`, `CCCryptorCreate`, `CCCryptorCreateFromData` and `CCCryptorCreateWithMode` (direct `bl`/tail-call `b` to the import stub, resolved through the indirect symbol table). For each call it reads the constants the same basic block puts in the argument registers: the algorithm (`w1`, or `w2` for `CCCryptorCreateWithMode`), the options (`w2`) or the mode (`w1`). It reports `kCCAlgorithmDES`, `kCCAlgorithmRC4` and `kCCAlgorithmRC2` (high), `kCCAlgorithm3DES`, `kCCAlgorithmCAST` and `kCCAlgorithmBlowfish` (medium: 64-bit blocks, SWEET32), and ECB (`kCCOptionECBMode` in the options, or `kCCModeECB`) with any block cipher (medium: equal plaintext blocks give equal ciphertext blocks).',
      '',
      'One finding per executable, entry point and calling function (the nearest function symbol, when the binary keeps its symbol table); the evidence gives each call\'s address and decoded arguments. Calls of the same function whose algorithm is not a constant in the calling block are listed as "review by hand".',
      '',
      'Limits: only arm64/arm64e slices are read (x86_64 simulator slices, armv7 and arm64_32 are skipped, and FairPlay-encrypted slices hold ciphertext); an argument is only known when a `mov`/`movz`/`movn`/`movk`/`orr` of the same basic block sets it, so an algorithm passed down through a wrapper function, loaded from memory or computed is not seen (no finding, not a pass). Calls through a function pointer or `blr` are not followed.',
    ].join('\n'),
    manual:
      'Disassemble the executable (`llvm-objdump -d --macho <binary>`), find the `bl` to the `CCCrypt` stub the evidence names and read `w1` (algorithm: 1 DES, 2 3DES, 3 CAST, 4 RC4, 5 RC2, 6 Blowfish) and `w2` (options: the 0x2 bit is `kCCOptionECBMode`); for `CCCryptorCreateWithMode` read `w1` (mode: 1 = ECB) and `w2` (algorithm). Then check what the call encrypts (PINs, tokens, stored data) and where its key comes from.',
    remediation:
      'Use AES-256 in GCM mode (CryptoKit `AES.GCM`), or at least AES in CBC mode with a random IV and an HMAC over the ciphertext; never DES, 3DES, RC4, RC2 or ECB. Keep keys in the Keychain or Secure Enclave, and re-encrypt data stored with the old cipher on upgrade.',
  },
  run(ctx) {
    for (const parsed of parsedExecutables(ctx.app)) {
      const calls = cipherCalls(ctx.app, parsed);
      if (!calls.some((c) => c.weaknesses.length > 0)) continue;
      // One finding per entry point and calling function: the same code in arm64 and arm64e slices is one finding.
      const groups = new Map<string, CipherCall[]>();
      for (const c of calls) {
        const key = `${c.symbol}\0${c.site.caller ?? ''}`;
        const g = groups.get(key);
        if (g) g.push(c);
        else groups.set(key, [c]);
      }
      for (const group of groups.values()) {
        const weak = group.filter((c) => c.weaknesses.length > 0);
        if (weak.length === 0) continue;
        const first = weak[0]!;
        let severity: Severity | undefined;
        for (const c of weak) severity = maxSeverity(severity, c.severity);
        const labels = [...new Set(weak.flatMap((c) => c.weaknesses))];
        const unresolved = group.filter((c) => c.algorithm === undefined && c.weaknesses.length === 0);
        // The address stays in the evidence only: it moves with every build, and `pc` means a bytecode offset in reports.
        const location: Location = { path: parsed.exe.path, call: first.symbol };
        if (first.site.caller) location.symbol = first.site.caller;
        ctx.report({
          message: `${parsed.exe.path} calls ${first.name}${first.site.caller ? ` in ${first.site.caller}` : ''} with ${labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : labels[0]}.`,
          locations: [location],
          evidence: capped([...weak.map((c) => c.description), ...unresolved.map((c) => `${c.description} — review by hand`)]),
          ...(severity && severity !== 'high' ? { severity } : {}),
        });
      }
    }
  },
});
