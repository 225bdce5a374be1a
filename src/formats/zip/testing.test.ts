/**
 * The test writer is itself checked against Info-ZIP's unzip and AOSP zipalign, so that the reader's tests
 * do not merely agree with a writer that shares its mistakes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTool } from '../../../test/corpus.js';
import { ZipArchive } from './archive.js';
import { buildZip, type TestZipEntry } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'dfslab-zip-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entries: TestZipEntry[] = [
  { name: 'AndroidManifest.xml', data: 'manifest '.repeat(100) },
  { name: 'stored.txt', data: 'stored as is', method: 'store' },
  { name: 'dd.txt', data: 'with a data descriptor '.repeat(20), dataDescriptor: true },
  { name: 'dd-nosig.txt', data: 'descriptor without signature', method: 'store', dataDescriptor: 'no-signature' },
  { name: 'z64.txt', data: 'zip64 entry '.repeat(30), zip64: true },
  { name: 'z64dd.txt', data: 'zip64 with descriptor', zip64: true, dataDescriptor: true },
  { name: 'assets/données.txt', data: 'utf-8 name', utf8Flag: true },
  { name: 'lib/arm64-v8a/libx.so', data: 'ELF'.repeat(50), method: 'store', align: 4096 },
  { name: 'dir/', method: 'store' },
];

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const unzipTitle = hasTool('unzip') ? 'test ZIP writer vs unzip' : 'test ZIP writer vs unzip (skipped: unzip not installed)';
describe.skipIf(!hasTool('unzip'))(unzipTitle, () => {
  for (const [label, opts] of [
    ['plain', {}],
    ['zip64 end record + comment', { zip64: true, comment: 'archive comment' }],
  ] as const) {
    it(`unzip -t accepts what the writer produces (${label}) and extracts the same bytes`, () => {
      const path = write(`${label.replace(/\W+/g, '_')}.zip`, buildZip(entries, opts));
      const test = spawnSync('unzip', ['-tqq', path], { encoding: 'utf8' });
      expect(test.stdout + test.stderr).toBe('');
      expect(test.status).toBe(0);
      const listed = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n');
      expect(listed).toEqual(entries.map((e) => e.name));
      for (const e of entries) {
        if (typeof e.name !== 'string' || e.name.endsWith('/')) continue;
        const extracted = execFileSync('unzip', ['-p', path, e.name]);
        expect(extracted.toString('utf8')).toBe(e.data);
      }
    });
  }
});

const zipalignTitle = hasTool('zipalign') ? 'zipalign oracle' : 'zipalign oracle (skipped: zipalign not installed)';
describe.skipIf(!hasTool('zipalign'))(zipalignTitle, () => {
  it("zipalign -c accepts the writer's aligned entries", () => {
    const aligned = buildZip([
      { name: 'a.txt', data: 'x', method: 'store', align: 4 },
      { name: 'b.bin', data: 'yy', method: 'store', align: 4 },
      { name: 'c.txt', data: 'deflated '.repeat(9) },
    ]);
    const path = write('aligned.zip', aligned);
    expect(spawnSync('zipalign', ['-c', '4', path]).status).toBe(0);
    const unaligned = write(
      'unaligned.zip',
      buildZip([
        { name: 'a.txt', data: 'x', method: 'store' },
        { name: 'b.bin', data: 'yy', method: 'store' },
      ]),
    );
    expect(spawnSync('zipalign', ['-c', '4', unaligned]).status).not.toBe(0);
  });

  it('the reader finds the data of archives rewritten by zipalign (local extra padding)', () => {
    const input = write('to-align.zip', buildZip(entries.filter((e) => !e.zip64 && !e.dataDescriptor)));
    const output = join(dir, 'aligned-by-zipalign.zip');
    execFileSync('zipalign', ['-f', '-p', '4', input, output]);
    const z = ZipArchive.open(new Uint8Array(readFileSync(output)));
    expect(z.anomalies).toEqual([]);
    for (const e of z.entries) {
      if (e.method === 0 && !e.isDirectory) expect(e.dataOffset % 4).toBe(0);
      const spec = entries.find((s) => s.name === e.name)!;
      if (!e.isDirectory) expect(new TextDecoder().decode(z.read(e))).toBe(spec.data);
    }
    expect(z.get('lib/arm64-v8a/libx.so')!.dataOffset % 4096).toBe(0);
  });
});
