import type { Value } from '../../../formats/dex/index.js';
import { methodKey, reportByMethod, showValue, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { inAppScope } from './code-scope-support.js';
import { fileIoByMethod } from './file-write-support.js';
import { describePieces, judgeContent } from './sensitive-values-support.js';
import { inputSource } from './value-flow-support.js';

const FILE = 'Ljava/io/File;';
const NIO_FILES = 'Ljava/nio/file/Files;';

function directoryNote(v: Value | undefined): string {
  if (!v || (v.k === 'int' && v.v === 0)) return 'the default temporary directory (the app cache)';
  return showValue(v);
}

export default defineAndroidCheck({
  id: 'android.storage.temp-file',
  meta: {
    title: 'Temporary files holding app data',
    family: 'storage',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1', 'MASVS-STORAGE-2'], maswe: ['MASWE-0001'], cwe: ['CWE-377'], dfs: ['APP-27', 'APP-24'] }),
    description: [
      'Finds `File.createTempFile(prefix, suffix[, dir])` and `java.nio.file.Files.createTempFile(…)` in the app\'s code. Temporary files are created in clear, usually outlive the operation (they are not deleted when the app is killed), end up in backups of the cache, and on external storage are readable by other apps.',
      '',
      'Severity: **low** for a temporary file alone; **medium** when the same method writes into it; **high** when what it writes is named as a secret (a password field, text typed in `R.id.pin`, …) or the directory is on external storage.',
      '',
      'Scope: the app\'s own code and its hybrid framework.',
    ].join('\n'),
    manual:
      'Use the feature on a rooted or debuggable test device and list the app\'s `cache/` and data directories (`adb shell run-as <package> ls -la cache`) for leftover `*.tmp` files; read them. Decompile the reported method to see what is written and whether the file is deleted.',
    remediation:
      'Avoid writing sensitive data to disk at all; keep it in memory. If a temporary file is unavoidable, create it in `getCacheDir()` / `getNoBackupFilesDir()`, encrypt it (Jetpack Security `EncryptedFile`), and delete it in a `finally` block.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const io = fileIoByMethod(app);
    const hits: CodeHit[] = [];
    const sites = [...code.callsTo(FILE, 'createTempFile'), ...code.callsTo(NIO_FILES, 'createTempFile')];
    for (const s of sites) {
      if (!inAppScope(app, s.classType)) continue;
      const nio = s.target.classType === NIO_FILES;
      const dir = nio ? (s.target.proto.params[0] === 'Ljava/nio/file/Path;' ? s.args[0] : undefined) : s.args[2];
      const external = inputSource(app, dir)?.kind === 'external storage';
      const methodIo = io.get(methodKey(s.method));
      const written = methodIo !== undefined && methodIo.opens.length > 0;
      let sensitive: string | undefined;
      for (const w of methodIo?.writes ?? []) {
        const v = judgeContent(app, w.parts);
        if (v.pieces.length > 0) {
          sensitive = `${w.call}(…) writes ${describePieces(v.pieces)}`;
          break;
        }
      }
      const args = s.args.slice(0, 2).map((a) => showValue(a)).join(', ');
      hits.push({
        place: s, target: s.target,
        evidence: `${nio ? 'Files' : 'File'}.createTempFile(${args}, …) in ${external ? 'external storage' : directoryNote(dir)}${written ? `, written with ${[...new Set(methodIo!.opens.map((o) => o.call))].join(', ')}` : ''}${sensitive ? `; ${sensitive}` : ''}`,
        label: sensitive ? 'a temporary file with sensitive data' : written ? 'a temporary file with data' : 'a temporary file',
        severity: sensitive || external ? 'high' : written ? 'medium' : 'low',
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} creates ${[...new Set(g.map((h) => h.label))].join(', ')}.`);
  },
});
