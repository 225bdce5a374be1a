/**
 * Shared logic of the native-library checks: which libraries the app ships, grouped so that one library
 * built for several ABIs is one finding, and how such a finding is located and worded.
 *
 * Grouping: the same file name under several `lib/<abi>/` folders (and, in split sets, several config
 * APKs) is one library compiled several times from the same source, so a missing hardening flag is one
 * defect of the build, not four. A finding lists the ABIs it applies to; its location is the ABI-neutral
 * path `lib/<star>/<name>` (a literal `*` for the ABI folder), so the fingerprint stays the same when an
 * ABI is added or dropped in a later release. Libraries that could not be parsed as ELF are left to the anomaly report.
 */
import type { AndroidApp, NativeLib } from '../../../app/android.js';
import { severityRank, type Location, type Severity } from '../../../findings/types.js';
import type { ElfInfo } from '../../../formats/elf/index.js';
import type { CheckContext } from '../../types.js';

export interface ParsedNativeLib extends NativeLib {
  elf: ElfInfo;
}

export interface NativeLibGroup {
  /** File name, e.g. `libfoo.so`. */
  name: string;
  /** Parsed copies of the library, sorted by ABI then archive. */
  libs: ParsedNativeLib[];
}

function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Parsed native libraries grouped by file name, sorted by name (deterministic report order). */
export function nativeLibGroups(app: AndroidApp): NativeLibGroup[] {
  const byName = new Map<string, ParsedNativeLib[]>();
  for (const lib of app.nativeLibs) {
    if (!lib.elf) continue;
    const name = fileName(lib.path);
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(lib as ParsedNativeLib);
  }
  const groups: NativeLibGroup[] = [];
  for (const [name, libs] of byName) {
    libs.sort((a, b) => cmp(a.abi, b.abi) || cmp(a.archive ?? '', b.archive ?? ''));
    groups.push({ name, libs });
  }
  groups.sort((a, b) => cmp(a.name, b.name));
  return groups;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ABI-neutral location of a library group (see the module comment). */
export function nativeGroupLocation(group: NativeLibGroup): Location {
  return { path: `lib/*/${group.name}` };
}

/** `lib/arm64-v8a/libfoo.so`, prefixed with the split APK that holds it in a split set. */
export function nativeLibLabel(lib: NativeLib): string {
  return lib.archive ? `${lib.archive}!/${lib.path}` : lib.path;
}

export interface LibDefect {
  /** One line of evidence for this copy, e.g. `PT_GNU_STACK flags RWE`. */
  evidence: string;
  severity?: Severity;
}

/**
 * Runs `inspect` on every copy of every library and reports one finding per library name whose copies
 * have the defect, listing the affected ABIs (and, when some copies are fine, saying so: the ground truth
 * of real apps shows ABIs built by different toolchains).
 */
export function reportPerLibrary(
  ctx: CheckContext<AndroidApp>,
  inspect: (elf: ElfInfo, lib: ParsedNativeLib) => LibDefect | undefined,
  describe: (name: string, abis: string) => string,
): void {
  for (const group of nativeLibGroups(ctx.app)) {
    const evidence: string[] = [];
    const abis: string[] = [];
    const clean: string[] = [];
    let severity: Severity | undefined;
    for (const lib of group.libs) {
      const d = inspect(lib.elf, lib);
      if (!d) {
        clean.push(lib.abi);
        continue;
      }
      if (!abis.includes(lib.abi)) abis.push(lib.abi);
      evidence.push(`${nativeLibLabel(lib)}: ${d.evidence}`);
      if (d.severity && (!severity || severityRank(d.severity) > severityRank(severity))) severity = d.severity;
    }
    if (abis.length === 0) continue;
    const unaffected = clean.filter((a) => !abis.includes(a));
    if (unaffected.length > 0) evidence.push(`not affected: ${[...new Set(unaffected)].join(', ')}`);
    ctx.report({
      message: describe(group.name, abis.join(', ')),
      locations: [nativeGroupLocation(group)],
      evidence,
      ...(severity ? { severity } : {}),
    });
  }
}
