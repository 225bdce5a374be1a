import type { AndroidApp } from '../../../app/android.js';
import type { Value } from '../../../formats/dex/index.js';
import { defineAndroidCheck, refs, type CodePlace } from '../support.js';
import {
  appCalls, appCallsNamed, appFieldReads, callMatching, concludeControl, constInt, methodFacts, methodKey, proofAt, shortCall,
  type ApiRef, type Proof,
} from './resilience-support.js';
import { DEX_FILE_NAME, indicatorUses } from './indicators-support.js';

/** PackageManager.GET_SIGNATURES and GET_SIGNING_CERTIFICATES. */
const GET_SIGNATURES = 0x40;
const GET_SIGNING_CERTIFICATES = 0x8000000;
const SIGNATURE_FLAGS = GET_SIGNATURES | GET_SIGNING_CERTIFICATES;

/** The flags argument of getPackageInfo: an int, or (API 33) `PackageInfoFlags.of(long)`. */
function packageInfoFlags(v: Value | undefined): number | undefined {
  const direct = constInt(v);
  if (direct !== undefined) return direct;
  if (v?.k === 'ret' && v.method.name === 'of' && v.method.classType.endsWith('PackageManager$PackageInfoFlags;')) return constInt(v.args[0]);
  return undefined;
}

/** Where the app's own APK is: reading it is how a checksum over the code or the whole package starts. */
const OWN_APK_METHODS = [
  ['getPackageCodePath', '()Ljava/lang/String;'],
  ['getPackageResourcePath', '()Ljava/lang/String;'],
] as const;
const CHECKSUM_APIS: ApiRef[] = [
  ['Ljava/util/zip/ZipEntry;', 'getCrc'],
  ['Ljava/util/jar/JarEntry;', 'getCrc'],
  ['Ljava/security/MessageDigest;', 'update'],
  ['Ljava/security/MessageDigest;', 'digest'],
  ['Ljava/util/zip/CRC32;', 'update'],
  ['Ljava/util/zip/Adler32;', 'update'],
];

function tamperProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];

  // 1. Own signing certificate read: getPackageInfo(GET_SIGNATURES | GET_SIGNING_CERTIFICATES), hasSigningCertificate.
  for (const c of appCalls(app, ['Landroid/content/pm/PackageManager;', 'getPackageInfo'])) {
    const flags = packageInfoFlags(c.args[2]);
    if (flags !== undefined && (flags & SIGNATURE_FLAGS) !== 0) {
      const which = (flags & GET_SIGNING_CERTIFICATES) !== 0 ? 'GET_SIGNING_CERTIFICATES' : 'GET_SIGNATURES';
      proofs.push(proofAt(app, c, `reads the signing certificate: PackageManager.getPackageInfo(…, ${which} 0x${flags.toString(16)})`, 'PackageManager.getPackageInfo'));
    }
  }
  for (const c of appCalls(app, ['Landroid/content/pm/PackageManager;', 'hasSigningCertificate'])) {
    proofs.push(proofAt(app, c, 'compares the signing certificate: PackageManager.hasSigningCertificate()', 'PackageManager.hasSigningCertificate'));
  }
  for (const a of [...appFieldReads(app, 'Landroid/content/pm/PackageInfo;', 'signatures'), ...appFieldReads(app, 'Landroid/content/pm/PackageInfo;', 'signingInfo')]) {
    proofs.push(proofAt(app, a, `reads PackageInfo.${a.field.name}`));
  }

  // 2. Installer check: was the app installed by the official store?
  for (const c of appCalls(app, ['Landroid/content/pm/PackageManager;', 'getInstallerPackageName'], ['Landroid/content/pm/PackageManager;', 'getInstallSourceInfo'])) {
    proofs.push(proofAt(app, c, `checks the installer: ${shortCall(c.target.classType, c.target.name)}()`, shortCall(c.target.classType, c.target.name)));
  }

  // 3. Checksum over its own APK or classes.dex: a CRC or digest in a method that locates the APK
  //    (getPackageCodePath, ApplicationInfo.sourceDir) or names classes.dex. Starting from those few
  //    methods is cheaper than from every digest call of the app.
  const locators: Array<{ place: CodePlace; what: string }> = [];
  for (const c of appCallsNamed(app, OWN_APK_METHODS)) locators.push({ place: c, what: `${c.target.name}()` });
  for (const f of ['sourceDir', 'publicSourceDir']) for (const a of appFieldReads(app, 'Landroid/content/pm/ApplicationInfo;', f)) locators.push({ place: a, what: `ApplicationInfo.${f}` });
  for (const u of indicatorUses(app, DEX_FILE_NAME)) locators.push({ place: u, what: `"${u.value}"` });
  const done = new Set<string>();
  for (const { place, what } of locators) {
    const key = methodKey(place);
    if (done.has(key)) continue;
    done.add(key);
    const checksum = callMatching(methodFacts(app, place), CHECKSUM_APIS);
    if (checksum) {
      const call = shortCall(checksum.classType, checksum.name);
      proofs.push(proofAt(app, place, `computes ${call}() over its own package (${what})`, call));
    }
  }
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.resilience.tamper-detection',
  meta: {
    title: 'Tamper (repackaging) detection',
    family: 'resilience',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056', 'MASWE-0058'], cwe: ['CWE-693'], dfs: ['APP-12'] }),
    description: [
      'Fraudsters repackage banking and wallet apps: they remove the root and pinning checks or add malicious code, re-sign the APK with their own key',
      'and distribute it. An app that checks its own integrity notices that it was re-signed or modified.',
      '',
      'The check looks in the app\'s own bytecode for:',
      '- its signing certificate being read: `PackageManager.getPackageInfo` with `GET_SIGNATURES` (0x40) or `GET_SIGNING_CERTIFICATES` (0x8000000),',
      '  reads of `PackageInfo.signatures` / `signingInfo`, or `hasSigningCertificate`;',
      '- an installer check: `getInstallerPackageName` / `getInstallSourceInfo`;',
      '- a checksum over its own package: `ZipEntry.getCrc`, `MessageDigest` or `CRC32` in a method that locates the APK',
      '  (`getPackageCodePath`, `ApplicationInfo.sourceDir`) or names `classes.dex`.',
      'A local check can be patched out together with the rest; the back end should also verify integrity (Play Integrity, see `android.resilience.play-integrity`).',
    ].join('\n'),
    manual:
      'Decode the app with apktool, change a resource, rebuild, sign with a new key and install it: the app (or its back end) should refuse to work. Statically, look for the signature, installer and checksum code above.',
    remediation:
      'Compare the signing certificate digest with the release certificate at run time, verify the installer, and preferably let the back end verify a Play Integrity app verdict (APP-12); react by refusing service.',
  },
  run(ctx) {
    const proofs = tamperProofs(ctx.app);
    concludeControl(ctx, proofs, {
      present: 'Tamper detection found in app code.',
      absent: 'No tamper detection found in the app\'s own code: no signing-certificate, installer or APK/classes.dex checksum checks.',
    });
  },
});
