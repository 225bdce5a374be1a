import type { MachOSlice } from '../../../formats/macho/index.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

function state(s: MachOSlice): 'unsigned' | 'adhoc' | 'signed' {
  if (!s.codeSignature) return 'unsigned';
  return s.codeSignature.adhoc ? 'adhoc' : 'signed';
}

export default defineIosCheck({
  id: 'ios.binary.unsigned',
  meta: {
    title: 'Executable without a certificate-backed code signature',
    family: 'binary',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-347'], dfs: ['APP-12'] }),
    description:
      'Every executable of an iOS app (main binary, app extensions, frameworks, dylibs) must carry an `LC_CODE_SIGNATURE` whose CMS signature chains to an Apple-issued certificate; the kernel refuses to run anything else on a stock device. A slice with no code signature, or only an ad-hoc one (a code directory with no signer certificate), cannot have been distributed through normal channels: the IPA was re-packaged or modified after signing, or it targets jailbroken devices. Its integrity cannot be verified. One finding per executable; a slice with no signature at all is reported at the default severity, ad-hoc only at medium.',
    manual:
      'Run `codesign -dvvv <binary>` on macOS (look for `Authority=` lines and `Signature=adhoc`), or `llvm-otool -l <binary> | grep LC_CODE_SIGNATURE` for each architecture.',
    remediation:
      'Sign every executable of the bundle with the distribution certificate (Xcode archive / `codesign --sign`), and obtain IPAs for audit from the official distribution channel.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const none = macho.slices.filter((s) => state(s) === 'unsigned');
      const adhoc = macho.slices.filter((s) => state(s) === 'adhoc');
      if (none.length === 0 && adhoc.length === 0) continue;
      const evidence: string[] = [];
      if (none.length > 0) evidence.push(sliceEvidence(exe, none, 'no LC_CODE_SIGNATURE'));
      if (adhoc.length > 0) evidence.push(sliceEvidence(exe, adhoc, 'ad-hoc code signature (no signer certificate)'));
      ctx.report({
        message:
          none.length > 0
            ? `${exe.path} has no code signature on ${none.map((s) => s.cpu).join(', ')}.`
            : `${exe.path} is only ad-hoc signed on ${adhoc.map((s) => s.cpu).join(', ')}: no certificate vouches for it.`,
        locations: [executableLocation(exe)],
        evidence,
        ...(none.length > 0 ? {} : { severity: 'medium' as const }),
      });
    }
  },
});
