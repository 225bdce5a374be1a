import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import {
  DerCursor,
  Tag,
  TagClass,
  children,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeIntegerHex,
  decodeOid,
  decodeString,
  decodeTime,
  encodeOid,
  integerBitLength,
  readElement,
  readRootElement,
} from './der.js';
import { Oid, dnKeyword, oidName } from './oids.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function expectBadDer(fn: () => unknown, message?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(isDfslabError(e)).toBe(true);
    expect((e as { code: string }).code).toBe('DFSLAB_E_ASN1_BAD_DER');
    if (message) expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected DFSLAB_E_ASN1_BAD_DER');
}

describe('readElement', () => {
  it('reads short-form primitive and constructed elements with offsets into the original buffer', () => {
    const bytes = hex('30 06 02 01 05 04 01 ff');
    const seq = readRootElement(bytes);
    expect(seq).toMatchObject({ tagClass: TagClass.UNIVERSAL, tagNumber: Tag.SEQUENCE, constructed: true, valueStart: 2, end: 8 });
    const [i, o] = children(seq);
    expect(decodeInteger(i!)).toBe(5n);
    expect(o).toMatchObject({ tagNumber: Tag.OCTET_STRING, start: 5, valueStart: 7, valueEnd: 8 });
  });

  it('reads long-form lengths, including non-minimal ones real signers produced', () => {
    const value = 'aa'.repeat(200);
    expect(readRootElement(hex(`04 81 c8 ${value}`)).valueEnd).toBe(203);
    expect(readRootElement(hex(`04 82 00 c8 ${value}`)).valueStart).toBe(4);
  });

  it('reads high tag numbers and context-specific tags', () => {
    const el = readRootElement(hex('bf 81 00 00'));
    expect(el).toMatchObject({ tagClass: TagClass.CONTEXT, constructed: true, tagNumber: 128 });
  });

  it('refuses truncated headers and lengths running past the container', () => {
    expectBadDer(() => readElement(hex('30'), 0), /length octets/);
    expectBadDer(() => readElement(hex('30 05 02 01'), 0), /runs past/);
    expectBadDer(() => readElement(hex('30 84 ff ff ff ff'), 0), /runs past/);
    expectBadDer(() => readElement(hex('30 85 01 00 00 00 00'), 0), /4 GiB/);
    expectBadDer(() => readElement(hex('1f 81 81 81 81 81 00'), 0), /tag number too large/);
    expectBadDer(() => readElement(new Uint8Array(0), 0));
    expectBadDer(() => readRootElement(hex('05 00 00')), /unexpected byte/);
  });

  it('accepts indefinite lengths only when asked, and bounds their nesting', () => {
    const ber = hex('30 80 02 01 07 00 00');
    expectBadDer(() => readRootElement(ber), /indefinite/);
    const el = readRootElement(ber, { allowIndefinite: true });
    expect(el).toMatchObject({ indefinite: true, valueStart: 2, valueEnd: 5, end: 7 });
    expect(decodeInteger(children(el, { allowIndefinite: true })[0]!)).toBe(7n);
    const deep = new Uint8Array(2 * 40 + 2 * 40);
    for (let i = 0; i < 40; i++) deep.set([0x30, 0x80], i * 2);
    expectBadDer(() => readRootElement(deep, { allowIndefinite: true }), /nested too deeply/);
    expectBadDer(() => readRootElement(hex('30 80 02 01 07'), { allowIndefinite: true }), /end-of-contents/);
  });

  it('walks a SEQUENCE with DerCursor, including OPTIONAL context fields', () => {
    const seq = readRootElement(hex('30 08 a0 03 02 01 02 02 01 09'));
    const c = new DerCursor(seq);
    expect(c.optionalContext(1)).toBeUndefined();
    const v = c.optionalContext(0);
    expect(v).toBeDefined();
    expect(decodeInteger(c.expect(Tag.INTEGER, 'serial'))).toBe(9n);
    expect(c.hasMore).toBe(false);
    expectBadDer(() => c.next('extra field'), /missing extra field/);
    expectBadDer(() => new DerCursor(readRootElement(hex('30 03 04 01 00'))).expect(Tag.INTEGER, 'serial'), /serial/);
  });
});

describe('value decoders', () => {
  it('decodes OIDs and round-trips the algorithm table', () => {
    expect(decodeOid(readRootElement(hex('06 09 2a 86 48 86 f7 0d 01 01 0b')))).toBe('1.2.840.113549.1.1.11');
    expect(decodeOid(readRootElement(hex('06 03 55 04 03')))).toBe('2.5.4.3');
    // 2.25.<uuid> arcs exceed 2^53: still exact.
    const big = '2.25.329800735698586629295641978511506172918';
    expect(decodeOid(readRootElement(Uint8Array.from([6, encodeOid(big).length, ...encodeOid(big)])))).toBe(big);
    for (const oid of Object.values(Oid)) {
      const enc = encodeOid(oid);
      expect(decodeOid(readRootElement(Uint8Array.from([6, enc.length, ...enc])))).toBe(oid);
    }
    expect(oidName(Oid.SHA256_WITH_RSA)).toBe('sha256WithRSAEncryption');
    expect(oidName(Oid.ECDSA_WITH_SHA256)).toBe('ecdsa-with-SHA256');
    expect(oidName(Oid.DSA_WITH_SHA1)).toBe('dsa-with-SHA1');
    expect(oidName('1.2.3.4')).toBe('1.2.3.4');
    expect(dnKeyword(Oid.EMAIL_ADDRESS)).toBe('EMAILADDRESS');
    expectBadDer(() => decodeOid(readRootElement(hex('06 02 2a 86'))), /inside an arc/);
    expectBadDer(() => decodeOid(readRootElement(hex('06 02 80 01'))), /0x80/);
    expectBadDer(() => decodeOid(readRootElement(hex('06 00'))));
  });

  it('decodes INTEGERs (two’s complement), hex serials and bit lengths', () => {
    expect(decodeInteger(readRootElement(hex('02 01 ff')))).toBe(-1n);
    expect(decodeInteger(readRootElement(hex('02 02 00 80')))).toBe(128n);
    expect(decodeIntegerHex(readRootElement(hex('02 09 00 fd 0a b5 88 e1 16 ed c8')))).toBe('fd0ab588e116edc8');
    expect(decodeIntegerHex(readRootElement(hex('02 01 00')))).toBe('00');
    expect(integerBitLength(readRootElement(hex('02 03 00 80 00')))).toBe(16);
    expectBadDer(() => decodeInteger(readRootElement(hex('02 00'))));
    expect(decodeBoolean(readRootElement(hex('01 01 ff')))).toBe(true);
    expectBadDer(() => decodeBoolean(readRootElement(hex('01 02 ff ff'))));
  });

  it('decodes BIT STRINGs and rejects impossible unused-bit counts', () => {
    const b = decodeBitString(readRootElement(hex('03 03 07 80 00')));
    expect(b.unusedBits).toBe(7);
    expect([...b.bytes]).toEqual([0x80, 0x00]);
    expectBadDer(() => decodeBitString(readRootElement(hex('03 02 08 00'))), /unused bits/);
    expectBadDer(() => decodeBitString(readRootElement(hex('03 00'))));
  });

  it('decodes the string types', () => {
    expect(decodeString(readRootElement(hex('0c 05 c3 a9 74 c3 a9')))).toBe('été');
    expect(decodeString(readRootElement(hex('13 02 55 53')))).toBe('US');
    expect(decodeString(readRootElement(hex('1e 04 00 41 04 1f')))).toBe('AП');
    expect(decodeString(readRootElement(hex('1c 04 00 01 f6 00')))).toBe('😀');
    expect(decodeString(readRootElement(hex('14 01 e9')))).toBe('é');
    expectBadDer(() => decodeString(readRootElement(hex('1e 03 00 41 00'))), /odd/);
    expectBadDer(() => decodeString(readRootElement(hex('02 01 00'))), /string type/);
  });

  it('decodes UTCTime (RFC 5280 century rule) and GeneralizedTime', () => {
    const t = (tag: number, s: string): string =>
      decodeTime(readRootElement(Uint8Array.from([tag, s.length, ...Buffer.from(s, 'latin1')])));
    expect(t(Tag.UTC_TIME, '491231235959Z')).toBe('2049-12-31T23:59:59.000Z');
    expect(t(Tag.UTC_TIME, '500101000000Z')).toBe('1950-01-01T00:00:00.000Z');
    expect(t(Tag.UTC_TIME, '1603311614Z')).toBe('2016-03-31T16:14:00.000Z');
    expect(t(Tag.GENERALIZED_TIME, '20430817161443Z')).toBe('2043-08-17T16:14:43.000Z');
    expect(t(Tag.GENERALIZED_TIME, '20430817161443.5+0100')).toBe('2043-08-17T15:14:43.500Z');
    expect(t(Tag.GENERALIZED_TIME, '00500101000000Z')).toBe('0050-01-01T00:00:00.000Z');
    expectBadDer(() => t(Tag.UTC_TIME, '491331235959Z'), /out-of-range/);
    expectBadDer(() => t(Tag.UTC_TIME, 'not a time'), /UTCTime/);
    expectBadDer(() => decodeTime(readRootElement(hex('02 01 00'))), /UTCTime or GeneralizedTime/);
  });
});

describe('hostile input', () => {
  it('turns random and mutated DER into typed errors only (seeded fuzz)', () => {
    let seed = 0x5eed;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const sample = hex(
      '30 2e 02 01 01 30 0b 06 09 2a 86 48 86 f7 0d 01 01 0b a0 80 0c 02 68 69 00 00 17 0d 34 39 31 32 33 31 32 33 35 39 35 39 5a 03 02 00 ff',
    );
    const visit = (bytes: Uint8Array): void => {
      const opts = { allowIndefinite: true };
      const walk = (start: number, end: number, depth: number): void => {
        let p = start;
        while (p < end && depth < 50) {
          const el = readElement(bytes, p, end, opts);
          if (el.constructed) walk(el.valueStart, el.valueEnd, depth + 1);
          else {
            for (const d of [decodeOid, decodeInteger, decodeString, decodeTime, decodeBitString] as const) {
              try {
                d(el);
              } catch (e) {
                if (!isDfslabError(e)) throw e;
              }
            }
          }
          p = el.end;
        }
      };
      walk(0, bytes.length, 0);
    };
    for (let i = 0; i < 600; i++) {
      const m = Uint8Array.from(sample);
      const flips = 1 + rand(4);
      for (let k = 0; k < flips; k++) m[rand(m.length)]! ^= 1 << rand(8);
      const cut = i % 5 === 0 ? m.subarray(0, rand(m.length)) : m;
      try {
        visit(cut);
      } catch (e) {
        if (!isDfslabError(e)) throw e;
      }
    }
    for (let i = 0; i < 200; i++) {
      const junk = Uint8Array.from({ length: 1 + rand(64) }, () => rand(256));
      try {
        visit(junk);
      } catch (e) {
        if (!isDfslabError(e)) throw e;
      }
    }
  });
});
