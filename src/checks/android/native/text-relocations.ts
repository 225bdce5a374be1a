import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

export default defineAndroidCheck({
  id: 'android.native.text-relocations',
  meta: {
    title: 'Native library has text relocations or is not position independent',
    family: 'native',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-31'] }),
    description: [
      'Text relocations (`DT_TEXTREL` or the `DF_TEXTREL` flag) mean that the loader must patch the code segment after mapping it, so the code is',
      'writable while it is relocated: code that was not compiled position-independent (`-fPIC`). Besides weakening W^X, Android refuses to',
      'load such a library for apps that target API 23 or later (bionic linker "has text relocations"), so it is also a latent crash.',
      'A library whose ELF type is `EXEC` instead of `DYN` is not position independent at all and cannot be placed at a random address (no ASLR).',
      'Copies of one library for several ABIs are one finding listing the ABIs.',
    ].join('\n'),
    manual:
      'Run `readelf -dW lib/<abi>/<name>.so | grep -E "TEXTREL|FLAGS"` (a TEXTREL entry or the TEXTREL flag confirms it) and `readelf -h` for the type (`DYN` expected).',
    remediation: 'Compile every object of the library with `-fPIC` (the NDK default), fix hand-written assembly that uses absolute addresses, and link with `-Wl,-z,text` so the linker rejects text relocations.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => {
        const problems: string[] = [];
        if (elf.textrel) problems.push('DT_TEXTREL / DF_TEXTREL set (the loader writes into the code segment)');
        if (elf.type === 'EXEC') problems.push('ELF type EXEC (not position independent)');
        return problems.length > 0 ? { evidence: problems.join('; ') } : undefined;
      },
      (name, abis) => `${name} needs text relocations or is not position independent for ${abis}.`,
    );
  },
});
