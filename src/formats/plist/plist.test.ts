import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../../errors.js';
import { buildBplist, enc } from './bplist-builder.test-support.js';
import { PlistUid, plistToJson, readPlist, sniffPlistFormat, type PlistDict, type PlistValue } from './index.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(testdata, name)));
const xml = (s: string): Uint8Array => new TextEncoder().encode(s);
const dict = (v: PlistValue): PlistDict => {
  expect(v).toBeInstanceOf(Map);
  return v as PlistDict;
};

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isDfslabError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('readPlist on the plistutil fixtures (all-types.xml -> .bplist -> .roundtrip.xml)', () => {
  const fromXml = readPlist(fixture('all-types.xml'), { label: 'all-types.xml' });
  const fromBinary = readPlist(fixture('all-types.bplist'));
  const fromRoundtrip = readPlist(fixture('all-types.roundtrip.xml'));

  it('sniffs each format', () => {
    expect(sniffPlistFormat(fixture('all-types.xml'))).toBe('xml');
    expect(sniffPlistFormat(fixture('all-types.bplist'))).toBe('binary');
    expect(sniffPlistFormat(xml('hello'))).toBeUndefined();
  });

  it('reads the same value from XML and binary', () => {
    expect(fromBinary).toEqual(fromXml);
    expect(fromRoundtrip).toEqual(fromXml);
    expect(JSON.stringify(plistToJson(fromBinary))).toBe(JSON.stringify(plistToJson(fromXml)));
  });

  it('decodes every type exactly', () => {
    for (const v of [fromXml, fromBinary]) {
      const d = dict(v);
      expect([...d.keys()].slice(0, 5)).toEqual(['CFBundleIdentifier', 'Unicode', 'Escaped', 'Empty', 'Zero']);
      expect(d.get('Unicode')).toBe('Grüße — 日本語 🙂');
      expect(d.get('Escaped')).toBe(`a <b> & "c" 'd'`);
      expect(d.get('Empty')).toBe('');
      expect(d.get('Small')).toBe(200);
      expect(d.get('Negative')).toBe(-42);
      expect(d.get('Int32')).toBe(4294967295);
      expect(d.get('MaxSafe')).toBe(Number.MAX_SAFE_INTEGER);
      expect(d.get('BeyondSafe')).toBe(9007199254740993n);
      expect(d.get('Int64Max')).toBe(2n ** 63n - 1n);
      expect(d.get('Int64Min')).toBe(-(2n ** 63n));
      expect(d.get('UInt64Max')).toBe(2n ** 64n - 1n);
      expect(d.get('Real')).toBe(3.25);
      expect(d.get('NegReal')).toBe(-0.5);
      expect(d.get('True')).toBe(true);
      expect(d.get('False')).toBe(false);
      expect((d.get('Date') as Date).toISOString()).toBe('2017-01-27T08:36:00.000Z');
      expect([...(d.get('Data') as Uint8Array)]).toEqual([0, 1, 2, 3, 4, 5, 255]);
      expect(Object.getPrototypeOf(d.get('Data'))).toBe(Uint8Array.prototype);
      expect((d.get('EmptyData') as Uint8Array).length).toBe(0);
      expect(d.get('Array')).toEqual(['one', 2, [], new Map()]);
      const ats = dict(d.get('NSAppTransportSecurity')!);
      expect(ats.get('NSAllowsArbitraryLoads')).toBe(true);
      expect(dict(dict(ats.get('NSExceptionDomains')!).get('example.com')!).get('NSIncludesSubdomains')).toBe(true);
    }
  });

  it('plistToJson renders dates, data, bigints and keeps key order', () => {
    const j = plistToJson(fromBinary) as Record<string, unknown>;
    expect(j.Date).toBe('2017-01-27T08:36:00.000Z');
    expect(j.Data).toBe('AAECAwQF/w==');
    expect(j.UInt64Max).toBe('18446744073709551615');
    expect(Object.keys(j)[0]).toBe('CFBundleIdentifier');
    expect(plistToJson(new PlistUid(3))).toEqual({ CF$UID: 3 });
    expect(plistToJson([Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN)])).toEqual(['NaN', 'Infinity', null]);
    const tricky = new Map<string, PlistValue>([['__proto__', 1], ['2', 'b'], ['1', 'a']]);
    const tj = plistToJson(tricky) as Record<string, unknown>;
    expect(Object.getPrototypeOf(tj)).toBeNull();
    expect(tj.__proto__).toBe(1);
  });
});

describe('XML reader', () => {
  it('accepts a BOM, leading whitespace, comments and a bare <dict> without <plist>', () => {
    const v = readPlist(xml('\ufeff \n<!-- hi --><dict><key>a</key><string>x</string></dict>\n'));
    expect(v).toEqual(new Map([['a', 'x']]));
    expect(readPlist(xml('  <plist version="1.0"><array/></plist>'))).toEqual([]);
  });

  it('reads UTF-16 with a BOM', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><plist><string>é€</string></plist>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readPlist(new Uint8Array(le))).toBe('é€');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(readPlist(new Uint8Array(be))).toBe('é€');
  });

  it('decodes entities, numeric references, CDATA and comments in text', () => {
    const v = readPlist(xml('<plist><string>&#65;&#x42;&lt;<![CDATA[<&>]]><!-- c -->z</string></plist>'));
    expect(v).toBe('AB<<&>z');
  });

  it('keeps keys as data, with last value winning at the first position', () => {
    const v = dict(readPlist(xml('<dict><key>__proto__</key><integer>1</integer><key>b</key><true/><key>__proto__</key><integer>2</integer></dict>')));
    expect([...v.entries()]).toEqual([['__proto__', 2], ['b', true]]);
  });

  it('reads hex integers, signed integers, special reals, and self-closing leaves', () => {
    expect(readPlist(xml('<plist><integer> 0x1F </integer></plist>'))).toBe(31);
    expect(readPlist(xml('<plist><integer>+5</integer></plist>'))).toBe(5);
    expect(readPlist(xml('<plist><real>-inf</real></plist>'))).toBe(Number.NEGATIVE_INFINITY);
    expect(readPlist(xml('<plist><real>1e3</real></plist>'))).toBe(1000);
    expect(readPlist(xml('<plist><string/></plist>'))).toBe('');
    expect(readPlist(xml('<plist><data/></plist>'))).toEqual(new Uint8Array(0));
  });

  it('never expands DOCTYPE-declared entities (XXE-safe): the reference is an error', () => {
    const doc =
      '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaa">]>' +
      '<plist><string>&xxe;</string></plist>';
    expect(codeOf(() => readPlist(xml(doc)))).toBe(ErrorCodes.PLIST_BAD);
    const ok = '<!DOCTYPE plist [<!ENTITY a "]>">]><plist><string>fine</string></plist>';
    expect(readPlist(xml(ok))).toBe('fine');
  });

  const bad: Array<[string, string]> = [
    ['unknown element', '<plist><foo/></plist>'],
    ['element in a string', '<plist><string>a<b/>c</string></plist>'],
    ['text in a dict', '<plist><dict>hello</dict></plist>'],
    ['value without key', '<plist><dict><string>x</string></dict></plist>'],
    ['key without value', '<plist><dict><key>k</key></dict></plist>'],
    ['bad integer', '<plist><integer>12a</integer></plist>'],
    ['integer beyond 64 bits', '<plist><integer>18446744073709551616</integer></plist>'],
    ['empty integer', '<plist><integer/></plist>'],
    ['bad real', '<plist><real>1.2.3</real></plist>'],
    ['bad date', '<plist><date>yesterday</date></plist>'],
    ['bad date values', '<plist><date>2017-13-45T99:00:00Z</date></plist>'],
    ['bad base64', '<plist><data>!!!!</data></plist>'],
    ['unterminated', '<plist><dict><key>a</key>'],
    ['mismatched end', '<plist><array></dict></plist>'],
    ['trailing content', '<plist><true/></plist><true/>'],
    ['bare ampersand', '<plist><string>a & b</string></plist>'],
    ['unknown entity', '<plist><string>&nbsp;</string></plist>'],
    ['NUL reference', '<plist><string>&#0;</string></plist>'],
    ['surrogate reference', '<plist><string>&#xD800;</string></plist>'],
    ['empty plist', '<plist/>'],
    ['content in true', '<plist><true>yes</true></plist>'],
    ['unterminated comment', '<plist><!-- x'],
    ['unterminated CDATA', '<plist><string><![CDATA[x</string></plist>'],
    ['empty input', ''],
    ['not a plist', 'GIF89a'],
  ];
  it.each(bad)('rejects %s with DFSLAB_E_PLIST_BAD', (_what, doc) => {
    expect(codeOf(() => readPlist(xml(doc), { label: 'x.plist' }))).toBe(ErrorCodes.PLIST_BAD);
  });

  it('bounds nesting depth and value count (XML bomb-ish input)', () => {
    const deep = '<plist>' + '<array>'.repeat(100_000) + '</array>'.repeat(100_000) + '</plist>';
    expect(codeOf(() => readPlist(xml(deep)))).toBe(ErrorCodes.LIMIT_EXCEEDED);
    expect(readPlist(xml('<array>'.repeat(10) + '</array>'.repeat(10)), { maxDepth: 10 })).toEqual([[[[[[[[[[]]]]]]]]]]);
    expect(codeOf(() => readPlist(xml('<array>'.repeat(11) + '</array>'.repeat(11)), { maxDepth: 10 }))).toBe(ErrorCodes.LIMIT_EXCEEDED);
    const wide = '<array>' + '<true/>'.repeat(1001) + '</array>';
    expect(codeOf(() => readPlist(xml(wide), { maxObjects: 1000 }))).toBe(ErrorCodes.LIMIT_EXCEEDED);
  });

  it('reports the character offset of the problem', () => {
    try {
      readPlist(xml('<plist><dict><foo/></dict></plist>'), { label: 'Info.plist' });
      expect.unreachable();
    } catch (e) {
      expect(isDfslabError(e) && e.offset).toBe(13);
      expect(isDfslabError(e) && e.path).toBe('Info.plist');
    }
  });
});

describe('binary reader', () => {
  it('reads UIDs, sets, UTF-16 strings and multi-byte refs', () => {
    const b = buildBplist({
      objects: [enc.dict([1, 2, 3], [4, 5, 6], 2), enc.ascii('uid'), enc.ascii('set'), enc.ascii('text'), enc.uid(9), enc.set([7, 8], 2), enc.utf16('héllo 🙂'), enc.int8(1), enc.int8(2)],
      refSize: 2,
    });
    const d = dict(readPlist(b));
    expect(d.get('uid')).toEqual(new PlistUid(9));
    expect(d.get('uid')).toBeInstanceOf(PlistUid);
    expect(d.get('set')).toEqual([1, 2]);
    expect(d.get('text')).toBe('héllo 🙂');
  });

  it('reads 1/2/4/8/16-byte ints with CF signedness, float32, and dates before 2001', () => {
    const objs = [
      enc.array([1, 2, 3, 4, 5, 6, 7, 8]),
      enc.raw(0x10, 0xff),
      enc.raw(0x11, 0xff, 0xff),
      enc.raw(0x12, 0xff, 0xff, 0xff, 0xff),
      enc.raw(0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe),
      enc.raw(0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      enc.raw(0x22, 0x40, 0x49, 0x0f, 0xdb),
      enc.raw(0x33, ...Buffer.from(new Float64Array([-978307200]).buffer).reverse()),
      enc.raw(0x09),
    ];
    const v = readPlist(buildBplist({ objects: objs })) as PlistValue[];
    expect(v.slice(0, 5)).toEqual([255, 65535, 4294967295, -2, 2n ** 64n - 1n]);
    expect(v[5]).toBeCloseTo(Math.PI, 6);
    expect((v[6] as Date).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(v[7]).toBe(true);
  });
});

describe('XML reader cost', () => {
  // A quadratic scan here (searching each text node's '&' to the end of the file) would run for hours and
  // hit the test timeout; timing itself is measured in bench/, not asserted here.
  it('stays linear with many small text nodes and one entity at the end', () => {
    const doc = '<array>' + '<string>abc</string>'.repeat(200_000) + '<string>&amp;</string></array>';
    const v = readPlist(xml(doc)) as string[];
    expect(v.length).toBe(200_001);
    expect(v[200_000]).toBe('&');
  });
});
