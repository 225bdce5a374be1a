/**
 * Protection code in native libraries, for the debugger- and hooking-detection checks. Many apps (and
 * crackmes) keep these checks in C, where the bytecode index cannot see them.
 *
 * What counts, per library (one copy per library name is enough, the ABIs share the source):
 * - anti-debugging: `ptrace` imported together with `fork` or `getppid` (a child attaches to its parent
 *   so that no debugger can: the "self-ptrace" pattern), or a `TracerPid` string in a library that opens
 *   files;
 * - hooking detection: a Frida/Xposed/Substrate indicator string ("frida", "gum-js-loop", "gmain",
 *   "linjector", "xposed", …) together with a `/proc/...` path in a library that imports a file-open
 *   function and a string search or compare function (reading `/proc/self/maps` or thread names and
 *   looking for the injected agent).
 * Strings are read only from libraries whose imports allow such a probe, from one copy each, and only
 * when the checks found nothing in the bytecode, so the cost stays small. A library that IS a hooking
 * toolkit (the Frida gadget exports `frida_*`/`gum_*`) is skipped: it contains the same strings for the
 * opposite reason. Results are computed once per app.
 */
import type { AndroidApp, NativeLib } from '../../../app/android.js';
import type { ElfInfo } from '../../../formats/elf/index.js';
import { readRodataStrings } from '../../../formats/elf/index.js';
import { isDfslabError } from '../../../errors.js';
import type { Proof } from './resilience-support.js';
import { HOOK_INDICATOR } from './indicators-support.js';

export interface NativeProof {
  kind: 'anti-debug' | 'hooking';
  proof: Proof;
}

const FILE_OPEN = new Set(['fopen', 'fopen64', 'open', 'open64', 'openat', 'openat64', '__open_2', '__openat_2', 'syscall']);
const STRING_SEARCH = new Set(['strstr', 'strcasestr', 'memmem', 'strcmp', 'strncmp', 'strcasecmp', 'strncasecmp', '__strstr_chk']);
/** Printable runs read from a library at most; the reader's 4 Mi-character cap still bounds memory. */
const MAX_STRINGS = 500_000;
/** At most this many characters of a matched string in the evidence. */
const EVIDENCE_CHARS = 60;


function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Prefer the 64-bit ARM copy (what most devices run), else the first in ABI order. */
function representative(copies: NativeLib[]): NativeLib & { elf: ElfInfo } {
  const parsed = copies.filter((l): l is NativeLib & { elf: ElfInfo } => l.elf !== undefined);
  parsed.sort((a, b) => (a.abi < b.abi ? -1 : a.abi > b.abi ? 1 : 0));
  return parsed.find((l) => l.abi === 'arm64-v8a') ?? parsed[0]!;
}

function isHookingToolkit(name: string, elf: ElfInfo): boolean {
  return /frida|gadget/i.test(name) || elf.exportedSymbols.some((s) => s.startsWith('frida_') || s.startsWith('gum_'));
}

function clip(s: string): string {
  return s.length > EVIDENCE_CHARS ? `${s.slice(0, EVIDENCE_CHARS)}…` : s;
}

function location(lib: NativeLib, symbol?: string): Proof['location'] {
  const l: Proof['location'] = { path: lib.path };
  if (lib.archive) l.archive = lib.archive;
  if (symbol) l.symbol = symbol;
  return l;
}

interface LibGroup {
  name: string;
  /** The copy that is inspected (see `representative`). */
  lib: NativeLib & { elf: ElfInfo };
  abis: string;
}

function libGroups(app: AndroidApp): LibGroup[] {
  const groups = new Map<string, NativeLib[]>();
  for (const lib of app.nativeLibs) {
    if (!lib.elf) continue;
    const name = fileName(lib.path);
    const list = groups.get(name) ?? [];
    list.push(lib);
    groups.set(name, list);
  }
  return [...groups.keys()].sort().map((name) => ({
    name,
    lib: representative(groups.get(name)!),
    abis: [...new Set(groups.get(name)!.map((l) => l.abi))].sort().join(', '),
  }));
}

const importCache = new WeakMap<AndroidApp, NativeProof[]>();
const stringCache = new WeakMap<AndroidApp, NativeProof[]>();

/** Evidence from the import tables alone (cheap: the libraries are already parsed): self-ptrace. */
export function nativeImportProofs(app: AndroidApp): NativeProof[] {
  let out = importCache.get(app);
  if (out) return out;
  out = [];
  for (const { name, lib, abis } of libGroups(app)) {
    const imports = new Set(lib.elf.importedSymbols);
    if (imports.has('ptrace') && (imports.has('fork') || imports.has('getppid'))) {
      const with_ = ['fork', 'getppid', 'waitpid'].filter((s) => imports.has(s)).join(', ');
      out.push({
        kind: 'anti-debug',
        proof: { location: location(lib, 'ptrace'), evidence: `${name} (${abis}): imports ptrace with ${with_} (self-ptrace anti-debugging pattern)` },
      });
    }
  }
  importCache.set(app, out);
  return out;
}

/**
 * Evidence from the data strings of the libraries (TracerPid tests, Frida/Xposed scans). This inflates and
 * scans library bytes, so the checks ask for it only when the bytecode showed nothing.
 */
export function nativeStringProofs(app: AndroidApp): NativeProof[] {
  let out = stringCache.get(app);
  if (out) return out;
  out = [];
  for (const { name, lib, abis } of libGroups(app)) {
    const elf = lib.elf;
    if (!elf.importedSymbols.some((s) => FILE_OPEN.has(s)) || isHookingToolkit(name, elf)) continue;
    let strings: string[];
    try {
      const bytes = app.read(lib.path, lib.archive);
      if (!bytes) continue;
      // The total-characters cap of readRodataStrings bounds memory; the count cap is lifted so that
      // indicator strings late in a large library are not cut off.
      strings = readRodataStrings(bytes, { label: lib.path, max: MAX_STRINGS });
    } catch (e) {
      if (isDfslabError(e)) continue;
      throw e;
    }
    const tracer = strings.find((s) => s.includes('TracerPid'));
    if (tracer !== undefined) {
      out.push({ kind: 'anti-debug', proof: { location: location(lib), evidence: `${name} (${abis}): reads "${clip(tracer)}" from /proc (tracer of the process)` } });
    }
    if (!elf.importedSymbols.some((s) => STRING_SEARCH.has(s))) continue;
    const proc = strings.find((s) => s.includes('/proc/'));
    const hooks = strings.filter((s) => HOOK_INDICATOR.test(s));
    if (proc !== undefined && hooks.length > 0) {
      const shown = hooks.slice(0, 4).map((s) => `"${clip(s)}"`).join(', ');
      out.push({
        kind: 'hooking',
        proof: { location: location(lib), evidence: `${name} (${abis}): looks for ${shown} in "${clip(proc)}" (imports a file-open and a string-search function)` },
      });
    }
  }
  stringCache.set(app, out);
  return out;
}
