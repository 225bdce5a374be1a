import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

export default defineIosCheck({
  id: 'ios.binary.pie',
  meta: {
    title: 'Executable built without PIE (no ASLR)',
    family: 'binary',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-3'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-11'] }),
    description:
      'An executable whose Mach-O header lacks the `MH_PIE` flag is loaded at a fixed address, so address space layout randomisation does not protect it and memory-corruption exploits can rely on known code addresses. The check reads the header flags of every slice of the main executable and of app extensions (`MH_EXECUTE` files). Frameworks and dylibs are always position independent and are not judged here.',
    manual:
      'Run `llvm-objdump --macho --private-header <binary>` (or `otool -hv`) on each architecture and look for `PIE` in the flags column.',
    remediation:
      'Build with the default Xcode settings (position-independent executables are the default since iOS 4.3; do not pass `-no_pie` to the linker) and rebuild with a current toolchain.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app, ['main', 'extension'])) {
      const bad = macho.slices.filter((s) => s.fileType === 'EXECUTE' && !s.pie);
      if (bad.length === 0) continue;
      ctx.report({
        message: `${exe.path} is not a position-independent executable (MH_PIE missing) on ${bad.map((s) => s.cpu).join(', ')}.`,
        locations: [executableLocation(exe)],
        evidence: [sliceEvidence(exe, bad, 'Mach-O header flags without MH_PIE')],
      });
    }
  },
});
