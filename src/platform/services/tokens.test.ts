import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/routes.js';
import { parseExpiryDays, parseTokenName } from './tokens.js';

function refused(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(400);
    return (e as HttpError).message;
  }
  throw new Error('accepted');
}

describe('API token input', () => {
  it('takes the expiry as a whole number of days from 1 to 365, from JSON or a form, or none', () => {
    expect(parseExpiryDays(undefined)).toBeUndefined();
    expect(parseExpiryDays(null)).toBeUndefined();
    expect(parseExpiryDays('')).toBeUndefined();
    expect(parseExpiryDays('  ')).toBeUndefined();
    expect(parseExpiryDays(1)).toBe(1);
    expect(parseExpiryDays(365)).toBe(365);
    expect(parseExpiryDays(' 30 ')).toBe(30);
    expect(parseExpiryDays('007')).toBe(7);
    for (const bad of [0, 366, -1, 1.5, Number.NaN, Infinity, '0', '366', '1.5', '1e2', '0x10', '+5', '-5', '30 days', '1000', true, {}, [30]]) {
      expect(refused(() => parseExpiryDays(bad)), String(bad)).toContain('1 to 365');
    }
  });

  it('needs a name of at most 100 printable characters', () => {
    expect(parseTokenName('  CI pipeline ')).toBe('CI pipeline');
    expect(parseTokenName('x'.repeat(100))).toHaveLength(100);
    refused(() => parseTokenName('x'.repeat(101)));
    refused(() => parseTokenName(''));
    refused(() => parseTokenName('   '));
    refused(() => parseTokenName(undefined));
    refused(() => parseTokenName(42));
    refused(() => parseTokenName('line\nbreak'));
    refused(() => parseTokenName('nul\u0000'));
  });
});
