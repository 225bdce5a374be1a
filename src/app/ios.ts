/**
 * @module app/ios
 * The model of one audited iOS app (an IPA): the `.app` bundle under `Payload/`, its Info.plist (identity,
 * minimum OS, URL schemes, App Transport Security, privacy usage strings), the entitlements and the
 * provisioning profile, and every executable of the bundle (main binary, app extensions, embedded frameworks
 * and dylibs) with its Mach-O slices. Like the Android model it is lazy: opening reads the ZIP central
 * directory and the Info.plist; binaries, profile and entitlements are parsed when first asked for.
 */
import { ErrorCodes, InputError, isDfslabError } from '../errors.js';
import { isArm64Slice, MachOCallIndex, readMachOFile, swiftTypeNames, type MachOFile, type SwiftTypeName } from '../formats/macho/index.js';
import { readMobileProvision, type MobileProvision } from '../formats/mobileprovision/index.js';
import { isPlistDict, readPlist, type PlistDict, type PlistValue } from '../formats/plist/index.js';
import { ZipArchive } from '../formats/zip/index.js';

export type IosExecutableKind = 'main' | 'extension' | 'framework' | 'dylib';

export interface IosExecutable {
  kind: IosExecutableKind;
  /** Path inside the IPA. */
  path: string;
}

export interface IosFile {
  /** Path relative to the `.app` bundle (e.g. `Info.plist`, `Frameworks/X.framework/X`). */
  path: string;
  size: number;
}

export interface UrlScheme {
  scheme: string;
  name: string | undefined;
}

/** A call from an executable's arm64 code to an imported function. */
export interface IosCallSite {
  /** Address of the call instruction in the slice: for explanation only, it moves with every build. */
  address: number;
  /**
   * x0–x7 (w0–w7) at the call: the value when an instruction of the same basic block made it a constant, else
   * undefined (also for 64-bit values beyond 2^53).
   */
  args: Array<number | undefined>;
  /** The slice's architecture (`arm64`, `arm64e`). */
  cpu: string;
  /** Nearest preceding function symbol, when the binary keeps its symbol table. */
  caller?: string;
}

export interface IosOpenOptions {
  label?: string;
  /** The archive of `bytes` when the caller has already opened it. */
  zip?: ZipArchive;
}

/** A string value of a plist dict, or undefined. */
export function plistString(d: PlistDict | undefined, key: string): string | undefined {
  const v = d?.get(key);
  return typeof v === 'string' ? v : undefined;
}

export function plistDict(d: PlistDict | undefined, key: string): PlistDict | undefined {
  const v = d?.get(key);
  return v !== undefined && isPlistDict(v) ? v : undefined;
}

export function plistBool(d: PlistDict | undefined, key: string): boolean | undefined {
  const v = d?.get(key);
  return typeof v === 'boolean' ? v : undefined;
}

export class IosApp {
  readonly platform = 'ios' as const;
  readonly label: string;
  readonly zip: ZipArchive;
  /** `Payload/Name.app/` (with the trailing slash). */
  readonly bundleRoot: string;
  readonly infoPlist: PlistDict;

  private constructor(label: string, zip: ZipArchive, bundleRoot: string, infoPlist: PlistDict) {
    this.label = label;
    this.zip = zip;
    this.bundleRoot = bundleRoot;
    this.infoPlist = infoPlist;
  }

  /** Open an IPA. Throws InputError when the ZIP holds no `Payload/*.app` bundle with an Info.plist. */
  static open(bytes: Uint8Array, opts: IosOpenOptions = {}): IosApp {
    const label = opts.label ?? 'app.ipa';
    const zip = opts.zip ?? ZipArchive.open(bytes, { label });
    // The app bundle is the top-level `.app` folder under Payload/ that has an Info.plist (Watch apps and
    // app extensions are nested deeper and are part of it).
    const roots = new Set<string>();
    for (const n of zip.entryNames()) {
      const m = /^(Payload\/[^/]+\.app\/)Info\.plist$/.exec(n);
      if (m) roots.add(m[1]!);
    }
    const root = [...roots].sort()[0];
    if (!root) {
      throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, 'the ZIP file has no Payload/<name>.app/Info.plist: not an iOS app (IPA)', { path: label });
    }
    let info: PlistValue;
    try {
      info = readPlist(zip.read(`${root}Info.plist`), { label: `${root}Info.plist` });
    } catch (e) {
      if (isDfslabError(e)) throw new InputError(e.code, `the app's Info.plist is unreadable: ${e.message}`, { path: `${label}!/${root}Info.plist`, cause: e });
      throw e;
    }
    if (!isPlistDict(info)) throw new InputError(ErrorCodes.INPUT_NOT_AN_APP, "the app's Info.plist is not a dictionary", { path: `${label}!/${root}Info.plist` });
    return new IosApp(label, zip, root, info);
  }

  // ---------------------------------------------------------------- identity
  get bundleId(): string {
    return plistString(this.infoPlist, 'CFBundleIdentifier') ?? '';
  }
  get version(): string | undefined {
    return plistString(this.infoPlist, 'CFBundleShortVersionString');
  }
  get build(): string | undefined {
    return plistString(this.infoPlist, 'CFBundleVersion');
  }
  get displayName(): string | undefined {
    return plistString(this.infoPlist, 'CFBundleDisplayName') ?? plistString(this.infoPlist, 'CFBundleName');
  }
  /** `MinimumOSVersion` as written (e.g. "8.0"). */
  get minimumOsVersion(): string | undefined {
    return plistString(this.infoPlist, 'MinimumOSVersion');
  }
  get executableName(): string | undefined {
    return plistString(this.infoPlist, 'CFBundleExecutable');
  }

  /** Custom URL schemes the app registers (CFBundleURLTypes / CFBundleURLSchemes). */
  get urlSchemes(): UrlScheme[] {
    const types = this.infoPlist.get('CFBundleURLTypes');
    const out: UrlScheme[] = [];
    if (!Array.isArray(types)) return out;
    for (const t of types) {
      if (!isPlistDict(t)) continue;
      const schemes = t.get('CFBundleURLSchemes');
      if (!Array.isArray(schemes)) continue;
      for (const s of schemes) if (typeof s === 'string') out.push({ scheme: s, name: plistString(t, 'CFBundleURLName') });
    }
    return out;
  }

  /** `NSAppTransportSecurity`, when present. */
  get ats(): PlistDict | undefined {
    return plistDict(this.infoPlist, 'NSAppTransportSecurity');
  }

  /** Privacy usage descriptions (`NS…UsageDescription`): which protected resources the app asks for. */
  get usageDescriptions(): Array<{ key: string; text: string }> {
    const out: Array<{ key: string; text: string }> = [];
    for (const [k, v] of this.infoPlist) if (/UsageDescription$/.test(k) && typeof v === 'string') out.push({ key: k, text: v });
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  // ---------------------------------------------------------------- files
  private filesCache: IosFile[] | undefined;

  get files(): readonly IosFile[] {
    if (!this.filesCache) {
      this.filesCache = this.zip.entries
        .filter((e) => !e.isDirectory && e.name.startsWith(this.bundleRoot))
        .map((e) => ({ path: e.name.slice(this.bundleRoot.length), size: e.uncompressedSize }));
    }
    return this.filesCache;
  }

  /** Read a file of the bundle by its path relative to the `.app` folder. */
  read(path: string): Uint8Array | undefined {
    const full = this.bundleRoot + path;
    return this.zip.has(full) ? this.zip.read(full) : undefined;
  }

  // ---------------------------------------------------------------- executables
  private exeCache: IosExecutable[] | undefined;

  /**
   * Every executable of the bundle: the main binary (CFBundleExecutable), app extensions
   * (`PlugIns/*.appex/<CFBundleExecutable>`), frameworks (`Frameworks/*.framework/<name>`) and loose dylibs.
   */
  get executables(): readonly IosExecutable[] {
    if (!this.exeCache) {
      const out: IosExecutable[] = [];
      const main = this.executableName;
      if (main && this.zip.has(this.bundleRoot + main)) out.push({ kind: 'main', path: this.bundleRoot + main });
      for (const e of this.zip.entries) {
        if (e.isDirectory || !e.name.startsWith(this.bundleRoot)) continue;
        const rel = e.name.slice(this.bundleRoot.length);
        const fw = /^Frameworks\/([^/]+)\.framework\/([^/]+)$/.exec(rel);
        if (fw && fw[1] === fw[2]) out.push({ kind: 'framework', path: e.name });
        else if (/^Frameworks\/[^/]+\.dylib$/.test(rel)) out.push({ kind: 'dylib', path: e.name });
        else {
          const ext = /^PlugIns\/([^/]+)\.appex\/Info\.plist$/.exec(rel);
          if (ext) {
            const exe = this.nestedExecutable(e.name);
            if (exe) out.push({ kind: 'extension', path: exe });
          }
        }
      }
      this.exeCache = out;
    }
    return this.exeCache;
  }

  private nestedExecutable(infoPath: string): string | undefined {
    try {
      const v = readPlist(this.zip.read(infoPath), { label: infoPath, maxObjects: 100_000 });
      const name = isPlistDict(v) ? plistString(v, 'CFBundleExecutable') : undefined;
      const path = name ? infoPath.replace(/Info\.plist$/, name) : undefined;
      return path && this.zip.has(path) ? path : undefined;
    } catch (e) {
      if (isDfslabError(e)) return undefined;
      throw e;
    }
  }

  private machoCache = new Map<string, { file?: MachOFile; error?: string }>();

  /** The parsed Mach-O of an executable of the bundle (cached), or the typed error that stopped it. */
  machO(path: string): { file?: MachOFile; error?: string } {
    let r = this.machoCache.get(path);
    if (!r) {
      try {
        r = { file: readMachOFile(this.zip.read(path), { label: path }) };
      } catch (e) {
        if (!isDfslabError(e)) throw e;
        r = { error: e.toLine() };
      }
      this.machoCache.set(path, r);
    }
    return r;
  }

  private callIndexCache = new Map<string, Array<{ cpu: string; index: MachOCallIndex }>>();
  private callSiteCache = new Map<string, IosCallSite[]>();

  /**
   * Calls to the imported function `symbol` (Mach-O name, e.g. `_CCCrypt`) in the code of an executable, with
   * the constant arguments of each call. Only arm64/arm64e slices that are not FairPlay-encrypted are read
   * (x86_64, armv7 and arm64_32 slices are skipped); slices that do not import `symbol` cost nothing. Cached.
   */
  callSites(exePath: string, symbol: string): readonly IosCallSite[] {
    const key = `${exePath}\0${symbol}`;
    let sites = this.callSiteCache.get(key);
    if (!sites) {
      sites = [];
      for (const { cpu, index } of this.callIndexes(exePath, symbol)) {
        for (const c of index.callsTo(symbol)) {
          const args = c.args.map((v) => (v !== undefined && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined));
          sites.push({ address: c.address, args, cpu, ...(c.caller ? { caller: c.caller } : {}) });
        }
      }
      this.callSiteCache.set(key, sites);
    }
    return sites;
  }

  /** Call indexes of the arm64 slices of an executable; the bytes are read again only when a slice imports `symbol`. */
  private callIndexes(exePath: string, symbol: string): Array<{ cpu: string; index: MachOCallIndex }> {
    const file = this.machO(exePath).file;
    const wanted = file?.slices.filter((s) => isArm64Slice(s) && s.importedSymbols.includes(symbol)) ?? [];
    if (wanted.length === 0) return [];
    let indexes = this.callIndexCache.get(exePath);
    if (!indexes) {
      const bytes = this.zip.read(exePath);
      indexes = [];
      for (const slice of file!.slices) {
        const index = MachOCallIndex.open(bytes, slice);
        if (index) indexes.push({ cpu: slice.cpu, index });
      }
      this.callIndexCache.set(exePath, indexes);
    }
    return indexes;
  }

  private swiftTypeCache = new Map<string, SwiftTypeName[]>();

  /**
   * Swift classes, structs, enums and protocols an executable declares (its `__swift5_types` and
   * `__swift5_protos` metadata), qualified as in source (`MyBank.LoginViewController`), unique across slices,
   * in the order of the first slice that has them. Empty for an unreadable binary, for Objective-C/C code and
   * for FairPlay-encrypted slices. Read on first request, then cached; `bytes` spares inflating the executable
   * again when the caller already holds its contents.
   */
  swiftTypes(exePath: string, bytes?: Uint8Array): readonly SwiftTypeName[] {
    let types = this.swiftTypeCache.get(exePath);
    if (!types) {
      types = [];
      const file = this.machO(exePath).file;
      if (file && file.slices.length > 0) {
        bytes ??= this.zip.read(exePath);
        const seen = new Set<string>();
        for (const slice of file.slices) {
          for (const t of swiftTypeNames(bytes, slice)) {
            const key = `${t.kind}\0${t.name}`;
            if (seen.has(key)) continue;
            seen.add(key);
            types.push(t);
          }
        }
      }
      this.swiftTypeCache.set(exePath, types);
    }
    return types;
  }

  /** The main executable's Mach-O, when it can be read. */
  get mainBinary(): MachOFile | undefined {
    const main = this.executables.find((x) => x.kind === 'main');
    return main ? this.machO(main.path).file : undefined;
  }

  // ---------------------------------------------------------------- signing
  private entCache: { value: PlistDict | undefined } | undefined;

  /** Entitlements embedded in the main binary's code signature (first slice that carries them). */
  get entitlements(): PlistDict | undefined {
    if (!this.entCache) {
      let value: PlistDict | undefined;
      for (const s of this.mainBinary?.slices ?? []) {
        const xml = s.codeSignature?.entitlementsXml;
        if (!xml) continue;
        try {
          const v = readPlist(new TextEncoder().encode(xml), { label: 'entitlements' });
          if (isPlistDict(v)) {
            value = v;
            break;
          }
        } catch (e) {
          if (!isDfslabError(e)) throw e;
        }
      }
      this.entCache = { value };
    }
    return this.entCache.value;
  }

  private profileCache: { value?: MobileProvision; error?: string } | undefined;

  /** `embedded.mobileprovision`, when the bundle has one (App Store downloads do not). */
  get provisioningProfile(): { value?: MobileProvision; error?: string } {
    if (!this.profileCache) {
      const bytes = this.read('embedded.mobileprovision');
      if (!bytes) this.profileCache = {};
      else {
        try {
          this.profileCache = { value: readMobileProvision(bytes, { label: 'embedded.mobileprovision' }) };
        } catch (e) {
          if (!isDfslabError(e)) throw e;
          this.profileCache = { error: e.toLine() };
        }
      }
    }
    return this.profileCache;
  }

  /** Universal-link domains from the `com.apple.developer.associated-domains` entitlement (`applinks:`). */
  get universalLinkDomains(): string[] {
    const v = this.entitlements?.get('com.apple.developer.associated-domains') ?? this.provisioningProfile.value?.entitlements.get('com.apple.developer.associated-domains');
    if (!Array.isArray(v)) return [];
    return v.filter((x): x is string => typeof x === 'string' && x.startsWith('applinks:')).map((x) => x.slice('applinks:'.length));
  }
}

/** True when a ZIP looks like an IPA (a `Payload/<name>.app/` folder). */
export function looksLikeIpa(zip: ZipArchive): boolean {
  return zip.entryNames().some((n) => /^Payload\/[^/]+\.app\//.test(n));
}
