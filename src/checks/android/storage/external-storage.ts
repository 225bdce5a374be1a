import type { AndroidApp } from '../../../app/android.js';
import type { CallSite } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { methodKey, quote, reportByMethod, showValue, type CodeHit, type MethodPlace } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { contextCalls, inAppScope } from './code-scope-support.js';
import { fileIoByMethod, type MethodFileIo } from './file-write-support.js';
import { describePieces, judgeContent } from './sensitive-values-support.js';

const ENVIRONMENT = 'Landroid/os/Environment;';
const SHARED_DIRS = ['getExternalStorageDirectory', 'getExternalStoragePublicDirectory'];
const APP_DIRS = ['getExternalFilesDir', 'getExternalFilesDirs', 'getExternalCacheDir', 'getExternalCacheDirs', 'getExternalMediaDirs'];
const DOWNLOAD_REQUEST = 'Landroid/app/DownloadManager$Request;';
// Well-known mount points of shared storage written as constants.
const SHARED_PATH = /^(file:\/\/)?\/(sdcard|mnt\/sdcard|storage\/emulated|storage\/sdcard\d?|mnt\/extsdcard)(\/|$)/i;

interface StorageUse {
  place: MethodPlace;
  target?: CallSite['target'];
  /** What was used, for evidence (`Environment.getExternalStorageDirectory()`, `"/sdcard/x"`). */
  what: string;
  shared: boolean;
  /** The use itself writes (a download destination). */
  writes: boolean;
}

function storageUses(app: AndroidApp): StorageUse[] {
  const code = app.code;
  const out: StorageUse[] = [];
  for (const name of SHARED_DIRS) {
    for (const s of code.callsTo(ENVIRONMENT, name)) {
      const arg = name === 'getExternalStoragePublicDirectory' && s.args[0] ? showValue(s.args[0]) : '';
      out.push({ place: s, target: s.target, what: `Environment.${name}(${arg})`, shared: true, writes: false });
    }
  }
  for (const name of APP_DIRS) {
    for (const s of contextCalls(code, name)) out.push({ place: s, target: s.target, what: `Context.${name}(…)`, shared: false, writes: false });
  }
  for (const name of ['setDestinationInExternalPublicDir', 'setDestinationInExternalFilesDir']) {
    for (const s of code.callsTo(DOWNLOAD_REQUEST, name)) {
      out.push({ place: s, target: s.target, what: `DownloadManager.Request.${name}(…)`, shared: name.includes('Public'), writes: true });
    }
  }
  for (const u of code.stringUses((v) => SHARED_PATH.test(v))) {
    out.push({ place: u, what: quote(u.value), shared: true, writes: false });
  }
  return out.filter((u) => inAppScope(app, u.place.classType));
}

function permissionNote(app: AndroidApp): string {
  const p = app.manifest.usesPermissions.find((x) => x.name === 'android.permission.WRITE_EXTERNAL_STORAGE');
  const legacy = app.manifest.application.requestLegacyExternalStorage === true ? ', requestLegacyExternalStorage="true"' : '';
  if (!p) return `WRITE_EXTERNAL_STORAGE not requested${legacy}`;
  return `WRITE_EXTERNAL_STORAGE requested${p.maxSdkVersion !== undefined ? ` (maxSdkVersion ${p.maxSdkVersion})` : ''}${legacy}`;
}

function severityOf(shared: boolean, writes: boolean, sensitive: boolean): Severity | undefined {
  if (!writes) return shared ? 'low' : undefined;
  if (shared) return sensitive ? 'high' : 'medium';
  return sensitive ? 'medium' : 'low';
}

function sensitiveWrites(app: AndroidApp, io: MethodFileIo | undefined): string | undefined {
  if (!io) return undefined;
  for (const w of io.writes) {
    const v = judgeContent(app, w.parts);
    if (v.pieces.length > 0) return `${w.call}(…) writes ${describePieces(v.pieces)}`;
  }
  return undefined;
}

export default defineAndroidCheck({
  id: 'android.storage.external-storage',
  meta: {
    title: 'Data written to external storage',
    family: 'storage',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0002'], cwe: ['CWE-922'], dfs: ['APP-26', 'APP-44'] }),
    description: [
      'Finds code that uses external storage: the shared volume (`Environment.getExternalStorageDirectory()`, `getExternalStoragePublicDirectory()`, constant paths such as `/sdcard/…`, `DownloadManager` public destinations) and the app-specific external directories (`Context.getExternalFilesDir()`, `getExternalCacheDir()`, `getExternalMediaDirs()`). A use counts as **writing** when the same method opens a file for writing (`FileOutputStream`, `FileWriter`, `PrintWriter`, `RandomAccessFile "rw"`, `Files.write`, …).',
      '',
      'Shared external storage is readable — and, before scoped storage, writable — by every app holding the storage permission, survives uninstall, and is copied off the device over USB. Severity: writing to shared storage is **medium**, **high** when the written data is named as a secret (a password field, text typed in `R.id.pin`, …); writing to the app-specific external directories is **low** (other apps with the storage permission can read them up to Android 10), **medium** with sensitive data; reading shared storage only is **low** (the content is attacker-controlled and must be validated); reading the app-specific directories is not reported. The evidence says whether `WRITE_EXTERNAL_STORAGE` is requested.',
      '',
      'Scope: the app\'s own code and its hybrid framework. Writes done in another method than the one that obtained the path are not linked.',
    ].join('\n'),
    manual:
      'Use the app on a test device and list what it creates with `adb shell ls -la /sdcard/ /sdcard/Android/data/<package>/`; open the files and look for personal or financial data. Decompile the reported method to see what is written there.',
    remediation:
      'Keep data in internal storage (`getFilesDir()`, `getCacheDir()`), encrypted when sensitive (Jetpack Security `EncryptedFile`). Share files with other apps through a `FileProvider` instead of shared storage, use MediaStore / the Storage Access Framework for user documents, and treat anything read from external storage as untrusted input. Drop `WRITE_EXTERNAL_STORAGE` (or set `maxSdkVersion`).',
  },
  run(ctx) {
    const { app } = ctx;
    const io = fileIoByMethod(app);
    const perm = permissionNote(app);
    const hits: CodeHit[] = [];
    for (const u of storageUses(app)) {
      const methodIo = io.get(methodKey(u.place.method));
      const writes = u.writes || (methodIo !== undefined && methodIo.opens.length > 0);
      const sensitive = writes ? sensitiveWrites(app, methodIo) : undefined;
      const severity = severityOf(u.shared, writes, sensitive !== undefined);
      if (!severity) continue;
      const how = writes
        ? `written${methodIo && methodIo.opens.length > 0 ? ` with ${[...new Set(methodIo.opens.map((o) => o.call))].join(', ')}` : ''}`
        : 'read only';
      hits.push({
        place: u.place, ...(u.target ? { target: u.target } : {}),
        evidence: `${u.what}: ${u.shared ? 'shared' : 'app-specific'} external storage, ${how}${sensitive ? `; ${sensitive}` : ''}; ${perm}`,
        label: `${u.shared ? 'shared' : 'app-specific'} external storage (${writes ? 'written' : 'read'})`,
        severity,
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} uses ${[...new Set(g.map((h) => h.label))].join(', ')}.`);
  },
});
