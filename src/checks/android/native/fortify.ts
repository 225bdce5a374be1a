import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

/** Evidence lists at most this many function names per copy. */
const MAX_LISTED = 8;

export default defineAndroidCheck({
  id: 'android.native.fortify',
  meta: {
    title: 'Native library built without FORTIFY_SOURCE',
    family: 'native',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-31'] }),
    description: [
      '`_FORTIFY_SOURCE` makes the compiler replace calls such as `memcpy`, `strcpy` or `sprintf` with checked variants (`__memcpy_chk`, …) whenever',
      'it knows the size of the destination buffer, so an overflow aborts at run time (AOSP bionic `bits/fortify/*.h`). A fortified library therefore',
      'imports at least one `__*_chk` function (or bionic `__open_2`).',
      '',
      'The check reports a library that imports libc functions that have a checked variant, yet imports no checked variant at all.',
      'A fortified library still calls the plain functions where the size is unknown at compile time, so plain imports alone are not a finding.',
      'Confidence is medium: a library whose calls never have a known destination size imports no checked variant even when fortified.',
      'Copies of one library for several ABIs are one finding listing the ABIs.',
    ].join('\n'),
    manual:
      'Run `readelf --dyn-syms -W lib/<abi>/<name>.so | grep -E "_chk|__open_2"` (or `checksec --file=...`, "FORTIFY"): nothing, while `memcpy`/`strcpy`/`sprintf`… are imported, confirms it.',
    remediation: 'Compile with optimisation and `-D_FORTIFY_SOURCE=2` (the NDK enables it by default for release builds with API 17+ headers); do not pass `-U_FORTIFY_SOURCE`.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => {
        if (elf.fortify || elf.unfortifiedFunctions.length === 0) return undefined;
        const names = elf.unfortifiedFunctions;
        const listed = names.slice(0, MAX_LISTED).join(', ') + (names.length > MAX_LISTED ? `, … (${names.length} in all)` : '');
        return { evidence: `no __*_chk import; fortifiable functions imported: ${listed}` };
      },
      (name, abis) => `${name} is built without FORTIFY_SOURCE (no checked libc variants imported) for ${abis}.`,
    );
  },
});
