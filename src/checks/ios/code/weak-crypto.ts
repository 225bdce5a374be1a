import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

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
      'Reports executables importing CommonCrypto\'s MD2/MD4/MD5/SHA-1 digest functions (`CC_MD5`, `CC_SHA1`, their `_Init/_Update/_Final` variants). These digests are broken for collision resistance and must not protect integrity, passwords or signatures. The import shows the function is called, not for what (a cache key is harmless), so confidence is medium.\n\nWhat this check can **not** see: the algorithm and mode of `CCCrypt` (`kCCAlgorithmDES`, `kCCAlgorithm3DES`, `kCCAlgorithmRC4`, `kCCOptionECBMode`) are integer arguments, immediates in the machine code, visible only by disassembly. An imported `CCCrypt` is therefore named in the evidence as something to review by hand, never reported as weak on its own.',
    manual:
      'List imports (`llvm-nm -u <binary> | grep CC_`), then find the callers in a disassembler and check what is hashed. For `CCCrypt`, read the first two arguments at each call site (`w0`/`w1` on arm64): algorithm 1 (DES), 2 (3DES), 4 (RC4) or options with bit 2 (ECB) are weak.',
    remediation: 'Use SHA-256 or better (`CC_SHA256`, CryptoKit `SHA256`), and for passwords a slow KDF (PBKDF2 with a high iteration count via `CCKeyDerivationPBKDF`, or Argon2).',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const found = importedOf(macho.slices, WEAK_HASHES);
      if (found.length === 0) continue;
      const evidence = [sliceEvidence(exe, macho.slices, `imports ${found.join(', ')}`)];
      if (importedOf(macho.slices, ['_CCCrypt', '_CCCryptorCreate', '_CCCryptorCreateWithMode']).length > 0) {
        evidence.push('also imports CCCrypt/CCCryptor: its algorithm and mode are immediates in the code, not visible without disassembly — review the call sites for DES/3DES/RC4/ECB');
      }
      ctx.report({
        message: `${exe.path} imports weak hash functions: ${listSome(found.map(sourceName))}.`,
        locations: [executableLocation(exe, found[0])],
        evidence,
      });
    }
  },
});
