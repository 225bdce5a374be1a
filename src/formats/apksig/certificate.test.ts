import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../../../test/corpus.js';
import { isDfslabError } from '../../errors.js';
import { AOSP_TEST_KEY_SUBJECT, parseCertificate, parseCertificateDetails } from './certificate.js';
import { fixturePath, loadFixture } from './test-archive.js';

const CERTS = ['rsa', 'rsa-new', 'ec', 'dsa', 'debug', 'aosp-dn', 'leaf-issued-by-rsa'] as const;
const AOSP_SAMPLES = '/usr/share/doc/androguard/examples/signing/apksig';

function cert(name: string): Uint8Array {
  return loadFixture(`certs/${name}.der`);
}

describe('parseCertificate on the committed fixtures', () => {
  it.each(CERTS)('%s agrees with node:crypto X509Certificate', (name) => {
    const der = cert(name);
    const info = parseCertificate(der);
    const x = new X509Certificate(der);
    expect(info.sha256).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(info.sha1).toBe(x.fingerprint.replace(/:/g, '').toLowerCase());
    expect(info.serialNumber).toBe(x.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''));
    expect(new Date(info.notBefore).getTime()).toBe(new Date(x.validFrom).getTime());
    expect(new Date(info.notAfter).getTime()).toBe(new Date(x.validTo).getTime());
    // node prints the RDNs one per line in encoding order; we print them Java-style, last RDN first.
    expect(info.subject).toBe(x.subject.split('\n').reverse().join(', ').replace('emailAddress=', 'EMAILADDRESS='));
    expect(info.issuer).toBe(x.issuer.split('\n').reverse().join(', ').replace('emailAddress=', 'EMAILADDRESS='));
    const details = x.publicKey.asymmetricKeyDetails ?? {};
    if (info.keyType === 'RSA' || info.keyType === 'DSA') expect(info.keySize).toBe(details.modulusLength);
    expect(info.keyType).toBe({ rsa: 'RSA', ec: 'EC', dsa: 'DSA' }[x.publicKey.asymmetricKeyType as 'rsa' | 'ec' | 'dsa']);
    expect(info.selfSigned).toBe(x.checkIssued(x) && x.verify(x.publicKey));
    expect(info.der).toBe(der);
  });

  it('reports key type, size, curve and signature algorithm names', () => {
    expect(parseCertificate(cert('rsa'))).toMatchObject({ keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'sha256WithRSAEncryption', selfSigned: true });
    expect(parseCertificate(cert('ec'))).toMatchObject({ keyType: 'EC', keySize: 256, curve: 'P-256', signatureAlgorithm: 'ecdsa-with-SHA256' });
    expect(parseCertificate(cert('dsa'))).toMatchObject({ keyType: 'DSA', keySize: 2048, signatureAlgorithm: 'dsa-with-SHA256' });
    const leaf = parseCertificate(cert('leaf-issued-by-rsa'));
    expect(leaf).toMatchObject({
      keyType: 'EC',
      keySize: 384,
      curve: 'P-384',
      signatureAlgorithm: 'sha384WithRSAEncryption',
      serialNumber: '0102030405060708090a',
      selfSigned: false,
      issuer: parseCertificate(cert('rsa')).subject,
    });
  });

  it('flags the Android debug key and the AOSP test-key DN', () => {
    const debug = parseCertificate(cert('debug'));
    expect(debug.subject).toBe('CN=Android Debug, O=Android, C=US');
    expect(debug.isAndroidDebug).toBe(true);
    expect(debug.isAospTestKey).toBe(false);
    const aosp = parseCertificate(cert('aosp-dn'));
    expect(aosp.subject).toBe(AOSP_TEST_KEY_SUBJECT);
    expect(aosp.isAospTestKey).toBe(true);
    expect(aosp.isAndroidDebug).toBe(false);
    expect(parseCertificate(cert('rsa')).isAndroidDebug).toBe(false);
  });

  it('exposes what signature verification needs', () => {
    const d = parseCertificateDetails(cert('rsa'));
    expect(d.spki[0]).toBe(0x30);
    expect(d.unsupportedCriticalExtensions).toEqual([]);
    expect(d.serial).toBe(BigInt(`0x${d.info.serialNumber}`));
    expect(Buffer.from(d.tbs).toString('hex')).toBe(
      Buffer.from(new X509Certificate(cert('rsa')).raw).subarray(4, 4 + d.tbs.length).toString('hex'),
    );
  });

  it.skipIf(!hasTool('keytool'))('prints DN, serial and fingerprint like keytool (the Java form apksigner uses)', () => {
    for (const name of CERTS) {
      const out = execFileSync('keytool', ['-printcert', '-file', fixturePath(`certs/${name}.der`)], { encoding: 'utf8' });
      const info = parseCertificate(cert(name));
      expect(out).toContain(`Owner: ${info.subject}\n`);
      expect(out).toContain(`Issuer: ${info.issuer}\n`);
      expect(out).toContain(`Serial number: ${info.serialNumber.replace(/^0+(?=.)/, '')}\n`);
      expect(out.replace(/:/g, '').toLowerCase()).toContain(`sha256 ${info.sha256}`);
      expect(out).toContain(`${info.keySize}-bit ${info.keyType}`);
    }
  });
});

describe.skipIf(!existsSync(AOSP_SAMPLES))('parseCertificate on the AOSP apksig test certificates', () => {
  it.each([
    ['rsa-1024', 'RSA', 1024],
    ['rsa-16384', 'RSA', 16384],
    ['dsa-3072', 'DSA', 3072],
    ['ec-p256', 'EC', 256],
    ['ec-p384', 'EC', 384],
    ['ec-p521', 'EC', 521],
  ] as const)('%s', (name, keyType, keySize) => {
    const pem = readFileSync(`${AOSP_SAMPLES}/${name}.x509.pem`, 'utf8');
    const der = new Uint8Array(new X509Certificate(pem).raw);
    const info = parseCertificate(der);
    expect(info).toMatchObject({ keyType, keySize, subject: `CN=${name}`, selfSigned: true });
  });
});

describe('malformed certificates', () => {
  it('raises DFSLAB_E_ASN1_BAD_DER for truncations and garbage', () => {
    const der = cert('ec');
    for (const bad of [der.subarray(0, 10), der.subarray(0, der.length - 1), Uint8Array.of(0x30, 0x00), Uint8Array.of(0x02, 0x01, 0x01)]) {
      try {
        parseCertificate(bad);
        throw new Error('parsed a malformed certificate');
      } catch (e) {
        expect(isDfslabError(e) && e.code).toBe('DFSLAB_E_ASN1_BAD_DER');
      }
    }
  });
});
