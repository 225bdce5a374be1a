/**
 * @module formats/apksig/manifest
 * JAR manifest and signature-file parsing (JAR File Specification, "JAR Manifest" and "Signed JAR File";
 * META-INF/MANIFEST.MF and META-INF/*.SF share the format).
 *
 * The format: lines end with CR LF, LF or CR; a line starting with one SPACE continues the previous
 * attribute (writers wrap at 72 bytes); sections are separated by blank lines; the first section is the
 * main section, each following one is named by its first attribute "Name:". A name is separated from its
 * value by ": " — only the first occurrence counts, so names may end with spaces and values may start with
 * them (obfuscators use this; the platform accepts it).
 *
 * Digests in .SF files cover the exact bytes of manifest sections, so every section records where it
 * starts and how many bytes it spans, including the blank line that terminates it.
 */

export interface ManifestAttribute {
  name: string;
  value: string;
}

export interface ManifestSection {
  /** Offset of the section's first line. */
  start: number;
  /** Bytes from `start` up to and including the terminating blank line (or to the end of the file). */
  size: number;
  /** Value of the first attribute when it is "Name" (case-insensitive), else undefined. */
  name: string | undefined;
  attributes: ManifestAttribute[];
}

export interface JarManifest {
  /** The main section (undefined for an empty or all-blank file). */
  main: ManifestSection | undefined;
  /** The individual (named or unnamed) sections after the main one. */
  sections: ManifestSection[];
}

/** Value of an attribute of a section; names compare case-insensitively (JAR spec "attribute names"). */
export function attributeValue(section: ManifestSection | undefined, name: string): string | undefined {
  if (section === undefined) return undefined;
  const wanted = name.toLowerCase();
  for (const a of section.attributes) if (a.name.toLowerCase() === wanted) return a.value;
  return undefined;
}

/** Splits the file into sections. Never throws: any byte sequence is some manifest. */
export function parseJarManifest(bytes: Uint8Array): JarManifest {
  // Manifests of large APKs hold thousands of sections and this runs once per audit, i.e. mostly before the
  // JIT warms up: scan a latin1 view of the bytes (one char per byte, so string indices are byte offsets)
  // with native indexOf, and decode UTF-8 only where a non-ASCII byte exists.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  const ascii = !/[^\x00-\x7f]/.test(text);
  const decode = (a: number, b: number): string => (ascii ? text.slice(a, b) : buf.toString('utf8', a, b));
  const sections: ManifestSection[] = [];
  const n = bytes.length;
  // Attribute bytes are gathered as [start, end) ranges and decoded once per attribute, so a hostile file
  // with many continuation lines stays linear.
  let ranges: number[] = [];
  let attrs: ManifestAttribute[] = [];
  let sectionStart = -1;

  const flushAttribute = (): void => {
    if (ranges.length === 0) return;
    let value: string;
    if (ranges.length === 2) {
      value = decode(ranges[0]!, ranges[1]!);
    } else if (ascii) {
      const pieces: string[] = [];
      for (let i = 0; i < ranges.length; i += 2) pieces.push(text.slice(ranges[i], ranges[i + 1]));
      value = pieces.join('');
    } else {
      const pieces: Buffer[] = [];
      for (let i = 0; i < ranges.length; i += 2) pieces.push(buf.subarray(ranges[i], ranges[i + 1]));
      value = Buffer.concat(pieces).toString('utf8');
    }
    const sep = value.indexOf(': ');
    attrs.push(sep < 0 ? { name: value, value: '' } : { name: value.slice(0, sep), value: value.slice(sep + 2) });
    ranges = [];
  };
  const closeSection = (end: number): void => {
    flushAttribute();
    const first = attrs[0];
    const name = first !== undefined && first.name.toLowerCase() === 'name' ? first.value : undefined;
    sections.push({ start: sectionStart, size: end - sectionStart, name, attributes: attrs });
    attrs = [];
    sectionStart = -1;
  };

  let pos = 0;
  let nextLf = -2;
  let nextCr = -2;
  while (pos < n) {
    const lineStart = pos;
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    const lineEnd = Math.min(nextLf === -1 ? n : nextLf, nextCr === -1 ? n : nextCr);
    let next = lineEnd;
    if (next < n) next += bytes[next] === 0x0d && next + 1 < n && bytes[next + 1] === 0x0a ? 2 : 1;
    pos = next;
    if (lineEnd === lineStart) {
      // Blank line: ends the current section (and is counted in it); blank lines between sections belong
      // to no section.
      if (sectionStart >= 0) closeSection(next);
      continue;
    }
    if (sectionStart < 0) sectionStart = lineStart;
    if (bytes[lineStart] === 0x20 && ranges.length > 0) {
      ranges.push(lineStart + 1, lineEnd);
    } else {
      flushAttribute();
      ranges.push(lineStart, lineEnd);
    }
  }
  if (sectionStart >= 0) closeSection(n);
  return { main: sections[0], sections: sections.slice(1) };
}
