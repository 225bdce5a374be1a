import { defineAndroidCheck, refs } from '../support.js';
import { reportPerLibrary } from './native-support.js';

/** Directories any app or the shell user can write to on Android: a library found there can be planted. */
const WRITABLE_DIR = /^(\/data\/local\/tmp|\/sdcard|\/storage|\/mnt\/sdcard|\/mnt\/media_rw|\/tmp)(\/|$)/;

function entries(list: string | undefined): string[] {
  return list === undefined ? [] : list.split(':');
}

export default defineAndroidCheck({
  id: 'android.native.rpath',
  meta: {
    title: 'Native library sets a library search path',
    family: 'native',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0045'], cwe: ['CWE-693', 'CWE-494'], dfs: ['APP-31'] }),
    description: [
      '`DT_RUNPATH` (and the older `DT_RPATH`) add directories in which the loader searches the library\'s dependencies.',
      'Android\'s linker honours `DT_RUNPATH` (since API 24) and ignores `DT_RPATH`; an entry that is relative, empty, or points to a directory other apps',
      'or the shell can write to (`/data/local/tmp`, shared storage) lets someone plant a library that the app then loads and runs in its own process.',
      'Usually the entry is a leftover build-machine path, which at least reveals the build environment.',
      '',
      'Severity is raised to medium for a `DT_RUNPATH` entry that is relative, empty or in a writable location. Copies of one library for several ABIs are one finding.',
    ].join('\n'),
    manual: 'Run `readelf -dW lib/<abi>/<name>.so | grep -E "RPATH|RUNPATH"` and judge each directory listed.',
    remediation: 'Link without `-rpath`/`-Wl,-rpath` (Android apps load their libraries from the app\'s own native library directory); remove build-machine paths.',
  },
  run(ctx) {
    reportPerLibrary(
      ctx,
      (elf) => {
        const runpath = entries(elf.runpath);
        const rpath = entries(elf.rpath);
        if (runpath.length === 0 && rpath.length === 0) return undefined;
        const risky = runpath.filter((d) => d === '' || WRITABLE_DIR.test(d) || (!d.startsWith('/') && !d.startsWith('$ORIGIN') && !d.startsWith('${ORIGIN}')));
        const parts: string[] = [];
        if (elf.runpath !== undefined) parts.push(`DT_RUNPATH "${elf.runpath}"`);
        if (elf.rpath !== undefined) parts.push(`DT_RPATH "${elf.rpath}" (ignored by the Android linker)`);
        if (risky.length > 0) parts.push(`relative, empty or writable: ${risky.map((d) => `"${d}"`).join(', ')}`);
        return { evidence: parts.join('; '), severity: risky.length > 0 ? 'medium' : 'low' };
      },
      (name, abis) => `${name} sets a library search path (DT_RUNPATH/DT_RPATH) for ${abis}.`,
    );
  },
});
