import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attributeValue, parseJarManifest } from './manifest.js';
import { loadFixtureApk } from './test-archive.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parseJarManifest', () => {
  it('splits main and named sections and records their exact byte spans', () => {
    const text = 'Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\nName: a.txt\r\nSHA-256-Digest: AAA=\r\n\r\nName: b.txt\r\nSHA-256-Digest: BBB=\r\n\r\n';
    const m = parseJarManifest(enc(text));
    expect(m.main).toMatchObject({ start: 0, name: undefined });
    expect(text.slice(m.main!.start, m.main!.start + m.main!.size)).toBe('Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n');
    expect(m.sections.map((s) => s.name)).toEqual(['a.txt', 'b.txt']);
    const b = m.sections[1]!;
    expect(text.slice(b.start, b.start + b.size)).toBe('Name: b.txt\r\nSHA-256-Digest: BBB=\r\n\r\n');
    expect(attributeValue(b, 'sha-256-digest')).toBe('BBB=');
    expect(attributeValue(b, 'SHA1-Digest')).toBeUndefined();
  });

  it('joins 72-byte continuation lines and accepts LF, CR and CRLF', () => {
    const long = 'assets/a-rather-long-asset-name-that-makes-the-jar-manifest-wrap-its-name-line.txt';
    const wrapped = `Name: ${long.slice(0, 66)}\n ${long.slice(66)}\rSHA1-Digest: x\r\n`;
    const m = parseJarManifest(enc(`Manifest-Version: 1.0\n\n${wrapped}`));
    expect(m.sections[0]!.name).toBe(long);
    expect(attributeValue(m.sections[0], 'SHA1-Digest')).toBe('x');
    // No trailing blank line: the section runs to the end of the file.
    expect(m.sections[0]!.start + m.sections[0]!.size).toBe(enc(`Manifest-Version: 1.0\n\n${wrapped}`).length);
  });

  it('splits name and value at the first ": " only, keeping odd spaces (obfuscators use them)', () => {
    const m = parseJarManifest(enc('Manifest-Version: 1.0\n\nName:  spaced : name \nNoSeparator\n'));
    const s = m.sections[0]!;
    expect(s.name).toBe(' spaced : name ');
    expect(s.attributes[1]).toEqual({ name: 'NoSeparator', value: '' });
  });

  it('skips extra blank lines between sections and reports unnamed sections', () => {
    const m = parseJarManifest(enc('A: 1\n\n\n\nB: 2\n\nName: x\n'));
    expect(m.sections.map((s) => s.name)).toEqual([undefined, 'x']);
    expect(m.sections[0]!.start).toBe('A: 1\n\n\n\n'.length);
    expect(parseJarManifest(enc('')).main).toBeUndefined();
    expect(parseJarManifest(enc('\n\n\n')).main).toBeUndefined();
  });

  it('decodes UTF-8 names', () => {
    const m = parseJarManifest(enc('Manifest-Version: 1.0\n\nName: résumé/日本.txt\nSHA1-Digest: y\n'));
    expect(m.sections[0]!.name).toBe('résumé/日本.txt');
  });

  it('reproduces the section digests apksigner wrote into a real .SF file', () => {
    const apk = loadFixtureApk('rsa-v1v2v3.apk');
    const manifestBytes = apk.read('META-INF/MANIFEST.MF');
    const sfName = apk.entryNames().find((n) => n.endsWith('.SF'))!;
    const manifest = parseJarManifest(manifestBytes);
    const sf = parseJarManifest(apk.read(sfName));
    expect(sf.sections.length).toBe(manifest.sections.length);
    for (const sfSection of sf.sections) {
      const section = manifest.sections.find((s) => s.name === sfSection.name)!;
      const digest = createHash('sha256').update(manifestBytes.subarray(section.start, section.start + section.size)).digest('base64');
      expect(attributeValue(sfSection, 'SHA-256-Digest')).toBe(digest);
    }
    expect(attributeValue(sf.main, 'SHA-256-Digest-Manifest')).toBe(createHash('sha256').update(manifestBytes).digest('base64'));
    expect(attributeValue(sf.main, 'X-Android-APK-Signed')).toBe('2, 3');
  });

  it('stays linear on hostile input (one huge attribute of continuation lines)', () => {
    const lines = ['Name: x'];
    for (let i = 0; i < 50_000; i++) lines.push(' y');
    const m = parseJarManifest(enc(`M: 1\n\n${lines.join('\n')}\n`));
    expect(m.sections[0]!.name!.length).toBe(1 + 50_000);
  });
});
