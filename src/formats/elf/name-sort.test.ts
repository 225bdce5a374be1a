import { describe, expect, it } from 'vitest';
import { compareNames, sortNameIndices } from './name-sort.js';

/** Packs names NUL-terminated into one buffer, as a string table holds them. */
function table(names: string[]): { bytes: Uint8Array; starts: Int32Array; lengths: Int32Array } {
  const encoded = names.map((n) => Buffer.from(n, 'utf8'));
  const bytes = new Uint8Array(encoded.reduce((n, b) => n + b.length + 1, 0));
  const starts = new Int32Array(names.length);
  const lengths = new Int32Array(names.length);
  let o = 0;
  encoded.forEach((b, i) => {
    bytes.set(b, o);
    starts[i] = o;
    lengths[i] = b.length;
    o += b.length + 1;
  });
  return { bytes, starts, lengths };
}

function sortedByUs(names: string[]): string[] {
  const { bytes, starts, lengths } = table(names);
  const order = Int32Array.from(names.keys());
  sortNameIndices(bytes, starts, lengths, order);
  return [...order].map((i) => names[i]!);
}

const byBytes = (names: string[]): string[] => [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('sortNameIndices', () => {
  it('orders like a byte comparison, prefixes first, duplicates kept', () => {
    const names = ['strcpy', 'str', 'strcat', 'memcpy', 'str', '', '_Z3foov', 'Java_a_b', 'Java_a', '\u00e9t\u00e9', 'zz', 'a'];
    expect(sortedByUs(names)).toEqual(byBytes(names));
  });

  it('agrees with a byte comparison on thousands of names sharing long prefixes (seeded)', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const prefixes = ['', '_ZNSt6__ndk112basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEE', 'Java_com_example_app_Native_', 'epoxy_gl'];
    const alphabet = 'abcXYZ_09';
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = prefixes[rnd(prefixes.length)]!;
      const len = rnd(12);
      for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
      names.push(s);
    }
    expect(sortedByUs(names)).toEqual(byBytes(names));
  });

  it('compareNames treats a proper prefix as smaller and equal bytes as equal', () => {
    const { bytes, starts, lengths } = table(['abc', 'abcd', 'abc']);
    expect(compareNames(bytes, starts, lengths, 0, 1)).toBeLessThan(0);
    expect(compareNames(bytes, starts, lengths, 1, 0)).toBeGreaterThan(0);
    expect(compareNames(bytes, starts, lengths, 0, 2)).toBe(0);
  });
});
