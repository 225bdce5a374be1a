import type { MachOSlice } from '../../../formats/macho/index.js';
import { defineIosCheck, executableLocation, importsAny, parsedExecutables, refs, sliceEvidence } from '../support.js';

/**
 * Runtime entry points only ARC code calls (clang "Objective-C Automatic Reference Counting", §7 runtime
 * support). `_objc_retain`/`_objc_release` and `_objc_autoreleasePoolPush` are not on the list: current clang
 * lowers manual `retain`/`release` messages and `@autoreleasepool` to those calls too, so they prove nothing.
 */
const ARC_SYMBOLS = [
  '_objc_storeStrong',
  '_objc_retainAutoreleasedReturnValue',
  '_objc_autoreleaseReturnValue',
  '_objc_retainAutoreleaseReturnValue',
  '_objc_claimAutoreleasedReturnValue',
  '_objc_unsafeClaimAutoreleasedReturnValue',
  '_objc_loadWeakRetained',
  '_objc_initWeak',
  '_objc_destroyWeak',
  '_objc_storeWeak',
].sort();
const OBJC_RUNTIME = /(^|\/)libobjc\.A\.dylib$/;

/** The slice uses the Objective-C runtime at all: it sends messages or links libobjc. */
function usesObjc(s: MachOSlice): boolean {
  return importsAny(s, ['_objc_msgSend', '_objc_msgSendSuper2']) || s.dylibs.some((d) => OBJC_RUNTIME.test(d.name));
}

export default defineIosCheck({
  id: 'ios.binary.arc',
  meta: {
    title: 'Objective-C code built without ARC',
    family: 'binary',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-3'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-11'] }),
    description:
      'With Automatic Reference Counting the compiler manages object lifetimes and calls runtime functions that only ARC code uses (`_objc_storeStrong`, `_objc_retainAutoreleasedReturnValue`, `_objc_autoreleaseReturnValue`, the weak-reference functions…); manual retain/release (MRC) code is prone to use-after-free and leaks. `_objc_retain`, `_objc_release` and `_objc_autoreleasePoolPush` are not used as proof: current compilers lower MRC `retain`/`release` messages and `@autoreleasepool` to them as well. The check looks only at binaries that use the Objective-C runtime (import `_objc_msgSend` or link `libobjc`) and reports those whose slices import none of the ARC-only entry points. Pure C or Swift binaries are not judged. A binary mixing ARC and MRC files is not reported (it imports the ARC functions).',
    manual:
      'Run `llvm-nm -m <binary> | grep -E "_objc_(storeStrong|retainAutoreleasedReturnValue|autoreleaseReturnValue)"` for each architecture: an ARC binary lists some of them as undefined symbols.',
    remediation:
      'Enable ARC (`CLANG_ENABLE_OBJC_ARC = YES`, the Xcode default) for all Objective-C targets and remove `-fno-objc-arc` from per-file flags.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const bad = macho.slices.filter((s) => usesObjc(s) && !importsAny(s, ARC_SYMBOLS));
      if (bad.length === 0) continue;
      ctx.report({
        message: `${exe.path} uses the Objective-C runtime but imports no ARC runtime function on ${bad.map((s) => s.cpu).join(', ')}: it was built with manual reference counting.`,
        locations: [executableLocation(exe)],
        evidence: [sliceEvidence(exe, bad, 'uses the Objective-C runtime, imports no ARC-only function (_objc_storeStrong, _objc_retainAutoreleasedReturnValue, …)')],
      });
    }
  },
});
