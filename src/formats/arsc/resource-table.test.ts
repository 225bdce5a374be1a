import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DfslabError, ErrorCodes, FormatError } from '../../errors.js';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { frameworkAttrId } from '../axml/framework-attrs.js';
import { ResValueType as T, formatValue } from '../axml/res-value.js';
import { prng } from '../axml/testdata/res-builder.js';
import { readResConfig } from './res-config.js';
import { ResourceTable } from './resource-table.js';
import { compareWithAaptResources } from './testdata/aapt-resources.js';
import { buildTable, type BuildType } from './testdata/table-builder.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(here, 'testdata', name)));
const text = (name: string): string => readFileSync(join(here, 'testdata', name), 'utf8');
const FIXTURES = ['resources', 'resources-utf16', 'resources-sparse'] as const;

describe('ResourceTable on aapt-built fixtures (committed aapt dumps as oracle)', () => {
  for (const f of FIXTURES) {
    it(`${f}.arsc agrees with aapt dump --values resources`, () => {
      const t = ResourceTable.parse(fixture(`${f}.arsc`), { label: f });
      expect(compareWithAaptResources(t, text(`${f}.values.txt`))).toEqual([]);
      expect(t.anomalies).toEqual([]);
    });
  }

  it('uses sparse type chunks in the aapt2 fixture (so the sparse path is really tested)', () => {
    const b = fixture('resources-sparse.arsc');
    let sparse = 0;
    for (let i = 0; i + 10 < b.length; i += 4) {
      if (b[i] === 0x01 && b[i + 1] === 0x02 && b[i + 9] === 0x01) sparse++;
    }
    expect(sparse).toBeGreaterThan(0);
  });

  for (const f of FIXTURES) {
    it(`${f}.arsc resolves what the manifest checks ask`, () => {
      const t = ResourceTable.parse(fixture(`${f}.arsc`));
      expect(t.packageList).toEqual([{ id: 0x7f, name: 'org.dfslab.fixture.res' }]);

      const nsc = t.idOf('xml', 'network_security_config')!;
      expect(t.nameOf(nsc)).toEqual({ package: 'org.dfslab.fixture.res', type: 'xml', entry: 'network_security_config' });
      expect(t.resolveDefault(nsc)?.string).toBe('res/xml/network_security_config.xml');

      const appName = t.idOf('string', 'app_name')!;
      const byConfig = Object.fromEntries(t.resolve(appName).map((v) => [v.config.label, v.string]));
      expect(byConfig).toEqual({
        default: 'DFS Fixture',
        fr: 'Appli DFS',
        'de-rDE': 'DFS-Testapp',
        'b+sr+Latn': 'DFS aplikacija',
      });
      expect(t.resolve(appName)[0]!.config.isDefault).toBe(true);

      // References are followed, and the chain is reported.
      const alias = t.resolveDefault(t.idOf('string', 'alias_of_alias')!)!;
      expect(alias.string).toBe('DFS Fixture');
      expect(alias.via).toEqual([t.idOf('string', 'alias'), appName]);
      const raw = t.resolve(t.idOf('string', 'alias')!, { followReferences: false })[0]!;
      expect(raw.value).toEqual({ type: T.REFERENCE, data: appName });

      // A reference cycle stops.
      const loop = t.resolveDefault(t.idOf('string', 'loop_a')!)!;
      expect(loop.value.type).toBe(T.REFERENCE);
      expect(t.anomalies.map((a) => a.kind)).toContain('reference-cycle');

      expect(t.resolveDefault(t.idOf('string', 'welcome')!)?.string).toBe('Bienvenue, paiement sécurisé 支付 😀');
      expect(t.resolveDefault(t.idOf('string', 'styled')!)?.string).toBe('Pay now or later');
      expect(t.resolveDefault(t.idOf('string', 'long_text')!)?.string).toMatch(/^This string .* ééééééééééééééé\.$/);
      expect(t.resolveDefault(t.idOf('string', 'empty')!)?.string).toBe('');

      const cleartext = t.resolveDefault(t.idOf('bool', 'cleartext')!)!;
      expect(formatValue(cleartext.value)).toBe('true');
      const retries = t.resolve(t.idOf('integer', 'max_retries')!);
      // aapt adds the implied -v13 to sw600dp; aapt2 drops it below minSdkVersion 26.
      expect(retries.map((r) => [r.config.label, r.value.data])).toEqual([
        ['default', 3],
        [f === 'resources-sparse' ? 'sw600dp' : 'sw600dp-v13', 5],
      ]);
      expect(t.resolveDefault(t.idOf('integer', 'negative')!)?.value.data! | 0).toBe(-42);
      expect(formatValue(t.resolveDefault(t.idOf('dimen', 'margin')!)!.value)).toBe('16dp');
      expect(formatValue(t.resolveDefault(t.idOf('color', 'brand')!)!.value)).toBe('#ff336699');

      const endpoints = t.resolveDefault(t.idOf('array', 'endpoints')!)!;
      expect(endpoints.bag?.items.map((i) => i.string)).toEqual(['https://api.example.org/v1', 'http://legacy.example.org']);
      const theme = t.resolveDefault(t.idOf('style', 'AppTheme')!)!;
      expect(theme.bag?.parent).toBe(0x01030237);
      expect(theme.bag?.items.map((i) => i.name)).toContain(frameworkAttrId('colorPrimary'));

      const strings = t.entries('string');
      expect(strings.map((s) => s.name)).toEqual(expect.arrayContaining(['app_name', 'api_key', 'loop_b']));
      expect(strings.find((s) => s.name === 'api_key')!.id).toBe(t.idOf('string', 'api_key'));
      expect(t.typeNames()).toEqual(expect.arrayContaining(['string', 'xml', 'bool', 'style']));
      expect(t.idOf('string', 'no_such_string')).toBeUndefined();
      expect(t.idOf('nosuchtype', 'app_name')).toBeUndefined();
      expect(t.resolve(0x7f7f0000)).toEqual([]);
      expect(t.nameOf(0x01010003)).toBeUndefined();
    });
  }

  it('labels the drawable per configuration', () => {
    const t = ResourceTable.parse(fixture('resources.arsc'));
    const badge = t.resolve(t.idOf('drawable', 'badge')!);
    expect(badge.map((v) => [v.config.label, v.string])).toEqual([
      ['default', 'res/drawable/badge.xml'],
      ['v21', 'res/drawable-v21/badge.xml'],
    ]);
  });
});

const corpus = corpusDir();
const canDump = corpus !== undefined && hasTool('aapt') && hasTool('unzip');
describe.skipIf(!canDump)(`corpus resources.arsc vs aapt dump --values resources (${corpus ? 'needs aapt and unzip' : CORPUS_SKIP_MESSAGE})`, () => {
  const apks = corpus ? readdirSync(corpus).filter((f) => f.endsWith('.apk')) : [];
  // Keeps the skip (and its reason, in the describe title) visible in the report when the corpus is absent.
  if (apks.length === 0) it('every corpus APK', () => {});
  for (const apk of apks) {
    it(`${apk}: names, configurations and values agree with aapt`, () => {
      const path = join(corpus!, apk);
      const bytes = new Uint8Array(execFileSync('unzip', ['-p', path, 'resources.arsc'], { maxBuffer: 256 << 20 }));
      const dump = execFileSync('aapt', ['dump', '--values', 'resources', path], { maxBuffer: 256 << 20 }).toString('utf8');
      const t = ResourceTable.parse(bytes, { label: `${apk}!resources.arsc` });
      expect(compareWithAaptResources(t, dump)).toEqual([]);
      expect(t.anomalies.filter((a) => a.rejectedByPlatform)).toEqual([]);
    });
  }
});

// ---- synthetic tables ----

const strings: BuildType = {
  name: 'string',
  entryCount: 3,
  configs: [
    {
      entries: {
        0: { key: 'app_name', value: { type: T.STRING, data: 'Synthetic' } },
        1: { key: 'alias', value: { type: T.REFERENCE, data: 0x7f010000 } },
        2: { key: 'self', value: { type: T.REFERENCE, data: 0x7f010002 } },
      },
    },
    { config: { language: 'fr' }, entries: { 0: { key: 'app_name', value: { type: T.STRING, data: 'Synthétique' } } } },
  ],
};

describe('ResourceTable on synthetic tables', () => {
  it('reads offset16 type chunks and compact entries like dense ones', () => {
    const table = (encoding: 'dense' | 'offset16' | 'sparse', compact: boolean) =>
      ResourceTable.parse(
        buildTable({
          types: [
            {
              name: 'bool',
              entryCount: 40,
              configs: [
                {
                  encoding,
                  entries: {
                    0: { key: 'a', value: { type: T.INT_BOOLEAN, data: 0xffffffff }, compact },
                    7: { key: 'b', value: { type: T.INT_BOOLEAN, data: 0 }, compact },
                    39: { key: 'c', value: { type: T.STRING, data: 'str' }, compact },
                  },
                },
                { encoding, config: { sdkVersion: 21 }, entries: { 7: { key: 'b', value: { type: T.INT_BOOLEAN, data: 1 }, compact } } },
              ],
            },
          ],
        }),
      );
    for (const [enc, compact] of [
      ['dense', false],
      ['offset16', false],
      ['sparse', false],
      ['dense', true],
      ['offset16', true],
    ] as const) {
      const t = table(enc, compact);
      const label = `${enc}${compact ? '+compact' : ''}`;
      expect(t.anomalies, label).toEqual([]);
      expect(t.entries('bool'), label).toEqual([
        { id: 0x7f010000, name: 'a' },
        { id: 0x7f010007, name: 'b' },
        { id: 0x7f010027, name: 'c' },
      ]);
      expect(t.resolve(0x7f010007).map((v) => [v.config.label, v.value.data]), label).toEqual([
        ['default', 0],
        ['v21', 1],
      ]);
      expect(t.resolveDefault(0x7f010027)?.string, label).toBe('str');
      expect(t.resolve(0x7f010001), label).toEqual([]);
      expect(t.nameOf(0x7f010027), label).toEqual({ package: 'org.dfslab.synthetic', type: 'bool', entry: 'c' });
    }
  });

  it('follows references per configuration and stops on self-references', () => {
    const t = ResourceTable.parse(buildTable({ types: [strings] }));
    expect(t.resolveDefault(0x7f010001)?.string).toBe('Synthetic');
    const self = t.resolveDefault(0x7f010002)!;
    expect(self.value).toEqual({ type: T.REFERENCE, data: 0x7f010002 });
    expect(t.anomalies.map((a) => a.kind)).toEqual(['reference-cycle']);
  });

  it('decodes packed three-letter language codes and labels configs like aapt', () => {
    const cfg = new Uint8Array(64);
    const v = new DataView(cfg.buffer);
    v.setUint32(0, 64, true);
    // "fil" packed: in[0] = 0x80 | (('l'-'a') << 2) | (('i'-'a') >> 3), in[1] = (('i'-'a') & 7) << 5 | ('f'-'a').
    cfg[8] = 0x80 | (11 << 2) | (8 >> 3);
    cfg[9] = ((8 & 7) << 5) | 5;
    cfg[10] = 0x50; // 'P'
    cfg[11] = 0x48; // 'H'
    v.setUint16(14, 480, true);
    v.setUint16(24, 21, true);
    expect(readResConfig(cfg, 0, 64).label).toBe('fil-rPH-xxhdpi-v21');
    cfg[12] = 2; // land
    cfg[28] = 0x80 | 0x03; // ldrtl, large
    v.setUint16(30, 600, true);
    expect(readResConfig(cfg, 0, 64).label).toBe('fil-rPH-ldrtl-sw600dp-large-land-xxhdpi-v21');
    // Short (old) configs read the missing fields as "any".
    expect(readResConfig(cfg, 0, 28).label).toBe('fil-rPH-land-xxhdpi-v21');
    expect(readResConfig(new Uint8Array(64), 0, 64)).toMatchObject({ label: 'default', isDefault: true });
  });

  it('records bad entry offsets, oversized counts and bags, and keeps the rest', () => {
    const bytes = buildTable({ types: [strings] });
    const base = ResourceTable.parse(bytes);
    expect(base.anomalies).toEqual([]);
    // Find the first (default) type chunk and break the offset of entry 1.
    const typeAt = findChunk(bytes, 0x0201);
    const v = new DataView(bytes.buffer);
    const headerSize = v.getUint16(typeAt + 2, true);
    v.setUint32(typeAt + headerSize + 4, 0x00fffff0, true);
    // And claim a huge entry count on it.
    v.setUint32(typeAt + 12, 0x7fffffff, true);
    const t = ResourceTable.parse(bytes);
    expect(t.resolveDefault(0x7f010000)?.string).toBe('Synthetic');
    expect(t.resolve(0x7f010001)).toEqual([]);
    expect(t.anomalies.map((a) => a.kind)).toEqual(expect.arrayContaining(['bad-type', 'bad-entry']));
  });

  it('throws a typed error when the data is not a resource table', () => {
    for (const bad of [new Uint8Array(0), new Uint8Array([2, 0, 12]), new TextEncoder().encode('<resources/>'), new Uint8Array([3, 0, 8, 0, 8, 0, 0, 0])]) {
      try {
        ResourceTable.parse(bad, { label: 'resources.arsc' });
        expect.unreachable('should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).code).toBe(ErrorCodes.ARSC_BAD_CHUNK);
        expect((e as FormatError).path).toBe('resources.arsc');
      }
    }
  });

  it('reads a truncated table up to the damage', () => {
    const full = fixture('resources.arsc');
    const t = ResourceTable.parse(full.subarray(0, Math.floor(full.length * 0.8)));
    expect(t.anomalies.some((a) => a.rejectedByPlatform)).toBe(true);
    expect(t.packageList.length).toBeLessThanOrEqual(1);
  });
});

function findChunk(bytes: Uint8Array, type: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const walk = (pos: number, end: number): number => {
    while (pos + 8 <= end) {
      const t = v.getUint16(pos, true);
      const hs = v.getUint16(pos + 2, true);
      const size = v.getUint32(pos + 4, true);
      if (t === type) return pos;
      if (t === 0x0002 || t === 0x0200) {
        const inner = walk(pos + hs, pos + size);
        if (inner >= 0) return inner;
      }
      pos += size;
    }
    return -1;
  };
  return walk(0, bytes.length);
}

describe('ResourceTable mutation fuzz', () => {
  const seeds = [...FIXTURES.map((f) => fixture(`${f}.arsc`)), buildTable({ types: [strings] })];
  it('turns every truncation and bit flip into a table or a DfslabError, and every query stays safe', () => {
    const rand = prng(0xa25c);
    let parsed = 0;
    for (let round = 0; round < 400; round++) {
      const seed = seeds[round % seeds.length]!;
      let bytes = seed.slice();
      const mode = round % 3;
      if (mode === 0) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
      const flips = mode === 0 ? 0 : 1 + Math.floor(rand() * 8);
      for (let k = 0; k < flips; k++) {
        const at = Math.floor(rand() * bytes.length);
        if (mode === 1) bytes[at] = bytes[at]! ^ (1 << Math.floor(rand() * 8));
        else bytes[at] = Math.floor(rand() * 256);
      }
      try {
        const t = ResourceTable.parse(bytes);
        for (const type of ['string', 'xml', 'bool', 'array', 'style']) {
          for (const e of t.entries(type)) {
            t.resolve(e.id);
            t.nameOf(e.id);
          }
        }
        t.idOf('string', 'app_name');
        t.resolve(0x7f090000);
        expect(t.anomalies.length).toBeLessThanOrEqual(257);
        parsed++;
      } catch (e) {
        if (!(e instanceof DfslabError)) throw new Error(`round ${round}: ${String(e)}`, { cause: e });
      }
    }
    expect(parsed).toBeGreaterThan(100);
  });
});
