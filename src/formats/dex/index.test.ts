import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { DexFile, parseDexEntries } from './dex-file.js';
import { buildCodeIndex, scanDexCode, type CallSite, type Value } from './index.js';

const load = (name: string): DexFile =>
  DexFile.parse(new Uint8Array(readFileSync(new URL(`./testdata/${name}`, import.meta.url))), { label: name });

const only = (calls: readonly CallSite[]): CallSite => {
  expect(calls).toHaveLength(1);
  return calls[0]!;
};

describe('code index: constant values at call sites', () => {
  const index = buildCodeIndex([load('calls.dex')]);

  it('finds Cipher.getInstance with its constant transformation', () => {
    const c = only(index.callsTo('Ljavax/crypto/Cipher;', 'getInstance', '(Ljava/lang/String;)Ljavax/crypto/Cipher;'));
    expect(c).toMatchObject({ dex: 'calls.dex', classType: 'Lfix/Calls;', invoke: 'invoke-static', pc: 2 });
    expect(c.method.name).toBe('ecb');
    expect(c.args).toEqual([{ k: 'str', v: 'AES/ECB/PKCS5Padding' }]);
    expect(index.callsTo('Ljavax/crypto/Cipher;', 'getInstance', '(Ljava/lang/String;Ljava/lang/String;)Ljavax/crypto/Cipher;')).toEqual([]);
    expect(index.callsTo('Ljavax/crypto/Cipher;')).toHaveLength(1);
    expect(index.callsTo('Ljavax/crypto/Mac;')).toEqual([]);
  });

  it('gives the receiver first and literal booleans as ints', () => {
    const c = only(index.callsTo('Landroid/webkit/WebSettings;', 'setJavaScriptEnabled'));
    expect(c.args[1]).toEqual({ k: 'int', v: 1 });
    const receiver = c.args[0]!;
    expect(receiver.k).toBe('ret');
    if (receiver.k !== 'ret') return;
    expect(receiver.method.name).toBe('getSettings');
    // ...and the settings came from the WebView passed as the first parameter of a static method.
    expect(receiver.args).toEqual([{ k: 'param', index: 0 }]);
  });

  it('follows a value back through the calls that produced it', () => {
    const log = only(index.callsTo('Landroid/util/Log;', 'd'));
    expect(log.args[0]).toEqual({ k: 'str', v: 'TAG' });
    const msg = log.args[1]!;
    if (msg.k !== 'ret') throw new Error(`expected a returned value, got ${msg.k}`);
    expect(msg.method.name).toBe('toString');
    const text = msg.args[0]!;
    if (text.k !== 'ret') throw new Error(`expected a returned value, got ${text.k}`);
    expect(text.method).toMatchObject({ classType: 'Landroid/widget/EditText;', name: 'getText' });
    expect(text.args).toEqual([{ k: 'param', index: 1 }]); // p1 of an instance method (p0 is this)
  });

  it('reconstructs byte arrays from new-array + fill-array-data (hard-coded keys)', () => {
    const c = only(index.callsTo('Ljavax/crypto/spec/SecretKeySpec;', '<init>'));
    expect(c.invoke).toBe('invoke-direct');
    expect(c.args[0]).toEqual({ k: 'new', type: 'Ljavax/crypto/spec/SecretKeySpec;' });
    expect(c.args[1]).toEqual({ k: 'array', elemType: 'B', length: 16, data: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]) });
    expect(c.args[2]).toEqual({ k: 'str', v: 'AES' });
  });

  it('gives one value per parameter for wide arguments (range invoke)', () => {
    const c = only(index.callsTo('Lfix/Calls;', 'sink'));
    expect(c.invoke).toBe('invoke-static/range');
    expect(c.args).toEqual([
      { k: 'wide', v: 0x123456789abcdefn },
      { k: 'wide', v: -1n },
      { k: 'param', index: 0 },
    ]);
  });

  it('copies values on moves, forgets them on other writes, and keeps address order at joins', () => {
    const uses = index.callsTo('Lfix/Calls;', 'use');
    const byMethod = (name: string): Value[][] => uses.filter((c) => c.method.name === name).map((c) => c.args);
    expect(byMethod('moves')).toEqual([[{ k: 'str', v: 'copied' }], [{ k: 'unknown' }]]);
    // Documented imprecision: the join after if/else sees the value written last in address order.
    expect(byMethod('branchJoin')).toEqual([[{ k: 'str', v: 'b' }]]);
    expect(only(index.callsTo('Ljava/lang/Class;', 'getName')).args).toEqual([{ k: 'class', type: 'Lfix/Calls;' }]);
    expect(only(index.callsTo('Ljava/util/Arrays;', 'asList')).args).toEqual([{ k: 'array', elemType: 'Ljava/lang/String;', length: 2 }]);
    const fromField = byMethod('setSecret')[0]![0]!;
    expect(fromField).toMatchObject({ k: 'field', static: false, field: { name: 'secret' } });
    if (fromField.k === 'field') expect(fromField.object).toEqual({ k: 'param', index: 0 });
  });

  it('sees a static field as the receiver of a call', () => {
    const c = only(index.callsTo('Ljava/lang/String;', 'contains'));
    expect(c.args).toEqual([
      { k: 'field', static: true, field: { classType: 'Landroid/os/Build;', name: 'TAGS', type: 'Ljava/lang/String;' } },
      { k: 'str', v: 'test-keys' },
    ]);
  });

  it('finds calls made through app subclasses when asked to', () => {
    expect(index.callsTo('Landroid/webkit/WebView;', 'loadUrl')).toEqual([]);
    const c = only(index.callsToIncludingSubtypes('Landroid/webkit/WebView;', 'loadUrl', '(Ljava/lang/String;)V'));
    expect(c.target.classType).toBe('Lfix/MyWebView;');
    expect(c.args).toEqual([{ k: 'param', index: 0 }, { k: 'str', v: 'file:///android_asset/index.html' }]);
    expect(index.callsToIncludingSubtypes('Ljavax/net/ssl/X509TrustManager;', 'checkServerTrusted')).toHaveLength(1); // the invoke-super
    expect(index.callsToIncludingSubtypes('Landroid/webkit/WebView;', 'loadUrl', '()V')).toEqual([]);
  });

  it('matches targets with a predicate', () => {
    const all = index.callsToAny((t) => t.classType === 'Lfix/Calls;');
    expect(new Set(all.map((c) => c.target.name))).toEqual(new Set(['sink', 'use']));
    expect(index.callsToAny(() => false)).toEqual([]);
    expect(index.callsToAny(() => true)).toHaveLength(index.stats.callSites);
  });
});

describe('code index: strings, fields, classes, methods', () => {
  const index = buildCodeIndex([load('calls.dex')]);

  it('lists const-string uses with their location', () => {
    const uses = index.stringUses((s) => s.startsWith('AES'));
    expect(uses.map((u) => [u.value, u.method.name, u.pc])).toEqual([
      ['AES', 'key', 9],
      ['AES/ECB/PKCS5Padding', 'ecb', 0],
    ]);
    expect(index.stringUses(() => true)).toHaveLength(index.stats.stringUses);
  });

  it('lists field reads and writes with stored values', () => {
    expect(index.fieldAccesses('Landroid/os/Build;', 'TAGS')).toMatchObject([
      { op: 'sget-object', static: true, write: false, method: { name: 'buildTags' } },
    ]);
    const writes = index.fieldAccesses('Lfix/Calls;').filter((a) => a.write);
    expect(writes.map((w) => [w.field.name, w.op, w.value])).toEqual([
      ['DEBUG', 'sput-boolean', { k: 'int', v: 1 }],
      ['secret', 'iput-object', { k: 'str', v: 'hunter2' }],
    ]);
    expect(index.fieldAccesses('Lfix/Calls;', 'secret')).toHaveLength(2);
    expect(index.fieldAccesses('Lnope;')).toEqual([]);
  });

  it('finds definitions of a method and the type hierarchy', () => {
    const defs = index.overrides('checkServerTrusted', '([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V');
    expect(defs.map((d) => [d.classType, d.superclass, d.interfaces])).toEqual([
      ['Lfix/AbstractTm;', 'Ljava/lang/Object;', ['Lfix/MyTrustManager;']],
      ['Lfix/TrustAll;', 'Ljava/lang/Object;', ['Ljavax/net/ssl/X509TrustManager;']],
      ['Lfix/TrustAllChild;', 'Lfix/TrustAll;', []],
    ]);
    expect(index.overrides('checkServerTrusted', '()V')).toEqual([]);
    expect(index.superclassChain('Lfix/TrustAllChild;')).toEqual(['Lfix/TrustAll;', 'Ljava/lang/Object;']);
    expect(index.superclassChain('Ljava/lang/String;')).toEqual([]);
    expect(index.interfacesOf('Lfix/TrustAllChild;')).toEqual(['Ljavax/net/ssl/X509TrustManager;']);
    expect(index.interfacesOf('Lfix/AbstractTm;').sort()).toEqual(['Lfix/MyTrustManager;', 'Ljavax/net/ssl/X509TrustManager;']);
  });

  it('returns one method body, decoded on demand', () => {
    const desc = '([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V';
    const empty = index.methodBody('Lfix/TrustAll;', { name: 'checkServerTrusted', descriptor: desc })!;
    expect(empty).toMatchObject({ hasCode: true, registersSize: 3, insSize: 3 });
    expect(empty.instructions().map((i) => i.name)).toEqual(['return-void']);
    const child = index.methodBody('Lfix/TrustAllChild;', { name: 'checkServerTrusted', descriptor: desc })!;
    expect(child.instructions().map((i) => i.name)).toEqual(['invoke-super', 'return-void']);
    const abstract = index.methodBody('Lfix/AbstractTm;', { name: 'checkServerTrusted', descriptor: desc })!;
    expect(abstract.hasCode).toBe(false);
    expect(abstract.instructions()).toEqual([]);
    expect(index.methodBody('Lfix/TrustAll;', { name: 'checkServerTrusted', descriptor: '()V' })).toBeUndefined();
    expect(index.methodBody('Lnope;', { name: 'x', descriptor: '()V' })).toBeUndefined();
  });

  it('counts what it indexed', () => {
    expect(index.stats).toMatchObject({ dexFiles: 1, classes: 6, duplicateClasses: 0, invokeCustom: 0 });
    expect(index.stats.methods).toBeGreaterThan(15);
    expect(index.problems).toEqual([]);
  });
});

describe('code index: multidex', () => {
  const a = load('multidex-a.dex');
  const b = load('multidex-b.dex');
  const index = buildCodeIndex([a, b]);

  it('merges calls across DEX files and keeps where each was found', () => {
    const calls = index.callsTo('Lmd/B;', 'hello');
    expect(calls.map((c) => [c.dex, c.classType, c.args])).toEqual([
      ['multidex-a.dex', 'Lmd/A;', [{ k: 'str', v: 'from-a' }]],
      ['multidex-b.dex', 'Lmd/B;', [{ k: 'str', v: 'from-b' }]],
    ]);
    expect(only(index.callsTo('Landroid/util/Log;', 'i')).args).toEqual([{ k: 'str', v: 'B' }, { k: 'param', index: 0 }]);
  });

  it('resolves classes across files, first definition winning', () => {
    expect(index.classes.get('Lmd/B;')!.dex).toBe('multidex-b.dex');
    expect(index.classes.get('Lmd/Dup;')!.dex).toBe('multidex-a.dex');
    expect(index.stats).toMatchObject({ dexFiles: 2, classes: 3, duplicateClasses: 1 });
    expect(index.superclassChain('Lmd/B;')).toEqual(['Lmd/A;', 'Ljava/lang/Object;']);
    const where = index.methodBody('Lmd/Dup;', { name: 'where', descriptor: '()Ljava/lang/String;' })!;
    expect(where.dex).toBe('multidex-a.dex');
    // Code of the shadowed copy is still scanned: both string constants are visible.
    expect(index.stringUses((s) => s.startsWith('dup-in-')).map((u) => u.dex)).toEqual(['multidex-a.dex', 'multidex-b.dex']);
  });

  it('accepts tables computed separately (e.g. in worker threads)', () => {
    const tables = [scanDexCode(a), scanDexCode(b)];
    const again = buildCodeIndex([a, b], { tables });
    expect(again.callsTo('Lmd/B;', 'hello').map((c) => c.pc)).toEqual(index.callsTo('Lmd/B;', 'hello').map((c) => c.pc));
    expect(again.stats).toEqual(index.stats);
  });
});

describe('code index: opcode fixture', () => {
  const index = buildCodeIndex([load('opcodes.dex')]);

  it('indexes invoke-polymorphic with the call-site proto, and skips invoke-custom', () => {
    const poly = index.callsTo('Ljava/lang/invoke/MethodHandle;');
    expect(poly.map((c) => [c.invoke, c.args.length])).toEqual([
      ['invoke-polymorphic', 2],
      ['invoke-polymorphic/range', 2],
    ]);
    expect(index.stats.invokeCustom).toBe(2);
  });

  it('counts every instruction once, payloads excluded', () => {
    const dex = index.dexFiles[0]!;
    let decoded = 0;
    for (const def of dex.classDefs) {
      const data = dex.classData(def);
      for (const m of [...data.directMethods, ...data.virtualMethods]) {
        const body = index.methodBody(def.classType, dex.methodRef(m.methodIdx))!;
        decoded += body.instructions().filter((i) => i.format !== 'payload').length;
      }
    }
    expect(index.stats.instructions).toBe(decoded);
    expect(decoded).toBeGreaterThan(230);
    expect(index.problems).toEqual([]);
  });
});

const corpus = corpusDir();
const HAVE_UNZIP = hasTool('unzip');
describe.skipIf(!corpus || !HAVE_UNZIP)(
  corpus ? 'code index: corpus apps' : `code index: corpus apps — ${CORPUS_SKIP_MESSAGE}`,
  () => {
    it('indexes every DEX of every corpus app without problems, and the values resolve', () => {
      for (const apk of readdirSync(corpus!).filter((f) => f.endsWith('.apk'))) {
        const path = join(corpus!, apk);
        const names = execFileSync('unzip', ['-Z1', path], { maxBuffer: 1 << 26 }).toString().split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
        const rank = (n: string): number => Number(/^classes(\d*)\.dex$/.exec(n)![1] || '1');
        names.sort((a, b) => rank(a) - rank(b));
        const entries = names.map((name) => ({ name, bytes: new Uint8Array(execFileSync('unzip', ['-p', path, name], { maxBuffer: 1 << 28 })) }));
        const { dexes, failures } = parseDexEntries(entries);
        expect(failures, apk).toEqual([]);
        const index = buildCodeIndex(dexes);
        expect(index.problems, apk).toEqual([]);
        const defined = dexes.reduce((n, d) => n + d.classDefCount, 0);
        expect(index.stats.classes + index.stats.duplicateClasses, apk).toBe(defined);
        // Every call to a framework logging method resolves to a target and per-parameter values.
        for (const c of index.callsToAny((t) => t.classType === 'Landroid/util/Log;')) {
          const expected = c.target.proto.params.length + (c.invoke.startsWith('invoke-static') ? 0 : 1);
          expect(c.args.length, `${apk} ${c.classType} ${c.pc}`).toBe(expected);
        }
      }
    });
  },
);

describe('code index: values compare like plain data', () => {
  it('ret and field values deep-equal plain objects (their lazy state is private)', () => {
    const index = buildCodeIndex([load('calls.dex')]);
    const msg = only(index.callsTo('Landroid/util/Log;', 'd')).args[1]!;
    expect(msg).toEqual({ k: 'ret', method: expect.objectContaining({ name: 'toString' }) });
    expect(Object.keys(msg).sort()).toEqual(['k', 'method']);
    const read = only(index.callsTo('Lfix/Calls;', 'use').filter((c) => c.method.name === 'setSecret')).args[0]!;
    expect(Object.keys(read).sort()).toEqual(['field', 'k', 'static']);
    expect(JSON.parse(JSON.stringify(read))).toEqual({ k: 'field', static: false, field: { classType: 'Lfix/Calls;', name: 'secret', type: 'Ljava/lang/String;' } });
  });
});
