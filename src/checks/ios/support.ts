/**
 * @module checks/ios/support
 * Small pieces every iOS check family uses: reference lists, walking the bundle's executables with their
 * parsed Mach-O, and turning plist keys and executables into report locations.
 */
import type { IosApp, IosExecutable, IosExecutableKind } from '../../app/ios.js';
import type { MachOFile, MachOSlice } from '../../formats/macho/index.js';
import type { Location, References } from '../../findings/types.js';
import type { Check, CheckMeta } from '../types.js';
import { defineCheck } from '../types.js';

export function refs(r: Partial<References>): References {
  return { masvs: r.masvs ?? [], maswe: r.maswe ?? [], cwe: r.cwe ?? [], dfs: r.dfs ?? [] };
}

export type IosCheck = Check<IosApp>;

export function defineIosCheck(c: { id: string; meta: CheckMeta; run: IosCheck['run'] }): IosCheck {
  return defineCheck<IosApp>({ ...c, platform: 'ios' });
}

/** A location in the app's Info.plist, at a key path such as `NSAppTransportSecurity.NSAllowsArbitraryLoads`. */
export function infoPlistLocation(key?: string): Location {
  const l: Location = { path: 'Info.plist' };
  if (key) l.key = key;
  return l;
}

/** A location in the entitlements of the main binary's code signature, or in `embedded.mobileprovision`. */
export function signatureLocation(app: IosApp, source: 'code-signature' | 'profile', key?: string): Location {
  const main = app.executables.find((x) => x.kind === 'main');
  const l: Location = { path: source === 'profile' ? `${app.bundleRoot}embedded.mobileprovision` : (main?.path ?? app.bundleRoot) };
  if (key) l.key = key;
  return l;
}

/** An executable of the bundle with its readable Mach-O. */
export interface ParsedExecutable {
  exe: IosExecutable;
  macho: MachOFile;
}

/**
 * The executables of the bundle whose Mach-O could be read, optionally only some kinds. An unreadable binary
 * is skipped here: the model records its typed error, and a check cannot judge bytes it cannot parse.
 */
export function parsedExecutables(app: IosApp, kinds?: readonly IosExecutableKind[]): ParsedExecutable[] {
  const out: ParsedExecutable[] = [];
  for (const exe of app.executables) {
    if (kinds && !kinds.includes(exe.kind)) continue;
    const { file } = app.machO(exe.path);
    if (file && file.slices.length > 0) out.push({ exe, macho: file });
  }
  return out;
}

/** The location of an executable: its path inside the IPA. */
export function executableLocation(exe: IosExecutable, symbol?: string): Location {
  const l: Location = { path: exe.path };
  if (symbol) l.symbol = symbol;
  return l;
}

/** `arm64, armv7` — the CPU list of some slices, for evidence lines. */
export function cpuList(slices: readonly MachOSlice[]): string {
  return slices.map((s) => s.cpu).join(', ');
}

/** Evidence line naming the executable, its kind and the slices concerned. */
export function sliceEvidence(exe: IosExecutable, slices: readonly MachOSlice[], what: string): string {
  return `${exe.kind} ${exe.path} [${cpuList(slices)}]: ${what}`;
}

/** True when any slice of the binary imports one of the symbols. */
export function importsAny(slice: MachOSlice, names: readonly string[]): boolean {
  // importedSymbols is sorted and unique; the lists asked for are tiny, so a binary search per name is enough.
  for (const n of names) if (sortedHas(slice.importedSymbols, n)) return true;
  return false;
}

function sortedHas(sorted: readonly string[], name: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === name) return true;
    if (v < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
