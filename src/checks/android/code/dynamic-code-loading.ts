import type { CallSite, MethodRef } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  argumentsFromCallers, byMethod, dynamicParts, shortCall, showExpr, stringArg, type StringExpr,
} from './dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';

/** Class loaders and DEX loaders of the platform, with the argument (receiver = 0) naming the code they load. */
const LOADERS: ReadonlyArray<{ cls: string; name: string; pathArg: number; what: string }> = [
  { cls: 'Ldalvik/system/DexClassLoader;', name: '<init>', pathArg: 1, what: 'DexClassLoader' },
  { cls: 'Ldalvik/system/PathClassLoader;', name: '<init>', pathArg: 1, what: 'PathClassLoader' },
  { cls: 'Ldalvik/system/DelegateLastClassLoader;', name: '<init>', pathArg: 1, what: 'DelegateLastClassLoader' },
  { cls: 'Ldalvik/system/BaseDexClassLoader;', name: '<init>', pathArg: 1, what: 'BaseDexClassLoader' },
  { cls: 'Ldalvik/system/InMemoryDexClassLoader;', name: '<init>', pathArg: -1, what: 'InMemoryDexClassLoader' },
  { cls: 'Ldalvik/system/DexFile;', name: 'loadDex', pathArg: 0, what: 'DexFile.loadDex' },
  { cls: 'Ldalvik/system/DexFile;', name: '<init>', pathArg: 1, what: 'DexFile' },
];
/** Native code loaded from a path: reported only when the path is on shared storage or comes from outside. */
const NATIVE_LOADERS: ReadonlyArray<{ cls: string; name: string; pathArg: number }> = [
  { cls: 'Ljava/lang/System;', name: 'load', pathArg: 0 },
  { cls: 'Ljava/lang/Runtime;', name: 'load', pathArg: 1 },
];

// Google Play services and Firebase load their own modules from the Play services APK (DynamiteModule),
// whose signature the platform checks: not the app's weakness.
const PLATFORM_SDKS = ['Lcom/google/android/gms/', 'Lcom/google/firebase/', 'Lcom/google/android/play/core/'];

const EXTERNAL_CALLS = /^(getExternalStorageDirectory|getExternalStoragePublicDirectory|getExternalFilesDir|getExternalFilesDirs|getExternalCacheDir|getExternalCacheDirs|getExternalMediaDirs)$/;
const EXTERNAL_TEXT = /(^|\/)(sdcard|storage\/emulated|mnt\/sdcard|Download|Downloads)(\/|$)/i;

type PathKind = 'external' | 'outside-input' | 'own-apk' | 'unknown';

/** The app's own APK: `getPackageCodePath()`, `ApplicationInfo.sourceDir` (loading it again adds no code). */
const OWN_APK_CALLS = /^(getPackageCodePath|getPackageResourcePath)$/;
const OWN_APK_FIELDS = /^(sourceDir|publicSourceDir|splitSourceDirs|splitPublicSourceDirs)$/;

function pathKind(e: StringExpr): PathKind {
  for (const p of e.parts) {
    if (p.kind === 'const' && EXTERNAL_TEXT.test(p.text)) return 'external';
    if (p.kind === 'dynamic' && p.origin.kind === 'call' && EXTERNAL_CALLS.test(p.origin.call.name)) return 'external';
  }
  const dynamic = dynamicParts(e);
  if (dynamic.some((p) => p.origin.kind === 'ipc' || p.origin.kind === 'ui')) return 'outside-input';
  if (dynamic.length > 0 && dynamic.every((p) => (p.origin.kind === 'call' && OWN_APK_CALLS.test(p.origin.call.name)) || (p.origin.kind === 'field' && OWN_APK_FIELDS.test(p.origin.field.name)))) return 'own-apk';
  return 'unknown';
}

interface Load {
  site: CallSite;
  what: string;
  path: StringExpr | undefined;
  /** Callers' paths when the path is a parameter. */
  callers: Array<{ site: CallSite; expr: StringExpr }>;
  kind: PathKind;
}

export default defineAndroidCheck({
  id: 'android.code.dynamic-code-loading',
  meta: {
    title: 'Code loaded at run time from outside the APK',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CODE-4'], maswe: ['MASWE-0049'], cwe: ['CWE-94', 'CWE-494'], dfs: ['APP-31', 'APP-32', 'APP-26'] }),
    description: [
      'Finds code that loads DEX code at run time: `DexClassLoader`, `PathClassLoader`, `DelegateLastClassLoader`, `BaseDexClassLoader` and `InMemoryDexClassLoader` construction and `DexFile.loadDex`/`new DexFile`, and `System.load`/`Runtime.load` of native code when the path is on shared storage or comes from outside the app. The path argument is reconstructed (also through one level of callers when it is a parameter).',
      '',
      'Code loaded this way is not covered by the APK signature, by Play review, or by this audit. If the file lives on external storage, is downloaded, or its path comes from another app, anyone who can write it runs their code with all of the wallet\'s data and permissions (CWE-94). Loading from the app\'s private directory is less exposed but still puts code outside the reviewed package.',
      '',
      'Severity: high when the path is on shared storage (`getExternalStorageDirectory`, `/sdcard`, `Download`) or comes from an intent/UI; low when it is the app\'s own APK (`getPackageCodePath()`, `ApplicationInfo.sourceDir`); medium otherwise. Library policy: Google Play services / Firebase module loading (Dynamite, verified by the platform) is not reported; other bundled libraries are reported at info.',
    ].join('\n'),
    manual:
      'Decompile the reported method, find where the loaded file comes from (download URL, external path, asset) and whether its integrity is checked (signature or hash against a pinned value) before loading. On a test device, replace the file and see whether your code runs.',
    remediation:
      'Ship all code inside the signed APK (use Play Feature Delivery for optional modules). If code must be loaded, keep it in app-private storage, download it over pinned TLS, and verify a signature with a key pinned in the app before loading; never load from external storage or from a path another app controls.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const loads: Load[] = [];
    const consider = (site: CallSite, what: string, pathArg: number, nativeOnlyWhenRisky: boolean): void => {
      if (PLATFORM_SDKS.some((p) => site.classType.startsWith(p))) return;
      const path = pathArg >= 0 ? stringArg(code, site, pathArg) : undefined;
      let kind: PathKind = path ? pathKind(path) : 'unknown';
      const callers: Load['callers'] = [];
      const only = path?.parts.length === 1 ? path.parts[0] : undefined;
      if (only?.kind === 'dynamic' && only.origin.kind === 'param') {
        for (const c of argumentsFromCallers(code, site.method, only.origin.index, 6)) {
          callers.push(c);
          const k = pathKind(c.expr);
          if ((k === 'external' || k === 'outside-input') && kind !== 'external') kind = k;
          else if (k === 'own-apk' && kind === 'unknown') kind = k;
        }
      }
      if (nativeOnlyWhenRisky && kind !== 'external' && kind !== 'outside-input') return;
      loads.push({ site, what, path, callers, kind });
    };
    for (const l of LOADERS) for (const site of code.callsTo(l.cls, l.name)) consider(site, l.what, l.pathArg, false);
    for (const l of NATIVE_LOADERS) {
      for (const site of code.callsTo(l.cls, l.name, '(Ljava/lang/String;)V')) consider(site, shortCall(site.target), l.pathArg, true);
    }
    for (const group of byMethod(loads.map((l) => ({ ...l, method: l.site.method })))) {
      const first = group[0]!;
      const library = isLibrary(app, first.site.classType);
      const risky = group.find((l) => l.kind === 'external' || l.kind === 'outside-input');
      const ownApk = group.every((l) => l.kind === 'own-apk');
      const evidence: string[] = [];
      for (const l of group) {
        evidence.push(l.path ? `${l.what}(${showExpr(l.path)}${l.what.endsWith('ClassLoader') ? ', …' : ''})` : `${l.what}(…)`);
        for (const c of l.callers) evidence.push(`${methodLabel(c.site.method)} passes ${showExpr(c.expr)} as the path`);
      }
      const where = risky?.kind === 'external' ? ' from shared (external) storage' : risky?.kind === 'outside-input' ? ' from a path another app or the user controls' : '';
      let severity: Severity = risky ? 'high' : ownApk ? 'low' : 'medium';
      if (library) severity = 'info';
      ctx.report({
        message: `${methodLabel(first.site.method)} loads code at run time with ${[...new Set(group.map((l) => l.what))].join(', ')}${where}${library ? ' (bundled library code)' : ''}.`,
        locations: group.map((l) => siteLocation(app, l.site, l.site.target as MethodRef)),
        evidence,
        severity,
        ...(library ? { confidence: 'low' as const } : {}),
      });
    }
  },
});
