import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/**
 * Local symbol-table entries a fully stripped binary still carries: ld64 writes one `radr://5614542` stab
 * and recent linkers a local `__dyld_private`. More than that means local functions/data or debug stabs
 * were left in.
 */
const LINKER_LOCALS = 2;

export default defineIosCheck({
  id: 'ios.binary.symbols-not-stripped',
  meta: {
    title: 'Local symbols not stripped from the binary',
    family: 'binary',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0061'], cwe: ['CWE-489'], dfs: ['APP-55', 'APP-11'] }),
    description:
      'A release binary only needs its external (imported and exported) symbols. Local symbols — names of internal functions and data — and debug stabs left in the symbol table give a reverse engineer a map of the code for free. The check counts symbol-table entries that are not external or are debug stabs in each slice and reports an executable when a slice has more than the two entries linkers leave in fully stripped binaries (the `radr://5614542` stab and `__dyld_private`). Exported symbols of frameworks are not counted: they are needed.',
    manual:
      'Run `llvm-nm -a <binary>` (all entries, including stabs) for each architecture and look at the lower-case (local) and `-` (stab) lines beyond `radr://5614542` and `__dyld_private`.',
    remediation:
      'Set `STRIP_INSTALLED_PRODUCT = YES`, `STRIP_STYLE = all` (non-global for frameworks) and `DEPLOYMENT_POSTPROCESSING = YES` for the release configuration, and keep the dSYM for crash symbolication off the device.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const bad = macho.slices.filter((s) => s.localSymbolCount > LINKER_LOCALS);
      if (bad.length === 0) continue;
      const counts = bad.map((s) => `${s.cpu}: ${s.localSymbolCount}`).join(', ');
      ctx.report({
        message: `${exe.path} still has local symbols or debug stabs in its symbol table (${counts}).`,
        locations: [executableLocation(exe)],
        evidence: [sliceEvidence(exe, bad, `local/stab symbol-table entries ${counts}`)],
      });
    }
  },
});
