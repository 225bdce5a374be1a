import type { CallSite } from '../../../formats/dex/index.js';
import { quote, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { contextCalls, inAppScope } from './code-scope-support.js';

// android.content.Context: MODE_WORLD_READABLE = 0x1, MODE_WORLD_WRITEABLE = 0x2 (deprecated in API 17; from
// API 24 they throw SecurityException for apps targeting N or later).
const MODE_WORLD_READABLE = 0x1;
const MODE_WORLD_WRITEABLE = 0x2;
const MODES_THROW_FROM_SDK = 24;

// Context methods that take a file mode, and the argument (receiver first) holding it.
const MODE_METHODS: ReadonlyArray<{ name: string; descriptor: string; mode: number; what: string }> = [
  { name: 'getSharedPreferences', descriptor: '(Ljava/lang/String;I)Landroid/content/SharedPreferences;', mode: 2, what: 'preferences file' },
  { name: 'openFileOutput', descriptor: '(Ljava/lang/String;I)Ljava/io/FileOutputStream;', mode: 2, what: 'file' },
  { name: 'openOrCreateDatabase', descriptor: '(Ljava/lang/String;ILandroid/database/sqlite/SQLiteDatabase$CursorFactory;)Landroid/database/sqlite/SQLiteDatabase;', mode: 2, what: 'database' },
  { name: 'openOrCreateDatabase', descriptor: '(Ljava/lang/String;ILandroid/database/sqlite/SQLiteDatabase$CursorFactory;Landroid/database/DatabaseErrorHandler;)Landroid/database/sqlite/SQLiteDatabase;', mode: 2, what: 'database' },
  { name: 'getDir', descriptor: '(Ljava/lang/String;I)Ljava/io/File;', mode: 2, what: 'directory' },
];

function modeNames(mode: number): string {
  const names: string[] = [];
  if (mode & MODE_WORLD_READABLE) names.push('MODE_WORLD_READABLE');
  if (mode & MODE_WORLD_WRITEABLE) names.push('MODE_WORLD_WRITEABLE');
  return names.join(' | ');
}

function nameArg(s: CallSite): string {
  const v = s.args[1];
  return v?.k === 'str' ? quote(v.v) : '…';
}

export default defineAndroidCheck({
  id: 'android.storage.world-accessible',
  meta: {
    title: 'Files created readable or writable by other apps',
    family: 'storage',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0001'], cwe: ['CWE-732'], dfs: ['APP-24', 'APP-28'] }),
    description: [
      'Finds private files that the app opens to every other app on the device: `getSharedPreferences`, `openFileOutput`, `openOrCreateDatabase` and `getDir` called with the constant mode `MODE_WORLD_READABLE` (1) or `MODE_WORLD_WRITEABLE` (2) (also combined with other flags), and `File.setReadable(true, false)` / `setWritable(true, false)` / `setExecutable(true, false)` (the second argument `ownerOnly = false` grants the permission to everyone).',
      '',
      'Any installed app can then read the preferences, databases and files (PINs, tokens, balances), or — when writable — replace them. On devices below Android 7 the app\'s data directory is searchable, so these files are reachable; for apps targeting API 24 and later the two modes throw a `SecurityException` (a crash, and a sign of old code) — the finding stays high either way because the app is built to expose the data.',
      '',
      'Scope: the app\'s own code and its hybrid framework, calls made through any Context subclass (an activity, a service).',
    ].join('\n'),
    manual:
      'Decompile the reported method and check the mode argument (1, 2, or a value containing those bits). On a test device: `adb shell run-as <package> ls -l shared_prefs files databases` shows `-rw-rw-r--` (world readable) entries; from another app or `adb shell` as a different user, try to read the file.',
    remediation:
      'Use `Context.MODE_PRIVATE` (0) everywhere and never widen file permissions. Share data with specific apps through a `FileProvider` / `ContentProvider` with permissions, and encrypt sensitive values (EncryptedSharedPreferences, Jetpack Security).',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const hits: CodeHit[] = [];
    const throws = app.manifest.targetSdk >= MODES_THROW_FROM_SDK;
    for (const m of MODE_METHODS) {
      for (const s of contextCalls(code, m.name, m.descriptor)) {
        if (!inAppScope(app, s.classType)) continue;
        const mode = s.args[m.mode];
        if (mode?.k !== 'int' || (mode.v & (MODE_WORLD_READABLE | MODE_WORLD_WRITEABLE)) === 0) continue;
        hits.push({
          place: s, target: s.target,
          evidence: `Context.${m.name}(${nameArg(s)}, ${mode.v} /* ${modeNames(mode.v)} */)${throws ? ` — throws SecurityException for targetSdkVersion ${app.manifest.targetSdk}` : ''}`,
          label: `${m.what} ${nameArg(s)} ${mode.v & MODE_WORLD_WRITEABLE ? 'world-writable' : 'world-readable'}`,
          severity: 'high',
        });
      }
    }
    for (const name of ['setReadable', 'setWritable', 'setExecutable']) {
      for (const s of code.callsTo('Ljava/io/File;', name, '(ZZ)Z')) {
        if (!inAppScope(app, s.classType)) continue;
        const on = s.args[1], ownerOnly = s.args[2];
        if (on?.k !== 'int' || on.v === 0 || ownerOnly?.k !== 'int' || ownerOnly.v !== 0) continue;
        hits.push({
          place: s, target: s.target,
          evidence: `File.${name}(true, false /* ownerOnly */): ${name.slice(3).toLowerCase()} by everyone`,
          label: `a file ${name.slice(3).toLowerCase()} by everyone`,
          severity: name === 'setReadable' || name === 'setWritable' ? 'high' : 'medium',
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) =>
      `${method} makes app data accessible to other apps: ${[...new Set(g.map((h) => h.label))].join('; ')}.`);
  },
});
