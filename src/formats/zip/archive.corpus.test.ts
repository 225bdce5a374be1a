/**
 * The reader against real archives: the shared corpus of third-party APKs/IPAs and the AOSP apksig test
 * APKs shipped by Debian's androguard package, with Info-ZIP's unzip/zipinfo as the oracle.
 * Everything here skips (saying why) when the files or the tools are absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { DfslabError } from '../../errors.js';
import { ZipArchive } from './archive.js';

const corpus = corpusDir();
const corpusFiles = corpus ? readdirSync(corpus).filter((f) => /\.(apk|ipa)$/i.test(f)).sort() : [];
const unzip = hasTool('unzip') && hasTool('zipinfo');
const APKSIG_DIR = '/usr/share/doc/androguard/examples/signing/apksig';
const apksigFiles = existsSync(APKSIG_DIR) ? readdirSync(APKSIG_DIR).filter((f) => f.endsWith('.apk')).sort() : [];

function load(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** `unzip -Z1` prints names as C strings (a NUL ends them) with control characters in caret notation. */
function asUnzipPrintsIt(name: string): string {
  const nul = name.indexOf('\0');
  const cString = nul < 0 ? name : name.slice(0, nul);
  return cString.replace(/[\x01-\x1f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) + 64)}`);
}

function unzipNames(path: string): string[] | undefined {
  const r = spawnSync('unzip', ['-Z1', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r.status === 0 ? r.stdout.split('\n').filter((l) => l.length > 0) : undefined;
}

interface ZipinfoRow {
  uncompressedSize: number;
  compressedSize: number;
  method: number;
  name: string;
}

/** `zipinfo -l`: permissions, version, OS, size, text/binary+extra, compressed size, method, date, time, name. */
function zipinfoRows(path: string): ZipinfoRow[] {
  const out = execFileSync('zipinfo', ['-l', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const rows: ZipinfoRow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\S+\s+\S+\s+\S+\s+(\d+)\s+\S\S\s+(\d+)\s+(\S+)\s+\S+\s+\S+ (.*)$/.exec(line);
    if (!m) continue;
    const method = m[3] === 'stor' ? 0 : m[3]!.startsWith('def') ? 8 : -1;
    rows.push({ uncompressedSize: Number(m[1]), compressedSize: Number(m[2]), method, name: m[4]! });
  }
  return rows;
}

describe.skipIf(!corpus)(corpus ? 'ZipArchive on the shared corpus' : CORPUS_SKIP_MESSAGE, () => {
  it('the corpus has archives to test', () => {
    expect(corpusFiles.length).toBeGreaterThan(0);
  });

  const namesTitle = unzip
    ? 'entry names, sizes and methods equal unzip -Z1 / zipinfo -l'
    : 'names vs unzip (skipped: unzip/zipinfo not installed)';
  it.skipIf(!unzip)(namesTitle, () => {
    for (const file of corpusFiles) {
      const path = join(corpus!, file);
      const z = ZipArchive.open(load(path), { label: file });
      expect(z.entryNames(), file).toEqual(unzipNames(path));
      const rows = zipinfoRows(path);
      expect(rows.length, file).toBe(z.entries.length);
      rows.forEach((row, i) => {
        const e = z.entries[i]!;
        expect([e.name, e.uncompressedSize, e.compressedSize, e.method], `${file} entry ${i}`).toEqual([
          row.name,
          row.uncompressedSize,
          row.compressedSize,
          row.method,
        ]);
      });
    }
  });

  it('every entry reads to its declared size with a correct CRC-32', () => {
    for (const file of corpusFiles) {
      const z = ZipArchive.open(load(join(corpus!, file)), { label: file });
      let total = 0;
      for (const e of z.entries) {
        const data = z.read(e); // throws ZipCorruptDataError on a CRC or size mismatch
        expect(data.length).toBe(e.uncompressedSize);
        total += data.length;
      }
      expect(total, file).toBeGreaterThan(0);
    }
  });
});

const apksigReady = apksigFiles.length > 0 && hasTool('unzip');

interface UnzipVerdict {
  /** `unzip -Z1` output, or undefined when unzip could not list the archive. */
  names: string[] | undefined;
  /** `unzip -tqq` exit status was 0. */
  sound: boolean;
}

/** Run unzip over every sample in one shell (one process spawn instead of two per file). */
function unzipVerdicts(dir: string, files: string[]): Map<string, UnzipVerdict> {
  const MARK = '\u0001dfslab-unzip\u0001';
  const script = `for f in "$@"; do
    printf '${MARK}list %s\\n' "$f"; unzip -Z1 "$f" 2>/dev/null; printf '${MARK}listed %s\\n' "$?"
    unzip -tqq "$f" >/dev/null 2>&1; printf '${MARK}tested %s\\n' "$?"
  done`;
  const out = execFileSync('sh', ['-c', script, 'sh', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 27 });
  const verdicts = new Map<string, UnzipVerdict>();
  let file = '';
  let names: string[] = [];
  let listed = false;
  for (const line of out.split('\n')) {
    if (!line.startsWith(MARK)) {
      if (line.length > 0) names.push(line);
      continue;
    }
    const [what, value] = [line.slice(MARK.length, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    if (what === 'list') {
      file = value;
      names = [];
    } else if (what === 'listed') {
      listed = value === '0';
    } else {
      verdicts.set(file, { names: listed ? names : undefined, sound: value === '0' });
    }
  }
  return verdicts;
}
describe.skipIf(!apksigReady)(
  apksigReady ? 'ZipArchive on the AOSP apksig test APKs' : `apksig samples (skipped: need ${APKSIG_DIR} and unzip)`,
  () => {
    let verdicts: Map<string, UnzipVerdict> = new Map();
    beforeAll(() => {
      verdicts = unzipVerdicts(APKSIG_DIR, apksigFiles);
    });

    it('opens what unzip lists, with the same names; anything else is a typed error', () => {
      expect(verdicts.size).toBe(apksigFiles.length);
      let compared = 0;
      for (const file of apksigFiles) {
        const path = join(APKSIG_DIR, file);
        const expected = verdicts.get(file)!.names;
        let z: ZipArchive | undefined;
        try {
          z = ZipArchive.open(load(path), { label: file });
        } catch (e) {
          expect(e, file).toBeInstanceOf(DfslabError);
          expect(expected, `${file}: unzip lists it but dfslab refused it: ${String(e)}`).toBeUndefined();
          continue;
        }
        if (expected !== undefined) {
          expect(z.entryNames().map(asUnzipPrintsIt), file).toEqual(expected);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(apksigFiles.length / 2);
    });

    it('reads every entry of the archives unzip -t finds sound (and gives typed errors elsewhere)', () => {
      let sound = 0;
      for (const file of apksigFiles) {
        const path = join(APKSIG_DIR, file);
        let z: ZipArchive;
        try {
          z = ZipArchive.open(load(path), { label: file });
        } catch {
          continue;
        }
        const unzipSound = verdicts.get(file)!.sound;
        if (unzipSound) sound++;
        for (const e of z.entries) {
          try {
            z.read(e);
          } catch (err) {
            expect(err, `${file}!/${e.name}`).toBeInstanceOf(DfslabError);
            if (unzipSound && (e.method === 0 || e.method === 8)) throw err;
          }
        }
      }
      expect(sound).toBeGreaterThan(apksigFiles.length / 2);
    });

    it('reports the tricks some samples carry', () => {
      const anomaliesOf = (file: string): string[] => {
        const path = join(APKSIG_DIR, file);
        return existsSync(path) ? ZipArchive.open(load(path)).anomalies.map((a) => a.kind) : ['(sample absent)'];
      };
      const expectations: Array<[string, string]> = [
        ['mismatched-compression-method.apk', 'local-central-mismatch'],
        ['v1-only-with-nul-in-entry-name.apk', 'invalid-name'],
        ['weird-compression-method.apk', 'unsupported-method'],
        ['v2-only-garbage-between-cd-and-eocd.apk', 'data-after-central-directory'],
        ['v1-only-max-sized-eocd-comment.apk', 'comment'],
      ];
      for (const [file, kind] of expectations) {
        if (!existsSync(join(APKSIG_DIR, file))) continue;
        expect(anomaliesOf(file), file).toContain(kind);
      }
    });
  },
);
