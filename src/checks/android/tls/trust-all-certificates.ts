import type { CodeIndex, MethodDefinition, MethodRef } from '../../../formats/dex/index.js';
import type { Location } from '../../../findings/types.js';
import { decodeMethod, methodLabel, methodLocation, siteLocation } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  acceptedIssuersIsNull, analyzeCheckServerTrusted, extendsClass, implementsInterface, instantiations,
  referencedFromOutsideNest, X509_EXTENDED_TRUST_MANAGER, X509_TRUST_MANAGER, type TrustVerdict,
} from './tls-support.js';

const CHAIN_AND_AUTH = '([Ljava/security/cert/X509Certificate;Ljava/lang/String;';

export default defineAndroidCheck({
  id: 'android.tls.trust-all-certificates',
  meta: {
    title: 'Trust manager accepts any server certificate',
    family: 'tls',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0027'], cwe: ['CWE-295'], dfs: ['APP-19', 'APP-17', 'APP-13'] }),
    description: [
      'Finds classes implementing `javax.net.ssl.X509TrustManager` (or extending `X509ExtendedTrustManager`) whose `checkServerTrusted` cannot reject a certificate chain: an empty body, a body that only logs or reads the chain, a body whose only test is `checkValidity()` (dates, not the issuer), or a body that catches the `CertificateException` of its real check and carries on. For `X509ExtendedTrustManager`, the socket/engine overloads the platform actually calls are judged (an overload that forwards to another overload gets that overload\'s verdict). `getAcceptedIssuers()` returning null and the places that instantiate the manager (and call `SSLContext.init`) are added as evidence.',
      '',
      'With such a manager installed, anyone on the network path (public Wi-Fi, a rogue access point, a compromised router, malware with a user CA) can present any certificate and read or change all traffic: PINs, tokens, transaction data.',
      '',
      'Library policy: a permissive manager in a bundled library that no code outside its own class nest refers to is dead code and is not reported (libraries ship test helpers such as an "insecure trust manager factory"); a referenced one is reported at medium confidence.',
    ].join('\n'),
    manual:
      'Decompile the reported class and read `checkServerTrusted`: it must delegate to the platform trust manager (or a pinning check) and let its `CertificateException` propagate. Confirm use at run time by proxying the app through mitmproxy or Burp with an untrusted certificate: if requests still succeed, validation is off.',
    remediation:
      'Delete the custom trust manager and use the platform default (`HttpsURLConnection`/OkHttp without a custom `SSLSocketFactory`). For private CAs or pinning use the Network Security Configuration (`<domain-config>`, `<pin-set>`) or OkHttp `CertificatePinner`; for debugging use `<debug-overrides>`, which release builds ignore.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    // Group the checkServerTrusted overloads by defining class.
    const byClass = new Map<string, MethodDefinition[]>();
    for (const def of code.overrides('checkServerTrusted')) {
      if (!def.method.descriptor.startsWith(CHAIN_AND_AUTH) || def.method.proto.returnType !== 'V') continue;
      let list = byClass.get(def.classType);
      if (!list) byClass.set(def.classType, (list = []));
      list.push(def);
    }
    for (const [classType, defs] of byClass) {
      if (!implementsInterface(code, classType, X509_TRUST_MANAGER) && !extendsClass(code, classType, X509_EXTENDED_TRUST_MANAGER)) continue;
      const verdictOf = classVerdicts(code, classType, defs);
      // X509ExtendedTrustManager: the platform calls the (chain, authType, Socket|SSLEngine) overloads.
      const extended = defs.filter((d) => d.method.proto.params.length === 3);
      const judged = extended.length > 0 ? extended : defs;
      let verdict: TrustVerdict | undefined;
      let judgedDef: MethodDefinition | undefined;
      for (const d of judged) {
        const v = verdictOf(d.method);
        if (v && (!verdict || (verdict.kind === 'validity-only' && v.kind === 'accepts-all'))) {
          verdict = v;
          judgedDef = d;
        }
      }
      if (!verdict || !judgedDef) continue;
      const library = isLibrary(app, classType);
      if (library && !referencedFromOutsideNest(app, classType)) continue;

      const locations: Location[] = [methodLocation(app, judgedDef.dex, judgedDef.method)];
      const evidence = [`${methodLabel(classType, judgedDef.method)}: ${verdict.detail}`];
      if (acceptedIssuersIsNull(code, classType)) evidence.push('getAcceptedIssuers() returns null');
      const inits = new Set(code.callsTo('Ljavax/net/ssl/SSLContext;', 'init').map((c) => `${c.classType}->${c.method.name}${c.method.descriptor}`));
      for (const site of instantiations(code, classType).slice(0, 5)) {
        locations.push(siteLocation(app, site, site.target));
        const installs = inits.has(`${site.classType}->${site.method.name}${site.method.descriptor}`);
        evidence.push(`instantiated in ${methodLabel(site.classType, site.method)}${installs ? ', which calls SSLContext.init' : ''}`);
      }
      ctx.report({
        message: `${methodLabel(classType, judgedDef.method).replace(/\.checkServerTrusted\(.*$/, '')} accepts any server certificate chain (${verdict.kind === 'validity-only' ? 'it only checks the validity dates' : 'checkServerTrusted never rejects'}).`,
        locations,
        evidence,
        ...(library ? { confidence: 'medium' as const } : {}),
      });
    }
  },
});

/** Verdict per checkServerTrusted overload of one class, resolving calls between overloads (one level). */
function classVerdicts(code: CodeIndex, classType: string, defs: readonly MethodDefinition[]): (m: MethodRef) => TrustVerdict | undefined {
  const cache = new Map<string, TrustVerdict | null>();
  const verdict = (m: Pick<MethodRef, 'name' | 'descriptor'>, depth: number): TrustVerdict | undefined => {
    const hit = cache.get(m.descriptor);
    if (hit !== undefined) return hit ?? undefined;
    cache.set(m.descriptor, null);
    if (!defs.some((d) => d.method.descriptor === m.descriptor)) return undefined;
    const d = decodeMethod(code, classType, m);
    const v = d && analyzeCheckServerTrusted(d, (t) => (depth < 2 && t.descriptor !== m.descriptor ? verdict(t, depth + 1) : undefined));
    cache.set(m.descriptor, v ?? null);
    return v;
  };
  return (m) => verdict(m, 0);
}
