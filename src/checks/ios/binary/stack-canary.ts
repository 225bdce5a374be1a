import { defineIosCheck, executableLocation, importsAny, parsedExecutables, refs, sliceEvidence } from '../support.js';

const CANARY_SYMBOLS = ['___stack_chk_fail', '___stack_chk_guard'];
const SWIFT_RUNTIME = /(^|\/)libswiftCore\.dylib$/;

export default defineIosCheck({
  id: 'ios.binary.stack-canary',
  meta: {
    title: 'Binary built without stack canaries',
    family: 'binary',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-3'], maswe: ['MASWE-0045'], cwe: ['CWE-693', 'CWE-119'], dfs: ['APP-11'] }),
    description:
      'Code compiled with `-fstack-protector` imports `___stack_chk_guard` (the canary value) and `___stack_chk_fail` (called when it was overwritten). A slice that imports neither was built without stack canaries, so a stack buffer overflow in its C/Objective-C code can overwrite the return address undetected. Every executable of the bundle is checked, one finding per executable.\n\nA binary written only in Swift may legitimately import neither (the compiler adds no canary to functions without unsafe stack buffers): when the binary links the Swift runtime the finding is reported with low confidence.',
    manual:
      'Run `llvm-nm -m <binary> | grep stack_chk` (or `otool -Iv`) for each architecture: a protected binary lists `___stack_chk_fail` and `___stack_chk_guard` as undefined symbols.',
    remediation:
      'Keep the compiler default `-fstack-protector-strong` (Xcode: Other C Flags) for all C, C++ and Objective-C code, including vendored libraries, and rebuild.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const bad = macho.slices.filter((s) => !importsAny(s, CANARY_SYMBOLS));
      if (bad.length === 0) continue;
      const swift = bad.some((s) => s.dylibs.some((d) => SWIFT_RUNTIME.test(d.name)));
      ctx.report({
        message: `${exe.path} imports neither ___stack_chk_fail nor ___stack_chk_guard on ${bad.map((s) => s.cpu).join(', ')}: it was built without stack canaries${swift ? ' (it links the Swift runtime; Swift-only code may need none)' : ''}.`,
        locations: [executableLocation(exe)],
        evidence: [sliceEvidence(exe, bad, 'no ___stack_chk_fail / ___stack_chk_guard import')],
        ...(swift ? { confidence: 'low' as const } : {}),
      });
    }
  },
});
