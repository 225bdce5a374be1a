import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

export default defineIosCheck({
  id: 'ios.binary.not-encrypted',
  meta: {
    title: 'Executable not FairPlay-encrypted',
    family: 'binary',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0059'], cwe: ['CWE-693'], dfs: ['APP-55', 'APP-12'] }),
    description:
      'App Store builds of the main executable and of app extensions carry `LC_ENCRYPTION_INFO(_64)` with `cryptid 1`: their code is FairPlay-encrypted on disk, which raises the effort of static reverse engineering a little. `cryptid 0` (or no encryption command) means the code is in the clear: the IPA is a development, ad-hoc or enterprise build, or an App Store binary that was already decrypted.\n\n**Note:** a lab that decrypts an App Store app on a jailbroken device (to audit it) also gets `cryptid 0`; in that case this finding describes the lab copy, not the published app. Confirm where the IPA came from before reporting it.',
    manual:
      'Run `llvm-otool -l <binary> | grep -A4 LC_ENCRYPTION_INFO` (or `llvm-objdump --macho --private-headers`) for each architecture and read `cryptid`. Ask the provider where the audited IPA came from (App Store download, TestFlight, enterprise or ad-hoc distribution).',
    remediation:
      'Distribute through the App Store (which encrypts the binaries). For enterprise or ad-hoc distribution, rely on obfuscation and runtime protections instead, since FairPlay encryption is not available.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app, ['main', 'extension'])) {
      const bad = macho.slices.filter((s) => (s.encryption?.cryptid ?? 0) === 0);
      if (bad.length === 0) continue;
      const what = bad.every((s) => s.encryption) ? 'LC_ENCRYPTION_INFO cryptid 0' : 'cryptid 0 or no LC_ENCRYPTION_INFO command';
      ctx.report({
        message: `${exe.path} is not encrypted (${what}) on ${bad.map((s) => s.cpu).join(', ')}: its code can be read and disassembled as it is.`,
        locations: [executableLocation(exe)],
        evidence: [sliceEvidence(exe, bad, what)],
      });
    }
  },
});
