import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence, type ParsedExecutable } from '../support.js';
import type { IosApp } from '../../../app/ios.js';
import { isArm64Slice } from '../../../formats/macho/index.js';
import { CIPHER_SYMBOLS, cipherCalls } from './commoncrypto-support.js';

/** CommonCrypto digests that are broken for collision resistance (CommonDigest.h): MD2, MD4, MD5, SHA-1. */
const WEAK_HASHES = ['_CC_MD2', '_CC_MD4', '_CC_MD5', '_CC_MD5_Init', '_CC_MD5_Update', '_CC_MD5_Final', '_CC_SHA1', '_CC_SHA1_Init', '_CC_SHA1_Update', '_CC_SHA1_Final'];

export default defineIosCheck({
  id: 'ios.code.weak-crypto',
  meta: {
    title: 'Weak hash functions (MD5, SHA-1) imported',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0008'], cwe: ['CWE-328', 'CWE-327'], dfs: ['APP-53', 'APP-63'] }),
    description:
      'Reports executables importing CommonCrypto\'s MD2/MD4/MD5/SHA-1 digest functions (`CC_MD5`, `CC_SHA1`, their `_Init/_Update/_Final` variants). These digests are broken for collision resistance and must not protect integrity, passwords or signatures. The import shows the function is called, not for what (a cache key is harmless), so confidence is medium.\n\nCiphers are judged by `ios.code.weak-cipher`, which reads the constant algorithm and mode at each `CCCrypt`/`CCCryptor…` call in the arm64 code. When such a call passes an algorithm that is not a constant in its basic block, when `CCCrypt` is imported but no direct call to it is found, or when the binary has no unencrypted arm64 slice to read, this finding names the calls in its evidence as something to review by hand.',
    manual:
      'List imports (`llvm-nm -u <binary> | grep CC_`), then find the callers in a disassembler and check what is hashed. For a `CCCrypt` call listed for review, read `w1` (algorithm: 1 DES, 2 3DES, 4 RC4 are weak) and `w2` (options: the 0x2 bit is `kCCOptionECBMode`) where the value is finally set, following it back through the callers when it is a parameter.',
    remediation: 'Use SHA-256 or better (`CC_SHA256`, CryptoKit `SHA256`), and for passwords a slow KDF (PBKDF2 with a high iteration count via `CCKeyDerivationPBKDF`, or Argon2).',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const found = importedOf(macho.slices, WEAK_HASHES);
      if (found.length === 0) continue;
      const evidence = [sliceEvidence(exe, macho.slices, `imports ${found.join(', ')}`)];
      const review = cipherReview(ctx.app, { exe, macho });
      if (review) evidence.push(review);
      ctx.report({
        message: `${exe.path} imports weak hash functions: ${listSome(found.map(sourceName))}.`,
        locations: [executableLocation(exe, found[0])],
        evidence,
      });
    }
  },
});

/** Up to this many unresolved cipher calls are named in the evidence. */
const MAX_REVIEW_SITES = 5;

/** The cipher calls no constant explains, for manual review; undefined when there is nothing to review. */
function cipherReview(app: IosApp, parsed: ParsedExecutable): string | undefined {
  const imported = importedOf(parsed.macho.slices, CIPHER_SYMBOLS);
  if (imported.length === 0) return undefined;
  // Only unencrypted arm64 code is read (see ios.code.weak-cipher); anything else is left entirely to the auditor.
  if (!parsed.macho.slices.some((s) => isArm64Slice(s) && !s.encryption?.cryptid)) {
    return `also imports ${imported.map(sourceName).join(', ')}, in slices whose code is not read (no unencrypted arm64 slice): review the call sites for DES/3DES/RC4/ECB by hand`;
  }
  const calls = cipherCalls(app, parsed);
  if (calls.length === 0) {
    return `also imports ${imported.map(sourceName).join(', ')}, but no direct call to it is in the arm64 code (calls through a function pointer are not followed): review by hand`;
  }
  const unresolved = calls.filter((c) => c.algorithm === undefined && c.weaknesses.length === 0);
  if (unresolved.length === 0) return undefined;
  const shown = unresolved.slice(0, MAX_REVIEW_SITES).map((c) => c.description).join('; ');
  const more = unresolved.length > MAX_REVIEW_SITES ? ` (+${unresolved.length - MAX_REVIEW_SITES} more)` : '';
  return `cipher calls to review by hand: ${shown}${more}`;
}
