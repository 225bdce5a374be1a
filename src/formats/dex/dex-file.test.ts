import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACC_STATIC, DexFile, formatMethodRef, isDex, parseDexEntries } from './dex-file.js';
import { buildCodeIndex } from './index.js';
import { containerOf, MiniDex } from './minidex.test-support.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url)));
const BAD_STRUCTURE = expect.objectContaining({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE' });
const BAD_MAGIC = expect.objectContaining({ code: 'DFSLAB_E_DEX_BAD_MAGIC' });

function withU32(bytes: Uint8Array, at: number, v: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, v, true);
  return copy;
}

describe('DexFile on the smali fixture', () => {
  const bytes = fixture('calls.dex');
  const dex = DexFile.parse(bytes, { label: 'calls.dex' });

  it('reads the header and id tables', () => {
    expect(isDex(bytes)).toBe(true);
    expect(dex.version).toBe(38);
    expect(dex.label).toBe('calls.dex');
    expect(dex.fileSize).toBe(bytes.length);
    expect(dex.classDefs.map((d) => d.classType).sort()).toEqual([
      'Lfix/AbstractTm;', 'Lfix/Calls;', 'Lfix/MyTrustManager;', 'Lfix/MyWebView;', 'Lfix/TrustAll;',
      'Lfix/TrustAllChild;',
    ]);
    const all = Array.from({ length: dex.typeCount }, (_, i) => dex.typeName(i));
    expect(all).toContain('Ljavax/crypto/Cipher;');
    expect(all).toContain('[B');
  });

  it('resolves classes, superclasses, interfaces and class data', () => {
    const byType = new Map(dex.classDefs.map((d) => [d.classType, d]));
    const trust = byType.get('Lfix/TrustAll;')!;
    expect(trust.superclass).toBe('Ljava/lang/Object;');
    expect(trust.interfaces).toEqual(['Ljavax/net/ssl/X509TrustManager;']);
    expect(trust.sourceFile).toBeUndefined();
    const calls = dex.classData(byType.get('Lfix/Calls;')!);
    expect(calls.staticFields.map((f) => dex.fieldRef(f.fieldIdx).name)).toEqual(['DEBUG']);
    expect(calls.instanceFields.map((f) => dex.fieldRef(f.fieldIdx))).toEqual([
      { classType: 'Lfix/Calls;', name: 'secret', type: 'Ljava/lang/String;' },
    ]);
    expect(calls.virtualMethods.map((m) => dex.methodRef(m.methodIdx).name).sort()).toEqual(['logText', 'setSecret']);
    const direct = calls.directMethods.map((m) => dex.methodRef(m.methodIdx).name);
    expect(direct).toContain('<init>');
    expect(direct).toContain('ecb');
    const abstractTm = dex.classData(byType.get('Lfix/AbstractTm;')!);
    expect(abstractTm.virtualMethods[0]!.codeOff).toBe(0);
  });

  it('gives method refs with protos and code items', () => {
    const ecb = dex.classData(dex.classDefs.find((d) => d.classType === 'Lfix/Calls;')!).directMethods.find(
      (m) => dex.methodRef(m.methodIdx).name === 'ecb',
    )!;
    const ref = dex.methodRef(ecb.methodIdx);
    expect(ref).toMatchObject({ classType: 'Lfix/Calls;', name: 'ecb', descriptor: '()Ljavax/crypto/Cipher;' });
    expect(ref.proto).toEqual({ shorty: 'L', returnType: 'Ljavax/crypto/Cipher;', params: [], descriptor: '()Ljavax/crypto/Cipher;' });
    expect(formatMethodRef(ref)).toBe('Lfix/Calls;->ecb()Ljavax/crypto/Cipher;');
    expect(ecb.accessFlags & ACC_STATIC).toBe(ACC_STATIC);
    const code = dex.codeItem(ecb.codeOff);
    expect(code).toMatchObject({ registersSize: 2, insSize: 0, outsSize: 1, tries: [] });
    // const-string (2) + invoke-static (3) + move-result-object (1) + return-object (1)
    expect(code.insns.length).toBe(7);
    expect(code.insns[0]! & 0xff).toBe(0x1a);
  });

  it('decodes MUTF-8 strings: 2-byte forms, encoded NUL and surrogate pairs', () => {
    const strings = Array.from({ length: dex.stringCount }, (_, i) => dex.string(i));
    expect(strings).toContain('caf\u00e9 \u0000 \ud83d\ude00');
  });

  it('reads try items and catch handlers', () => {
    const ops = DexFile.parse(fixture('opcodes.dex'));
    const def = ops.classDefs.find((d) => d.classType === 'Lops/AllOps;')!;
    const all = ops.classData(def).directMethods.find((m) => ops.methodRef(m.methodIdx).name === 'all')!;
    const code = ops.codeItem(all.codeOff);
    expect(code.tries).toHaveLength(1);
    expect(code.tries[0]!.handlers.map((h) => h.type)).toEqual(['Ljava/lang/Exception;', undefined]);
    expect(code.registersSize).toBe(300);
  });

  it('copies input whose buffer offset is misaligned, so code units stay readable', () => {
    const backing = new Uint8Array(bytes.length + 1);
    backing.set(bytes, 1);
    const shifted = DexFile.parse(backing.subarray(1));
    expect(shifted.classDefs.length).toBe(dex.classDefs.length);
    expect(buildCodeIndex([shifted]).stats.callSites).toBe(buildCodeIndex([dex]).stats.callSites);
  });
});

describe('DexFile on hostile input', () => {
  const good = fixture('calls.dex');

  it('rejects what is not a DEX, or an unknown version, as BAD_MAGIC', () => {
    expect(() => DexFile.parse(new Uint8Array(0))).toThrow(BAD_MAGIC);
    expect(() => DexFile.parse(new TextEncoder().encode('PK\u0003\u0004 not a dex at all'))).toThrow(BAD_MAGIC);
    for (const v of ['034', '042', '999']) {
      const b = good.slice();
      b.set(new TextEncoder().encode(v), 4);
      expect(() => DexFile.parse(b)).toThrow(BAD_MAGIC);
    }
    const b = good.slice();
    b.set(new TextEncoder().encode('039'), 4);
    expect(DexFile.parse(b).version).toBe(39);
  });

  it('rejects a truncated header, a truncated file and a foreign byte order', () => {
    expect(() => DexFile.parse(good.subarray(0, 0x50))).toThrow(BAD_STRUCTURE);
    expect(() => DexFile.parse(good.subarray(0, good.length - 1))).toThrow(BAD_STRUCTURE);
    expect(() => DexFile.parse(withU32(good, 40, 0x78563412))).toThrow(/big-endian/);
    expect(() => DexFile.parse(withU32(good, 36, 0x20))).toThrow(BAD_STRUCTURE);
  });

  it('rejects id tables whose counts or offsets lie, naming the header field offset', () => {
    for (const [field, value] of [[56, 0x10000000], [60, 0xfffffff0], [88, 0x7fffffff], [92, good.length - 4], [100, good.length]] as const) {
      try {
        DexFile.parse(withU32(good, field, value));
        expect.unreachable(`header field ${field} = ${value} was accepted`);
      } catch (e) {
        expect(e).toMatchObject({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE', path: 'classes.dex' });
        expect((e as { offset: number }).offset).toBe(field & ~7);
      }
    }
    expect(() => DexFile.parse(withU32(good, 52, good.length + 10))).toThrow(BAD_STRUCTURE); // map_off
  });

  it('reports bad lazily-read items when they are used, not at parse time', () => {
    const stringIdsOff = new DataView(good.buffer, good.byteOffset).getUint32(60, true);
    const dex = DexFile.parse(withU32(good, stringIdsOff, good.length + 100));
    expect(() => dex.string(0)).toThrow(BAD_STRUCTURE);
    expect(() => dex.string(-1)).toThrow(BAD_STRUCTURE);
    expect(() => dex.string(dex.stringCount)).toThrow(BAD_STRUCTURE);
    expect(() => dex.typeName(70000)).toThrow(BAD_STRUCTURE);
    expect(() => dex.methodRef(dex.methodCount)).toThrow(BAD_STRUCTURE);
    expect(() => dex.codeItem(good.length - 8)).toThrow(BAD_STRUCTURE);
    expect(() => dex.codeItem(3)).toThrow(BAD_STRUCTURE);
  });

  it('isolates a class whose class_data runs off the end, and a method whose insns do', () => {
    const dex0 = DexFile.parse(good);
    const calls = dex0.classDefs.find((d) => d.classType === 'Lfix/Calls;')!;
    const classDefsOff = new DataView(good.buffer, good.byteOffset).getUint32(100, true);
    const broken = DexFile.parse(withU32(good, classDefsOff + 32 * calls.index + 24, good.length - 2));
    expect(broken.members().errors.has(calls.index)).toBe(true);
    expect(() => broken.classData(broken.classDefs[calls.index]!)).toThrow(BAD_STRUCTURE);
    const index = buildCodeIndex([broken]);
    expect(index.problems.length).toBeGreaterThan(0);
    expect(index.callsTo('Ljavax/crypto/Cipher;')).toEqual([]);
    expect(index.overrides('checkServerTrusted').length).toBe(3); // other classes still indexed

    // insns_size of ecb's code item made huge: only that method is lost.
    const ecb = dex0.classData(calls).directMethods.find((m) => dex0.methodRef(m.methodIdx).name === 'ecb')!;
    const lying = DexFile.parse(withU32(good, ecb.codeOff + 12, 0x7fffffff));
    expect(() => lying.codeItem(ecb.codeOff)).toThrow(BAD_STRUCTURE);
    const index2 = buildCodeIndex([lying]);
    expect(index2.callsTo('Ljavax/crypto/Cipher;')).toEqual([]);
    expect(index2.callsTo('Landroid/util/Log;', 'd')).toHaveLength(1);
    expect(index2.problems.map((p) => p.error.code)).toContain('DFSLAB_E_DEX_BAD_STRUCTURE');
  });

  it('bounds the work of overlapping string data (no quadratic decoding)', () => {
    // 20000 string ids pointing into one 1 MB run of bytes with no NUL, each declaring a huge utf16_size.
    const m = new MiniDex();
    m.str('x');
    const base = m.build(35);
    const n = 20000;
    const regionSize = 1 << 20;
    const bytes = new Uint8Array(0x70 + 4 * n + regionSize);
    bytes.set(base.subarray(0, 0x70));
    const v = new DataView(bytes.buffer);
    v.setUint32(32, bytes.length, true);
    v.setUint32(52, 0, true); // no map
    for (const f of [64, 68, 72, 76, 80, 84, 88, 92, 96, 100]) v.setUint32(f, 0, true);
    v.setUint32(56, n, true);
    v.setUint32(60, 0x70, true);
    const region = 0x70 + 4 * n;
    for (let i = 0; i + 5 <= regionSize; i += 5) bytes.set([0xff, 0xff, 0xff, 0xff, 0x0f], region + i);
    for (let i = 0; i < n; i++) v.setUint32(0x70 + 4 * i, region + 5 * i, true);
    const dex = DexFile.parse(bytes);
    const started = Date.now();
    let failures = 0;
    for (let i = 0; i < n; i++) {
      try {
        dex.string(i);
      } catch (e) {
        expect(e).toMatchObject({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE' });
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('parseDexEntries', () => {
  it('keeps the good DEX files of an app when one is broken', () => {
    const good = fixture('multidex-a.dex');
    const { dexes, failures } = parseDexEntries([
      { name: 'classes.dex', bytes: good },
      { name: 'classes2.dex', bytes: good.subarray(0, 100) },
      { name: 'classes3.dex', bytes: fixture('multidex-b.dex') },
    ]);
    expect(dexes.map((d) => d.label)).toEqual(['classes.dex', 'classes3.dex']);
    expect(failures).toEqual([{ name: 'classes2.dex', error: expect.objectContaining({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE', path: 'classes2.dex' }) }]);
    expect(buildCodeIndex(dexes).callsTo('Lmd/B;', 'hello')).toHaveLength(2);
  });
});

describe('DEX 041 containers', () => {
  function twoParts(): Uint8Array {
    const a = new MiniDex();
    const helloA = a.method('Lc/A;', 'hello', 'V', ['Ljava/lang/String;']);
    const s = a.str('in part 0');
    a.addClass('Lc/A;', 'Ljava/lang/Object;', [
      { method: a.method('Lc/A;', 'run', 'V'), flags: ACC_STATIC | 1, registers: 1, ins: 0, outs: 1, insns: [0x001a, s, 0x1071, helloA, 0x0000, 0x000e] },
      { method: helloA, flags: ACC_STATIC | 1, registers: 1, ins: 1, outs: 0, insns: [0x000e] },
    ]);
    const part0 = a.build(41, 0);
    const b = new MiniDex();
    const helloB = b.method('Lc/A;', 'hello', 'V', ['Ljava/lang/String;']);
    const s2 = b.str('in part 1');
    b.addClass('Lc/B;', 'Lc/A;', [
      { method: b.method('Lc/B;', 'go', 'V'), flags: ACC_STATIC | 1, registers: 1, ins: 0, outs: 1, insns: [0x001a, s2, 0x1071, helloB, 0x0000, 0x000e] },
    ]);
    return containerOf([part0, b.build(41, part0.length)]);
  }

  it('parses every part, with offsets counted from the start of the container', () => {
    const bytes = twoParts();
    const parts = DexFile.parseAll(bytes, { label: 'classes.dex' });
    expect(parts.map((p) => [p.label, p.version, p.headerOffset])).toEqual([
      ['classes.dex', 41, 0],
      ['classes.dex#1', 41, parts[0]!.fileSize],
    ]);
    expect(parts[1]!.classDefs[0]!.classType).toBe('Lc/B;');
    expect(parts[1]!.classDefs[0]!.superclass).toBe('Lc/A;');
    const index = buildCodeIndex(parts);
    const calls = index.callsTo('Lc/A;', 'hello', '(Ljava/lang/String;)V');
    expect(calls.map((c) => [c.dex, c.classType, c.args])).toEqual([
      ['classes.dex', 'Lc/A;', [{ k: 'str', v: 'in part 0' }]],
      ['classes.dex#1', 'Lc/B;', [{ k: 'str', v: 'in part 1' }]],
    ]);
    expect(index.superclassChain('Lc/B;')).toEqual(['Lc/A;', 'Ljava/lang/Object;']);
    // DexFile.parse reads one part.
    expect(DexFile.parse(bytes, { headerOffset: parts[1]!.headerOffset }).classDefs[0]!.classType).toBe('Lc/B;');
  });

  it('rejects a part whose header_offset or container_size lies', () => {
    const bytes = twoParts();
    const second = new DataView(bytes.buffer).getUint32(32, true);
    expect(() => DexFile.parseAll(withU32(bytes, second + 116, 0))).toThrow(/header_offset/);
    expect(() => DexFile.parse(withU32(bytes, 112, bytes.length + 1))).toThrow(/container_size/);
    expect(() => DexFile.parseAll(withU32(bytes, second + 32, 0))).toThrow(BAD_STRUCTURE);
    expect(() => DexFile.parseAll(withU32(bytes, 32, 2))).toThrow(BAD_STRUCTURE);
  });
});

describe('DexFile.findString', () => {
  it('finds every string of the sorted string_ids at its index, and nothing for an absent one', () => {
    for (const name of ['calls.dex', 'opcodes.dex', 'multidex-a.dex']) {
      const dex = DexFile.parse(fixture(name), { label: name });
      for (let i = 0; i < dex.stringCount; i++) expect(dex.findString(dex.string(i)), `${name} #${i}`).toBe(i);
      expect(dex.findString('\u0000not a string in any fixture\uffff')).toBeUndefined();
    }
  });
});
