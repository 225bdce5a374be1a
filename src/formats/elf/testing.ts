/**
 * @module formats/elf/testing
 * ELF *mutators* for tests only (not re-exported from index.ts): they copy a well-formed library and
 * apply the tricks packers and hostile builds use — section headers removed or pointed elsewhere, a
 * forged .dynsym, hash tables hidden, header fields set to absurd values — so that tests exercise the
 * loader-view fallback and the hostile-input paths from committed fixtures instead of extra binaries.
 */
import { PT_DYNAMIC, readLayout, SHT_DYNSYM } from './layout.js';

/** e_* fields that can be overwritten, with their offsets per class (gABI 4 "ELF Header"). */
const HEADER_FIELDS = {
  type: { at32: 16, at64: 16, size: 2 },
  machine: { at32: 18, at64: 18, size: 2 },
  phoff: { at32: 28, at64: 32, size: 0 },
  shoff: { at32: 32, at64: 40, size: 0 },
  phentsize: { at32: 42, at64: 54, size: 2 },
  phnum: { at32: 44, at64: 56, size: 2 },
  shentsize: { at32: 46, at64: 58, size: 2 },
  shnum: { at32: 48, at64: 60, size: 2 },
  shstrndx: { at32: 50, at64: 62, size: 2 },
} as const;
export type ElfHeaderField = keyof typeof HEADER_FIELDS;

/** Section header fields (gABI 4 "Section Header"); size 0 = address-sized word. */
const SECTION_FIELDS = {
  name: { at32: 0, at64: 0, size: 4 },
  type: { at32: 4, at64: 4, size: 4 },
  addr: { at32: 12, at64: 16, size: 0 },
  offset: { at32: 16, at64: 24, size: 0 },
  size: { at32: 20, at64: 32, size: 0 },
  link: { at32: 24, at64: 40, size: 4 },
  entsize: { at32: 36, at64: 56, size: 0 },
} as const;
export type ElfSectionField = keyof typeof SECTION_FIELDS;

function writeField(out: Uint8Array, at: number, size: number, value: number): void {
  const is64 = out[4] === 2;
  const le = out[5] === 1;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const width = size === 0 ? (is64 ? 8 : 4) : size;
  if (width === 2) view.setUint16(at, value, le);
  else if (width === 4) view.setUint32(at, value >>> 0, le);
  else view.setBigUint64(at, BigInt(value), le);
}

/** A copy with one e_* field replaced. */
export function withHeaderField(bytes: Uint8Array, field: ElfHeaderField, value: number): Uint8Array {
  const out = bytes.slice();
  const f = HEADER_FIELDS[field];
  writeField(out, out[4] === 2 ? f.at64 : f.at32, f.size, value);
  return out;
}

/** A copy without section headers, as `sstrip` and several Android packers leave a library. */
export function withoutSectionHeaders(bytes: Uint8Array): Uint8Array {
  return withHeaderField(withHeaderField(withHeaderField(bytes, 'shoff', 0), 'shnum', 0), 'shstrndx', 0);
}

/** Program header fields (gABI 5 "Program Header"); size 0 = address-sized word. */
const PROGRAM_FIELDS = {
  type: { at32: 0, at64: 0, size: 4 },
  offset: { at32: 4, at64: 8, size: 0 },
  vaddr: { at32: 8, at64: 16, size: 0 },
  filesz: { at32: 16, at64: 32, size: 0 },
  flags: { at32: 24, at64: 4, size: 4 },
} as const;
export type ElfProgramField = keyof typeof PROGRAM_FIELDS;

/** A copy with one field of the first program header of type `segmentType` replaced. */
export function withProgramHeaderField(bytes: Uint8Array, segmentType: number, field: ElfProgramField, value: number): Uint8Array {
  const layout = readLayout(bytes);
  const index = layout.programHeaders.findIndex((p) => p.type === segmentType);
  if (index < 0) throw new Error(`fixture has no segment of type ${segmentType}`);
  const out = bytes.slice();
  const f = PROGRAM_FIELDS[field];
  writeField(out, layout.header.phoff + index * layout.data.sizes.phdr + (layout.data.is64 ? f.at64 : f.at32), f.size, value);
  return out;
}

/** A copy with one field of the first section of type `sectionType` replaced. */
export function withSectionField(bytes: Uint8Array, sectionType: number, field: ElfSectionField, value: number): Uint8Array {
  const layout = readLayout(bytes);
  const s = layout.sections.find((x) => x.type === sectionType);
  if (s === undefined) throw new Error(`fixture has no section of type ${sectionType}`);
  const out = bytes.slice();
  const f = SECTION_FIELDS[field];
  const base = layout.header.shoff + s.index * layout.data.sizes.shdr;
  writeField(out, base + (layout.data.is64 ? f.at64 : f.at32), f.size, value);
  return out;
}

/** A copy whose .dynsym section header points at `offset` (a forged section table). */
export function withForgedDynsym(bytes: Uint8Array, offset: number): Uint8Array {
  return withSectionField(bytes, SHT_DYNSYM, 'offset', offset);
}

/** A copy where every dynamic entry tagged `from` is retagged `to` (e.g. hide DT_HASH as DT_DEBUG). */
export function withDynamicTagReplaced(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const layout = readLayout(bytes);
  const ph = layout.programHeaders.find((p) => p.type === PT_DYNAMIC);
  if (ph === undefined) throw new Error('fixture has no PT_DYNAMIC');
  const out = bytes.slice();
  const entsize = layout.data.sizes.dyn;
  let replaced = 0;
  for (let o = ph.offset; o + entsize <= ph.offset + ph.filesz; o += entsize) {
    const tag = layout.data.word(o);
    if (tag === 0) break;
    if (tag === from) {
      writeField(out, o, 0, to);
      replaced++;
    }
  }
  if (replaced === 0) throw new Error(`fixture has no dynamic tag ${from}`);
  return out;
}

/** Offset of the first dynamic entry tagged `tag`, for tests that corrupt its value. */
export function dynamicEntryOffset(bytes: Uint8Array, tag: number): number {
  const layout = readLayout(bytes);
  const ph = layout.programHeaders.find((p) => p.type === PT_DYNAMIC);
  if (ph === undefined) throw new Error('fixture has no PT_DYNAMIC');
  const entsize = layout.data.sizes.dyn;
  for (let o = ph.offset; o + entsize <= ph.offset + ph.filesz; o += entsize) {
    if (layout.data.word(o) === tag) return o;
  }
  throw new Error(`fixture has no dynamic tag ${tag}`);
}

/** Writes an address-sized word (the d_val of a dynamic entry at `entryOffset`) into a copy. */
export function withDynamicValue(bytes: Uint8Array, entryOffset: number, value: number): Uint8Array {
  const out = bytes.slice();
  writeField(out, entryOffset + (out[4] === 2 ? 8 : 4), 0, value);
  return out;
}
