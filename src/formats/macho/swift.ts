/**
 * @module formats/macho/swift
 * Swift type names of one slice, read from the Swift 5 reflection metadata, and a small demangler for the
 * Objective-C runtime names the Swift compiler gives to Swift classes (`_TtC6MyBank9LoginView`).
 *
 * Layouts follow the Swift ABI (docs/ABI/TypeMetadata.rst, include/swift/ABI/Metadata.h and MetadataValues.h):
 * - `__TEXT,__swift5_types` is an array of TypeMetadataRecord: an int32 relative pointer whose two low bits are
 *   a TypeReferenceKind (0 direct type descriptor, 1 indirect, 2/3 Objective-C class: not Swift types).
 * - `__TEXT,__swift5_protos` is an array of ProtocolRecord: an int32 relative indirectable pointer (bit 0 set:
 *   the target is a pointer to the descriptor; bit 1 reserved).
 * - Every context descriptor starts with flags (u32, kind in bits 0–4) and the parent (int32 relative
 *   indirectable pointer, 0 for a root). Modules, protocols and nominal types then hold their name (int32
 *   relative pointer to a NUL-terminated string); an extension holds the mangled name of the type it extends.
 * Relative pointers are relative to the address of the field holding them, in the VM address space, so they
 * are followed through the segments' VM → file mapping, not as file offsets.
 *
 * The metadata is untrusted: every read is bounds-checked against the file-backed part of a segment, parent
 * chains are memoised, cycle-checked and depth-capped, and the record count is capped. Bad records are skipped
 * and counted in an anomaly; nothing here throws on malformed bytes.
 */
import type { MachOAnomaly, MachOSection, MachOSlice } from './macho.js';

export type SwiftTypeKind = 'class' | 'struct' | 'enum' | 'protocol';

export interface SwiftTypeName {
  /**
   * Dot-qualified name as Swift source spells it: `MyBank.LoginViewController`, `MyBank.Outer.Inner`. Anonymous
   * contexts (private and local declarations) add no part; a type declared in an extension is qualified by the
   * extended type when its mangled name can be read, else by the module.
   */
  name: string;
  kind: SwiftTypeKind;
  /** The module that declares the type (root of the parent chain); '' when the chain leaves the binary. */
  module: string;
}

export interface SwiftTypeOptions {
  /** Records read per section (default 50 000); the rest are left out with a `swift-records-truncated` anomaly. */
  max?: number;
  /** Where to record anomalies (bad records, cycles, truncation), e.g. `MachOFile.anomalies`. */
  anomalies?: MachOAnomaly[];
}

// ContextDescriptorKind, MetadataValues.h.
const KIND_MODULE = 0;
const KIND_EXTENSION = 1;
const KIND_ANONYMOUS = 2;
const KIND_PROTOCOL = 3;
const KIND_CLASS = 16;
const KIND_STRUCT = 17;
const KIND_ENUM = 18;

const DEFAULT_MAX = 50_000;
/** Real nesting stays far below; a deeper chain is a loop or a hostile file. */
const MAX_DEPTH = 32;
/** Longest name or mangled name read. */
const MAX_NAME_BYTES = 1024;
/** Anomalies this reader adds per call, so a hostile section cannot flood the list. */
const MAX_ANOMALIES = 8;

/** One file-backed segment: [vm, vmEnd) maps to [file, file + vmEnd - vm) of the whole file. */
interface MappedRange {
  vm: number;
  vmEnd: number;
  file: number;
}

/** Reads of the slice by VM address; undefined whenever the bytes are not backed by the file. */
class SliceMemory {
  private readonly ranges: MappedRange[] = [];
  private readonly dv: DataView;
  readonly base: number | undefined;

  constructor(private readonly bytes: Uint8Array, private readonly slice: MachOSlice) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sliceEnd = Math.min(bytes.length, slice.offset + slice.size);
    for (const seg of slice.segments) {
      if (seg.vmaddr > BigInt(Number.MAX_SAFE_INTEGER - 2 ** 32)) continue;
      const vm = Number(seg.vmaddr);
      const file = slice.offset + seg.fileoff;
      // Only the file-backed prefix: the rest of vmsize is zero fill, and a lying filesize stops at the slice.
      const len = Math.min(seg.filesize, Number(seg.vmsize), Math.max(0, sliceEnd - file));
      if (len > 0 && file < sliceEnd) this.ranges.push({ vm, vmEnd: vm + len, file });
      // dyld's image base: the __TEXT segment maps the header (fileoff 0).
      if (seg.fileoff === 0 && seg.filesize > 0 && this.base === undefined) this.base = vm;
    }
  }

  /** File offset of [addr, addr + size), when one segment backs all of it. */
  offset(addr: number, size: number): number | undefined {
    if (!Number.isSafeInteger(addr)) return undefined;
    for (const r of this.ranges) if (addr >= r.vm && addr + size <= r.vmEnd) return r.file + (addr - r.vm);
    return undefined;
  }

  /** End (exclusive file offset) of the mapped range holding addr. */
  private rangeEnd(addr: number): number | undefined {
    for (const r of this.ranges) if (addr >= r.vm && addr < r.vmEnd) return r.file + (r.vmEnd - r.vm);
    return undefined;
  }

  u8(addr: number): number | undefined {
    const o = this.offset(addr, 1);
    return o === undefined ? undefined : this.bytes[o];
  }

  i32(addr: number): number | undefined {
    const o = this.offset(addr, 4);
    return o === undefined ? undefined : this.dv.getInt32(o, this.slice.littleEndian);
  }

  u32(addr: number): number | undefined {
    const o = this.offset(addr, 4);
    return o === undefined ? undefined : this.dv.getUint32(o, this.slice.littleEndian);
  }

  /** A pointer-sized value (u64 on 64-bit slices), as a bigint. */
  pointer(addr: number): bigint | undefined {
    if (!this.slice.is64) {
      const v = this.u32(addr);
      return v === undefined ? undefined : BigInt(v);
    }
    const o = this.offset(addr, 8);
    return o === undefined ? undefined : this.dv.getBigUint64(o, this.slice.littleEndian);
  }

  /** Bytes from addr up to (not including) the first NUL, or undefined without one within the cap. */
  raw(addr: number): Uint8Array | undefined {
    const start = this.offset(addr, 1);
    const end = this.rangeEnd(addr);
    if (start === undefined || end === undefined) return undefined;
    const limit = Math.min(end, start + MAX_NAME_BYTES);
    for (let i = start; i < limit; i++) if (this.bytes[i] === 0) return this.bytes.subarray(start, i);
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A declared name: non-empty, no control bytes, valid UTF-8. */
function nameText(b: Uint8Array | undefined): string | undefined {
  if (!b || b.length === 0) return undefined;
  for (const c of b) if (c < 0x20 || c === 0x7f) return undefined;
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

/** What a parent chain resolves to: the name parts (outermost first) and the declaring module. */
interface ContextPath {
  parts: string[];
  module: string;
}

type Resolution = { ok: true; path: ContextPath } | { ok: false; reason: 'cycle' | 'depth' | 'unreadable' | 'kind' | 'name' };

const IN_PROGRESS = Symbol('in-progress');

/** Follows relative pointers and parent chains of one slice, memoising each descriptor. */
class ContextResolver {
  private readonly memo = new Map<number, Resolution | typeof IN_PROGRESS>();

  constructor(readonly mem: SliceMemory, private readonly slice: MachOSlice) {}

  /** Target of a plain int32 relative pointer at `field`; undefined when the field is unreadable. */
  direct(field: number, mask = -1): number | undefined {
    const v = this.mem.i32(field);
    return v === undefined ? undefined : field + (v & mask);
  }

  /**
   * The address a pointer slot holds. Classic binaries store the unslid VM address (rebased by dyld);
   * LC_DYLD_CHAINED_FIXUPS binaries store a chained rebase (DYLD_CHAINED_PTR_64: target VM address in bits
   * 0–35; DYLD_CHAINED_PTR_64_OFFSET: offset from the image base). A bind (bit 63, or anything that maps
   * nowhere) names a symbol of another image: undefined.
   */
  slot(addr: number): number | undefined {
    const v = this.mem.pointer(addr);
    if (v === undefined || v === 0n) return undefined;
    const mapped = (a: bigint): number | undefined => {
      if (a > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
      const n = Number(a);
      return this.mem.offset(n, 8) === undefined ? undefined : n;
    };
    const plain = mapped(v);
    if (plain !== undefined) return plain;
    if (!this.slice.is64 || v >> 63n !== 0n) return undefined;
    const target = v & 0xfffffffffn;
    return mapped(target) ?? (this.mem.base === undefined ? undefined : mapped(BigInt(this.mem.base) + target));
  }

  /** Target of a relative indirectable pointer (bit 0: points to a pointer slot); null for an explicit 0. */
  indirectable(field: number, intBits: number): number | null | undefined {
    const v = this.mem.i32(field);
    if (v === undefined) return undefined;
    if (v === 0) return null;
    const target = field + (v & ~((1 << intBits) - 1));
    return (v & 1) === 0 ? target : this.slot(target);
  }

  resolve(addr: number, depth = 0): Resolution {
    const seen = this.memo.get(addr);
    if (seen === IN_PROGRESS) return { ok: false, reason: 'cycle' };
    if (seen) return seen;
    if (depth > MAX_DEPTH) return { ok: false, reason: 'depth' };
    this.memo.set(addr, IN_PROGRESS);
    const r = this.compute(addr, depth);
    this.memo.set(addr, r);
    return r;
  }

  private compute(addr: number, depth: number): Resolution {
    const flags = this.mem.u32(addr);
    if (flags === undefined) return { ok: false, reason: 'unreadable' };
    const kind = flags & 0x1f;
    if (kind !== KIND_MODULE && kind !== KIND_EXTENSION && kind !== KIND_ANONYMOUS && kind !== KIND_PROTOCOL && kind !== KIND_CLASS && kind !== KIND_STRUCT && kind !== KIND_ENUM) {
      return { ok: false, reason: 'kind' };
    }
    const parentAddr = this.indirectable(addr + 4, 1);
    if (parentAddr === undefined && (this.mem.i32(addr + 4) ?? 0) & 1) {
      // An indirect parent that binds to another image: the chain leaves this binary, which is legitimate.
      return this.named(kind, addr, { parts: [], module: '' });
    }
    if (parentAddr === undefined) return { ok: false, reason: 'unreadable' };
    let parent: ContextPath = { parts: [], module: '' };
    if (parentAddr !== null) {
      const p = this.resolve(parentAddr, depth + 1);
      if (!p.ok) return p;
      parent = p.path;
    }
    if (kind === KIND_ANONYMOUS) return { ok: true, path: parent };
    if (kind === KIND_EXTENSION) {
      const extended = this.extendedContext(addr + 8, depth);
      return { ok: true, path: { parts: extended ?? parent.parts, module: parent.module } };
    }
    return this.named(kind, addr, parent);
  }

  private named(kind: number, addr: number, parent: ContextPath): Resolution {
    const nameAt = this.direct(addr + 8);
    const name = nameAt === undefined ? undefined : nameText(this.mem.raw(nameAt));
    if (name === undefined) return { ok: false, reason: 'name' };
    if (kind === KIND_MODULE) return { ok: true, path: { parts: [name], module: name } };
    return { ok: true, path: { parts: [...parent.parts, name], module: parent.module } };
  }

  /**
   * Name parts of the type an extension extends, from its mangled name: a symbolic reference to a context
   * descriptor (0x01 direct, 0x02 indirect: MetadataValues.h SymbolicReferenceKind), or a plain nominal type
   * mangling. Undefined when neither reads.
   */
  private extendedContext(field: number, depth: number): string[] | undefined {
    const at = this.direct(field);
    if (at === undefined) return undefined;
    const lead = this.mem.u8(at);
    if (lead === 0x01 || lead === 0x02) {
      const ref = this.direct(at + 1);
      const target = ref === undefined ? undefined : lead === 0x01 ? ref : this.slot(ref);
      if (target === undefined) return undefined;
      const r = this.resolve(target, depth + 1);
      return r.ok && r.path.parts.length > 0 ? r.path.parts : undefined;
    }
    const text = nameText(this.mem.raw(at));
    return text === undefined ? undefined : demangleNominalType(text);
  }
}

/** Standard substitutions (`S` + letter) of the mangling for the stdlib types an extension commonly extends. */
const STANDARD_TYPES: Readonly<Record<string, string>> = {
  a: 'Array', b: 'Bool', D: 'Dictionary', d: 'Double', f: 'Float', h: 'Set', i: 'Int', J: 'Character', q: 'Optional', S: 'String', s: 'Substring', u: 'UInt',
};

/** `<len><identifier>` at i (no word substitutions, no punycode): [identifier, next index]. */
function identifierAt(s: string, i: number): [string, number] | undefined {
  const m = /^[1-9]\d{0,3}/.exec(s.slice(i, i + 4));
  if (!m) return undefined;
  const len = Number(m[0]);
  const start = i + m[0].length;
  if (start + len > s.length) return undefined;
  return [s.slice(start, start + len), start + len];
}

/** Module of a mangling at i: `s` (Swift), `So` (imported C/Objective-C, printed `__C`) or an identifier. */
function moduleAt(s: string, i: number): [string, number] | undefined {
  if (s.startsWith('So', i)) return ['__C', i + 2];
  if (s[i] === 's') return ['Swift', i + 1];
  return identifierAt(s, i);
}

/**
 * Parts of a Swift 5 nominal type mangling such as `6MyBank4UserV`, `6MyBank5OuterV5InnerO`, `So6UIViewC` or
 * `SS`; undefined for anything more elaborate (generics, substitutions, private discriminators).
 */
export function demangleNominalType(mangled: string): string[] | undefined {
  if (mangled.length === 2 && mangled[0] === 'S' && STANDARD_TYPES[mangled[1]!]) return ['Swift', STANDARD_TYPES[mangled[1]!]!];
  const mod = moduleAt(mangled, 0);
  if (!mod) return undefined;
  const parts = [mod[0]];
  let i = mod[1];
  while (i < mangled.length) {
    const id = identifierAt(mangled, i);
    if (!id || !'CVO'.includes(mangled[id[1]] ?? '_')) return undefined;
    parts.push(id[0]);
    i = id[1] + 1;
  }
  return parts.length > 1 ? parts : undefined;
}

/**
 * The Swift name behind the Objective-C runtime name of a Swift class or protocol (Swift's pre-5 "old"
 * mangling, still used for these names): `_TtC6MyBank9LoginView` → `MyBank.LoginView`, nested
 * `_TtCC6MyBank5Outer5Inner` → `MyBank.Outer.Inner` (one kind letter C/V/O per nesting level, outermost
 * last), `_TtCs12_SwiftObject` → `Swift._SwiftObject`, private types (`P33_<hash>` discriminator) without the
 * discriminator, protocols `_TtP6MyBank8Delegate_` → `MyBank.Delegate`. Anything else (generic classes,
 * punycode or substituted names, ordinary Objective-C names) comes back unchanged.
 */
export function demangleObjcClassName(name: string): string {
  if (!name.startsWith('_Tt')) return name;
  let i = 3;
  const protocol = name[i] === 'P';
  let levels = 0;
  if (protocol) {
    i++;
    levels = 1;
  } else {
    while (i < name.length && 'CVO'.includes(name[i]!)) {
      levels++;
      i++;
    }
    if (levels === 0 || name[3] !== 'C') return name;
  }
  const mod = moduleAt(name, i);
  if (!mod) return name;
  const parts = [mod[0]];
  i = mod[1];
  for (let k = 0; k < levels; k++) {
    if (name[i] === 'P') {
      // Private declaration: a discriminator identifier (`33_<32 hex>`) precedes the name.
      const disc = identifierAt(name, i + 1);
      if (!disc || !disc[0].startsWith('_')) return name;
      i = disc[1];
    }
    const id = identifierAt(name, i);
    if (!id) return name;
    parts.push(id[0]);
    i = id[1];
  }
  if (protocol) {
    if (name[i] !== '_') return name;
    i++;
  }
  return i === name.length ? parts.join('.') : name;
}

function findSection(slice: MachOSlice, name: string): MachOSection | undefined {
  for (const seg of slice.segments) for (const s of seg.sections) if (s.name === name) return s;
  return undefined;
}

/** True when the FairPlay-encrypted range of the slice covers part of the section (its bytes are ciphertext). */
function encrypted(slice: MachOSlice, s: MachOSection): boolean {
  const e = slice.encryption;
  if (!e || e.cryptid === 0) return false;
  return s.offset < e.cryptoff + e.cryptsize && e.cryptoff < s.offset + s.size;
}

/**
 * Swift classes, structs and enums (`__swift5_types`) and protocols (`__swift5_protos`) of one slice, in
 * section order, unique by kind and name. `bytes` is the whole file the slice came from. A slice whose
 * metadata lies in its FairPlay-encrypted range yields nothing (the bytes are ciphertext).
 */
export function swiftTypeNames(bytes: Uint8Array, slice: MachOSlice, opts: SwiftTypeOptions = {}): SwiftTypeName[] {
  const max = opts.max ?? DEFAULT_MAX;
  const mem = new SliceMemory(bytes, slice);
  const resolver = new ContextResolver(mem, slice);
  const out: SwiftTypeName[] = [];
  const seen = new Set<string>();
  const problems = new Map<string, number>();
  const note = (kind: string): void => void problems.set(kind, (problems.get(kind) ?? 0) + 1);
  let truncated = '';

  for (const [sectionName, wantProtocol] of [['__swift5_types', false], ['__swift5_protos', true]] as const) {
    const section = findSection(slice, sectionName);
    if (!section || section.size < 4 || encrypted(slice, section)) continue;
    if (section.addr > BigInt(Number.MAX_SAFE_INTEGER - 2 ** 32)) {
      note('unreadable');
      continue;
    }
    const start = Number(section.addr);
    let count = Math.floor(section.size / 4);
    if (count > max) {
      truncated += `${truncated ? '; ' : ''}${sectionName} holds ${count} records, ${max} read`;
      count = max;
    }
    for (let k = 0; k < count; k++) {
      const field = start + k * 4;
      const value = mem.i32(field);
      if (value === undefined) {
        // The section runs past the file-backed bytes (a lying size): the rest is unreadable too.
        note('section-out-of-file');
        break;
      }
      let descriptor: number | undefined;
      if (wantProtocol) {
        descriptor = resolver.indirectable(field, 2) ?? undefined;
      } else {
        const refKind = value & 3;
        // 2 and 3 reference Objective-C classes by name or by class object: not Swift descriptors.
        if (refKind >= 2) continue;
        const target = field + (value & ~3);
        descriptor = refKind === 0 ? target : resolver.slot(target);
      }
      if (descriptor === undefined) {
        note('unreadable');
        continue;
      }
      const r = resolver.resolve(descriptor);
      if (!r.ok) {
        note(r.reason);
        continue;
      }
      const kind = kindName(mem.u32(descriptor)! & 0x1f);
      if (kind === undefined || (kind === 'protocol') !== wantProtocol) {
        note('kind');
        continue;
      }
      const name = r.path.parts.join('.');
      const key = `${kind}\0${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, kind, module: r.path.module });
    }
  }

  if (opts.anomalies) {
    let added = 0;
    const add = (kind: string, message: string): void => {
      if (added++ < MAX_ANOMALIES) opts.anomalies!.push({ kind, message });
    };
    const where = slice.offset === 0 ? '' : `slice @${slice.offset}: `;
    if (truncated) add('swift-records-truncated', `${where}${truncated}`);
    for (const [reason, n] of [...problems].sort(([a], [b]) => (a < b ? -1 : 1))) {
      add(`swift-metadata-${reason}`, `${where}${n} Swift metadata record${n === 1 ? '' : 's'} skipped: ${REASONS[reason] ?? reason}`);
    }
  }
  return out;
}

const REASONS: Readonly<Record<string, string>> = {
  cycle: 'the parent chain loops',
  depth: `the parent chain is deeper than ${MAX_DEPTH}`,
  unreadable: 'a relative pointer leads outside the file',
  kind: 'the descriptor kind is not a module, extension, protocol or nominal type',
  name: 'the name is missing, too long or not text',
  'section-out-of-file': 'the section runs past the bytes of the file',
};

function kindName(kind: number): SwiftTypeKind | undefined {
  switch (kind) {
    case KIND_CLASS: return 'class';
    case KIND_STRUCT: return 'struct';
    case KIND_ENUM: return 'enum';
    case KIND_PROTOCOL: return 'protocol';
    default: return undefined;
  }
}
