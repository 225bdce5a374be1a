import { describe, expect, it } from 'vitest';
import * as zlib from 'node:zlib';
import { crc32, crc32Portable } from './crc32.js';

describe('crc32', () => {
  const check = new TextEncoder().encode('123456789');

  it('matches the standard check value (CRC-32/ISO-HDLC of "123456789" is 0xCBF43926)', () => {
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Portable(check)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('portable and native agree, including when continued across chunks', () => {
    const data = new Uint8Array(100_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const whole = crc32Portable(data);
    expect(crc32(data)).toBe(whole);
    const first = crc32Portable(data.subarray(0, 777));
    expect(crc32Portable(data.subarray(777), first)).toBe(whole);
    expect(crc32(data.subarray(777), crc32(data.subarray(0, 777)))).toBe(whole);
  });

  it.skipIf(typeof (zlib as { crc32?: unknown }).crc32 !== 'function')('agrees with node:zlib crc32', () => {
    const data = new TextEncoder().encode('dfslab'.repeat(1000));
    expect(crc32(data)).toBe(zlib.crc32(data) >>> 0);
  });
});
