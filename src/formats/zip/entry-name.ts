/**
 * @module formats/zip/entry-name
 * Decoding and classifying ZIP entry names.
 *
 * Decoding (APPNOTE.TXT 4.4.4 bit 11 and appendix D): a name is UTF-8 when general purpose bit 11 is set,
 * otherwise the spec says IBM code page 437. In practice the Android toolchain (aapt, aapt2, zipalign,
 * bundletool) writes UTF-8 names without setting bit 11, and Android itself (libziparchive
 * `IsValidEntryName`) requires every name to be valid UTF-8 whatever the flag says. So a name that is
 * well-formed UTF-8 is decoded as UTF-8; only a name that is not (and is not flagged UTF-8) falls back to
 * CP437, which maps every byte, so decoding never fails.
 */

const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

/** Bits returned by {@link classifyEntryName}. */
export const NameIssue = {
  /** A `..` path segment (with `/` or `\` as separator): extraction could escape the target folder. */
  traversal: 1,
  /** Starts with `/` or `\`, or a drive letter such as `C:`. */
  absolute: 2,
  /** Contains `\`: Windows tools treat it as a separator, Android and unzip do not. */
  backslash: 4,
  /** Empty, contains NUL, or is not valid UTF-8: libziparchive `IsValidEntryName` refuses the archive. */
  invalid: 8,
} as const;

/**
 * Decode the name bytes `bytes[start, end)` and classify it (bit set of {@link NameIssue}). `latin1` is a
 * Buffer view over the same memory: for the usual pure-ASCII name, one scan of the bytes both proves it is
 * ASCII and finds the path issues, and Node's latin1 slice builds the string (several times faster than a
 * JS loop for short strings).
 */
export function decodeEntryName(
  bytes: Uint8Array,
  latin1: Buffer,
  start: number,
  end: number,
  utf8Flag: boolean,
): { name: string; issues: number } {
  let issues = end > start ? 0 : NameIssue.invalid;
  let dotDot = false;
  let previous = -1;
  let k = start;
  for (; k < end; k++) {
    const b = bytes[k]!;
    if (b >= 0x80) break;
    if (b === 0) issues |= NameIssue.invalid;
    else if (b === 0x5c) issues |= NameIssue.backslash;
    else if (b === 0x2e && previous === 0x2e) dotDot = true;
    previous = b;
  }
  if (k === end) {
    const name = latin1.toString('latin1', start, end);
    if (dotDot || bytes[start] === 0x2f || bytes[start] === 0x5c || bytes[start + 1] === 0x3a) {
      issues |= classifyEntryName(name, true);
    }
    return { name, issues };
  }
  const raw = bytes.subarray(start, end);
  let name: string;
  let wellFormedUtf8 = true;
  try {
    name = utf8Fatal.decode(raw);
  } catch {
    wellFormedUtf8 = false;
    if (utf8Flag) {
      // Flagged UTF-8 but malformed: keep U+FFFD replacements (what the flag promised).
      name = utf8Lenient.decode(raw);
    } else {
      name = latin1.toString('latin1', start, k);
      for (let i = k; i < end; i++) {
        const b = bytes[i]!;
        name += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
      }
    }
  }
  return { name, issues: classifyEntryName(name, wellFormedUtf8) };
}

/**
 * The path problems of a decoded name, as a bit set of {@link NameIssue}. One scan for the common case; the
 * segment split only runs when the name contains "..".
 */
export function classifyEntryName(name: string, wellFormedUtf8: boolean): number {
  let issues = wellFormedUtf8 && name.length > 0 ? 0 : NameIssue.invalid;
  let dotDot = false;
  let previous = -1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0) issues |= NameIssue.invalid;
    else if (c === 0x5c) issues |= NameIssue.backslash;
    else if (c === 0x2e && previous === 0x2e) dotDot = true;
    previous = c;
  }
  const first = name.charCodeAt(0);
  if (first === 0x2f || first === 0x5c) issues |= NameIssue.absolute;
  // A drive letter ("C:foo", "C:\foo") is absolute for Windows extractors.
  if (name.charCodeAt(1) === 0x3a && ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a)) issues |= NameIssue.absolute;
  if (dotDot) {
    for (const segment of name.split(/[/\\]/)) {
      if (segment === '..') {
        issues |= NameIssue.traversal;
        break;
      }
    }
  }
  return issues;
}
