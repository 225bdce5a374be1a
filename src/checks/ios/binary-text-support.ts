/**
 * @module checks/ios/binary-text-support
 * What the code-level iOS checks read besides imports: the readable strings of each executable (C string
 * literals, constant data, Objective-C class and selector names) and the small text resources of the bundle
 * (JSON, plists, .strings, config files). Decoded once per app and cached, because several families ask.
 *
 * Sections (loader.h): `__TEXT,__cstring` and `__objc_methname`/`__objc_classname` are NUL-separated string
 * runs; `__TEXT,__const` holds `const char x[] = "…"` arrays among other constant data, so only printable
 * runs of 6+ bytes are kept from it. A slice whose LC_ENCRYPTION_INFO cryptid is not 0 has ciphertext in
 * __TEXT and is skipped (its strings would be noise).
 */
import type { IosApp, IosExecutable } from '../../app/ios.js';
import { isDfslabError } from '../../errors.js';
import { cStrings, demangleObjcClassName, objcClassNames, type MachOSlice } from '../../formats/macho/index.js';
import { isPlistDict, readPlist, type PlistValue } from '../../formats/plist/index.js';
import { parsedExecutables, type ParsedExecutable } from './support.js';

export interface ExecutableText {
  exe: IosExecutable;
  slices: MachOSlice[];
  /** Unique strings of all readable slices, in first-seen order. */
  strings: string[];
  /** Objective-C class names (`__objc_classname`) of all readable slices, unique. */
  classNames: string[];
  /**
   * Swift type names, qualified as in source (`MyBank.LoginViewController`): the types of the Swift metadata
   * (`IosApp.swiftTypes`) and the Swift classes among `classNames` (`_TtC6MyBank9LoginView`), demangled; unique.
   */
  swiftNames: string[];
  /** Slices skipped because they are FairPlay-encrypted. */
  encryptedSlices: MachOSlice[];
}

const MAX_STRINGS = 100_000;
const CONST_MIN_RUN = 6;

/** Printable ASCII runs of a `__TEXT,__const` section, clamped to the slice and the file. */
function constRuns(bytes: Uint8Array, slice: MachOSlice, out: Set<string>): void {
  const sliceEnd = Math.min(bytes.length, slice.offset + slice.size);
  for (const seg of slice.segments) {
    if (seg.name !== '__TEXT') continue;
    for (const s of seg.sections) {
      if (s.name !== '__const' || s.offset === 0) continue;
      const start = slice.offset + s.offset;
      if (start >= sliceEnd) continue;
      const end = Math.min(sliceEnd, start + s.size);
      let runStart = start;
      for (let i = start; i <= end && out.size < MAX_STRINGS; i++) {
        const b = i < end ? bytes[i]! : 0;
        if (b >= 0x20 && b < 0x7f) continue;
        if (i - runStart >= CONST_MIN_RUN) out.add(String.fromCharCode(...bytes.subarray(runStart, Math.min(i, runStart + 4096))));
        runStart = i + 1;
      }
    }
  }
}

const textCache = new WeakMap<IosApp, Map<string, ExecutableText>>();

/** Strings of one parsed executable (cached per app). */
export function executableText(app: IosApp, { exe, macho }: ParsedExecutable): ExecutableText {
  let perApp = textCache.get(app);
  if (!perApp) textCache.set(app, (perApp = new Map()));
  const cached = perApp.get(exe.path);
  if (cached) return cached;
  const bytes = app.zip.read(exe.path);
  const strings = new Set<string>();
  const classNames = new Set<string>();
  const encryptedSlices: MachOSlice[] = [];
  for (const slice of macho.slices) {
    if (slice.encryption && slice.encryption.cryptid !== 0) {
      encryptedSlices.push(slice);
      continue;
    }
    for (const s of cStrings(bytes, slice, { max: MAX_STRINGS })) strings.add(s);
    for (const s of objcClassNames(bytes, slice, { max: MAX_STRINGS })) {
      strings.add(s);
      classNames.add(s);
    }
    constRuns(bytes, slice, strings);
  }
  const swiftNames = new Set(app.swiftTypes(exe.path, bytes).map((t) => t.name));
  for (const c of classNames) {
    const plain = demangleObjcClassName(c);
    if (plain !== c) swiftNames.add(plain);
  }
  const r: ExecutableText = { exe, slices: macho.slices, strings: [...strings], classNames: [...classNames], swiftNames: [...swiftNames], encryptedSlices };
  perApp.set(exe.path, r);
  return r;
}

/** Strings of every readable executable of the bundle, main binary first. */
export function allExecutableTexts(app: IosApp, kinds?: Parameters<typeof parsedExecutables>[1]): ExecutableText[] {
  return parsedExecutables(app, kinds).map((p) => executableText(app, p));
}

/** A bundled text resource: path relative to the bundle, and its text (binary plists flattened to their strings). */
export interface BundleText {
  path: string;
  text: string;
}

const TEXT_RESOURCE = /\.(json|plist|strings|txt|xml|cfg|conf|config|ini|env|properties|yaml|yml|js|html?)$/i;
/** Resources larger than this are data, not configuration; reading them would cost memory for little gain. */
export const MAX_TEXT_RESOURCE = 512 * 1024;

/** Every string of a parsed plist, keys and values, as `key = value` lines. */
function plistLines(v: PlistValue, key: string, out: string[]): void {
  if (typeof v === 'string') out.push(key ? `${key} = ${v}` : v);
  else if (Array.isArray(v)) for (const x of v) plistLines(x, key, out);
  else if (isPlistDict(v)) for (const [k, x] of v) plistLines(x, k, out);
}

const bundleCache = new WeakMap<IosApp, BundleText[]>();

/**
 * Small text resources of the bundle (not the Info.plist of the app itself, which the ATS/config checks read
 * key by key, and not code signatures). Binary plists are parsed and flattened; unreadable ones skipped.
 */
export function bundleTexts(app: IosApp): BundleText[] {
  const cached = bundleCache.get(app);
  if (cached) return cached;
  const out: BundleText[] = [];
  for (const f of app.files) {
    if (!TEXT_RESOURCE.test(f.path) || f.size > MAX_TEXT_RESOURCE || f.path.startsWith('_CodeSignature/') || f.path.includes('/_CodeSignature/')) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = app.read(f.path);
    } catch (e) {
      if (isDfslabError(e)) continue;
      throw e;
    }
    if (!bytes || bytes.length > MAX_TEXT_RESOURCE) continue;
    if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 6)) === 'bplist') {
      try {
        const lines: string[] = [];
        plistLines(readPlist(bytes, { label: f.path, maxObjects: 100_000 }), '', lines);
        out.push({ path: f.path, text: lines.join('\n') });
      } catch (e) {
        if (!isDfslabError(e)) throw e;
      }
      continue;
    }
    out.push({ path: f.path, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') });
  }
  bundleCache.set(app, out);
  return out;
}

/** The names of `wanted` that any slice of the binary imports, in the order of `wanted`. */
export function importedOf(exeSlices: readonly MachOSlice[], wanted: readonly string[]): string[] {
  const have = new Set<string>();
  for (const s of exeSlices) for (const n of wanted) if (!have.has(n) && s.importedSymbols.includes(n)) have.add(n);
  return wanted.filter((n) => have.has(n));
}

/** `_strcpy` → `strcpy`, `_OBJC_CLASS_$_UIWebView` → `UIWebView`: the name a reader knows from the source. */
export function sourceName(symbol: string): string {
  return symbol.replace(/^_OBJC_CLASS_\$_/, '').replace(/^_/, '');
}

/** Up to `max` items joined for an evidence line, with the count of the rest. */
export function listSome(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} (+${items.length - max} more)`;
}
