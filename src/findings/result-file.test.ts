import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit } from '../audit.js';
import { ErrorCodes, isDfslabError } from '../errors.js';
import { stableStringify } from '../report/stable-json.js';
import { loadSavedResult, parseSavedResult } from './result-file.js';

const fx = (p: string): string => join(import.meta.dirname, '..', '..', 'fixtures', p);

function codeOf(text: string): string {
  try {
    parseSavedResult(text);
  } catch (e) {
    if (isDfslabError(e)) return e.code;
    throw e;
  }
  return 'ok';
}

describe('saved results', () => {
  it('read back a saved result unchanged', async () => {
    const r = await audit(fx('android/build/vulnerable-wallet.apk'));
    const back = parseSavedResult(stableStringify(r));
    expect(stableStringify(back)).toBe(stableStringify(r));
  });

  it('give one typed error for anything that is not a result', () => {
    for (const bad of ['', 'nope', '[]', 'null', '{}', '{"schemaVersion":2}', '{"reportVersion":9}', '{"schemaVersion":1,"tool":{"version":"1"}}']) {
      expect(codeOf(bad)).toBe(ErrorCodes.RESULT_INVALID);
    }
    expect(() => loadSavedResult('/nonexistent/r.json')).toThrow(/no such file/);
  });

  it('never crash on mutated results (seeded)', async () => {
    const r = await audit(fx('android/build/vulnerable-wallet.apk'));
    const text = stableStringify(r);
    let x = 12345;
    const next = (): number => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x;
    };
    const values = ['null', '1', '"x"', '[]', '{}', 'true', '-1e999', '[[[[[[]]]]]]'];
    let typed = 0;
    for (let i = 0; i < 300; i++) {
      const data = JSON.parse(text) as Record<string, unknown>;
      // Replace a random value anywhere in the tree.
      const stack: Array<Record<string, unknown> | unknown[]> = [data];
      const holders: Array<[Record<string, unknown> | unknown[], string | number]> = [];
      while (stack.length) {
        const o = stack.pop()!;
        for (const [k, v] of Object.entries(o)) {
          holders.push([o, Array.isArray(o) ? Number(k) : k]);
          if (v && typeof v === 'object') stack.push(v as Record<string, unknown>);
        }
      }
      const [holder, key] = holders[next() % holders.length]!;
      (holder as Record<string | number, unknown>)[key] = JSON.parse(values[next() % values.length]!);
      const code = codeOf(JSON.stringify(data));
      expect(['ok', ErrorCodes.RESULT_INVALID]).toContain(code);
      if (code !== 'ok') typed++;
    }
    expect(typed).toBeGreaterThan(20);
  });
});
