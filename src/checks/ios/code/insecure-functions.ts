import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/**
 * C library functions that write without a bound (CERT STR31-C, Apple "Secure Coding Guide: Avoiding Buffer
 * Overflows"). `memcpy`, `strlen`, `strcmp`, `asprintf`, `strncpy` are not on the list: they take or
 * allocate a length and every program imports them, so they would only add noise.
 */
const UNBOUNDED = ['_gets', '_strcpy', '_stpcpy', '_strcat', '_sprintf', '_vsprintf', '_wcscpy', '_wcscat', '_scanf', '_sscanf', '_fscanf', '_vscanf', '_vsscanf'];

export default defineIosCheck({
  id: 'ios.code.insecure-functions',
  meta: {
    title: 'Unbounded C string functions imported',
    family: 'code',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0050'], cwe: ['CWE-676'], dfs: ['APP-31'] }),
    description:
      'Reports each executable that imports C functions copying or formatting into a buffer without a bound: `gets`, `strcpy`, `stpcpy`, `strcat`, `sprintf`, `vsprintf`, `wcscpy`, `wcscat` and the `scanf` family. A wrong length passed to them is a buffer overflow. The import proves the function is called somewhere, not that a call is exploitable, hence low severity (medium when `gets` is imported: it can never be used safely). Bounded or allocating functions that every binary imports (`memcpy`, `strlen`, `strncpy`, `snprintf`, `asprintf`) are not reported.',
    manual:
      'Run `llvm-nm -u <binary>` (or `otool -Iv`) and look for the functions; disassemble the callers (`llvm-objdump -d`, Hopper, Ghidra) and check that each destination buffer is larger than any input.',
    remediation: 'Replace them with bounded versions (`strlcpy`, `strlcat`, `snprintf`, `fgets`) or with Foundation/Swift string types.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const found = importedOf(macho.slices, UNBOUNDED);
      if (found.length === 0) continue;
      const names = found.map(sourceName);
      ctx.report({
        message: `${exe.path} imports unbounded C string functions: ${listSome(names)}.`,
        locations: [executableLocation(exe, found[0])],
        evidence: [sliceEvidence(exe, macho.slices, `imports ${found.join(', ')}`)],
        ...(found.includes('_gets') ? { severity: 'medium' as const } : {}),
      });
    }
  },
});
