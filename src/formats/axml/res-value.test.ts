import { describe, expect, it } from 'vitest';
import { ResValueType as T, complexToFloat, formatValue, resBoolean, resFloat, resInteger } from './res-value.js';

describe('formatValue', () => {
  it('shows scalar types the way aapt does', () => {
    expect(formatValue({ type: T.INT_BOOLEAN, data: 0xffffffff })).toBe('true');
    expect(formatValue({ type: T.INT_BOOLEAN, data: 0 })).toBe('false');
    expect(formatValue({ type: T.INT_DEC, data: 0xfffffff9 })).toBe('-7');
    expect(formatValue({ type: T.INT_HEX, data: 0x1f })).toBe('0x1f');
    expect(formatValue({ type: T.INT_COLOR_ARGB8, data: 0x80ff0000 })).toBe('#80ff0000');
    expect(formatValue({ type: T.INT_COLOR_RGB4, data: 0xff00ff00 })).toBe('#ff00ff00');
    expect(formatValue({ type: T.FLOAT, data: 0x3fc00000 })).toBe('1.5');
    expect(formatValue({ type: T.FLOAT, data: 0x3dcccccd })).toBe('0.1');
  });

  it('shows references, attributes and nulls', () => {
    expect(formatValue({ type: T.REFERENCE, data: 0x7f0b0001 })).toBe('@0x7f0b0001');
    expect(formatValue({ type: T.REFERENCE, data: 0x01030237 })).toBe('@0x01030237');
    expect(formatValue({ type: T.REFERENCE, data: 0 })).toBe('@null');
    expect(formatValue({ type: T.ATTRIBUTE, data: 0x01010000 })).toBe('?0x01010000');
    expect(formatValue({ type: T.NULL, data: 0 })).toBe('@null');
    expect(formatValue({ type: T.NULL, data: 1 })).toBe('@empty');
  });

  it('decodes complex dimensions and fractions (Res_value COMPLEX_*)', () => {
    expect(formatValue({ type: T.DIMENSION, data: (16 << 8) | 1 })).toBe('16dp');
    expect(formatValue({ type: T.DIMENSION, data: 0x4d00 })).toBe('77px');
    // 1.5 with radix 16p7: mantissa 1.5 * 2^7 = 192.
    expect(formatValue({ type: T.DIMENSION, data: (192 << 8) | (1 << 4) | 2 })).toBe('1.5sp');
    // 0.5 with radix 0p23: mantissa 2^22.
    expect(formatValue({ type: T.FRACTION, data: ((1 << 22) << 8) | (3 << 4) })).toBe('50%');
    expect(formatValue({ type: T.FRACTION, data: ((1 << 22) << 8) | (3 << 4) | 1 })).toBe('50%p');
    expect(complexToFloat(((-3 & 0xffffff) << 8) | 1)).toBe(-3);
  });

  it('prints strings as given, and unknown types explicitly', () => {
    expect(formatValue({ type: T.STRING, data: 4 }, 'hello')).toBe('hello');
    expect(formatValue({ type: T.STRING, data: 4 })).toBe('(string #4)');
    expect(formatValue({ type: 0x42, data: 0x10 })).toBe('(type 0x42)0x10');
  });

  it('reads booleans, integers and floats', () => {
    expect(resBoolean({ type: T.INT_BOOLEAN, data: 1 })).toBe(true);
    expect(resBoolean({ type: T.INT_DEC, data: 1 })).toBeUndefined();
    expect(resInteger({ type: T.INT_HEX, data: 0xffffffff })).toBe(-1);
    expect(resInteger({ type: T.STRING, data: 1 })).toBeUndefined();
    expect(resFloat(0x3fc00000)).toBe(1.5);
  });
});
