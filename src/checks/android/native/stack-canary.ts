import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

export default defineAndroidCheck({
  id: 'android.native.stack-canary',
  meta: {
    title: 'Native library built without stack protector',
    family: 'native',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-31'] }),
    description: [
      'With `-fstack-protector-strong` (the NDK default) the compiler puts a random canary between local buffers and the return address and',
      'calls `__stack_chk_fail` when a function returns with the canary overwritten, which turns a stack buffer overflow into an abort instead of code execution.',
      'Code built that way imports `__stack_chk_fail` (or the guard variable `__stack_chk_guard` on old ARM toolchains).',
      'A library that references neither was built without the protector.',
      '',
      'Confidence is medium: a very small library whose functions have no local arrays gets no canary even when the flag is on,',
      'and code from languages without this mechanism (Rust, Go) never has one. Copies of one library for several ABIs are one finding listing the ABIs',
      '(real apps show ABIs built with different flags, e.g. only the x86 copy protected).',
    ].join('\n'),
    manual:
      'Run `readelf --dyn-syms -W lib/<abi>/<name>.so | grep __stack_chk` for each ABI (or `checksec --file=...`). No `__stack_chk_fail`/`__stack_chk_guard` confirms the finding.',
    remediation:
      'Build every native module with `-fstack-protector-strong` (default in current NDK toolchains; check custom CMake/ndk-build flags that override it, such as `-fno-stack-protector`).',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => (elf.stackCanary ? undefined : { evidence: 'no __stack_chk_fail / __stack_chk_guard symbol' }),
      (name, abis) => `${name} has no stack canary (no __stack_chk_fail) for ${abis}.`,
    );
  },
});
