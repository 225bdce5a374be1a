import { methodKey, quote, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { ConstantTracer, callWithString } from '../crypto/crypto-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';

/** Protocol names of SSL 2/3 and TLS 1.0/1.1 (RFC 7568 deprecates SSLv3, RFC 8996 TLS 1.0 and 1.1). */
const OLD_PROTOCOLS = new Map([
  ['SSLV2', 'SSL 2.0'], ['SSLV2HELLO', 'SSL 2.0 hello'], ['SSLV3', 'SSL 3.0'], ['TLSV1', 'TLS 1.0'], ['TLSV1.1', 'TLS 1.1'],
]);

/** Calls that set the enabled protocol list; the list is an array, so its names are read from the method's strings. */
const PROTOCOL_SETTERS: [string, string][] = [
  ['Ljavax/net/ssl/SSLSocket;', 'setEnabledProtocols'],
  ['Ljavax/net/ssl/SSLServerSocket;', 'setEnabledProtocols'],
  ['Ljavax/net/ssl/SSLEngine;', 'setEnabledProtocols'],
  ['Ljavax/net/ssl/SSLParameters;', 'setProtocols'],
];

/** OkHttp TlsVersion constants for retired versions. */
const OKHTTP_OLD_VERSIONS = ['SSL_3_0', 'TLS_1_0', 'TLS_1_1'];

export default defineAndroidCheck({
  id: 'android.tls.insecure-protocol',
  meta: {
    title: 'Retired SSL/TLS protocol version requested',
    family: 'tls',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-757', 'CWE-326'], dfs: ['APP-13', 'APP-17'] }),
    description: [
      'Finds code that asks for SSL 3.0, TLS 1.0 or TLS 1.1 (deprecated by RFC 7568 and RFC 8996): `SSLContext.getInstance("SSLv3" | "TLSv1" | "TLSv1.1")`, `setEnabledProtocols`/`SSLParameters.setProtocols` in a method whose string constants name such a version, and OkHttp `TlsVersion.SSL_3_0/TLS_1_0/TLS_1_1` in a connection spec.',
      '',
      'These versions allow downgrade and known attacks (POODLE, BEAST) and lack modern cipher suites; FIGI/ITU guidance asks for TLS 1.2 or later end to end. `SSLContext.getInstance("SSL")` and `"TLS"` are not reported: on Android they return the platform default context, which negotiates TLS 1.2/1.3.',
      '',
      'Library policy: only the app\'s own code is reported (networking libraries list every protocol name they can parse).',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the protocol names. Test with a server that only offers TLS 1.2+ and with one that offers TLS 1.0 (e.g. `openssl s_server -tls1`): the app must refuse the latter.',
    remediation:
      'Use the platform default `SSLContext` (`SSLContext.getDefault()` or `getInstance("TLS")`) without restricting protocols, or enable only `TLSv1.3` and `TLSv1.2`; with OkHttp use `ConnectionSpec.MODERN_TLS` or `RESTRICTED_TLS`.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const site of code.callsTo('Ljavax/net/ssl/SSLContext;', 'getInstance')) {
      if (isLibrary(app, site.classType) || !site.args[0]) continue;
      for (const s of tracer.strings(site.args[0], site)) {
        const old = OLD_PROTOCOLS.get(s.value.trim().toUpperCase());
        if (old) hits.push({ place: site, target: site.target, related: s.via ? [s.via] : [], evidence: `${callWithString(site.target, s)}: ${old}`, label: old, severity: 'medium' });
      }
    }
    const setters = PROTOCOL_SETTERS.flatMap(([c, n]) => code.callsTo(c, n)).filter((s) => !isLibrary(app, s.classType));
    if (setters.length > 0) {
      const setterMethods = new Map(setters.map((s) => [methodKey(s.method), s] as const));
      for (const use of code.stringUses((s) => OLD_PROTOCOLS.has(s.trim().toUpperCase()))) {
        const setter = setterMethods.get(methodKey(use.method));
        if (!setter) continue;
        const old = OLD_PROTOCOLS.get(use.value.trim().toUpperCase())!;
        hits.push({ place: setter, target: setter.target, evidence: `${setter.target.name}(…) with ${quote(use.value)} in the same method: ${old}`, label: old, severity: 'medium' });
      }
    }
    for (const name of OKHTTP_OLD_VERSIONS) {
      for (const read of code.fieldAccesses('Lokhttp3/TlsVersion;', name)) {
        if (read.write || isLibrary(app, read.classType)) continue;
        hits.push({ place: read, evidence: `okhttp3.TlsVersion.${name}`, label: name.replace(/_/g, ' ').replace(/(\d) (\d)/, '$1.$2'), severity: 'medium' });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} enables a retired protocol version (${[...new Set(g.map((h) => h.label))].join(', ')}).`);
  },
});
