import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { DfslabError, ErrorCodes } from '../../errors.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, isZip, type ZipAnomalyKind } from './archive.js';
import { crc32 } from './crc32.js';
import {
  ZipBadEntryError,
  ZipBombError,
  ZipCorruptDataError,
  ZipEntryNotFoundError,
  ZipEocdNotFoundError,
  ZipTruncatedError,
  ZipUnsupportedError,
} from './errors.js';
import { buildOverlapBomb, buildZip, type TestZipEntry } from './testing.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const kinds = (z: ZipArchive): ZipAnomalyKind[] => z.anomalies.map((a) => a.kind);

/** Deterministic pseudo-random bytes (incompressible). */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

const basic: TestZipEntry[] = [
  { name: 'AndroidManifest.xml', data: 'manifest'.repeat(50) },
  { name: 'res/raw/stored.bin', data: 'stored bytes', method: 'store' },
  { name: 'res/', method: 'store' },
  { name: 'classes.dex', data: 'dex\n035\0'.repeat(300) },
];

describe('ZipArchive: well-formed archives', () => {
  it('lists entries in central directory order and reads stored and deflated data', () => {
    const bytes = buildZip(basic);
    const z = ZipArchive.open(bytes);
    expect(z.entryNames()).toEqual(['AndroidManifest.xml', 'res/raw/stored.bin', 'res/', 'classes.dex']);
    expect(z.anomalies).toEqual([]);
    expect(text(z.read('AndroidManifest.xml'))).toBe('manifest'.repeat(50));
    expect(text(z.read('classes.dex'))).toBe('dex\n035\0'.repeat(300));
    expect(text(z.read('res/raw/stored.bin'))).toBe('stored bytes');
    expect(z.get('res/')!.isDirectory).toBe(true);
    expect(z.get('classes.dex')!.isDirectory).toBe(false);
    expect(z.get('classes.dex')!.method).toBe(8);
    expect(z.has('nope')).toBe(false);
    expect(z.get('nope')).toBeUndefined();
    const e = z.get('classes.dex')!;
    expect(e.index).toBe(3);
    expect(e.uncompressedSize).toBe(2400);
    expect(e.crc32).toBe(crc32(new TextEncoder().encode('dex\n035\0'.repeat(300))));
    expect(z.eocdOffset).toBe(bytes.length - 22);
    expect(z.centralDirectoryOffset + z.centralDirectorySize).toBe(z.eocdOffset);
  });

  it('returns stored data as a view of the input, without copying', () => {
    const bytes = buildZip(basic);
    const z = ZipArchive.open(bytes);
    const e = z.get('res/raw/stored.bin')!;
    const out = z.read(e);
    expect(out.buffer).toBe(bytes.buffer);
    expect(out.byteOffset).toBe(bytes.byteOffset + e.dataOffset);
  });

  it('computes dataOffset from the local header (zipalign pads only the local extra field)', () => {
    const bytes = buildZip([
      { name: 'a', data: 'x', method: 'store' },
      { name: 'lib/arm64-v8a/libx.so', data: noise(100), method: 'store', align: 4096 },
    ]);
    const z = ZipArchive.open(bytes);
    const lib = z.get('lib/arm64-v8a/libx.so')!;
    expect(lib.dataOffset % 4096).toBe(0);
    expect(lib.dataOffset).toBeGreaterThan(lib.localHeaderOffset + 30 + lib.name.length);
    expect(z.read(lib)).toEqual(noise(100));
    expect(z.anomalies).toEqual([]);
  });

  it('opens an empty archive', () => {
    const z = ZipArchive.open(buildZip([]));
    expect(z.entries).toHaveLength(0);
    expect(z.anomalies).toEqual([]);
  });

  it('reads an empty deflated entry and a zero-length stored one', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'empty-deflate', data: '', method: 'deflate' },
        { name: 'empty-stored', data: '', method: 'store' },
      ]),
    );
    expect(z.read('empty-deflate')).toHaveLength(0);
    expect(z.read('empty-stored')).toHaveLength(0);
  });

  it('reads entries with data descriptors (sizes from the central directory), with and without signature', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'a.txt', data: 'alpha'.repeat(100), dataDescriptor: true },
        { name: 'b.txt', data: 'beta'.repeat(100), dataDescriptor: 'no-signature' },
        { name: 'c.txt', data: 'gamma', method: 'store', dataDescriptor: true },
      ]),
    );
    expect(z.anomalies).toEqual([]);
    expect(text(z.read('a.txt'))).toBe('alpha'.repeat(100));
    expect(text(z.read('b.txt'))).toBe('beta'.repeat(100));
    expect(text(z.read('c.txt'))).toBe('gamma');
    expect(z.get('a.txt')!.flags & 8).toBe(8);
  });

  it('reads ZIP64 archives: end record, locator and extra fields in both headers', () => {
    const z = ZipArchive.open(
      buildZip(
        [
          { name: 'big.bin', data: noise(5000), zip64: true },
          { name: 'dd.bin', data: 'descriptor'.repeat(20), zip64: true, dataDescriptor: true },
          { name: 'small.txt', data: 'plain' },
        ],
        { zip64: true },
      ),
    );
    expect(z.entryNames()).toEqual(['big.bin', 'dd.bin', 'small.txt']);
    expect(z.get('big.bin')!.uncompressedSize).toBe(5000);
    expect(z.get('big.bin')!.localHeaderOffset).toBe(0);
    expect(z.read('big.bin')).toEqual(noise(5000));
    expect(text(z.read('dd.bin'))).toBe('descriptor'.repeat(20));
    expect(text(z.read('small.txt'))).toBe('plain');
    expect(kinds(z).every((k) => k === 'zip64')).toBe(true);
    expect(kinds(z)).toContain('zip64');
  });

  it('decodes UTF-8 names with or without bit 11, and CP437 names', () => {
    const cp437 = new Uint8Array([0x72, 0x82, 0x73, 0x75, 0x6d, 0x82]); // "résumé" in CP437
    const z = ZipArchive.open(
      buildZip([
        { name: 'assets/données.txt', data: 'a', utf8Flag: true },
        { name: 'assets/日本.txt', data: 'b' },
        { name: cp437, data: 'c' },
      ]),
    );
    expect(z.entryNames()).toEqual(['assets/données.txt', 'assets/日本.txt', 'résumé']);
    expect(text(z.read('assets/日本.txt'))).toBe('b');
    // The CP437 name is not UTF-8: Android's IsValidEntryName would refuse the archive.
    expect(z.anomalies.map((a) => [a.kind, a.entry])).toEqual([['invalid-name', 'résumé']]);
  });

  it('exposes the comment and reports it; a stray signature inside the comment is skipped', () => {
    const comment = 'hello PK\u0005\u0006 not a record';
    const z = ZipArchive.open(buildZip(basic, { comment }));
    expect(z.comment).toBe(comment);
    expect(kinds(z)).toEqual(['comment']);
    expect(z.entries).toHaveLength(4);
  });

  it('prefers an end record that ends exactly at the end of the file over a fake one inside the comment', () => {
    const fake = new Uint8Array(22);
    fake.set([0x50, 0x4b, 0x05, 0x06]);
    const comment = new Uint8Array(100);
    comment.set(fake, 10); // an empty-archive record in the middle of the comment
    const z = ZipArchive.open(buildZip(basic, { comment }));
    expect(z.entries).toHaveLength(4);
  });

  it('does not report the APK Signing Block gap between the last entry and the central directory', () => {
    const block = new Uint8Array(4096);
    block.set(new TextEncoder().encode('APK Sig Block 42'), 4096 - 16);
    const bytes = buildZip(basic, { beforeCentralDirectory: block });
    const z = ZipArchive.open(bytes);
    expect(z.anomalies).toEqual([]);
    expect(text(bytes.subarray(z.centralDirectoryOffset - 16, z.centralDirectoryOffset))).toBe('APK Sig Block 42');
    expect(text(z.read('classes.dex'))).toBe('dex\n035\0'.repeat(300));
  });
});

describe('ZipArchive: structurally unreadable input throws typed errors', () => {
  it('refuses non-ZIP input with DFSLAB_E_ZIP_EOCD_NOT_FOUND', () => {
    for (const input of [new Uint8Array(0), new Uint8Array(10), noise(100_000), new TextEncoder().encode('dex\n035')]) {
      const e = thrown(() => ZipArchive.open(input, { label: 'x.apk' }));
      expect(e).toBeInstanceOf(ZipEocdNotFoundError);
      expect((e as DfslabError).code).toBe(ErrorCodes.ZIP_EOCD_NOT_FOUND);
      expect((e as DfslabError).message).toMatch(/not a ZIP\/APK file/);
      expect((e as DfslabError).path).toBe('x.apk');
    }
  });

  it('reports a central directory that points outside the file as truncated', () => {
    const bytes = buildZip(basic);
    const e = thrown(() => ZipArchive.open(bytes.subarray(200)));
    expect(e).toBeInstanceOf(ZipTruncatedError);
    expect((e as DfslabError).code).toBe(ErrorCodes.ZIP_TRUNCATED);
    const lyingSize = buildZip(basic, { eocd: { cdSize: 1_000_000 } });
    expect(thrown(() => ZipArchive.open(lyingSize))).toBeInstanceOf(ZipTruncatedError);
    const lyingCount = buildZip(basic, { eocd: { entryCount: 60_000, entriesOnDisk: 60_000 } });
    expect(thrown(() => ZipArchive.open(lyingCount))).toBeInstanceOf(ZipTruncatedError);
  });

  it('reports a central directory record without its signature as a bad entry', () => {
    const bytes = buildZip(basic);
    const z = ZipArchive.open(bytes);
    const corrupt = bytes.slice();
    // Second central record: skip the first one (46 + name length).
    corrupt[z.centralDirectoryOffset + 46 + 'AndroidManifest.xml'.length] = 0;
    expect(thrown(() => ZipArchive.open(corrupt))).toBeInstanceOf(ZipBadEntryError);
  });

  it('refuses more entries than maxEntries before indexing them', () => {
    const e = thrown(() => ZipArchive.open(buildZip(basic), { limits: { maxEntries: 3 } }));
    expect(e).toBeInstanceOf(ZipBombError);
    expect((e as ZipBombError).reason).toBe('entry-count');
  });

  it('throws ZipEntryNotFoundError for unknown names and foreign entries', () => {
    const z = ZipArchive.open(buildZip(basic), { label: 'app.apk' });
    const other = ZipArchive.open(buildZip([{ name: 'zzz', data: 'z' }]));
    const e = thrown(() => z.read('missing.txt'));
    expect(e).toBeInstanceOf(ZipEntryNotFoundError);
    expect((e as DfslabError).path).toBe('app.apk!/missing.txt');
    expect(thrown(() => z.read(other.entries[0]!))).toBeInstanceOf(ZipEntryNotFoundError);
  });
});

describe('ZipArchive: anomalies Android tolerates or attackers use', () => {
  it('duplicate names: reports them and get() returns the first in central directory order', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'classes.dex', data: 'first' },
        { name: 'x', data: 'x' },
        { name: 'classes.dex', data: 'second' },
      ]),
    );
    expect(z.entryNames()).toEqual(['classes.dex', 'x', 'classes.dex']);
    expect(z.get('classes.dex')!.index).toBe(0);
    expect(text(z.read('classes.dex'))).toBe('first');
    expect(text(z.read(z.entries[2]!))).toBe('second');
    expect(z.anomalies).toMatchObject([{ kind: 'duplicate-name', entry: 'classes.dex' }]);
    expect(z.anomalies[0]!.message).toMatch(/record 0/);
  });

  it('local header vs central directory mismatches: name, method, sizes, CRC', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'AndroidManifest.xml', data: 'real', local: { name: 'AndroidManifest.xmL' } },
        { name: 'm.bin', data: 'payload'.repeat(10), local: { method: 0 } },
        { name: 's.bin', data: 'sizes', local: { uncompressedSize: 99 } },
        { name: 'c.bin', data: 'crc', local: { crc32: 1 } },
        { name: 'ok.bin', data: 'fine' },
      ]),
    );
    const mismatches = z.anomalies.filter((a) => a.kind === 'local-central-mismatch');
    expect(mismatches.map((a) => a.entry)).toEqual(['AndroidManifest.xml', 'm.bin', 's.bin', 'c.bin']);
    expect(mismatches[0]!.message).toMatch(/AndroidManifest\.xmL/);
    expect(mismatches[1]!.message).toMatch(/method \(local 0, central 8\)/);
    expect(mismatches[2]!.message).toMatch(/uncompressed size \(local 99, central 5\)/);
    expect(mismatches[3]!.message).toMatch(/CRC-32/);
    // The central directory is authoritative (as for Android): the data still reads.
    expect(text(z.read('m.bin'))).toBe('payload'.repeat(10));
  });

  it('does not compare sizes in the local header when a data descriptor is used, but checks the descriptor', () => {
    const ok = ZipArchive.open(buildZip([{ name: 'a', data: 'abc', dataDescriptor: true }]));
    expect(ok.anomalies).toEqual([]);
    const lying = ZipArchive.open(
      buildZip([{ name: 'a', data: 'abc', dataDescriptor: true, central: { uncompressedSize: 3, crc32: 7 } }]),
    );
    expect(lying.anomalies).toMatchObject([{ kind: 'local-central-mismatch', entry: 'a' }]);
    expect(lying.anomalies[0]!.message).toMatch(/data descriptor/);
  });

  it('path traversal, absolute paths and backslashes', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: '../evil.so', data: 'a' },
        { name: 'assets/../../etc/passwd', data: 'b' },
        { name: 'assets\\..\\x', data: 'c' },
        { name: '/abs/path', data: 'd' },
        { name: 'C:\\Windows\\x', data: 'e' },
        { name: 'res/a..b/..c', data: 'f' },
        { name: 'lib\\arm64\\libx.so', data: 'g' },
      ]),
    );
    const by = (name: string): ZipAnomalyKind[] => z.anomalies.filter((a) => a.entry === name).map((a) => a.kind);
    expect(by('../evil.so')).toEqual(['path-traversal']);
    expect(by('assets/../../etc/passwd')).toEqual(['path-traversal']);
    expect(by('assets\\..\\x')).toEqual(['path-traversal', 'backslash-in-name']);
    expect(by('/abs/path')).toEqual(['absolute-path']);
    expect(by('C:\\Windows\\x')).toEqual(['absolute-path', 'backslash-in-name']);
    expect(by('res/a..b/..c')).toEqual([]);
    expect(by('lib\\arm64\\libx.so')).toEqual(['backslash-in-name']);
    expect(text(z.read('../evil.so'))).toBe('a'); // reading is not extracting: the name is only data
  });

  it('invalid names: empty and NUL', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: '', data: 'a' },
        { name: 'a\0b', data: 'b' },
      ]),
    );
    expect(kinds(z)).toEqual(['invalid-name', 'invalid-name']);
  });

  it('encrypted flag: Android ignores it, so the entry is read and the flag reported', () => {
    const z = ZipArchive.open(buildZip([{ name: 'classes.dex', data: 'dex'.repeat(40), flags: 1 }]));
    expect(z.anomalies).toMatchObject([{ kind: 'encrypted-flag', entry: 'classes.dex' }]);
    expect(text(z.read('classes.dex'))).toBe('dex'.repeat(40));
  });

  it('unknown compression method: reported at open, refused by read()', () => {
    const z = ZipArchive.open(buildZip([{ name: 'x.bin', data: 'abc', method: 12 }]), { label: 'a.apk' });
    expect(z.anomalies).toMatchObject([{ kind: 'unsupported-method', entry: 'x.bin' }]);
    const e = thrown(() => z.read('x.bin'));
    expect(e).toBeInstanceOf(ZipUnsupportedError);
    expect((e as DfslabError).code).toBe(ErrorCodes.ZIP_UNSUPPORTED);
    expect((e as DfslabError).message).toMatch(/bzip2/);
    expect((e as DfslabError).path).toBe('a.apk!/x.bin');
  });

  it('data before the first entry with adjusted offsets (Janus-style prepended DEX)', () => {
    const dex = new TextEncoder().encode('dex\n035\0' + 'x'.repeat(100));
    const z = ZipArchive.open(buildZip(basic, { prefix: dex }));
    expect(z.anomalies).toMatchObject([{ kind: 'data-before-first-entry', offset: 0 }]);
    expect(z.anomalies[0]!.message).toMatch(/^108 bytes/);
    expect(text(z.read('classes.dex'))).toBe('dex\n035\0'.repeat(300));
    expect(isZip(buildZip(basic, { prefix: dex }))).toBe(true);
  });

  it('data before the first entry with unadjusted offsets: offsets are shifted to read it anyway', () => {
    const bytes = buildZip(basic, { prefix: noise(333), adjustOffsetsForPrefix: false });
    const z = ZipArchive.open(bytes);
    expect(z.anomalies).toMatchObject([{ kind: 'data-before-first-entry' }]);
    expect(z.anomalies[0]!.message).toMatch(/333 was added/);
    expect(z.get('AndroidManifest.xml')!.localHeaderOffset).toBe(333);
    expect(text(z.read('classes.dex'))).toBe('dex\n035\0'.repeat(300));
  });

  it('data after the end record, and between the central directory and the end record', () => {
    const appended = ZipArchive.open(buildZip(basic, { suffix: noise(50) }));
    expect(appended.anomalies).toMatchObject([{ kind: 'data-after-central-directory' }]);
    expect(appended.anomalies[0]!.message).toMatch(/^50 bytes after the end record/);
    expect(text(appended.read('res/raw/stored.bin'))).toBe('stored bytes');
    const hidden = ZipArchive.open(buildZip(basic, { afterCentralDirectory: noise(40) }));
    expect(hidden.anomalies).toMatchObject([{ kind: 'data-after-central-directory' }]);
    expect(hidden.anomalies[0]!.message).toMatch(/^40 bytes between the central directory/);
  });

  it('central directory records beyond the declared count', () => {
    const z = ZipArchive.open(buildZip(basic, { eocd: { entryCount: 2, entriesOnDisk: 2 } }));
    expect(z.entryNames()).toEqual(['AndroidManifest.xml', 'res/raw/stored.bin']);
    expect(z.anomalies).toMatchObject([{ kind: 'central-directory-slack' }]);
    expect(z.anomalies[0]!.message).toMatch(/more entries than Android/);
  });

  it('multi-disk fields', () => {
    const z = ZipArchive.open(buildZip(basic, { eocd: { diskNumber: 1, cdDisk: 1 } }));
    expect(kinds(z)).toEqual(['multi-disk']);
    expect(z.entries).toHaveLength(4);
  });

  it('an archive hidden in the comment of another: both end records are plausible', () => {
    const inner = buildZip([{ name: 'inner.txt', data: 'the inner archive' }]);
    const bytes = buildZip([{ name: 'outer.txt', data: 'outer' }], { comment: inner });
    const z = ZipArchive.open(bytes);
    // Like Android, the last end record wins; its offsets are relative to the inner archive.
    expect(z.entryNames()).toEqual(['inner.txt']);
    expect(kinds(z)).toContain('multiple-eocd');
    expect(kinds(z)).toContain('data-before-first-entry');
    expect(text(z.read('inner.txt'))).toBe('the inner archive');
  });

  it('a local header offset that points at garbage: bad-local-header, and read() refuses', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'a', data: 'aaaa' },
        { name: 'b', data: 'bbbb', central: { localHeaderOffset: 3 } },
        { name: 'c', data: 'cccc', central: { localHeaderOffset: 0x7fffffff } },
      ]),
    );
    expect(z.anomalies.filter((a) => a.kind === 'bad-local-header').map((a) => a.entry)).toEqual(['b', 'c']);
    expect(z.get('b')!.dataOffset).toBe(-1);
    expect(thrown(() => z.read('b'))).toBeInstanceOf(ZipBadEntryError);
    expect(thrown(() => z.read('c'))).toBeInstanceOf(ZipBadEntryError);
  });

  it('entry data running into the central directory', () => {
    const z = ZipArchive.open(
      buildZip([{ name: 'a', data: 'aaaa', method: 'store', central: { compressedSize: 500, uncompressedSize: 500 } }]),
    );
    expect(kinds(z)).toEqual(expect.arrayContaining(['data-out-of-bounds', 'local-central-mismatch']));
    expect(thrown(() => z.read('a'))).toBeInstanceOf(DfslabError);
  });
});

describe('ZipArchive: lying sizes and corrupt data', () => {
  it('deflate output larger than declared is cut at the declared size and refused', () => {
    const z = ZipArchive.open(buildZip([{ name: 'a', data: 'A'.repeat(10_000), central: { uncompressedSize: 100 } }]));
    const e = thrown(() => z.read('a'));
    expect(e).toBeInstanceOf(ZipCorruptDataError);
    expect((e as DfslabError).code).toBe(ErrorCodes.ZIP_CORRUPT_DATA);
    expect((e as DfslabError).message).toMatch(/more than the 100 bytes/);
  });

  it('deflate output smaller than declared is refused', () => {
    const z = ZipArchive.open(buildZip([{ name: 'a', data: 'A'.repeat(100), central: { uncompressedSize: 200 } }]));
    expect((thrown(() => z.read('a')) as Error).message).toMatch(/inflates to 100 bytes but declares 200/);
  });

  it('a wrong CRC-32 is refused for deflated and stored entries', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'd', data: 'deflated'.repeat(9), central: { crc32: 0x1234 } },
        { name: 's', data: 'stored', method: 'store', central: { crc32: 0x1234 } },
      ]),
    );
    expect(thrown(() => z.read('d'))).toBeInstanceOf(ZipCorruptDataError);
    expect((thrown(() => z.read('s')) as Error).message).toMatch(/CRC-32/);
    expect(text(z.read('s', { verifyCrc: false }))).toBe('stored');
    // A read without verification does not excuse the next one that asks for it.
    expect(thrown(() => z.read('s'))).toBeInstanceOf(ZipCorruptDataError);
  });

  it('data that does not inflate is corrupt, with a hint when the entry is flagged encrypted', () => {
    const z = ZipArchive.open(buildZip([{ name: 'x', data: 'hello world', raw: noise(40, 9), flags: 1 }]));
    const e = thrown(() => z.read('x'));
    expect(e).toBeInstanceOf(ZipCorruptDataError);
    expect((e as Error).message).toMatch(/flagged encrypted/);
  });

  it('a stored entry whose sizes differ is reported and refused', () => {
    const z = ZipArchive.open(
      buildZip([{ name: 's', data: 'stored', method: 'store', central: { uncompressedSize: 3 } }]),
    );
    expect(kinds(z)).toContain('stored-size-mismatch');
    expect(thrown(() => z.read('s'))).toBeInstanceOf(ZipCorruptDataError);
  });
});

describe('ZipArchive: zip bombs are refused without inflating', () => {
  // Every bomb below carries random bytes as its "deflate" data: if read() inflated it, the error would be
  // ZipCorruptDataError, not ZipBombError. So the error kind proves no inflation was attempted.
  const garbage = noise(2 * 1024 * 1024, 3);
  const declaring = (size: number): Pick<TestZipEntry, 'central' | 'local'> => ({
    central: { uncompressedSize: size },
    local: { uncompressedSize: size },
  });

  it('declared size above maxEntrySize', () => {
    const size = DEFAULT_ZIP_LIMITS.maxEntrySize + 1;
    const z = ZipArchive.open(
      buildZip([{ name: 'big', data: 'x', raw: garbage, ...declaring(size) }]),
    );
    expect(kinds(z)).toEqual(['huge-declared-size']);
    const e = thrown(() => z.read('big'));
    expect(e).toBeInstanceOf(ZipBombError);
    expect((e as ZipBombError).reason).toBe('entry-size');
    expect((e as DfslabError).code).toBe(ErrorCodes.ZIP_BOMB);
  });

  it('compression ratio above maxRatio', () => {
    const size = 200 * 1024 * 1024;
    const small = garbage.subarray(0, 1000);
    const z = ZipArchive.open(
      buildZip([{ name: 'r', data: 'x', raw: small, ...declaring(size) }]),
    );
    expect(kinds(z)).toEqual(['high-compression-ratio']);
    expect((thrown(() => z.read('r')) as ZipBombError).reason).toBe('ratio');
  });

  it('a genuine 10 MiB of zeros (ratio ~1000) is over the default ratio limit, and readable with a higher one', () => {
    const zeros = new Uint8Array(10 * 1024 * 1024);
    const bytes = buildZip([{ name: 'zeros', data: zeros }]);
    expect((thrown(() => ZipArchive.open(bytes).read('zeros')) as ZipBombError).reason).toBe('ratio');
    const relaxed = ZipArchive.open(bytes, { limits: { maxRatio: 5000 } });
    expect(relaxed.read('zeros')).toHaveLength(zeros.length);
  });

  it('caller maxBytes', () => {
    const z = ZipArchive.open(buildZip(basic));
    expect((thrown(() => z.read('classes.dex', { maxBytes: 100 })) as ZipBombError).reason).toBe('caller-limit');
    expect(z.read('classes.dex', { maxBytes: 2400 })).toHaveLength(2400);
  });

  it('total bytes produced by one archive, each entry counted once', () => {
    const z = ZipArchive.open(
      buildZip([
        { name: 'a', data: 'a'.repeat(60) },
        { name: 'b', data: 'b'.repeat(60) },
      ]),
      { limits: { maxTotalUncompressed: 100 } },
    );
    expect(z.read('a')).toHaveLength(60);
    expect(z.read('a')).toHaveLength(60);
    expect((thrown(() => z.read('b')) as ZipBombError).reason).toBe('total');
  });

  it('overlapping entries whose declared total explodes (refused), vs benign shared data (readable)', () => {
    const kernel = deflateRawSync(Buffer.from(noise(64 * 1024, 5).map((b) => b & 0x0f)));
    const entries: TestZipEntry[] = [
      { name: 'k0', data: 'x', raw: kernel, ...declaring(2 * 1024 * 1024) },
    ];
    for (let i = 1; i < 3000; i++) {
      entries.push({ name: `k${i}`, shareLocalWith: 0, central: { uncompressedSize: 2 * 1024 * 1024 } });
    }
    const z = ZipArchive.open(buildZip(entries));
    expect(kinds(z)).toContain('overlapping-entries');
    expect(kinds(z)).toContain('anomalies-truncated'); // 2999 overlaps, 100 listed
    expect(z.anomalies.filter((a) => a.kind === 'overlapping-entries')).toHaveLength(100);
    for (const name of ['k0', 'k1', 'k2999']) {
      const e = thrown(() => z.read(name));
      expect(e).toBeInstanceOf(ZipBombError);
      expect((e as ZipBombError).reason).toBe('overlap');
    }

    const benign = ZipArchive.open(
      buildZip([
        { name: 'res/drawable/a.png', data: noise(500), method: 'store' },
        { name: 'res/drawable/b.png', shareLocalWith: 0 },
      ]),
    );
    // b.png's central record points at a.png's local header, so the names disagree too (Android's FindEntry
    // would refuse to extract b.png for that reason).
    expect(benign.anomalies.map((a) => [a.kind, a.entry])).toEqual([
      ['local-central-mismatch', 'res/drawable/b.png'],
      ['overlapping-entries', 'res/drawable/b.png'],
    ]);
    expect(benign.read('res/drawable/b.png')).toEqual(noise(500));
  });

  it("a Fifield-style full-overlap bomb opens cheaply and every entry is refused", () => {
    const bytes = buildOverlapBomb(600);
    expect(bytes.length).toBeLessThan(100_000);
    const z = ZipArchive.open(bytes);
    expect(z.entries).toHaveLength(600);
    for (const e of [z.entries[0]!, z.entries[599]!]) expect(thrown(() => z.read(e))).toBeInstanceOf(ZipBombError);
  });
});

describe('isZip', () => {
  it('recognises ZIPs (including prefixed ones) and rejects other data', () => {
    expect(isZip(buildZip(basic))).toBe(true);
    expect(isZip(buildZip([]))).toBe(true);
    expect(isZip(buildZip(basic, { prefix: noise(1000), adjustOffsetsForPrefix: false }))).toBe(true);
    expect(isZip(noise(10_000))).toBe(false);
    expect(isZip(new Uint8Array(3))).toBe(false);
  });
});
