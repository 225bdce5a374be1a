/**
 * Differential tests against libplist's `plistutil`: a plist and plistutil's conversion of it to the other
 * format must read to the same value. Runs on our fixture and on every Info.plist in the corpus IPAs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { ZipArchive } from '../zip/index.js';
import { readPlist, sniffPlistFormat, type PlistDict } from './index.js';

const hasPlistutil = hasTool('plistutil');
const corpus = corpusDir();
const work = mkdtempSync(join(tmpdir(), 'dfslab-plist-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function convert(bytes: Uint8Array, to: 'bin' | 'xml'): Uint8Array {
  const inPath = join(work, 'in.plist');
  const outPath = join(work, `out.${to}`);
  writeFileSync(inPath, bytes);
  execFileSync('plistutil', ['-i', inPath, '-o', outPath, '-f', to]);
  return new Uint8Array(readFileSync(outPath));
}

function otherFormat(bytes: Uint8Array): 'bin' | 'xml' {
  return sniffPlistFormat(bytes) === 'binary' ? 'xml' : 'bin';
}

describe.skipIf(!hasPlistutil)('plistutil oracle (skipped: plistutil not installed)', () => {
  it('our fixture source converts both ways to the same value', () => {
    const src = new Uint8Array(readFileSync(join(import.meta.dirname, 'testdata', 'all-types.xml')));
    const bin = convert(src, 'bin');
    expect(sniffPlistFormat(bin)).toBe('binary');
    expect(readPlist(bin)).toEqual(readPlist(src));
    expect(readPlist(convert(bin, 'xml'))).toEqual(readPlist(src));
  });
});

const ipas = corpus === undefined ? [] : readdirSync(corpus).filter((n) => n.endsWith('.ipa'));
describe.skipIf(corpus === undefined || !hasPlistutil)(`corpus Info.plist oracle (${corpus === undefined ? CORPUS_SKIP_MESSAGE : 'plistutil missing'})`, () => {
  it.each(ipas.length > 0 ? ipas : ['(none)'])('every Info.plist in %s matches plistutil', (ipa) => {
    const zip = ZipArchive.open(new Uint8Array(readFileSync(join(corpus!, ipa))));
    const names = zip.entryNames().filter((n) => /^Payload\/[^/]+\.app\/(.+\/)?Info\.plist$/.test(n));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const bytes = zip.read(name);
      const ours = readPlist(bytes, { label: name });
      expect(readPlist(convert(bytes, otherFormat(bytes)), { label: name }), name).toEqual(ours);
    }
    const main = names.find((n) => /^Payload\/[^/]+\.app\/Info\.plist$/.test(n))!;
    const info = readPlist(zip.read(main)) as PlistDict;
    expect(typeof info.get('CFBundleIdentifier')).toBe('string');
  });
});
