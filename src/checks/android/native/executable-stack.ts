import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

export default defineAndroidCheck({
  id: 'android.native.executable-stack',
  meta: {
    title: 'Native library asks for an executable stack',
    family: 'native',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-31'] }),
    description: [
      'A shared library tells the loader whether its code needs an executable stack through the `PT_GNU_STACK` program header (ELF gABI, Linux extension).',
      'When that header is missing, or carries the execute flag (`RWE`), a loader that honours it maps the thread stacks executable,',
      'and a stack buffer overflow can then run injected code directly instead of having to chain existing code.',
      'Whatever a particular Android version does with the flag, its presence shows that the library was linked without the NDK defaults',
      '(`-z noexecstack`), usually by an old or custom toolchain, or with assembly sources lacking a `.note.GNU-stack` section.',
      '',
      'The check reads the program headers of every `lib/<abi>/*.so`; copies of one library for several ABIs are one finding that lists the affected ABIs.',
    ].join('\n'),
    manual: 'Run `readelf -lW lib/<abi>/<name>.so | grep GNU_STACK` for each ABI: `RW` is fine, `RWE` or no GNU_STACK line confirms the finding.',
    remediation:
      'Rebuild the library with a current NDK (clang links with `-z noexecstack` by default); add `.section .note.GNU-stack,"",%progbits` to hand-written assembly files, and never pass `-z execstack`.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => (elf.nx ? undefined : { evidence: 'PT_GNU_STACK missing or marked executable (RWE)' }),
      (name, abis) => `${name} is linked with an executable stack (no non-executable PT_GNU_STACK) for ${abis}.`,
    );
  },
});
