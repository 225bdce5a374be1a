/**
 * @module formats/axml/res-chunk
 * The chunk framing shared by Android binary XML and resources.arsc (AOSP
 * frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h, `ResChunk_header`): every chunk starts with
 * `u16 type, u16 headerSize, u32 size`, little endian, and chunks nest by size.
 */

/** `ResChunk_header.type` values (ResourceTypes.h, enum after ResChunk_header). */
export const ResChunkType = {
  NULL: 0x0000,
  STRING_POOL: 0x0001,
  TABLE: 0x0002,
  XML: 0x0003,
  XML_START_NAMESPACE: 0x0100,
  XML_END_NAMESPACE: 0x0101,
  XML_START_ELEMENT: 0x0102,
  XML_END_ELEMENT: 0x0103,
  XML_CDATA: 0x0104,
  XML_LAST_CHUNK: 0x017f,
  XML_RESOURCE_MAP: 0x0180,
  TABLE_PACKAGE: 0x0200,
  TABLE_TYPE: 0x0201,
  TABLE_TYPE_SPEC: 0x0202,
  TABLE_LIBRARY: 0x0203,
  TABLE_OVERLAYABLE: 0x0204,
  TABLE_OVERLAYABLE_POLICY: 0x0205,
  TABLE_STAGED_ALIAS: 0x0206,
} as const;

export const CHUNK_HEADER_SIZE = 8;

export interface ChunkHeader {
  /** Offset of the chunk in the buffer. */
  offset: number;
  type: number;
  headerSize: number;
  size: number;
}

/**
 * Reads the 8-byte chunk header at `offset`; undefined when fewer than 8 bytes remain before `end`.
 * Callers bounds-check `end` against the buffer; this reads bytes directly because it runs once per chunk.
 */
export function readChunkHeader(bytes: Uint8Array, offset: number, end: number): ChunkHeader | undefined {
  if (offset < 0 || offset + CHUNK_HEADER_SIZE > end || end > bytes.length) return undefined;
  return {
    offset,
    type: bytes[offset]! | (bytes[offset + 1]! << 8),
    headerSize: bytes[offset + 2]! | (bytes[offset + 3]! << 8),
    size: (bytes[offset + 4]! | (bytes[offset + 5]! << 8) | (bytes[offset + 6]! << 16) | (bytes[offset + 7]! << 24)) >>> 0,
  };
}

/**
 * The platform's `validate_chunk` (ResourceTypes.cpp): header at least `minHeaderSize`, header within the chunk,
 * both sizes 4-byte aligned, chunk within `end`. Returns why the chunk is invalid, or undefined when it is valid.
 */
export function chunkProblem(h: ChunkHeader, minHeaderSize: number, end: number): string | undefined {
  if (h.headerSize < minHeaderSize) return `header size ${h.headerSize} is smaller than the minimum ${minHeaderSize}`;
  if (h.headerSize > h.size) return `chunk size ${h.size} is smaller than its header size ${h.headerSize}`;
  if (((h.headerSize | h.size) & 3) !== 0) return `chunk size ${h.size} or header size ${h.headerSize} is not a multiple of 4`;
  if (h.size > end - h.offset) return `chunk size ${h.size} runs past the end of its container (${end - h.offset} bytes left)`;
  return undefined;
}

export function u16(bytes: Uint8Array, o: number): number {
  return bytes[o]! | (bytes[o + 1]! << 8);
}

export function u32(bytes: Uint8Array, o: number): number {
  return (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
}

export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
