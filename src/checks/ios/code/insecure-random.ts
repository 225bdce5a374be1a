import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/** libc generators whose output is predictable (rand(3), random(3), drand48(3)): not for keys, tokens or nonces. */
const WEAK_RNG = ['_rand', '_rand_r', '_random', '_srand', '_srandom', '_drand48', '_erand48', '_lrand48', '_nrand48', '_mrand48', '_jrand48', '_srand48'];
/** The system CSPRNG entry points (Randomization Services, arc4random(3), CommonCrypto CCRandom). */
const SECURE_RNG = ['_SecRandomCopyBytes', '_arc4random', '_arc4random_buf', '_arc4random_uniform', '_CCRandomGenerateBytes'];

export default defineIosCheck({
  id: 'ios.code.insecure-random',
  meta: {
    title: 'Non-cryptographic random number generator imported',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0012'], cwe: ['CWE-338'], dfs: ['APP-53', 'APP-63'] }),
    description:
      'Reports executables importing the libc generators `rand`, `random`, `drand48` and relatives (and their seeding functions). Their sequence can be reconstructed from a few outputs or from the seed (often the time), so OTPs, nonces, keys or session ids built from them are guessable. When the same binary also imports a cryptographic generator (`SecRandomCopyBytes`, `arc4random*`, `CCRandomGenerateBytes`) the weak one may only serve non-security purposes (animations, shuffling): the finding is then kept at low severity and low confidence.',
    manual:
      'Run `llvm-nm -u <binary> | grep -E "_(s?rand|s?random|[a-z]?rand48)$"`; in a disassembler follow the callers and check whether the values feed keys, tokens, PINs or nonces.',
    remediation: 'Use `SecRandomCopyBytes(kSecRandomDefault, …)`, `arc4random_uniform` or Swift\'s `SystemRandomNumberGenerator` for anything security-relevant.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const weak = importedOf(macho.slices, WEAK_RNG);
      if (weak.length === 0) continue;
      const secure = importedOf(macho.slices, SECURE_RNG);
      const evidence = [sliceEvidence(exe, macho.slices, `imports ${weak.join(', ')}`)];
      if (secure.length > 0) evidence.push(`also imports the CSPRNG ${secure.join(', ')}: the weak generator may serve non-security purposes`);
      ctx.report({
        message: `${exe.path} imports predictable random number functions: ${listSome(weak.map(sourceName))}.`,
        locations: [executableLocation(exe, weak[0])],
        evidence,
        ...(secure.length > 0 ? { severity: 'low' as const, confidence: 'low' as const } : {}),
      });
    }
  },
});
