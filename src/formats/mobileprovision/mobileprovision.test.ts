import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../../errors.js';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { Rng } from '../../fuzz/mutate.js';
import { parseCertificate } from '../apksig/index.js';
import { readPlist } from '../plist/index.js';
import { ZipArchive } from '../zip/index.js';
import { provisioningKind, readMobileProvision, type ProvisioningKind } from './index.js';

const testdata = join(import.meta.dirname, 'testdata');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(testdata, name)));
const signerDer = new Uint8Array(
  Buffer.from(
    readFileSync(join(testdata, 'signer.pem'), 'latin1')
      .replace(/-----[A-Z ]+-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  ),
);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isDfslabError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('readMobileProvision on openssl-built profiles', () => {
  const kinds: ProvisioningKind[] = ['app-store', 'ad-hoc', 'development', 'enterprise'];
  it.each(kinds)('%s profile', (kind) => {
    const p = readMobileProvision(fixture(`${kind}.mobileprovision`), { label: `${kind}.mobileprovision` });
    expect(p.kind).toBe(kind);
    expect(p.name).toBe(`dfslab ${kind} profile`);
    expect(p.appIdName).toBe(`dfslab fixture ${kind}`);
    expect(p.teamIdentifier).toEqual(['ABCDE12345']);
    expect(p.teamName).toBe('dfslab Fixtures & Co');
    expect(p.uuid).toMatch(/^00000000-0000-4000-8000-00000000000[1-4]$/);
    expect(p.platform).toEqual(['iOS', 'xrOS']);
    expect(p.creationDate?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(p.expirationDate?.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(p.entitlements.get('application-identifier')).toBe(`ABCDE12345.org.example.${kind}`);
    expect(p.entitlements.get('keychain-access-groups')).toEqual(['ABCDE12345.*']);
    expect(p.entitlements.get('com.apple.developer.associated-domains')).toEqual(['applinks:example.org']);
    expect(p.getTaskAllow).toBe(kind === 'development');
    expect(p.provisionsAllDevices).toBe(kind === 'enterprise');
    if (kind === 'ad-hoc' || kind === 'development') {
      expect(p.provisionedDevices).toEqual(['00008030-001A2B3C4D5E6F70', '0123456789abcdef0123456789abcdef01234567']);
    } else {
      expect(p.provisionedDevices).toBeUndefined();
    }
    const signer = parseCertificate(signerDer);
    expect(p.developerCertificates.map((c) => c.sha256)).toEqual([signer.sha256]);
    expect(p.signerCertificates.map((c) => c.sha256)).toEqual([signer.sha256]);
    expect(p.developerCertificates[0]!.subject).toContain('CN=dfslab test iPhone Developer');
    expect(p.plist.get('TimeToLive')).toBe(366);
    expect(p.expired(new Date('2025-01-02T03:04:04Z'))).toBe(false);
    expect(p.expired(new Date('2025-01-02T03:04:05Z'))).toBe(true);
  });

  it('reads streamed BER (indefinite lengths, chunked content) like DER', () => {
    const ber = readMobileProvision(fixture('development-ber.mobileprovision'));
    const der = readMobileProvision(fixture('development.mobileprovision'));
    expect(ber.kind).toBe('development');
    expect(ber.plist).toEqual(der.plist);
  });

  it('derives the kind from the documented rules', () => {
    expect(provisioningKind(true, true, true)).toBe('enterprise');
    expect(provisioningKind(false, true, true)).toBe('development');
    expect(provisioningKind(false, true, false)).toBe('ad-hoc');
    expect(provisioningKind(false, false, true)).toBe('app-store');
  });
});

describe('readMobileProvision on hostile input', () => {
  const good = fixture('ad-hoc.mobileprovision');

  it('rejects non-CMS input and a bare plist with typed errors', () => {
    expect(codeOf(() => readMobileProvision(new Uint8Array(0)))).toBe(ErrorCodes.ASN1_BAD_DER);
    expect(codeOf(() => readMobileProvision(new TextEncoder().encode('<plist><dict/></plist>')))).toBe(ErrorCodes.ASN1_BAD_DER);
  });

  it('rejects a profile whose keys have the wrong type', () => {
    const text = Buffer.from(good).toString('latin1');
    // Same-length edits keep the DER lengths valid. First an element outside the plist DTD…
    const swapped = text.replace('<key>TeamName</key>\n\t<string>', '<key>TeamName</key>\n\t<strinX>');
    expect(swapped).not.toBe(text);
    expect(codeOf(() => readMobileProvision(new Uint8Array(Buffer.from(swapped, 'latin1'))))).toBe(ErrorCodes.PLIST_BAD);
    // …then a Name key whose value is an array (the old Name is renamed, AppIDName replaced, tabs pad).
    const wrongType = text.replace('<key>Name</key>', '<key>Nam_</key>').replace('<key>AppIDName</key>\n\t<string>dfslab fixture ad-hoc</string>', '<key>Name</key>\n\t<array><true/></array>\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t');
    expect(wrongType.length).toBe(text.length);
    expect(codeOf(() => readMobileProvision(new Uint8Array(Buffer.from(wrongType, 'latin1'))))).toBe(ErrorCodes.MOBILEPROVISION_BAD);
  });

  it('survives 300 seeded truncations and bit flips with typed errors only', () => {
    const rng = new Rng(0x6d6f6276);
    for (let i = 0; i < 300; i++) {
      let m: Uint8Array;
      if (rng.int(3) === 0) {
        m = good.slice(0, rng.int(good.length));
      } else {
        m = Uint8Array.from(good);
        for (let k = 0, n = 1 + rng.int(6); k < n; k++) {
          const o = rng.int(m.length);
          m[o] = m[o]! ^ (1 << rng.int(8));
        }
      }
      try {
        readMobileProvision(m);
      } catch (e) {
        if (!isDfslabError(e)) throw new Error(`case ${i}: untyped ${String(e)}`, { cause: e });
      }
    }
  });
});

const corpus = corpusDir();
const hasOpenssl = hasTool('openssl');
describe.skipIf(corpus === undefined || !hasOpenssl)(
  `corpus embedded.mobileprovision vs openssl cms (${corpus === undefined ? CORPUS_SKIP_MESSAGE : 'openssl missing'})`,
  () => {
    const ipas = corpus === undefined ? [] : readdirSync(corpus).filter((n) => n.endsWith('.ipa'));
    it.each(ipas)('%s', (ipa) => {
      const zip = ZipArchive.open(new Uint8Array(readFileSync(join(corpus!, ipa))));
      const name = zip.entryNames().find((n) => /^Payload\/[^/]+\.app\/embedded\.mobileprovision$/.test(n));
      expect(name).toBeDefined();
      const bytes = zip.read(name!);
      const ours = readMobileProvision(bytes, { label: name! });
      const oracle = execFileSync('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER'], { input: bytes, stdio: ['pipe', 'pipe', 'ignore'] });
      const theirs = readPlist(new Uint8Array(oracle));
      expect(ours.plist).toEqual(theirs);
      // Sanity of the derived view against the oracle's plist.
      expect(ours.kind).toBe(
        provisioningKind(
          (theirs as Map<string, unknown>).get('ProvisionsAllDevices') === true,
          (theirs as Map<string, unknown>).has('ProvisionedDevices'),
          ((theirs as Map<string, unknown>).get('Entitlements') as Map<string, unknown>).get('get-task-allow') === true,
        ),
      );
      expect(ours.signerCertificates.length).toBeGreaterThan(0);
      expect(ours.developerCertificates.length).toBeGreaterThan(0);
      expect(ours.teamIdentifier.length).toBe(1);
    });
  },
);
