/** Shared views of the signature report for the signing checks. */
import type { AndroidApp } from '../../../app/android.js';
import type { CertificateInfo } from '../../../formats/apksig/index.js';
import type { Location } from '../../../findings/types.js';
import { baseArchive } from '../support.js';

export interface SignerCert {
  scheme: 'v1' | 'v2' | 'v3' | 'v3.1';
  cert: CertificateInfo;
}

/** The leaf certificate of every signer of every scheme present, deduplicated by scheme + fingerprint. */
export function signerCertificates(app: AndroidApp): SignerCert[] {
  const sig = app.signatures;
  const out: SignerCert[] = [];
  const seen = new Set<string>();
  const schemes = [
    ['v1', sig.v1],
    ['v2', sig.v2],
    ['v3', sig.v3],
    ['v3.1', sig.v31],
  ] as const;
  for (const [scheme, r] of schemes) {
    if (!r.present) continue;
    for (const s of r.signers) {
      const cert = s.certificates[0];
      if (!cert) continue;
      const k = `${scheme}:${cert.sha256}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ scheme, cert });
    }
  }
  return out;
}

/** Each distinct signer certificate once, with the schemes that use it (a key usually signs v1, v2 and v3). */
export function distinctSigners(app: AndroidApp): Array<{ cert: CertificateInfo; schemes: string[] }> {
  const by = new Map<string, { cert: CertificateInfo; schemes: string[] }>();
  for (const { scheme, cert } of signerCertificates(app)) {
    const e = by.get(cert.sha256);
    if (e) e.schemes.push(scheme);
    else by.set(cert.sha256, { cert, schemes: [scheme] });
  }
  return [...by.values()];
}

/** Location of a signer certificate: stable across re-signing with the same key. */
export function signerLocation(app: AndroidApp, cert: CertificateInfo, schemes: string[]): Location {
  const l: Location = { path: schemes.includes('v1') && schemes.length === 1 ? 'META-INF/' : 'APK Signing Block', key: `signer sha256:${cert.sha256}` };
  const a = baseArchive(app);
  if (a) l.archive = a;
  return l;
}

export function signatureLocation(app: AndroidApp, scheme: string): Location {
  const l: Location = { path: scheme === 'v1' ? 'META-INF/' : 'APK Signing Block', key: scheme };
  const a = baseArchive(app);
  if (a) l.archive = a;
  return l;
}

export function certSummary(c: CertificateInfo): string {
  return `${c.subject} (${c.keyType} ${c.keySize}, ${c.signatureAlgorithm}, sha256 ${c.sha256.slice(0, 16)}…)`;
}
