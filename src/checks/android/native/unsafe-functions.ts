import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

/**
 * C library functions that copy or format into a buffer without being told its size (C11 Annex K
 * rationale, CERT C STR31-C/STR07-C, CWE-676 examples). Bounded functions (`memcpy`, `strncpy`, `snprintf`,
 * `fgets`) are left out on purpose: they take a length, appear in virtually every library, and whether that
 * length is right cannot be judged from the import table.
 */
const UNBOUNDED: ReadonlyMap<string, string> = new Map([
  ['gets', 'reads a line of any length into a fixed buffer (removed from C11)'],
  ['strcpy', 'copies until the terminator, whatever the destination size'],
  ['stpcpy', 'copies until the terminator, whatever the destination size'],
  ['strcat', 'appends until the terminator, whatever the room left'],
  ['sprintf', 'formats without an output size'],
  ['vsprintf', 'formats without an output size'],
  ['wcscpy', 'copies wide strings without a destination size'],
  ['wcscat', 'appends wide strings without a destination size'],
]);

export default defineAndroidCheck({
  id: 'android.native.unsafe-functions',
  meta: {
    title: 'Native library uses unbounded string functions',
    family: 'native',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0050'], cwe: ['CWE-676', 'CWE-119'], dfs: ['APP-31'] }),
    description: [
      'The library imports C functions that write into a buffer without knowing its size: `gets`, `strcpy`, `stpcpy`, `strcat`, `sprintf`, `vsprintf`, `wcscpy`, `wcscat`.',
      'If any input that reaches them can be longer than the destination (a string passed from Java through JNI, a file, a network message),',
      'the call overflows the buffer: the classic path to native code execution inside the app process.',
      '',
      'Only plain imports count: the FORTIFY variants (`__strcpy_chk`, …) check the size at run time.',
      'Bounded functions such as `memcpy`, `strncpy` and `snprintf` are not reported: they take a length and are in almost every library, so the import alone says nothing.',
      'Confidence is medium because an import does not prove that untrusted data reaches the call; the evidence lists the functions per ABI so the auditor can follow them in a disassembler.',
      'Copies of one library for several ABIs are one finding listing the ABIs.',
    ].join('\n'),
    manual:
      'Run `readelf --dyn-syms -W lib/<abi>/<name>.so | grep -wE "gets|strcpy|stpcpy|strcat|sprintf|vsprintf|wcscpy|wcscat"`, then find the callers in a disassembler (e.g. the `Java_…` JNI functions) and check whether input from Java or outside reaches them.',
    remediation:
      'Replace them with bounded calls that take the destination size (`strlcpy`/`strlcat`, `snprintf`, `fgets`), or with C++ `std::string`; build with `-D_FORTIFY_SOURCE=2` so remaining calls are checked.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => {
        const used = elf.importedSymbols.filter((s) => UNBOUNDED.has(s));
        if (used.length === 0) return undefined;
        return { evidence: `imports ${used.map((s) => `${s} (${UNBOUNDED.get(s)})`).join('; ')}` };
      },
      (name, abis) => `${name} imports unbounded string functions for ${abis}.`,
    );
  },
});
