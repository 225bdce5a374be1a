import { describe, expect, it } from 'vitest';
import { NameIssue, classifyEntryName, decodeEntryName } from './entry-name.js';

function decode(raw: Uint8Array | string, utf8Flag = false): { name: string; issues: number } {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  // Place the name inside a larger buffer to check that offsets are honoured.
  const buf = new Uint8Array(bytes.length + 6);
  buf.set([0xff, 0xff, 0xff], 0);
  buf.set(bytes, 3);
  buf.set([0xff, 0xff, 0xff], 3 + bytes.length);
  return decodeEntryName(buf, Buffer.from(buf.buffer), 3, 3 + bytes.length, utf8Flag);
}

describe('decodeEntryName', () => {
  it('decodes ASCII, UTF-8 without the flag, and CP437 for non-UTF-8 bytes', () => {
    expect(decode('classes.dex')).toEqual({ name: 'classes.dex', issues: 0 });
    expect(decode('res/raw/données.txt')).toEqual({ name: 'res/raw/données.txt', issues: 0 });
    expect(decode('assets/日本語/😀.png', true)).toEqual({ name: 'assets/日本語/😀.png', issues: 0 });
    // 0x82 = é, 0xE1 = ß, 0xB0 = ░, 0xFF = NBSP in CP437; none of these sequences is UTF-8.
    const cp437 = decode(new Uint8Array([0x61, 0x82, 0xe1, 0xb0, 0xff]));
    expect(cp437).toEqual({ name: 'aéß░\u00a0', issues: NameIssue.invalid });
  });

  it('keeps replacement characters for malformed names flagged UTF-8', () => {
    expect(decode(new Uint8Array([0x61, 0xc3]), true)).toEqual({ name: 'a\ufffd', issues: NameIssue.invalid });
  });

  it('classifies names while decoding', () => {
    expect(decode('../x').issues).toBe(NameIssue.traversal);
    expect(decode('a\\b').issues).toBe(NameIssue.backslash);
    expect(decode('/x').issues).toBe(NameIssue.absolute);
    expect(decode('a\0b').issues).toBe(NameIssue.invalid);
    expect(decode('').issues).toBe(NameIssue.invalid);
    expect(decode('é/../x').issues).toBe(NameIssue.traversal);
  });
});

describe('classifyEntryName', () => {
  const cases: Array<[string, number]> = [
    ['AndroidManifest.xml', 0],
    ['res/a..b/c..', 0],
    ['...', 0],
    ['a/.../b', 0],
    ['..', NameIssue.traversal],
    ['../evil', NameIssue.traversal],
    ['a/../b', NameIssue.traversal],
    ['a/..', NameIssue.traversal],
    ['a\\..\\b', NameIssue.traversal | NameIssue.backslash],
    ['/etc/passwd', NameIssue.absolute],
    ['\\x', NameIssue.absolute | NameIssue.backslash],
    ['C:x', NameIssue.absolute],
    ['c:\\x', NameIssue.absolute | NameIssue.backslash],
    ['1:x', 0],
    ['lib:x', 0],
    ['a\0', NameIssue.invalid],
  ];
  it.each(cases)('%j → %i', (name, expected) => {
    expect(classifyEntryName(name, true)).toBe(expected);
  });
  it('flags names that were not UTF-8', () => {
    expect(classifyEntryName('abc', false)).toBe(NameIssue.invalid);
  });
});
