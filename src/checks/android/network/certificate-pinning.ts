import type { AndroidApp } from '../../../app/android.js';
import type { Location } from '../../../findings/types.js';
import { byMethod, quote, shortCall, showExpr, stringArrayArg } from '../code/dataflow-support.js';
import { decodeMethod, invokedMethod, methodLabel, siteLocation } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, manifestLocation, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

interface Protection {
  message: string;
  locations: Location[];
  evidence: string[];
}

const CERTIFICATE_PINNERS = ['Lokhttp3/CertificatePinner$Builder;', 'Lcom/squareup/okhttp/CertificatePinner$Builder;'];
/** The HTTP stacks themselves use their pinner classes internally; only calls from elsewhere configure pins. */
const PINNER_OWNERS = ['Lokhttp3/', 'Lcom/squareup/okhttp/'];

/** Whole days from now to an ISO date (yyyy-mm-dd); negative once it has passed. */
function daysUntil(date: string): number {
  return Math.floor((Date.parse(`${date}T00:00:00Z`) - Date.now()) / 86_400_000);
}

/** `<pin-set>` entries of the network security config: enforced ones, and expired ones (not enforced). */
function nscPins(app: AndroidApp): { active: Protection | undefined; expired: string[] } {
  const nsc = app.networkSecurityConfig;
  const expired: string[] = [];
  if (!nsc) return { active: undefined, expired };
  const evidence: string[] = [];
  const locations: Location[] = [];
  for (const d of nsc.domains) {
    const ps = d.pinSet;
    if (!ps || ps.pins.length === 0) continue;
    const names = d.domains.map((x) => x.name).join(', ') || '(no domain)';
    if (ps.expiration && /^\d{4}-\d{2}-\d{2}$/.test(ps.expiration) && daysUntil(ps.expiration) < 0) {
      expired.push(`${nsc.path}: <pin-set expiration="${ps.expiration}"> for ${names} has expired and is no longer enforced`);
      continue;
    }
    evidence.push(`<pin-set${ps.expiration ? ` expiration="${ps.expiration}"` : ''}> for ${names}: ${ps.pins.map((p) => `${p.digest}/${p.value}`).join(', ')}`);
    locations.push(nscLocation(app, `${d.element}/pin-set`));
  }
  if (evidence.length === 0) return { active: undefined, expired };
  return { active: { message: `${nsc.path} pins the server keys of ${evidence.length} domain configuration(s).`, locations, evidence }, expired };
}

/** OkHttp `CertificatePinner.Builder.add(host, pins…)` in the app's code. */
function okHttpPins(app: AndroidApp): Protection[] {
  const out: Protection[] = [];
  const sites = CERTIFICATE_PINNERS.flatMap((c) => app.code.callsTo(c, 'add'))
    .filter((s) => !PINNER_OWNERS.some((p) => s.classType.startsWith(p)) && !isLibrary(app, s.classType));
  for (const group of byMethod(sites)) {
    const evidence = group.map((s) => {
      const host = s.args[1]?.k === 'str' ? quote(s.args[1].v) : '…';
      const pins = stringArrayArg(app.code, s, 2);
      return `CertificatePinner.Builder.add(${host}, ${pins ? pins.map((p) => showExpr(p)).join(', ') : '…'})`;
    });
    out.push({
      message: `${methodLabel(group[0]!.method)} configures OkHttp certificate pinning.`,
      locations: group.map((s) => siteLocation(app, s, s.target)),
      evidence,
    });
  }
  return out;
}

/** Pinning libraries configured from the app: TrustKit, Cronet public-key pins. */
function libraryPins(app: AndroidApp): Protection[] {
  const out: Protection[] = [];
  const calls: Array<[string, string, string]> = [
    ['Lcom/datatheorem/android/trustkit/TrustKit;', 'initializeWithNetworkSecurityConfiguration', 'TrustKit (pins from the network security config)'],
    ['Lorg/chromium/net/CronetEngine$Builder;', 'addPublicKeyPins', 'Cronet public-key pins'],
    ['Lorg/chromium/net/ExperimentalCronetEngine$Builder;', 'addPublicKeyPins', 'Cronet public-key pins'],
  ];
  for (const [cls, name, what] of calls) {
    const sites = app.code.callsTo(cls, name).filter((s) => !s.classType.startsWith(cls.slice(0, cls.lastIndexOf('/') + 1)));
    if (sites.length === 0) continue;
    out.push({
      message: `The app configures ${what}.`,
      locations: sites.slice(0, 5).map((s) => siteLocation(app, s, s.target)),
      evidence: sites.slice(0, 5).map((s) => `${methodLabel(s.method)} calls ${shortCall(s.target)}`),
    });
  }
  return out;
}

/**
 * Trust managers of the app whose `checkServerTrusted` looks at the server's key or certificate digest
 * (`getPublicKey`, `getEncoded`, `MessageDigest`) and compares it: hand-written pinning.
 */
function customPins(app: AndroidApp): Protection[] {
  const out: Protection[] = [];
  const code = app.code;
  for (const def of code.overrides('checkServerTrusted')) {
    if (isLibrary(app, def.classType)) continue;
    const d = decodeMethod(code, def.method.classType, def.method);
    if (!d) continue;
    const used = new Set<string>();
    let compares = false;
    for (const ins of d.insns) {
      const m = invokedMethod(d, ins);
      if (!m) continue;
      if (m.name === 'getPublicKey' || (m.name === 'getEncoded' && /Certificate|PublicKey|Key;$/.test(m.classType)) || m.classType === 'Ljava/security/MessageDigest;') used.add(shortCall(m));
      if (/^(equals|equalsIgnoreCase|contains|isEqual|contentEquals)$/.test(m.name) || (m.classType === 'Ljava/util/Arrays;' && m.name === 'equals')) compares = true;
    }
    if (used.size === 0 || !compares) continue;
    out.push({
      message: `${methodLabel(def.method)} compares the server's certificate or key with expected values (custom pinning).`,
      locations: [siteLocation(app, { dex: def.dex, classType: def.classType, method: def.method, pc: 0 })],
      evidence: [`checkServerTrusted uses ${[...used].join(', ')} and compares the result`],
    });
  }
  // A TrustManagerFactory initialised with a key store the app fills with its own certificate(s).
  const stores = code.callsTo('Ljava/security/KeyStore;', 'setCertificateEntry').filter((s) => !isLibrary(app, s.classType));
  for (const group of byMethod(stores)) {
    const m = group[0]!.method;
    const d = decodeMethod(code, m.classType, m);
    const initsTrust = d?.insns.some((ins) => {
      const t = invokedMethod(d, ins);
      return t?.classType === 'Ljavax/net/ssl/TrustManagerFactory;' && t.name === 'init';
    });
    if (!initsTrust) continue;
    out.push({
      message: `${methodLabel(m)} builds the TLS trust store from certificates bundled with the app (trust-anchor pinning).`,
      locations: group.map((s) => siteLocation(app, s, s.target)),
      evidence: ['KeyStore.setCertificateEntry(…) then TrustManagerFactory.init(keyStore)'],
    });
  }
  return out;
}

export default defineAndroidCheck({
  id: 'android.network.certificate-pinning',
  meta: {
    title: 'Certificate pinning',
    family: 'network',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-NETWORK-2'], maswe: ['MASWE-0028'], cwe: ['CWE-295'], dfs: ['APP-18', 'APP-48'] }),
    description: [
      'Looks for certificate or public-key pinning, in the places apps implement it: `<pin-set>` in the network security config (not expired), OkHttp `CertificatePinner.Builder.add` called from the app\'s code, TrustKit, Cronet `addPublicKeyPins`, a `checkServerTrusted` of the app that digests the server key or certificate and compares it, and a TLS trust store built from certificates bundled with the app. Each one found is recorded as a pass; when the app uses the network (INTERNET permission) and none is found, a finding is reported.',
      '',
      'Without pinning the app trusts any certificate from any CA the device trusts. Whoever can get a certificate for the wallet\'s host issued or a CA installed on the device — malware with device admin rights, a corporate or state proxy, a user talked into installing a profile — can read and change all traffic, including credentials and transaction requests.',
      '',
      'Pinning configured only inside a bundled SDK protects that SDK\'s traffic, not the app\'s, and does not count; an expired `<pin-set>` is not enforced by Android and does not count. Pinning done in native code or by an unrecognised library is not seen (check manually).',
    ].join('\n'),
    manual:
      'Proxy the app through an interception proxy whose CA is installed on the device (for apps targeting API 24+, as a system CA on a rooted test device); if the app\'s API calls still succeed and are readable, there is no effective pinning. Check the network security config for `<pin-set>` and the code for `CertificatePinner`.',
    remediation:
      'Pin the public keys (SPKI SHA-256) of the wallet\'s API hosts — in the network security config `<pin-set>` with a backup pin and a managed expiration, or with OkHttp `CertificatePinner` — and plan key rotation with the back-end team.',
  },
  run(ctx) {
    const { app } = ctx;
    if (!app.manifest.usesPermissions.some((p) => p.name === 'android.permission.INTERNET')) return;
    const nsc = nscPins(app);
    const found: Protection[] = [
      ...(nsc.active ? [nsc.active] : []),
      ...okHttpPins(app),
      ...libraryPins(app),
      ...customPins(app),
    ];
    for (const p of found) ctx.pass(p);
    if (found.length > 0) return;
    const nscConfig = app.networkSecurityConfig;
    ctx.report({
      message: nsc.expired.length > 0
        ? 'The app uses the network and its only certificate pins have expired: no pinning is enforced.'
        : 'The app uses the network but pins no server certificate or key.',
      locations: [nscConfig ? nscLocation(app, 'network-security-config') : manifestLocation(app, 'manifest/uses-permission[android.permission.INTERNET]')],
      evidence: [
        'uses-permission android.permission.INTERNET',
        ...(nscConfig ? nsc.expired : ['no network security config']),
        'no OkHttp CertificatePinner, TrustKit, Cronet pins, pinning trust manager or bundled trust store in the app\'s code',
      ],
    });
  },
});
