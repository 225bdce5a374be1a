import { describe, expect, it } from 'vitest';
import { isDfslabError } from '../../errors.js';
import { Oid } from '../asn1/index.js';
import { parseCertificateDetails, x500NamesEqual } from './certificate.js';
import { parsePkcs7SignedData } from './pkcs7.js';
import { loadFixtureApk } from './test-archive.js';

function signatureBlock(fixture: string): Uint8Array {
  const apk = loadFixtureApk(fixture);
  const name = apk.entryNames().find((n) => /^META-INF\/.*\.(RSA|DSA|EC)$/.test(n))!;
  return apk.read(name);
}

describe('parsePkcs7SignedData', () => {
  it('parses an apksigner JAR signature block (no signed attributes)', () => {
    const sd = parsePkcs7SignedData(signatureBlock('rsa-v1v2v3.apk'));
    expect(sd.contentType).toBe(Oid.PKCS7_DATA);
    expect(sd.content).toBeUndefined();
    expect(sd.certificates).toHaveLength(1);
    expect(sd.signerInfos).toHaveLength(1);
    const si = sd.signerInfos[0]!;
    expect(si.digestAlgorithm).toBe(Oid.SHA256);
    expect(si.signatureAlgorithm).toBe(Oid.RSA_ENCRYPTION);
    expect(si.signedAttrs).toBeUndefined();
    expect(si.signature.length).toBe(256);
    const cert = parseCertificateDetails(sd.certificates[0]!);
    expect(si.serialNumber).toBe(cert.serial);
    expect(x500NamesEqual(si.issuer!, cert.issuerName)).toBe(true);
  });

  it('parses a DSA block', () => {
    const sd = parsePkcs7SignedData(signatureBlock('dsa-v1-only.apk'));
    expect(sd.signerInfos[0]!.signatureAlgorithm).toBe(Oid.DSA_WITH_SHA256);
  });

  it('parses jarsigner signed attributes (content-type, message-digest) and keeps their exact encoding', () => {
    const sd = parsePkcs7SignedData(signatureBlock('jarsigner-v1.apk'));
    const si = sd.signerInfos[0]!;
    const types = si.signedAttrs!.map((a) => a.type);
    expect(types).toContain(Oid.CONTENT_TYPE);
    expect(types).toContain(Oid.MESSAGE_DIGEST);
    expect(si.signedAttrsEncoding![0]).toBe(0xa0);
    const md = si.signedAttrs!.find((a) => a.type === Oid.MESSAGE_DIGEST)!;
    expect(md.values).toHaveLength(1);
    expect(md.values[0]![0]).toBe(0x04);
  });

  it('rejects what is not SignedData with typed errors', () => {
    const good = signatureBlock('rsa-v1v2v3.apk');
    const cases = [
      new Uint8Array(0),
      good.subarray(0, 40),
      Uint8Array.of(0x30, 0x03, 0x06, 0x01, 0x2a),
      // ContentInfo with contentType "data" instead of "signedData".
      Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x00]),
    ];
    for (const bad of cases) {
      try {
        parsePkcs7SignedData(bad);
        throw new Error('accepted malformed SignedData');
      } catch (e) {
        expect(isDfslabError(e) && e.code).toBe('DFSLAB_E_ASN1_BAD_DER');
      }
    }
  });
});
