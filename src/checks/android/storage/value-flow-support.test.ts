import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { DexFile } from '../../../formats/dex/dex-file.js';
import { buildCodeIndex, type CallSite, type CodeIndex, type Value } from '../../../formats/dex/index.js';
import { repoRoot } from '../../../../test/corpus.js';
import { concatenationParts, inputSource, reachingValues } from './value-flow-support.js';

const dex = DexFile.parse(new Uint8Array(readFileSync(new URL('./testdata/flow-cases.dex', import.meta.url))), { label: 'flow-cases.dex' });
const code: CodeIndex = buildCodeIndex([dex]);

function sinkIn(method: string, name = 'take'): CallSite[] {
  return code.callsTo('Lflow/Sink;', name).filter((s) => s.method.name === method);
}

/** A compact, comparable form of a piece. */
function show(v: Value): string {
  switch (v.k) {
    case 'str':
      return JSON.stringify(v.v);
    case 'param':
      return `p${v.index}`;
    case 'ret':
      return `${v.method.name}()`;
    default:
      return v.k;
  }
}

describe('concatenationParts', () => {
  it('reads chained appends (javac)', () => {
    expect(concatenationParts(code, sinkIn('chained')[0]!, 0).map(show)).toEqual(['"pin="', 'p0']);
  });

  it('reads appends whose results are dropped (R8) and the constructor argument', () => {
    expect(concatenationParts(code, sinkIn('unchained')[0]!, 0).map(show)).toEqual(['"file://"', 'p0', 'p1']);
  });

  it('keeps only the appends of the builder that is used', () => {
    expect(concatenationParts(code, sinkIn('interleaved')[0]!, 0).map(show)).toEqual(['"A1"', 'p0']);
  });

  it('goes through String.concat, getBytes and a nested builder', () => {
    expect(concatenationParts(code, sinkIn('nested', 'bytes')[0]!, 0).map(show)).toEqual(['"; "', '"user="', 'p0']);
  });

  it('leaves a plain value whole', () => {
    expect(concatenationParts(code, sinkIn('branch')[0]!, 0).map(show)).toEqual(['"https://help.example/"']);
  });
});

describe('reachingValues', () => {
  it('finds the value of the other branch that the index does not keep', () => {
    const site = sinkIn('branch')[0]!;
    expect(site.args[0]).toEqual({ k: 'str', v: 'https://help.example/' });
    expect(reachingValues(code, site, 0).map(show).sort()).toEqual(['"https://help.example/"', 'p0']);
  });

  it('terminates on a loop and finds both writes', () => {
    expect(reachingValues(code, sinkIn('loop')[0]!, 0).map(show).sort()).toEqual(['"start"', 'concat()']);
  });

  // dexdump: "NumberFormatException; -> 0x000b" (a regression test for the catch-handler address bug)
  const handlerMethod = sinkIn('handler')[0]!;
  it('reads the catch handler address as dexdump does', () => {
    expect(code.methodBody(handlerMethod.classType, handlerMethod.method)?.tries[0]?.handlers[0]?.addr).toBe(0x0b);
  });
  it('follows exception edges into a handler', () => {
    const [normal, handler] = sinkIn('handler').sort((a, b) => a.pc - b.pc);
    expect(reachingValues(code, normal!, 0).map(show)).toEqual(['"parsed"']);
    expect(reachingValues(code, handler!, 0).map(show).sort()).toEqual(['"before"', '"parsed"']);
  });

  it('follows switch targets', () => {
    expect(reachingValues(code, sinkIn('switched')[0]!, 0).map(show).sort()).toEqual(['"one"', '"two"', '"zero"']);
  });
});

describe('inputSource on the vulnerable-wallet fixture', () => {
  const app = AndroidApp.open(readFileSync(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk')), { label: 'vulnerable-wallet.apk' });

  it('sees a deep-link query parameter behind a branch', () => {
    const load = app.code.callsTo('Landroid/webkit/WebView;', 'loadUrl').find((s) => s.classType.endsWith('WebPortalActivity;'))!;
    expect(load.args[1]).toEqual({ k: 'str', v: 'file:///android_asset/portal/index.html' });
    const sources = reachingValues(app.code, load, 1).map((v) => inputSource(app, v)).filter((s) => s !== undefined);
    expect(sources).toEqual([{ kind: 'deep link', label: 'the intent data URI (query parameter "url")' }]);
  });

  it('names text typed into a field-held EditText, and sees external storage', () => {
    const log = app.code.callsTo('Landroid/util/Log;', 'd').find((s) => s.classType.endsWith('LoginActivity;'))!;
    const typed = concatenationParts(app.code, log, 1).map((v) => inputSource(app, v)).filter((s) => s !== undefined);
    expect(typed.map((s) => s.label)).toEqual(['text typed in LoginActivity.phoneField', 'text typed in LoginActivity.pinField']);
    const ext = app.code.callsTo('Landroid/os/Environment;', 'getExternalStorageDirectory')[0]!;
    expect(inputSource(app, { k: 'ret', method: ext.target, args: [] })?.kind).toBe('external storage');
  });

  it('does not call a constant or an unrelated call an input', () => {
    expect(inputSource(app, { k: 'str', v: 'x' })).toBeUndefined();
    const md5 = app.code.callsTo('Ljava/security/MessageDigest;', 'getInstance')[0]!;
    expect(inputSource(app, { k: 'ret', method: md5.target, args: md5.args })).toBeUndefined();
  });
});
