/**
 * @module formats/macho/testing
 * Test-only builders: the committed fixtures (gzipped) and hand-made Mach-O headers and code-signature
 * superblobs for cases no toolchain here produces (big-endian, entitlements, CMS, hostile fields).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const testdataDir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

export function fixture(name: string): Uint8Array {
  const raw = readFileSync(join(testdataDir, name));
  return new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw);
}

export interface RawLoadCommand {
  cmd: number;
  /** Payload after cmd/cmdsize. */
  body: Uint8Array;
  /** Override the written cmdsize (to lie). */
  cmdsize?: number;
}

function u32(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, le);
  return b;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A thin Mach-O: header + load commands + `tail` bytes. */
export function buildThin(opts: {
  is64?: boolean;
  le?: boolean;
  cputype?: number;
  cpusubtype?: number;
  filetype?: number;
  flags?: number;
  commands: RawLoadCommand[];
  ncmds?: number;
  tail?: Uint8Array;
}): Uint8Array {
  const is64 = opts.is64 ?? true;
  const le = opts.le ?? true;
  const cmds = opts.commands.map((c) => concat([u32(c.cmd, le), u32(c.cmdsize ?? c.body.length + 8, le), c.body]));
  const sizeofcmds = cmds.reduce((n, c) => n + c.length, 0);
  const header = [
    u32(is64 ? 0xfeedfacf : 0xfeedface, le),
    u32(opts.cputype ?? 0x0100000c, le),
    u32(opts.cpusubtype ?? 0, le),
    u32(opts.filetype ?? 2, le),
    u32(opts.ncmds ?? cmds.length, le),
    u32(sizeofcmds, le),
    u32(opts.flags ?? 0x200000, le),
  ];
  if (is64) header.push(u32(0, le));
  return concat([...header, ...cmds, opts.tail ?? new Uint8Array(0)]);
}

/** Body of an lc_str command (dylib/rpath): string offset, fixed fields, then the NUL-padded string. */
export function lcStrBody(fixed: number[], str: string, le = true): Uint8Array {
  const head = concat([u32(8 + 4 + fixed.length * 4, le), ...fixed.map((f) => u32(f, le))]);
  const text = new TextEncoder().encode(str);
  const total = Math.ceil((8 + head.length + text.length + 1) / 8) * 8; // cmdsize stays 8-aligned
  const body = new Uint8Array(total - 8);
  body.set(head);
  body.set(text, head.length);
  return body;
}

export function be32(v: number): Uint8Array {
  return u32(v, false);
}

/** A cs_blobs.h generic blob: magic, length, payload. */
export function blob(magic: number, payload: Uint8Array): Uint8Array {
  return concat([be32(magic), be32(payload.length + 8), payload]);
}

/** SuperBlob 0xfade0cc0 with the given (slot type, blob) pairs. */
export function superBlob(entries: Array<[number, Uint8Array]>, countOverride?: number): Uint8Array {
  let offset = 12 + entries.length * 8;
  const index: Uint8Array[] = [];
  for (const [type, b] of entries) {
    index.push(be32(type), be32(offset));
    offset += b.length;
  }
  return concat([be32(0xfade0cc0), be32(offset), be32(countOverride ?? entries.length), ...index, ...entries.map((e) => e[1])]);
}

/** CodeDirectory version 0x20400 with identifier, team id and exec segment flags. */
export function codeDirectory(opts: { flags: number; identifier: string; teamId?: string; hashType?: number; execSegFlags?: bigint }): Uint8Array {
  const fixedLen = 88;
  const ident = new TextEncoder().encode(`${opts.identifier}\0`);
  const team = opts.teamId === undefined ? new Uint8Array(0) : new TextEncoder().encode(`${opts.teamId}\0`);
  const body = new Uint8Array(fixedLen + ident.length + team.length);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, 0xfade0c02);
  dv.setUint32(4, body.length);
  dv.setUint32(8, 0x20400);
  dv.setUint32(12, opts.flags);
  dv.setUint32(16, body.length); // hashOffset: no hashes in this stand-in
  dv.setUint32(20, fixedLen);
  dv.setUint32(24, 7); // nSpecialSlots
  dv.setUint32(28, 3); // nCodeSlots
  body[36] = 32;
  body[37] = opts.hashType ?? 2;
  body[39] = 12;
  if (opts.teamId !== undefined) dv.setUint32(48, fixedLen + ident.length);
  dv.setBigUint64(80, opts.execSegFlags ?? 0n);
  body.set(ident, fixedLen);
  body.set(team, fixedLen + ident.length);
  return body;
}

// ---------------------------------------------------------------- Swift metadata (added for ./swift.ts)

/** A reference in a hand-built Swift descriptor: another descriptor's id, or a raw int32 written as is. */
export type SwiftRef = string | { raw: number };

/** One context descriptor of {@link buildSwiftMachO} (Swift ABI ContextDescriptor layouts). */
export interface SwiftDescriptorSpec {
  id: string;
  /** ContextDescriptorKind: 0 module, 1 extension, 2 anonymous, 3 protocol, 16 class, 17 struct, 18 enum. */
  kind: number;
  /**
   * The parent: a descriptor id (direct relative pointer), `{ raw }`, or through a pointer slot in
   * `__DATA_CONST` (`indirect`): `slot` 'vm' writes the VM address, 'chained' a DYLD_CHAINED_PTR_64_OFFSET
   * rebase (offset from the image base), 'bind' a chained bind (bit 63) to another image. Omitted: 0 (root).
   */
  parent?: SwiftRef | { indirect: string; slot?: 'vm' | 'chained' | 'bind' };
  /** Module/protocol/type name, or `{ raw }` for a lying relative pointer. */
  name?: string | { raw: number };
  /** Extension only: the extended context as a mangled name, or a 0x01 symbolic reference to a descriptor. */
  extended?: string | { symbolic: string };
}

export interface SwiftMachOSpec {
  descriptors: SwiftDescriptorSpec[];
  /** `__swift5_types` records: descriptor ids (TypeReferenceKind 0), `{ indirect }` (kind 1), or raw int32s. */
  types?: Array<SwiftRef | { indirect: string }>;
  /** `__swift5_protos` records: descriptor ids or raw int32s. */
  protos?: SwiftRef[];
  /** `__objc_classname` strings. */
  classNames?: string[];
  /** Overrides the size written for `__swift5_types` (to lie). */
  typesSize?: number;
  /** Adds LC_ENCRYPTION_INFO_64 over the whole __TEXT segment with this cryptid. */
  cryptid?: number;
}

const SWIFT_TEXT_VM = 0x100000000;
/** __DATA_CONST sits at a VM distance from __TEXT unlike its file distance, as after real page alignment. */
const SWIFT_DATA_VM_GAP = 0x40000;

function le32(v: number): Uint8Array {
  return u32(v, true);
}
function le64(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}
function name16(s: string): Uint8Array {
  const b = new Uint8Array(16);
  b.set(new TextEncoder().encode(s).subarray(0, 16));
  return b;
}
function section64(name: string, seg: string, addr: number, size: number, offset: number, flags: number): Uint8Array {
  return concat([name16(name), name16(seg), le64(BigInt(addr)), le64(BigInt(size)), le32(offset), le32(2), le32(0), le32(0), le32(flags), le32(0), le32(0), le32(0)]);
}

/**
 * A thin arm64 executable whose `__TEXT` holds `__swift5_types`, `__swift5_protos`, the descriptors and their
 * strings (`__const`) and `__objc_classname`, with pointer slots in `__DATA_CONST,__const` for indirect
 * references: what swiftc and ld64 emit, reduced to the fields the Swift readers use.
 */
export function buildSwiftMachO(spec: SwiftMachOSpec): Uint8Array {
  const enc = new TextEncoder();
  const types = spec.types ?? [];
  const protos = spec.protos ?? [];
  const slotRefs: Array<{ target: string; kind: 'vm' | 'chained' | 'bind' }> = [];
  const slotOf = (target: string, kind: 'vm' | 'chained' | 'bind' = 'vm'): number => slotRefs.push({ target, kind }) - 1;
  const typeSlots = types.map((t) => (typeof t === 'object' && 'indirect' in t ? slotOf(t.indirect) : -1));
  const parentSlots = spec.descriptors.map((d) => (typeof d.parent === 'object' && 'indirect' in d.parent ? slotOf(d.parent.indirect, d.parent.slot) : -1));

  // Load commands: __TEXT (4 sections), __DATA_CONST (1 section), optional LC_ENCRYPTION_INFO_64.
  const cmdsSize = 72 + 4 * 80 + 72 + 80 + (spec.cryptid === undefined ? 0 : 24);
  const textStart = 32 + cmdsSize;
  const typesOff = textStart;
  const protosOff = typesOff + types.length * 4;
  const constOff = protosOff + protos.length * 4;
  // Descriptors are 20 bytes (flags, parent, name/extended, two more words), then the strings.
  const descOff = new Map<string, number>();
  spec.descriptors.forEach((d, i) => descOff.set(d.id, constOff + i * 20));
  let strOff = constOff + spec.descriptors.length * 20;
  const strings: Uint8Array[] = [];
  const stringAt = new Map<number, number>();
  spec.descriptors.forEach((d, i) => {
    const text = d.kind === 1 ? d.extended : d.name;
    if (text === undefined || (typeof text === 'object' && 'raw' in text)) return;
    stringAt.set(i, strOff);
    // A symbolic reference is 0x01 + int32, patched once the descriptor addresses are known.
    const b = typeof text === 'string' ? enc.encode(`${text}\0`) : new Uint8Array(6);
    strings.push(b);
    strOff += b.length;
  });
  const constEnd = strOff;
  const classNames = enc.encode((spec.classNames ?? []).map((n) => `${n}\0`).join(''));
  const classOff = constEnd;
  const textEnd = (classOff + classNames.length + 7) & ~7;
  const dataOff = textEnd;
  const dataSize = Math.max(8, slotRefs.length * 8);
  const vm = (off: number): number => SWIFT_TEXT_VM + off;
  const dataVm = (k: number): number => SWIFT_TEXT_VM + SWIFT_DATA_VM_GAP + k * 8;

  const file = new Uint8Array(dataOff + dataSize);
  const dv = new DataView(file.buffer);
  const rel = (fieldVm: number, targetVm: number): number => targetVm - fieldVm;
  const refValue = (fieldVm: number, r: SwiftRef): number => (typeof r === 'string' ? rel(fieldVm, vm(descOff.get(r)!)) : r.raw);

  types.forEach((t, k) => {
    const field = vm(typesOff + k * 4);
    const v = typeSlots[k]! >= 0 ? rel(field, dataVm(typeSlots[k]!)) | 1 : refValue(field, t as SwiftRef);
    dv.setInt32(typesOff + k * 4, v, true);
  });
  protos.forEach((p, k) => dv.setInt32(protosOff + k * 4, refValue(vm(protosOff + k * 4), p), true));
  spec.descriptors.forEach((d, i) => {
    const at = descOff.get(d.id)!;
    dv.setUint32(at, d.kind, true);
    if (parentSlots[i]! >= 0) dv.setInt32(at + 4, rel(vm(at + 4), dataVm(parentSlots[i]!)) | 1, true);
    else if (d.parent !== undefined) dv.setInt32(at + 4, refValue(vm(at + 4), d.parent as SwiftRef), true);
    const text = d.kind === 1 ? d.extended : d.name;
    if (typeof text === 'object' && 'raw' in text) dv.setInt32(at + 8, text.raw, true);
    else if (stringAt.has(i)) dv.setInt32(at + 8, rel(vm(at + 8), vm(stringAt.get(i)!)), true);
  });
  let o = constOff + spec.descriptors.length * 20;
  for (const b of strings) {
    file.set(b, o);
    o += b.length;
  }
  spec.descriptors.forEach((d, i) => {
    if (d.kind !== 1 || typeof d.extended !== 'object' || !('symbolic' in d.extended)) return;
    const at = stringAt.get(i)!;
    file[at] = 0x01;
    dv.setInt32(at + 1, rel(vm(at + 1), vm(descOff.get(d.extended.symbolic)!)), true);
  });
  file.set(classNames, classOff);
  slotRefs.forEach((s, k) => {
    const target = BigInt(vm(descOff.get(s.target)!));
    const value = s.kind === 'vm' ? target : s.kind === 'chained' ? target - BigInt(SWIFT_TEXT_VM) : (1n << 63n) | 3n;
    dv.setBigUint64(dataOff + k * 8, value, true);
  });

  const text = concat([
    name16('__TEXT'), le64(BigInt(SWIFT_TEXT_VM)), le64(BigInt(textEnd)), le64(0n), le64(BigInt(textEnd)), le32(5), le32(5), le32(4), le32(0),
    section64('__swift5_types', '__TEXT', vm(typesOff), spec.typesSize ?? types.length * 4, typesOff, 0),
    section64('__swift5_protos', '__TEXT', vm(protosOff), protos.length * 4, protosOff, 0),
    section64('__const', '__TEXT', vm(constOff), constEnd - constOff, constOff, 0),
    section64('__objc_classname', '__TEXT', vm(classOff), classNames.length, classOff, 2),
  ]);
  const data = concat([
    name16('__DATA_CONST'), le64(BigInt(dataVm(0))), le64(BigInt(dataSize)), le64(BigInt(dataOff)), le64(BigInt(dataSize)), le32(3), le32(3), le32(1), le32(0),
    section64('__const', '__DATA_CONST', dataVm(0), dataSize, dataOff, 0),
  ]);
  const commands: RawLoadCommand[] = [{ cmd: 0x19, body: text }, { cmd: 0x19, body: data }];
  if (spec.cryptid !== undefined) commands.push({ cmd: 0x2c, body: concat([le32(textStart), le32(textEnd - textStart), le32(spec.cryptid), le32(0)]) });
  const head = buildThin({ commands });
  if (head.length !== textStart) throw new Error(`buildSwiftMachO: header is ${head.length} bytes, expected ${textStart}`);
  file.set(head, 0);
  return file;
}
