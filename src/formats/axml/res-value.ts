/**
 * @module formats/axml/res-value
 * `Res_value` (AOSP ResourceTypes.h): the typed value of an XML attribute or a resource table entry,
 * `{u16 size, u8 res0, u8 dataType, u32 data}`, and its readable form.
 */
import { hex32 } from './res-chunk.js';

/** Res_value `dataType` + `data`. For TYPE_STRING, `data` is an index into the owning string pool. */
export interface ResValue {
  type: number;
  data: number;
}

/** `Res_value::dataType` values (ResourceTypes.h). */
export const ResValueType = {
  NULL: 0x00,
  REFERENCE: 0x01,
  ATTRIBUTE: 0x02,
  STRING: 0x03,
  FLOAT: 0x04,
  DIMENSION: 0x05,
  FRACTION: 0x06,
  DYNAMIC_REFERENCE: 0x07,
  DYNAMIC_ATTRIBUTE: 0x08,
  INT_DEC: 0x10,
  INT_HEX: 0x11,
  INT_BOOLEAN: 0x12,
  INT_COLOR_ARGB8: 0x1c,
  INT_COLOR_RGB8: 0x1d,
  INT_COLOR_ARGB4: 0x1e,
  INT_COLOR_RGB4: 0x1f,
} as const;

/** Res_value::DATA_NULL_EMPTY: a TYPE_NULL value that means "explicitly empty" (`@empty`). */
const DATA_NULL_EMPTY = 1;

const floatView = new DataView(new ArrayBuffer(4));

/** The IEEE-754 single stored in a TYPE_FLOAT value's data. */
export function resFloat(data: number): number {
  floatView.setUint32(0, data >>> 0);
  return floatView.getFloat32(0);
}

// Res_value complex encoding (ResourceTypes.h COMPLEX_*): 24-bit signed mantissa in bits 8..31, radix in bits 4..5
// telling where the binary point sits (23p0, 16p7, 8p15, 0p23), unit in bits 0..3.
const RADIX_SCALE = [1 / (1 << 8), 1 / (1 << 15), 1 / (1 << 23), 1 / 2 ** 31];
const DIMENSION_UNITS = ['px', 'dp', 'sp', 'pt', 'in', 'mm'];

/** The number encoded in a TYPE_DIMENSION / TYPE_FRACTION value (fractions as a ratio, 1 = 100%). */
export function complexToFloat(data: number): number {
  return (data & 0xffffff00) * RADIX_SCALE[(data >> 4) & 3]!;
}

/** Readable form of a float, rounded to 6 significant digits like C's `%g` (so 0.1f prints as 0.1). */
function shortFloat(f: number): string {
  if (!Number.isFinite(f)) return String(f);
  return String(Number(f.toPrecision(6)));
}

/**
 * A value the way aapt shows it: `true`/`false` for booleans, decimal for TYPE_INT_DEC, `0x…` for TYPE_INT_HEX,
 * `#aarrggbb` for colours, `@0x7f0b0001` for references (`@null`, `@empty` for the null forms), `?0x…` for theme
 * attributes, `16dp` / `50%` for dimensions and fractions. TYPE_STRING prints `raw` (the string the pool holds).
 */
export function formatValue(v: ResValue, raw?: string): string {
  const d = v.data >>> 0;
  switch (v.type) {
    case ResValueType.STRING:
      return raw ?? `(string #${d})`;
    case ResValueType.NULL:
      return d === DATA_NULL_EMPTY ? '@empty' : '@null';
    case ResValueType.REFERENCE:
    case ResValueType.DYNAMIC_REFERENCE:
      return d === 0 ? '@null' : `@${hex32(d)}`;
    case ResValueType.ATTRIBUTE:
    case ResValueType.DYNAMIC_ATTRIBUTE:
      return `?${hex32(d)}`;
    case ResValueType.FLOAT:
      return shortFloat(resFloat(d));
    case ResValueType.DIMENSION:
      return `${shortFloat(complexToFloat(d))}${DIMENSION_UNITS[d & 0xf] ?? `(unit ${d & 0xf})`}`;
    case ResValueType.FRACTION:
      return `${shortFloat(complexToFloat(d) * 100)}${(d & 0xf) === 1 ? '%p' : '%'}`;
    case ResValueType.INT_DEC:
      return String(d | 0);
    case ResValueType.INT_HEX:
      return `0x${d.toString(16)}`;
    case ResValueType.INT_BOOLEAN:
      return d !== 0 ? 'true' : 'false';
    case ResValueType.INT_COLOR_ARGB8:
    case ResValueType.INT_COLOR_RGB8:
    case ResValueType.INT_COLOR_ARGB4:
    case ResValueType.INT_COLOR_RGB4:
      return `#${d.toString(16).padStart(8, '0')}`;
    default:
      return `(type 0x${v.type.toString(16)})0x${d.toString(16)}`;
  }
}

/** True for TYPE_INT_BOOLEAN true; undefined when the value is not a boolean. */
export function resBoolean(v: ResValue): boolean | undefined {
  return v.type === ResValueType.INT_BOOLEAN ? v.data !== 0 : undefined;
}

/** The integer of a TYPE_INT_DEC / TYPE_INT_HEX value (signed 32-bit), undefined for other types. */
export function resInteger(v: ResValue): number | undefined {
  return v.type === ResValueType.INT_DEC || v.type === ResValueType.INT_HEX ? v.data | 0 : undefined;
}
