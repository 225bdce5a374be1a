/**
 * @module formats/arsc/res-config
 * `ResTable_config` (AOSP ResourceTypes.h): the device configuration a resource value applies to (locale,
 * density, SDK level, …), and its qualifier label in the order of `ResTable_config::toString` (as aapt prints it,
 * e.g. `fr-rCA`, `b+sr+Latn`, `land-hdpi-v4`, `sw600dp-v13`).
 */

export interface ResConfig {
  /** Qualifier string as aapt prints it; `default` for the default configuration. */
  label: string;
  isDefault: boolean;
  mcc: number;
  mnc: number;
  /** ISO 639 language ('' when any). */
  language: string;
  /** ISO 3166 region or UN M.49 code ('' when any). */
  region: string;
  script: string;
  variant: string;
  orientation: number;
  touchscreen: number;
  density: number;
  keyboard: number;
  navigation: number;
  inputFlags: number;
  screenWidth: number;
  screenHeight: number;
  sdkVersion: number;
  minorVersion: number;
  screenLayout: number;
  uiMode: number;
  smallestScreenWidthDp: number;
  screenWidthDp: number;
  screenHeightDp: number;
  screenLayout2: number;
  colorMode: number;
}

const DENSITY_NAMES = new Map([
  [120, 'ldpi'],
  [160, 'mdpi'],
  [213, 'tvdpi'],
  [240, 'hdpi'],
  [320, 'xhdpi'],
  [480, 'xxhdpi'],
  [640, 'xxxhdpi'],
  [0xfffe, 'anydpi'],
  [0xffff, 'nodpi'],
]);
const UI_MODE_TYPES = ['', '', 'desk', 'car', 'television', 'appliance', 'watch', 'vrheadset'];

/**
 * Decodes the config at `offset`; `available` bytes may be fewer than the struct's own `size` field (older files
 * carry shorter configs; missing fields read as 0, i.e. "any").
 */
export function readResConfig(bytes: Uint8Array, offset: number, available: number): ResConfig {
  const declared = available >= 4 ? u32(bytes, offset) : 0;
  const n = Math.max(0, Math.min(declared, available, bytes.length - offset));
  const b8 = (o: number): number => (o < n ? bytes[offset + o]! : 0);
  const b16 = (o: number): number => b8(o) | (b8(o + 1) << 8);
  const c: ResConfig = {
    label: '',
    isDefault: false,
    mcc: b16(4),
    mnc: b16(6),
    language: unpackLocale(b8(8), b8(9), 0x61),
    region: unpackLocale(b8(10), b8(11), 0x30),
    orientation: b8(12),
    touchscreen: b8(13),
    density: b16(14),
    keyboard: b8(16),
    navigation: b8(17),
    inputFlags: b8(18),
    screenWidth: b16(20),
    screenHeight: b16(22),
    sdkVersion: b16(24),
    minorVersion: b16(26),
    screenLayout: b8(28),
    uiMode: b8(29),
    smallestScreenWidthDp: b16(30),
    screenWidthDp: b16(32),
    screenHeightDp: b16(34),
    script: ascii(bytes, offset + 36, Math.min(4, n - 36)),
    variant: ascii(bytes, offset + 40, Math.min(8, n - 40)),
    screenLayout2: b8(48),
    colorMode: b8(49),
  };
  c.label = configLabel(c);
  c.isDefault = c.label === '';
  if (c.isDefault) c.label = 'default';
  return c;
}

/** ResTable_config::unpackLanguageOrRegion: two ASCII letters, or three 5-bit letters packed when bit 7 is set. */
function unpackLocale(in0: number, in1: number, base: number): string {
  if ((in0 & 0x80) !== 0) {
    const first = in1 & 0x1f;
    const second = ((in1 & 0xe0) >> 5) + ((in0 & 0x03) << 3);
    const third = (in0 & 0x7c) >> 2;
    return String.fromCharCode(first + base, second + base, third + base);
  }
  if (in0 === 0) return '';
  return in1 === 0 ? String.fromCharCode(in0) : String.fromCharCode(in0, in1);
}

function ascii(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = bytes[start + i] ?? 0;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function configLabel(c: ResConfig): string {
  const parts: string[] = [];
  if (c.mcc) parts.push(`mcc${c.mcc}`);
  if (c.mnc) parts.push(c.mnc === 0xffff ? 'mnc00' : `mnc${c.mnc}`);
  if (c.language || c.region) {
    if (c.script || c.variant) {
      let s = `b+${c.language}`;
      if (c.script) s += `+${c.script}`;
      if (c.region) s += `+${c.region}`;
      if (c.variant) s += `+${c.variant}`;
      parts.push(s);
    } else {
      parts.push(c.language && c.region ? `${c.language}-r${c.region}` : c.language || `r${c.region}`);
    }
  }
  const layoutDir = c.screenLayout & 0xc0;
  if (layoutDir === 0x40) parts.push('ldltr');
  else if (layoutDir === 0x80) parts.push('ldrtl');
  if (c.smallestScreenWidthDp) parts.push(`sw${c.smallestScreenWidthDp}dp`);
  if (c.screenWidthDp) parts.push(`w${c.screenWidthDp}dp`);
  if (c.screenHeightDp) parts.push(`h${c.screenHeightDp}dp`);
  const size = c.screenLayout & 0x0f;
  if (size) parts.push(['', 'small', 'normal', 'large', 'xlarge'][size] ?? `screenLayoutSize=${size}`);
  const long = c.screenLayout & 0x30;
  if (long) parts.push(long === 0x10 ? 'notlong' : long === 0x20 ? 'long' : `screenLayoutLong=${long}`);
  const round = c.screenLayout2 & 0x03;
  if (round) parts.push(round === 1 ? 'notround' : round === 2 ? 'round' : `screenRound=${round}`);
  const gamut = c.colorMode & 0x03;
  if (gamut) parts.push(gamut === 1 ? 'nowidecg' : gamut === 2 ? 'widecg' : `wideColorGamut=${gamut}`);
  const hdr = c.colorMode & 0x0c;
  if (hdr) parts.push(hdr === 0x04 ? 'lowdr' : hdr === 0x08 ? 'highdr' : `hdr=${hdr}`);
  if (c.orientation) parts.push(['', 'port', 'land', 'square'][c.orientation] ?? `orientation=${c.orientation}`);
  const uiType = c.uiMode & 0x0f;
  if (uiType > 1) parts.push(UI_MODE_TYPES[uiType] ?? `uiModeType=${uiType}`);
  const night = c.uiMode & 0x30;
  if (night) parts.push(night === 0x10 ? 'notnight' : night === 0x20 ? 'night' : `uiModeNight=${night}`);
  if (c.density) parts.push(DENSITY_NAMES.get(c.density) ?? `${c.density}dpi`);
  if (c.touchscreen) parts.push(['', 'notouch', 'stylus', 'finger'][c.touchscreen] ?? `touchscreen=${c.touchscreen}`);
  const keys = c.inputFlags & 0x03;
  if (keys) parts.push(['', 'keysexposed', 'keyshidden', 'keyssoft'][keys]!);
  if (c.keyboard) parts.push(['', 'nokeys', 'qwerty', '12key'][c.keyboard] ?? `keyboard=${c.keyboard}`);
  const nav = c.inputFlags & 0x0c;
  if (nav) parts.push(nav === 0x04 ? 'navexposed' : nav === 0x08 ? 'navhidden' : `inputFlagsNavHidden=${nav}`);
  if (c.navigation) parts.push(['', 'nonav', 'dpad', 'trackball', 'wheel'][c.navigation] ?? `navigation=${c.navigation}`);
  if (c.screenWidth || c.screenHeight) parts.push(`${c.screenWidth}x${c.screenHeight}`);
  if (c.sdkVersion || c.minorVersion) parts.push(c.minorVersion ? `v${c.sdkVersion}.${c.minorVersion}` : `v${c.sdkVersion}`);
  return parts.join('-');
}

function u32(bytes: Uint8Array, o: number): number {
  if (o + 4 > bytes.length) return 0;
  return (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
}
