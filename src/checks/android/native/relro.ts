import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

export default defineAndroidCheck({
  id: 'android.native.relro',
  meta: {
    title: 'Native library without full RELRO',
    family: 'native',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693'], dfs: ['APP-31'] }),
    description: [
      'RELRO (relocation read-only) makes the loader remap the global offset table and other relocated data read-only once relocation is done',
      '(`PT_GNU_RELRO` program header). Only with immediate binding as well (`DT_BIND_NOW`, `DF_BIND_NOW` or `DF_1_NOW`) is the whole GOT covered',
      '("full RELRO"); with `-z relro` alone the PLT part of the GOT stays writable ("partial RELRO").',
      'A writable GOT lets a memory-corruption bug redirect a library call to attacker-chosen code.',
      '',
      'No `PT_GNU_RELRO` is reported at medium severity, partial RELRO at low. Copies of one library for several ABIs are one finding listing the ABIs.',
    ].join('\n'),
    manual:
      'Run `readelf -lW lib/<abi>/<name>.so | grep GNU_RELRO` and `readelf -dW lib/<abi>/<name>.so | grep -E "BIND_NOW|FLAGS"`: both present means full RELRO.',
    remediation: 'Link with `-Wl,-z,relro -Wl,-z,now` (the NDK default); remove linker flags such as `-z norelro` or `-z lazy`.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => {
        if (elf.relro === 'full') return undefined;
        if (elf.relro === 'partial') return { evidence: 'PT_GNU_RELRO without BIND_NOW (partial RELRO: the PLT GOT stays writable)', severity: 'low' };
        return { evidence: 'no PT_GNU_RELRO segment (no RELRO)', severity: 'medium' };
      },
      (name, abis) => `${name} is not linked with full RELRO for ${abis}.`,
    );
  },
});
