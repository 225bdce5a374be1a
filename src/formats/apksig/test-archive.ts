/**
 * Test-only: a minimal ZIP central-directory reader that builds an `ApkArchiveView` the way apksig reads
 * APKs (EOCD found by scanning back for a record whose comment reaches the end of the file; entry data
 * taken from the central directory's method: 0 = stored, anything else inflated). Keeping it here makes the
 * signature tests independent of the ZIP module's own policies (CRC checks, unsupported methods).
 * Not exported from the package.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { FormatError, ErrorCodes } from '../../errors.js';
import type { ApkArchiveView } from './types.js';

interface CdEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

function fail(message: string): never {
  throw new FormatError(ErrorCodes.ZIP_BAD_ENTRY, message);
}

export function openTestApk(bytes: Uint8Array): ApkArchiveView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === 0x06054b50 && p + 22 + view.getUint16(p + 20, true) === bytes.length) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) fail('not a ZIP archive');
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const count = view.getUint16(eocd + 10, true);
  if (cdOffset + cdSize > eocd) fail('central directory runs into the EOCD');
  const entries: CdEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== 0x02014b50) fail('bad central directory record');
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > bytes.length) fail('truncated name');
    entries.push({
      name: new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return {
    bytes,
    eocdOffset: eocd,
    centralDirectoryOffset: cdOffset,
    centralDirectorySize: cdSize,
    entryNames: () => entries.map((e) => e.name),
    read(name: string): Uint8Array {
      const e = entries.find((x) => x.name === name);
      if (e === undefined) fail(`no entry ${name}`);
      const lh = e.localHeaderOffset;
      if (lh + 30 > bytes.length || view.getUint32(lh, true) !== 0x04034b50) fail(`bad local header for ${name}`);
      const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
      const end = start + e.compressedSize;
      if (end > bytes.length) fail(`entry ${name} runs past the end`);
      const raw = bytes.subarray(start, end);
      if (e.method === 0) return raw;
      try {
        return inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) });
      } catch (err) {
        throw new FormatError(ErrorCodes.ZIP_CORRUPT_DATA, `cannot inflate ${name}: ${(err as Error).message}`);
      }
    },
  };
}

/** Absolute path of a committed fixture in ./testdata. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
}

export function loadFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

export function loadFixtureApk(name: string): ApkArchiveView {
  return openTestApk(loadFixture(name));
}
