import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DfslabError, ErrorCodes, FormatError } from '../../errors.js';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { ANDROID_NS, androidAttr, attr, attrString, parseAxml, type AxmlDocument, type XmlElement } from './axml.js';
import { AndroidAttr } from './framework-attrs.js';
import { ResValueType as T, formatValue } from './res-value.js';
import { compareWithAapt } from './testdata/aapt-xmltree.js';
import { buildAxml, chunk, node, prng, stringPool, type BuildNode } from './testdata/res-builder.js';
import { toXmlString } from './xml-text.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(here, 'testdata', name)));
const dump = (name: string): string => readFileSync(join(here, 'testdata', name), 'utf8');

function find(el: XmlElement, name: string, pred: (e: XmlElement) => boolean = () => true): XmlElement | undefined {
  const stack = [el];
  while (stack.length > 0) {
    const e = stack.shift()!;
    if (e.name === name && pred(e)) return e;
    stack.push(...e.children);
  }
  return undefined;
}
const named = (value: string) => (e: XmlElement) => attrString(androidAttr(e, 'name')) === value;
const kinds = (doc: AxmlDocument): string[] => doc.anomalies.map((a) => a.kind);

describe('parseAxml on aapt-built fixtures (committed aapt dumps as oracle)', () => {
  for (const [bin, txt] of [
    ['basic.axml', 'basic.xmltree.txt'],
    ['basic-aapt2.axml', 'basic-aapt2.xmltree.txt'],
    ['network_security_config.axml', 'network_security_config.xmltree.txt'],
    ['obfuscated.axml', 'obfuscated.xmltree.txt'],
  ] as const) {
    it(`${bin} agrees with aapt dump xmltree`, () => {
      expect(compareWithAapt(parseAxml(fixture(bin), { label: bin }), dump(txt))).toEqual([]);
    });
  }

  it('reads the manifest attributes a check needs, with their typed values', () => {
    const doc = parseAxml(fixture('basic.axml'));
    expect(doc.anomalies).toEqual([]);
    const m = doc.root;
    expect(m.name).toBe('manifest');
    expect(m.line).toBe(3);
    expect(attrString(attr(m, undefined, 'package'))).toBe('org.dfslab.fixture.basic');
    expect(androidAttr(m, 'versionCode')?.value).toEqual({ type: T.INT_DEC, data: 42 });
    expect(attrString(androidAttr(m, 'sharedUserId'))).toBe('org.dfslab.shared');
    const sdk = find(m, 'uses-sdk')!;
    expect(androidAttr(sdk, 'minSdkVersion')?.value.data).toBe(19);
    expect(androidAttr(sdk, 'targetSdkVersion')?.value.data).toBe(28);

    const app = find(m, 'application')!;
    expect(androidAttr(app, 'debuggable')?.value).toEqual({ type: T.INT_BOOLEAN, data: 0xffffffff });
    expect(formatValue(androidAttr(app, 'allowBackup')!.value)).toBe('true');
    expect(formatValue(androidAttr(app, 'testOnly')!.value)).toBe('false');
    expect(androidAttr(app, 'networkSecurityConfig')?.value).toEqual({ type: T.REFERENCE, data: 0x7f020000 });
    expect(formatValue(androidAttr(app, 'label')!.value)).toBe('@0x7f030000');
    expect(androidAttr(app, 'extractNativeLibs')?.resId).toBe(AndroidAttr.extractNativeLibs);
    expect(attrString(androidAttr(app, 'process'))).toBe(':main');

    const main = find(app, 'activity', named('.MainActivity'))!;
    expect(formatValue(androidAttr(main, 'exported')!.value)).toBe('true');
    expect(androidAttr(main, 'launchMode')?.value.data).toBe(2);
    expect(attrString(androidAttr(main, 'taskAffinity'))).toBe('');
    const filter = find(main, 'intent-filter')!;
    expect(androidAttr(filter, 'priority')?.value.data).toBe(999);
    const data = filter.children.filter((c) => c.name === 'data');
    expect(data.map((d) => attrString(androidAttr(d, 'scheme')))).toEqual(['https', 'dfspay']);
    expect(attrString(androidAttr(data[0]!, 'port'))).toBe('8443');
    expect(attrString(androidAttr(data[1]!, 'pathPattern'))).toBe('.*\\.pdf'); // aapt unescapes the source's \\

    const service = find(app, 'service')!;
    expect(attrString(androidAttr(service, 'permission'))).toBe('org.dfslab.fixture.basic.permission.PAY');
    expect(androidAttr(service, 'foregroundServiceType')?.value).toEqual({ type: T.INT_HEX, data: 9 });
    const provider = find(app, 'provider')!;
    expect(attrString(androidAttr(provider, 'authorities'))).toContain(';');
    expect(attrString(androidAttr(provider, 'readPermission'))).toBe('org.dfslab.fixture.basic.permission.OPEN');
    expect(formatValue(androidAttr(provider, 'grantUriPermissions')!.value)).toBe('true');
    const level = androidAttr(find(m, 'permission')!, 'protectionLevel')!;
    expect(level.value).toEqual({ type: T.INT_HEX, data: 0x12 }); // signature | privileged

    const meta = (n: string): string => {
      const a = androidAttr(find(app, 'meta-data', named(n))!, 'value')!;
      return formatValue(a.value, attrString(a));
    };
    expect(meta('int')).toBe('-7');
    expect(meta('hex')).toBe('0x1f');
    expect(meta('bool')).toBe('false');
    expect(meta('float')).toBe('1.5');
    expect(meta('color')).toBe('#80ff0000');
    expect(meta('quoted')).toBe('a "quoted" back\\slash');
    expect(meta('unicode')).toBe('Paiement sécurisé 支付 😀');
    expect(androidAttr(find(app, 'meta-data', named('ref'))!, 'resource')?.value.data).toBe(0x7f030000);
  });

  it('reads a res/xml file with a UTF-8 pool, text nodes and attributes without namespace', () => {
    const doc = parseAxml(fixture('network_security_config.axml'));
    expect(doc.anomalies).toEqual([]);
    expect(doc.root.name).toBe('network-security-config');
    const domains: string[] = [];
    const stack = [doc.root];
    while (stack.length) {
      const e = stack.pop()!;
      if (e.name === 'domain') domains.push(e.text ?? '');
      stack.push(...e.children);
    }
    expect(domains.sort()).toEqual(['10.0.2.2', 'legacy.example.org']);
    const base = find(doc.root, 'base-config')!;
    const cleartext = attr(base, undefined, 'cleartextTrafficPermitted')!;
    expect(cleartext.ns).toBeUndefined();
    expect(cleartext.resId).toBeUndefined();
    expect(formatValue(cleartext.value)).toBe('false');
    expect(find(doc.root, 'pin')?.text).toBe('7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=');
  });

  it('sees through renamed attribute names and reports attributes without resource id (obfuscated.axml)', () => {
    const doc = parseAxml(fixture('obfuscated.axml'));
    const app = find(doc.root, 'application')!;
    const debuggable = androidAttr(app, 'debuggable')!;
    expect(debuggable.name).toBe('xdebugabcd');
    expect(debuggable.resId).toBe(AndroidAttr.debuggable);
    expect(formatValue(debuggable.value)).toBe('true');
    const mismatch = doc.anomalies.find((a) => a.kind === 'attribute-name-mismatch')!;
    expect(mismatch.message).toContain('"xdebugabcd"');
    expect(mismatch.message).toContain('android:debuggable');

    const service = find(app, 'service')!;
    const permission = androidAttr(service, 'permission')!;
    expect(permission.resId).toBeUndefined();
    expect(attrString(permission)).toBe('org.dfslab.fixture.basic.permission.PAY');
    expect(androidAttr(service, 'permission', { byIdOnly: true })).toBeUndefined();
    expect(kinds(doc)).toContain('attribute-without-resource-id');
    // The rest still resolves by id.
    expect(attrString(androidAttr(service, 'name'))).toBe('.SyncService');
  });

  it('prints readable XML with canonical framework attribute names', () => {
    const text = toXmlString(parseAxml(fixture('obfuscated.axml')));
    expect(text).toContain('<manifest xmlns:android="http://schemas.android.com/apk/res/android"');
    expect(text).toContain('android:debuggable="true"');
    expect(text).not.toContain('xdebugabcd');
    expect(text).toContain('android:networkSecurityConfig="@0x7f020000"');
    expect(text).toContain('android:value="a &quot;quoted&quot; back\\slash"');
    expect(text).toContain('</application>');
    const nsc = toXmlString(parseAxml(fixture('network_security_config.axml')));
    expect(nsc).toContain('<domain includeSubdomains="true">\n');
    expect(nsc).toContain('legacy.example.org');
  });
});

const ANDROGUARD_AXML = '/usr/share/doc/androguard/examples/axml';
const haveSamples = existsSync(ANDROGUARD_AXML);
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(ANDROGUARD_AXML, name)));

describe.skipIf(!haveSamples)('androguard hostile AXML samples (skipped without Debian androguard examples)', () => {
  it('parses every sample without throwing', () => {
    for (const f of readdirSync(ANDROGUARD_AXML).filter((n) => n.endsWith('.xml'))) {
      const doc = parseAxml(sample(f), { label: f });
      expect(['manifest', 'LinearLayout'], f).toContain(doc.root.name);
      expect(() => toXmlString(doc)).not.toThrow();
    }
  });

  it('flags the tricks each sample plays', () => {
    const has = (f: string, kind: string, rejected?: boolean) => {
      const a = parseAxml(sample(f)).anomalies.find((x) => x.kind === kind);
      expect(a, `${f}: ${kind}`).toBeDefined();
      if (rejected !== undefined) expect(a!.rejectedByPlatform === true, `${f}: ${kind} rejected`).toBe(rejected);
    };
    has('AndroidManifestNonZeroStyle.xml', 'string-pool-stray-styles-start', false);
    has('AndroidManifestWrongFilesize.xml', 'bad-document-size', true);
    has('AndroidManifest_StringNotTerminated.xml', 'string-not-terminated', true);
    has('AndroidManifestLiapp.xml', 'attribute-name-mismatch', false);
    has('AndroidManifest_WrongChunkStart.xml', 'unexpected-document-type', false);
    has('AndroidManifestExtraNamespace.xml', 'namespace-uri-redeclared');
    expect(parseAxml(sample('AndroidManifest.xml')).anomalies).toEqual([]);
  });

  it('resolves attributes by resource id when their names are empty or garbage', () => {
    const doc = parseAxml(sample('AndroidManifest_NamespaceInAttributeName.xml'));
    const version = androidAttr(doc.root, 'versionName')!;
    expect(version.name).toBe('');
    expect(attrString(version)).toBe('1.0');
    const liapp = parseAxml(sample('AndroidManifestLiapp.xml'));
    const activity = find(liapp.root, 'activity')!;
    expect(androidAttr(activity, 'name')!.name).not.toBe('name');
    expect(attrString(androidAttr(activity, 'name'))).toMatch(/\./);
  });

  const canZip = hasTool('aapt') && hasTool('zip');
  describe.skipIf(!canZip)('live oracle: aapt dump xmltree (skipped without aapt and zip)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dfslab-axml-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    // aapt segfaults on StringNotTerminated and refuses WrongFilesize (the platform refuses it too).
    const skip = new Set(['AndroidManifest_StringNotTerminated.xml', 'AndroidManifestWrongFilesize.xml']);
    for (const f of haveSamples ? readdirSync(ANDROGUARD_AXML).filter((n) => n.endsWith('.xml') && !skip.has(n)) : []) {
      it(`${f} agrees with aapt`, () => {
        const dir = mkdtempSync(join(tmp, 's'));
        writeFileSync(join(dir, 'AndroidManifest.xml'), sample(f));
        execFileSync('zip', ['-q', '-X', 'a.zip', 'AndroidManifest.xml'], { cwd: dir });
        const out = execFileSync('aapt', ['dump', 'xmltree', join(dir, 'a.zip'), 'AndroidManifest.xml'], {
          maxBuffer: 64 << 20,
        }).toString('utf8');
        expect(compareWithAapt(parseAxml(sample(f)), out)).toEqual([]);
      });
    }
  });
});

const corpus = corpusDir();
const canDumpCorpus = corpus !== undefined && hasTool('aapt') && hasTool('unzip');
describe.skipIf(!canDumpCorpus)(`corpus manifests vs aapt dump xmltree (${corpus ? 'needs aapt and unzip' : CORPUS_SKIP_MESSAGE})`, () => {
  const apks = corpus ? readdirSync(corpus).filter((f) => f.endsWith('.apk')) : [];
  // Keeps the skip (and its reason, in the describe title) visible in the report when the corpus is absent.
  if (apks.length === 0) it('every corpus APK', () => {});
  for (const apk of apks) {
    it(`${apk}: element/attribute tree agrees with aapt`, () => {
      const path = join(corpus!, apk);
      const bytes = execFileSync('unzip', ['-p', path, 'AndroidManifest.xml'], { maxBuffer: 64 << 20 });
      const out = execFileSync('aapt', ['dump', 'xmltree', path, 'AndroidManifest.xml'], { maxBuffer: 64 << 20 });
      const doc = parseAxml(new Uint8Array(bytes), { label: `${apk}!AndroidManifest.xml` });
      expect(compareWithAapt(doc, out.toString('utf8'))).toEqual([]);
      expect(doc.anomalies.filter((a) => a.rejectedByPlatform)).toEqual([]);
    });
  }
});

// ---- synthetic documents: exact control over every byte ----

const A = (name: string, resId: number | undefined, type: number, data: number | string, raw?: string) => ({
  ns: ANDROID_NS,
  name,
  ...(resId === undefined ? {} : { resId }),
  ...(raw === undefined ? {} : { raw }),
  type,
  data,
});
const doc = (children: BuildNode[], rootAttrs: ReturnType<typeof A>[] = []): BuildNode[] => [
  { kind: 'startNs', prefix: 'android', uri: ANDROID_NS },
  { kind: 'start', name: 'manifest', attrs: rootAttrs, line: 2 },
  ...children,
  { kind: 'end', name: 'manifest' },
  { kind: 'endNs', prefix: 'android', uri: ANDROID_NS },
];
const el = (name: string, attrs: ReturnType<typeof A>[] = [], extra: Partial<Extract<BuildNode, { kind: 'start' }>> = {}): BuildNode[] => [
  { kind: 'start', name, attrs, ...extra },
  { kind: 'end', name },
];

describe('parseAxml on synthetic documents', () => {
  it('decodes UTF-8 and UTF-16 pools with one- and two-unit lengths', () => {
    const long = 'é'.repeat(200) + 'x'.repeat(40_000); // > 0x7f chars and bytes, > 0x7fff UTF-16 units
    for (const utf8 of [false, true]) {
      const bytes = buildAxml(doc(el('application', [A('label', 0x01010001, T.STRING, long, long)])), { utf8 });
      const d = parseAxml(bytes);
      // A UTF-8 length above 0x7fff cannot be encoded; the pool then relies on the terminator (see below).
      if (!utf8) expect(d.anomalies).toEqual([]);
      expect(androidAttr(d.root.children[0]!, 'label')!.rawValue!.length).toBe(long.length);
    }
    const emoji = '支付 😀 \u0000 end';
    const d = parseAxml(buildAxml(doc([], [A('label', 0x01010001, T.STRING, emoji, emoji)]), { utf8: true }));
    expect(attrString(androidAttr(d.root, 'label'))).toBe(emoji);
    expect(d.anomalies).toEqual([]);
  });

  it('finds the terminator of a UTF-8 string whose byte length was truncated to 15 bits (as the platform does)', () => {
    const long = 'a'.repeat(0x8000 + 10);
    const d = parseAxml(buildAxml(doc([], [A('label', 0x01010001, T.STRING, long, long)]), { utf8: true }));
    expect(attrString(androidAttr(d.root, 'label'))).toBe(long);
  });

  it('skips unknown chunks before and among the nodes', () => {
    const junk = chunk(0x0777, new Uint8Array(0), new Uint8Array(12).fill(0x41));
    const nodes = doc([{ kind: 'raw', bytes: junk }, ...el('application')]);
    const d = parseAxml(buildAxml(nodes, { preludeExtra: [junk] }));
    expect(d.root.children.map((c) => c.name)).toEqual(['application']);
    expect(d.anomalies.filter((a) => a.kind === 'unknown-chunk')).toHaveLength(2);
  });

  it('strides by a non-standard attribute size', () => {
    const attrs = [A('name', 0x01010003, T.STRING, '.X', '.X'), A('exported', 0x01010010, T.INT_BOOLEAN, 0xffffffff)];
    const d = parseAxml(buildAxml(doc(el('activity', attrs, { attributeSize: 28 }))));
    const act = d.root.children[0]!;
    expect(attrString(androidAttr(act, 'name'))).toBe('.X');
    expect(formatValue(androidAttr(act, 'exported')!.value)).toBe('true');
    expect(kinds(d)).toEqual(['attribute-size']);
  });

  it('bounds overlapping attribute records (size 0) by the bytes present', () => {
    const attrs = [A('name', 0x01010003, T.STRING, '.X', '.X'), A('exported', 0x01010010, T.INT_BOOLEAN, 1)];
    const bytes = buildAxml(doc(el('activity', attrs, { attributeSize: 0 })));
    const act0 = parseAxml(bytes).root.children[0]!;
    // Declare 65535 attributes: the platform would read the first record 65535 times.
    const ext = act0.offset + 16;
    new DataView(bytes.buffer).setUint16(ext + 12, 0xffff, true);
    const d = parseAxml(bytes);
    const act = d.root.children[0]!;
    expect(act.attributes.length).toBeLessThanOrEqual(2);
    expect(attrString(androidAttr(act, 'name'))).toBe('.X');
    expect(kinds(d)).toEqual(expect.arrayContaining(['attribute-size', 'duplicate-attribute']));
  });

  it('cuts a string whose length runs past the pool at its terminator', () => {
    const bytes = buildAxml(doc(el('application', [A('label', 0x01010001, T.STRING, 'short', 'short')])));
    const d0 = parseAxml(bytes);
    // Find "short" (UTF-16) in the pool and inflate its length prefix.
    const needle = [0x73, 0, 0x68, 0, 0x6f, 0, 0x72, 0, 0x74, 0];
    let at = -1;
    for (let i = 0; i < bytes.length - needle.length && at < 0; i++) {
      if (needle.every((v, k) => bytes[i + k] === v)) at = i;
    }
    expect(attrString(androidAttr(d0.root.children[0]!, 'label'))).toBe('short');
    new DataView(bytes.buffer).setUint16(at - 2, 0x7000, true);
    const d = parseAxml(bytes);
    expect(attrString(androidAttr(d.root.children[0]!, 'label'))).toBe('short');
    expect(d.anomalies.find((a) => a.kind === 'string-out-of-range')?.rejectedByPlatform).toBe(true);
  });

  it('keeps reading when string indexes are out of range', () => {
    const bytes = buildAxml(doc(el('activity', [A('name', 0x01010003, T.STRING, '.X', '.X')])));
    // Point the activity's raw value (3rd u32 of the attribute) past the pool.
    const d0 = parseAxml(bytes);
    const rawIndexAt = findAttributeRecord(bytes, d0.root.children[0]!.offset) + 8;
    new DataView(bytes.buffer).setUint32(rawIndexAt, 9999, true);
    const d = parseAxml(bytes);
    const a = androidAttr(d.root.children[0]!, 'name')!;
    expect(a.rawValue).toBeUndefined();
    expect(a.string).toBe('.X');
  });

  it('records string offsets that point outside the pool', () => {
    const bytes = buildAxml(doc(el('application')));
    // First string offset entry sits right after the 8-byte document header and the 28-byte pool header.
    new DataView(bytes.buffer).setUint32(8 + 28, 0x7fffff00, true);
    const d = parseAxml(bytes);
    expect(kinds(d)).toContain('string-offset-out-of-range');
  });

  it('flags a typed string that differs from the raw value (tools and platform disagree)', () => {
    const d = parseAxml(buildAxml(doc(el('service', [A('permission', 0x01010006, T.STRING, 'x.PAY', 'x.NONE')]))));
    const a = androidAttr(d.root.children[0]!, 'permission')!;
    expect(a.string).toBe('x.PAY');
    expect(a.rawValue).toBe('x.NONE');
    expect(attrString(a)).toBe('x.PAY');
    expect(kinds(d)).toContain('raw-value-mismatch');
  });

  it('flags unsorted and duplicate attributes, NUL bytes in names, and extra roots', () => {
    const nodes: BuildNode[] = [
      ...doc(
        el('activity\u0000hidden', [
          A('exported', 0x01010010, T.INT_BOOLEAN, 0),
          A('name', 0x01010003, T.STRING, '.A', '.A'),
          A('name', 0x01010003, T.STRING, '.B', '.B'),
        ]),
      ),
      ...el('second-root'),
    ];
    const d = parseAxml(buildAxml(nodes));
    expect(kinds(d)).toEqual(expect.arrayContaining(['attributes-unsorted', 'duplicate-attribute', 'nul-in-name', 'multiple-root-elements']));
    expect(d.root.children[0]!.name).toBe('activity\u0000hidden');
    expect(attrString(androidAttr(d.root.children[0]!, 'name'))).toBe('.A');
  });

  it('flags a re-bound android prefix and still resolves attributes by namespace URI', () => {
    const nodes: BuildNode[] = [
      { kind: 'startNs', prefix: 'android', uri: ANDROID_NS },
      { kind: 'startNs', prefix: 'android', uri: 'http://evil.example/ns' },
      { kind: 'start', name: 'manifest', attrs: [A('versionCode', 0x0101021b, T.INT_DEC, 3)] },
      { kind: 'end', name: 'manifest' },
    ];
    const d = parseAxml(buildAxml(nodes));
    expect(kinds(d)).toContain('namespace-prefix-redeclared');
    expect(androidAttr(d.root, 'versionCode')?.value.data).toBe(3);
  });

  it('reads what it can of a truncated document', () => {
    const full = buildAxml(doc([...el('application', [A('debuggable', 0x0101000f, T.INT_BOOLEAN, 1)]), ...el('uses-sdk')]));
    const d = parseAxml(full.subarray(0, full.length - 40));
    expect(d.root.name).toBe('manifest');
    expect(androidAttr(d.root.children[0]!, 'debuggable')?.value.data).toBe(1);
    expect(d.anomalies.find((a) => a.kind === 'bad-document-size')?.rejectedByPlatform).toBe(true);
    expect(kinds(d)).toContain('unclosed-element');
  });

  it('ignores data after the declared document end, like the platform', () => {
    const full = buildAxml(doc(el('application')));
    const padded = new Uint8Array(full.length + 64);
    padded.set(full);
    const d = parseAxml(padded);
    expect(kinds(d)).toEqual(['trailing-data']);
  });

  it('stops at a node whose size is broken and keeps the elements before it', () => {
    const bytes = buildAxml(doc([...el('application'), ...el('uses-sdk')]));
    const d0 = parseAxml(bytes);
    const sdkAt = d0.root.children[1]!.offset;
    new DataView(bytes.buffer).setUint32(sdkAt + 4, 0xfffffff0, true);
    const d = parseAxml(bytes);
    expect(d.root.children.map((c) => c.name)).toEqual(['application']);
    expect(d.anomalies.find((a) => a.kind === 'bad-node')?.rejectedByPlatform).toBe(true);
  });

  it('flattens absurd nesting instead of overflowing the stack', () => {
    const nodes: BuildNode[] = [];
    for (let i = 0; i < 2000; i++) nodes.push({ kind: 'start', name: 'n' });
    for (let i = 0; i < 2000; i++) nodes.push({ kind: 'end', name: 'n' });
    const d = parseAxml(buildAxml(nodes));
    expect(kinds(d)).toContain('nesting-too-deep');
    expect(toXmlString(d).split('\n').length).toBeGreaterThan(2000);
  });

  it('keeps the anomaly list bounded on a file full of defects', () => {
    const junk: BuildNode[] = [];
    for (let i = 0; i < 400; i++) junk.push({ kind: 'raw', bytes: node(0x0150, 1, new Uint8Array(4)) });
    const d = parseAxml(buildAxml(doc(junk)));
    expect(d.anomalies).toHaveLength(257);
    expect(d.anomalies[256]).toMatchObject({ kind: 'anomalies-truncated' });
    expect(d.anomalies[256]!.message).toContain('144 more');
  });

  it('reports a stray styles offset (androguard "NonZeroStyle")', () => {
    const d = parseAxml(buildAxml(doc([]), { strayStylesStart: 0x40 }));
    expect(kinds(d)).toEqual(['string-pool-stray-styles-start']);
  });

  it('throws a typed error when nothing usable is left', () => {
    const expectBad = (bytes: Uint8Array) => {
      try {
        parseAxml(bytes, { label: 'AndroidManifest.xml' });
        expect.unreachable('should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).code).toBe(ErrorCodes.AXML_BAD_CHUNK);
        expect((e as FormatError).path).toBe('AndroidManifest.xml');
      }
    };
    expectBad(new Uint8Array(0));
    expectBad(new Uint8Array([3, 0, 8, 0]));
    expectBad(new TextEncoder().encode('<?xml version="1.0"?><manifest/>'));
    expectBad(chunk(0x0003, new Uint8Array(0), stringPool(['a'])));
    expectBad(chunk(0x0003, new Uint8Array(0), node(0x0103, 1, new Uint8Array(8))));
  });
});

/** Offset of the first attribute record of the START_ELEMENT node at `nodeAt`. */
function findAttributeRecord(bytes: Uint8Array, nodeAt: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const ext = nodeAt + v.getUint16(nodeAt + 2, true);
  return ext + v.getUint16(ext + 8, true);
}

describe('parseAxml mutation fuzz', () => {
  const seeds: Array<[string, Uint8Array]> = [
    ['basic', fixture('basic.axml')],
    ['nsc', fixture('network_security_config.axml')],
    ['synthetic-utf8', buildAxml(doc(el('application', [A('label', 0x01010001, T.STRING, 'é'.repeat(150), 'é'.repeat(150))])), { utf8: true })],
  ];
  it('turns every truncation and bit flip into a document or a DfslabError', () => {
    const rand = prng(0xdf5);
    let parsed = 0;
    let rejected = 0;
    for (let round = 0; round < 450; round++) {
      const [, seed] = seeds[round % seeds.length]!;
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
        const d = parseAxml(bytes);
        toXmlString(d);
        androidAttr(d.root, 'name');
        expect(d.anomalies.length).toBeLessThanOrEqual(257);
        parsed++;
      } catch (e) {
        if (!(e instanceof DfslabError)) throw new Error(`round ${round}: ${String(e)}`, { cause: e });
        rejected++;
      }
    }
    expect(parsed).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(0);
  });
});
