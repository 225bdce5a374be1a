/**
 * @module formats/elf/strings
 * Printable strings of a native library's data (`.rodata*`, `.data*`), for secret and endpoint scanning.
 *
 * With usable section headers only the data sections are scanned (gABI 4 "Special Sections": .rodata,
 * .data). Without them (stripped by a packer), or when a data section header does not match the loaded
 * image (forged), every loaded segment is scanned instead, because older toolchains put .rodata in the
 * executable segment: more noise from code bytes, but no secret missed.
 */
import { mapVaddr, PT_LOAD, readLayout, SHT_PROGBITS, type MappedRange } from './layout.js';

const DEFAULT_MIN_LENGTH = 4;
const DEFAULT_MAX_STRINGS = 10_000;
/** A printable run longer than this is cut: it is a blob, not a string, and must not build huge strings. */
const MAX_STRING_LENGTH = 4096;
/** Characters returned in total, whatever `max` says: bounds memory for hostile data sections. */
const MAX_TOTAL_CHARACTERS = 4 * 1024 * 1024;

function isDataSectionName(name: string): boolean {
  return name === '.rodata' || name.startsWith('.rodata.') || name === '.data' || name.startsWith('.data.');
}

/** File ranges to scan, sorted and merged so that no byte is read twice. */
function scanRanges(bytes: Uint8Array, label: string | undefined): MappedRange[] {
  const layout = readLayout(bytes, label);
  const { data } = layout;
  let ranges: MappedRange[] = [];
  const hasSegments = layout.programHeaders.some((p) => p.type === PT_LOAD);
  for (const s of layout.sections) {
    if (s.type === SHT_PROGBITS && s.inFile && s.size > 0 && isDataSectionName(s.name)) {
      // A data section must be where the loader puts its address; if not, the section table is forged
      // and the segments are the only trustworthy description.
      if (hasSegments && mapVaddr(layout, s.addr)?.offset !== s.offset) {
        ranges = [];
        break;
      }
      ranges.push({ offset: s.offset, end: s.offset + s.size });
    }
  }
  if (ranges.length === 0) {
    for (const ph of layout.programHeaders) {
      if (ph.type !== PT_LOAD || ph.filesz === 0 || !data.contains(ph.offset, 0)) continue;
      ranges.push({ offset: ph.offset, end: Math.min(data.length, ph.offset + ph.filesz) });
    }
  }
  if (ranges.length === 0 && layout.sections.length === 0) {
    ranges.push({ offset: 0, end: data.length });
  }
  ranges.sort((a, b) => a.offset - b.offset);
  const merged: MappedRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.offset <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** 1 for the bytes a string may contain: printable ASCII (space..~) and tab. A table beats comparisons. */
const PRINTABLE = new Uint8Array(256);
PRINTABLE.fill(1, 0x20, 0x7f);
PRINTABLE[0x09] = 1;

/**
 * Printable ASCII runs (space..~ and tab) of at least `minLength` characters (default 4) from the data
 * sections, in file order, each reported once, at most `max` (default 10,000) of them, each cut at 4,096
 * characters, 4 Mi characters in all. Throws `DFSLAB_E_ELF_BAD_HEADER` for a file that is not ELF.
 */
export function readRodataStrings(bytes: Uint8Array, opts: { minLength?: number; max?: number; label?: string } = {}): string[] {
  const minLength = Number.isFinite(opts.minLength) ? Math.max(1, Math.floor(opts.minLength!)) : DEFAULT_MIN_LENGTH;
  const max = Number.isFinite(opts.max) ? Math.max(0, Math.floor(opts.max!)) : DEFAULT_MAX_STRINGS;
  const found = new Set<string>();
  let total = 0;
  if (max === 0) return [];
  for (const r of scanRanges(bytes, opts.label)) {
    const end = r.end;
    let i = r.offset;
    while (i < end) {
      while (i < end && PRINTABLE[bytes[i]!] === 0) i++;
      const start = i;
      while (i < end && PRINTABLE[bytes[i]!] === 1) i++;
      const length = i - start;
      if (length >= minLength) {
        const cut = Math.min(length, MAX_STRING_LENGTH);
        found.add(Buffer.from(bytes.buffer, bytes.byteOffset + start, cut).toString('latin1'));
        total += cut;
        if (found.size >= max || total >= MAX_TOTAL_CHARACTERS) return [...found];
      }
    }
  }
  return [...found];
}
