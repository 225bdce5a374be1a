/**
 * @module app/android
 * The model of one audited Android app: an APK, or a split set (`.apks` from bundletool, `.xapk`) whose
 * base and splits are audited as one app. The model is lazy: opening reads only the ZIP central directory
 * and the manifest; resources, DEX code, signatures and native libraries are parsed the first time a check
 * asks for them, and then shared by every check.
 */
import { ZipArchive, type ZipAnomaly } from '../formats/zip/index.js';
import { parseAxml, type AxmlAnomaly, type AxmlDocument } from '../formats/axml/index.js';
import { ResourceTable } from '../formats/arsc/index.js';
import { DexFile } from '../formats/dex/dex-file.js';
import { buildCodeIndex, type CodeIndex } from '../formats/dex/index.js';
import { verifyApkSignatures, type ApkSignatureReport } from '../formats/apksig/index.js';
import { parseElf, type ElfInfo } from '../formats/elf/index.js';
import { ErrorCodes, InputError, isDfslabError } from '../errors.js';
import { readManifest, type ManifestModel } from './android-manifest.js';
import { readNetworkSecurityConfig, type NetworkSecurityConfig } from './android-nsc.js';
import { classifyCode, type CodeOrigin } from './code-origin.js';

export type AndroidContainer = 'apk' | 'apks' | 'xapk';

export interface AppFile {
  /** The APK of the set the file is in (`base.apk`, a split's name), or undefined for a plain APK. */
  archive: string | undefined;
  path: string;
  size: number;
  compressedSize: number;
}

export interface ApkPart {
  /** Name inside the split set (`base.apk`, `splits/base-arm64_v8a.apk`), or the file name of a plain APK. */
  name: string;
  isBase: boolean;
  /** Split name from the split's manifest (`config.arm64_v8a`), undefined for the base. */
  split: string | undefined;
  zip: ZipArchive;
  size: number;
}

export interface NativeLib {
  archive: string | undefined;
  path: string;
  abi: string;
  /** Parsed ELF, or the error that stopped parsing it. */
  elf: ElfInfo | undefined;
  error: string | undefined;
}

export interface DexLoadResult {
  files: DexFile[];
  /** DEX files that could not be parsed (reported, the others are still audited). */
  errors: Array<{ archive: string | undefined; path: string; code: string; message: string }>;
}

export interface Anomaly {
  source: 'zip' | 'axml' | 'arsc' | 'manifest' | 'dex' | 'container' | 'ussd';
  archive: string | undefined;
  path?: string;
  kind: string;
  message: string;
}

export interface OpenOptions {
  /** Shown in messages; defaults to the file name. */
  label?: string;
  /** Called as each phase of the lazy model is first computed (for progress on a TTY). */
  onPhase?: (phase: string) => void;
  /** The archive of `bytes` when the caller has already opened it (saves reading the central directory twice). */
  zip?: ZipArchive;
}

const MAX_SPLITS = 64;

function isApkEntryName(n: string): boolean {
  return n.toLowerCase().endsWith('.apk') && !n.includes('/../') && !n.startsWith('../');
}

export class AndroidApp {
  readonly platform = 'android' as const;
  readonly container: AndroidContainer;
  readonly label: string;
  /** The outer file (the APK itself, or the .apks/.xapk). */
  readonly outer: ZipArchive;
  readonly parts: readonly ApkPart[];
  readonly base: ApkPart;
  readonly manifestDoc: AxmlDocument;
  readonly manifest: ManifestModel;
  /** SHA-256/SHA-1/MD5 and size of the input file, filled by the caller that read it. */
  readonly fileSize: number;
  private readonly onPhase: ((p: string) => void) | undefined;

  private constructor(init: {
    container: AndroidContainer;
    label: string;
    outer: ZipArchive;
    parts: ApkPart[];
    base: ApkPart;
    manifestDoc: AxmlDocument;
    manifest: ManifestModel;
    fileSize: number;
    onPhase: ((p: string) => void) | undefined;
  }) {
    this.container = init.container;
    this.label = init.label;
    this.outer = init.outer;
    this.parts = init.parts;
    this.base = init.base;
    this.manifestDoc = init.manifestDoc;
    this.manifest = init.manifest;
    this.fileSize = init.fileSize;
    this.onPhase = init.onPhase;
  }

  /** Open an APK or a split set from its bytes. Throws InputError when it is not an Android app. */
  static open(bytes: Uint8Array, opts: OpenOptions = {}): AndroidApp {
    const label = opts.label ?? 'app.apk';
    const outer = opts.zip ?? ZipArchive.open(bytes, { label });
    let container: AndroidContainer;
    let parts: ApkPart[];
    if (outer.has('AndroidManifest.xml')) {
      container = 'apk';
      parts = [{ name: label.split('/').pop() ?? label, isBase: true, split: undefined, zip: outer, size: bytes.length }];
    } else {
      const apkNames = outer.entryNames().filter(isApkEntryName);
      if (apkNames.length === 0) {
        if (outer.has('base/manifest/AndroidManifest.xml')) {
          throw new InputError(
            ErrorCodes.INPUT_NOT_AN_APP,
            'this is an Android App Bundle (.aab), which devices never install as such; make the APKs with `bundletool build-apks --mode=universal` (or audit the .apks set) and audit those',
            { path: label },
          );
        }
        if (outer.entryNames().some((n) => /^Payload\/[^/]+\.app\//.test(n))) {
          throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, 'this is an iOS app (IPA); this version of dfslab audits Android apps only', { path: label });
        }
        throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, 'the ZIP file has no AndroidManifest.xml and no APKs inside: not an Android app', { path: label });
      }
      if (apkNames.length > MAX_SPLITS) {
        throw new InputError(ErrorCodes.INPUT_TOO_LARGE, `the split set holds ${apkNames.length} APKs; at most ${MAX_SPLITS} are accepted`, { path: label });
      }
      container = outer.has('manifest.json') ? 'xapk' : 'apks';
      parts = apkNames.map((name) => {
        let zip: ZipArchive;
        try {
          zip = ZipArchive.open(outer.read(name), { label: `${label}!/${name}` });
        } catch (e) {
          if (isDfslabError(e)) throw new InputError(e.code, `${name} inside the split set is unreadable: ${e.message}`, { path: `${label}!/${name}`, cause: e });
          throw e;
        }
        return { name, isBase: false, split: undefined, zip, size: outer.get(name)?.uncompressedSize ?? 0 };
      });
    }

    // Read each part's manifest: the base is the one without a `split` attribute (bundletool / PackageParser).
    const manifests = new Map<ApkPart, AxmlDocument>();
    for (const p of parts) {
      if (!p.zip.has('AndroidManifest.xml')) continue;
      const doc = parseAxml(p.zip.read('AndroidManifest.xml'), { label: `${p.name}!/AndroidManifest.xml` });
      manifests.set(p, doc);
      const split = doc.root.attributes.find((a) => a.name === 'split' && a.ns === undefined)?.rawValue;
      if (split) p.split = split;
    }
    const base = parts.find((p) => manifests.has(p) && p.split === undefined);
    if (!base) {
      if (container === 'apk') throw new InputError(ErrorCodes.APK_NO_MANIFEST, 'the APK has no AndroidManifest.xml', { path: label });
      throw new InputError(ErrorCodes.SPLITS_NO_BASE, 'the split set has no base APK (every APK inside declares a split name)', { path: label });
    }
    base.isBase = true;
    const manifestDoc = manifests.get(base)!;
    const resources = AndroidApp.loadResources(base);
    const manifest = readManifest(manifestDoc.root, resources.table);
    const app = new AndroidApp({
      container,
      label,
      outer,
      parts: [base, ...parts.filter((p) => p !== base)],
      base,
      manifestDoc,
      manifest,
      fileSize: bytes.length,
      onPhase: opts.onPhase,
    });
    app.resourcesCache = resources;
    return app;
  }

  // ---------------------------------------------------------------- resources
  private resourcesCache: { table: ResourceTable | undefined; error: string | undefined } | undefined;

  private static loadResources(base: ApkPart): { table: ResourceTable | undefined; error: string | undefined } {
    if (!base.zip.has('resources.arsc')) return { table: undefined, error: undefined };
    try {
      return { table: ResourceTable.parse(base.zip.read('resources.arsc'), { label: 'resources.arsc' }), error: undefined };
    } catch (e) {
      if (isDfslabError(e)) return { table: undefined, error: e.toLine() };
      throw e;
    }
  }

  get resources(): ResourceTable | undefined {
    return this.resourcesCache?.table;
  }

  // ---------------------------------------------------------------- files
  private filesCache: AppFile[] | undefined;

  /** Every file of every APK in the app, sorted by archive then path. */
  get files(): readonly AppFile[] {
    if (!this.filesCache) {
      const out: AppFile[] = [];
      for (const p of this.parts) {
        const archive = this.container === 'apk' ? undefined : p.name;
        for (const e of p.zip.entries) {
          if (e.isDirectory) continue;
          out.push({ archive, path: e.name, size: e.uncompressedSize, compressedSize: e.compressedSize });
        }
      }
      this.filesCache = out;
    }
    return this.filesCache;
  }

  /** The part that holds `path` (first match, base first). */
  partOf(path: string, archive?: string): ApkPart | undefined {
    if (archive !== undefined) return this.parts.find((p) => p.name === archive);
    return this.parts.find((p) => p.zip.has(path));
  }

  /** Read a file of the app; undefined when absent. Errors of hostile entries propagate as DfslabErrors. */
  read(path: string, archive?: string): Uint8Array | undefined {
    const part = this.partOf(path, archive);
    if (!part || !part.zip.has(path)) return undefined;
    return part.zip.read(path);
  }

  /** Parse an XML resource (binary AXML) of the base APK; undefined when absent or unreadable. */
  readXml(path: string): AxmlDocument | undefined {
    const bytes = this.read(path, this.container === 'apk' ? undefined : this.base.name);
    if (!bytes) return undefined;
    try {
      return parseAxml(bytes, { label: path });
    } catch (e) {
      if (isDfslabError(e)) return undefined;
      throw e;
    }
  }

  // ---------------------------------------------------------------- network security config
  private nscCache: { value: NetworkSecurityConfig | undefined } | undefined;

  get networkSecurityConfig(): NetworkSecurityConfig | undefined {
    if (!this.nscCache) {
      const path = this.manifest.application.networkSecurityConfig;
      const doc = path ? this.readXml(path) : undefined;
      this.nscCache = { value: doc && path ? readNetworkSecurityConfig(doc.root, path, this.resources) : undefined };
    }
    return this.nscCache.value;
  }

  // ---------------------------------------------------------------- signatures
  private sigCache: ApkSignatureReport | undefined;

  /** Signature verification of the base APK (v1, v2, v3, v3.1) over the app's SDK range. */
  get signatures(): ApkSignatureReport {
    if (!this.sigCache) {
      this.onPhase?.('verifying signatures');
      this.sigCache = verifyApkSignatures(this.base.zip, { minSdk: this.manifest.minSdk, targetSdk: this.manifest.targetSdk });
    }
    return this.sigCache;
  }

  private splitSigCache: Map<string, ApkSignatureReport> | undefined;

  /** Signature reports of the other APKs of a split set (they must be signed by the same key). */
  get splitSignatures(): ReadonlyMap<string, ApkSignatureReport> {
    if (!this.splitSigCache) {
      this.splitSigCache = new Map();
      for (const p of this.parts) if (!p.isBase) this.splitSigCache.set(p.name, verifyApkSignatures(p.zip, { minSdk: this.manifest.minSdk, targetSdk: this.manifest.targetSdk }));
    }
    return this.splitSigCache;
  }

  // ---------------------------------------------------------------- code
  /**
   * Starts inflating the DEX files on the thread pool; the caller can do other work (e.g. verify
   * signatures) and await this before the code is first used. Optional: `dex` works without it.
   */
  prefetchCode(): Promise<void> {
    return Promise.all(this.parts.map((p) => p.zip.prefetch(p.zip.entryNames().filter((n) => /^classes\d*\.dex$/.test(n))))).then(() => undefined);
  }

  private dexCache: DexLoadResult | undefined;

  /** All DEX files of all parts (classes.dex, classes2.dex, …), each parsed once. */
  get dex(): DexLoadResult {
    if (!this.dexCache) {
      this.onPhase?.('parsing DEX');
      const files: DexFile[] = [];
      const errors: DexLoadResult['errors'] = [];
      for (const p of this.parts) {
        const archive = this.container === 'apk' ? undefined : p.name;
        const names = p.zip.entryNames().filter((n) => /^classes\d*\.dex$/.test(n));
        names.sort((a, b) => dexOrder(a) - dexOrder(b));
        for (const n of names) {
          try {
            files.push(...DexFile.parseAll(p.zip.read(n), { label: archive ? `${archive}!/${n}` : n }));
          } catch (e) {
            if (!isDfslabError(e)) throw e;
            errors.push({ archive, path: n, code: e.code, message: e.message });
          }
        }
      }
      this.dexCache = { files, errors };
    }
    return this.dexCache;
  }

  private codeCache: CodeIndex | undefined;

  /** The shared index of call sites, string uses and field accesses over all DEX files. */
  get code(): CodeIndex {
    if (!this.codeCache) {
      const dex = this.dex;
      this.onPhase?.('indexing code');
      this.codeCache = buildCodeIndex(dex.files);
    }
    return this.codeCache;
  }

  /** Whether a class (descriptor `Lcom/x/Y;` or dotted name) is the app's own code or a known library. */
  codeOrigin(classType: string): CodeOrigin {
    return classifyCode(classType, this.manifest);
  }

  // ---------------------------------------------------------------- native code
  private nativeCache: NativeLib[] | undefined;

  get nativeLibs(): readonly NativeLib[] {
    if (!this.nativeCache) {
      this.onPhase?.('reading native libraries');
      const out: NativeLib[] = [];
      for (const p of this.parts) {
        const archive = this.container === 'apk' ? undefined : p.name;
        for (const e of p.zip.entries) {
          const m = /^lib\/([^/]+)\/[^/]+\.so$/.exec(e.name);
          if (!m || e.isDirectory) continue;
          let elf: ElfInfo | undefined;
          let error: string | undefined;
          try {
            elf = parseElf(p.zip.read(e), { label: e.name });
          } catch (err) {
            if (!isDfslabError(err)) throw err;
            error = err.toLine();
          }
          out.push({ archive, path: e.name, abi: m[1]!, elf, error });
        }
      }
      this.nativeCache = out;
    }
    return this.nativeCache;
  }

  // ---------------------------------------------------------------- anomalies
  /** Structural oddities seen so far (zip tricks, manifest obfuscation, unreadable parts). */
  get anomalies(): Anomaly[] {
    const out: Anomaly[] = [];
    const zipAnoms = (z: ZipArchive, archive: string | undefined): void => {
      for (const a of z.anomalies as readonly ZipAnomaly[]) {
        out.push({ source: 'zip', archive, ...(a.entry === undefined ? {} : { path: a.entry }), kind: a.kind, message: a.message });
      }
    };
    if (this.container !== 'apk') zipAnoms(this.outer, undefined);
    for (const p of this.parts) zipAnoms(p.zip, this.container === 'apk' ? undefined : p.name);
    for (const a of this.manifestDoc.anomalies as readonly AxmlAnomaly[]) {
      out.push({ source: 'axml', archive: this.container === 'apk' ? undefined : this.base.name, path: 'AndroidManifest.xml', kind: a.kind, message: a.message });
    }
    if (this.resourcesCache?.error) {
      out.push({ source: 'arsc', archive: undefined, path: 'resources.arsc', kind: 'unreadable', message: this.resourcesCache.error });
    }
    for (const a of this.resources?.anomalies ?? []) out.push({ source: 'arsc', archive: undefined, path: 'resources.arsc', kind: a.kind, message: a.message });
    for (const n of this.manifest.notes) out.push({ source: 'manifest', archive: undefined, path: 'AndroidManifest.xml', kind: 'manifest', message: n });
    for (const e of this.dexCache?.errors ?? []) out.push({ source: 'dex', archive: e.archive, path: e.path, kind: e.code, message: e.message });
    return out;
  }
}

function dexOrder(name: string): number {
  const m = /^classes(\d*)\.dex$/.exec(name);
  return m ? (m[1] ? Number(m[1]) : 1) : 1e9;
}

