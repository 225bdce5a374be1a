/**
 * @module formats/macho/strings
 * On-demand string tables of one slice: C string literals (__TEXT,__cstring), Objective-C class names
 * (__objc_classname) and selectors (__objc_methname). These sections are S_CSTRING_LITERALS: a run of
 * NUL-terminated strings (loader.h). Nothing is decoded until a check asks. When the slice is encrypted
 * (LC_ENCRYPTION_INFO cryptid != 0) the __TEXT content is ciphertext and these lists are noise.
 */
import type { MachOSection, MachOSlice } from './macho.js';

export interface CStringOptions {
  /** Shortest string kept (default 4 for cStrings, 1 for the objc lists). */
  minLength?: number;
  /** Stop after this many strings (default 200 000). */
  max?: number;
}

const utf8 = new TextDecoder('utf-8');

function findSections(slice: MachOSlice, names: readonly string[]): MachOSection[] {
  const out: MachOSection[] = [];
  for (const seg of slice.segments) {
    for (const s of seg.sections) if (names.includes(s.name)) out.push(s);
  }
  return out;
}

/** Strings of the given sections, clamped to the slice; `bytes` is the whole file the slice came from. */
function sectionStrings(bytes: Uint8Array, slice: MachOSlice, sections: MachOSection[], minLength: number, max: number, printableOnly = false): string[] {
  const sliceEnd = Math.min(bytes.length, slice.offset + slice.size);
  const out: string[] = [];
  for (const s of sections) {
    const start = slice.offset + s.offset;
    if (s.offset === 0 || start >= sliceEnd) continue;
    const end = Math.min(sliceEnd, start + s.size);
    let i = start;
    while (i < end && out.length < max) {
      let j = i;
      while (j < end && bytes[j] !== 0) j++;
      if (j - i >= minLength && !(printableOnly && hasControlByte(bytes, i, j))) out.push(decode(bytes, i, j));
      i = j + 1;
    }
  }
  return out;
}

function hasControlByte(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (bytes[k]! < 0x20) return true;
  return false;
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let k = start; k < end; k++) {
    if (bytes[k]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return utf8.decode(bytes.subarray(start, end));
  return end - start < 64 ? String.fromCharCode(...bytes.subarray(start, end)) : Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** C string literals of __cstring and the selector names of __objc_methname, in file order. */
export function cStrings(bytes: Uint8Array, slice: MachOSlice, opts: CStringOptions = {}): string[] {
  return sectionStrings(bytes, slice, findSections(slice, ['__cstring', '__objc_methname']), opts.minLength ?? 4, opts.max ?? 200_000);
}

/**
 * Objective-C class and protocol names (__TEXT,__objc_classname), in file order. Older toolchains also put
 * the binary ivar layout strings in this section; those (control bytes) are left out.
 */
export function objcClassNames(bytes: Uint8Array, slice: MachOSlice, opts: CStringOptions = {}): string[] {
  return sectionStrings(bytes, slice, findSections(slice, ['__objc_classname']), opts.minLength ?? 1, opts.max ?? 200_000, true);
}

/** Objective-C selector names (__TEXT,__objc_methname), in file order. */
export function objcSelectors(bytes: Uint8Array, slice: MachOSlice, opts: CStringOptions = {}): string[] {
  return sectionStrings(bytes, slice, findSections(slice, ['__objc_methname']), opts.minLength ?? 1, opts.max ?? 200_000);
}
