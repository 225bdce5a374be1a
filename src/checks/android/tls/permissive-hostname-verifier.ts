import type { MethodRef } from '../../../formats/dex/index.js';
import type { Location } from '../../../findings/types.js';
import { decodeMethod, invokedMethod, isInvoke, methodLabel, methodLocation, reportByMethod, siteLocation, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import {
  alwaysReturnsTrue, extendsClass, HOSTNAME_VERIFIER, implementsInterface, instantiations, isInertCall, referencedFromOutsideNest,
} from './tls-support.js';

const APACHE_SSL = 'Lorg/apache/http/conn/ssl/';
const APACHE_X509_VERIFIER = 'Lorg/apache/http/conn/ssl/X509HostnameVerifier;';
const APACHE_ABSTRACT_VERIFIER = 'Lorg/apache/http/conn/ssl/AbstractVerifier;';

/** Verifiers shipped by Apache HttpClient that accept any host name, and how code obtains them. */
const KNOWN_PERMISSIVE: { cls: string; field?: string; label: string }[] = [
  { cls: 'Lorg/apache/http/conn/ssl/SSLSocketFactory;', field: 'ALLOW_ALL_HOSTNAME_VERIFIER', label: 'SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER' },
  { cls: 'Lorg/apache/http/conn/ssl/AllowAllHostnameVerifier;', label: 'new AllowAllHostnameVerifier()' },
  { cls: 'Lorg/apache/http/conn/ssl/AllowAllHostnameVerifier;', field: 'INSTANCE', label: 'AllowAllHostnameVerifier.INSTANCE' },
  { cls: 'Lorg/apache/http/conn/ssl/NoopHostnameVerifier;', label: 'new NoopHostnameVerifier()' },
  { cls: 'Lorg/apache/http/conn/ssl/NoopHostnameVerifier;', field: 'INSTANCE', label: 'NoopHostnameVerifier.INSTANCE' },
];

/** Calls that install a hostname verifier. */
const INSTALLERS: [string, string][] = [
  ['Ljavax/net/ssl/HttpsURLConnection;', 'setHostnameVerifier'],
  ['Ljavax/net/ssl/HttpsURLConnection;', 'setDefaultHostnameVerifier'],
  ['Lorg/apache/http/conn/ssl/SSLSocketFactory;', 'setHostnameVerifier'],
  ['Lokhttp3/OkHttpClient$Builder;', 'hostnameVerifier'],
  ['Lcom/squareup/okhttp/OkHttpClient;', 'setHostnameVerifier'],
];

export default defineAndroidCheck({
  id: 'android.tls.permissive-hostname-verifier',
  meta: {
    title: 'Hostname verification disabled',
    family: 'tls',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0027'], cwe: ['CWE-297', 'CWE-295'], dfs: ['APP-19', 'APP-17', 'APP-13'] }),
    description: [
      'Finds `HostnameVerifier.verify(String, SSLSession)` implementations that return `true` on every path (including Java/Kotlin lambdas, whose `verify` forwards to a helper returning `true`), Apache `AbstractVerifier` subclasses whose `verify(host, cns, subjectAlts)` never throws, and uses of the Apache allow-all verifiers (`SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER`, `AllowAllHostnameVerifier`, `NoopHostnameVerifier`). Calls that install them (`setHostnameVerifier`, `setDefaultHostnameVerifier`, OkHttp `hostnameVerifier`) are given as evidence.',
      '',
      'Without host name verification, any valid certificate for any domain (which an attacker obtains for free for a domain they own) is accepted for the provider\'s server: a network attacker intercepts the traffic even though the chain is validated.',
      '',
      'Library policy: a permissive verifier class in a bundled library that no code outside its class nest refers to is dead code and is not reported; uses of the Apache allow-all verifiers inside `org.apache.http.conn.ssl` itself (their definitions) are ignored; other library uses are reported at medium confidence.',
    ].join('\n'),
    manual:
      'Decompile the reported verifier and confirm that `verify` returns true without comparing the host name with the certificate. At run time, point the app\'s host name to a server presenting a valid certificate for another domain (e.g. via a DNS override): the connection must fail.',
    remediation:
      'Remove custom hostname verifiers; the default (`HttpsURLConnection.getDefaultHostnameVerifier()`, OkHttp\'s `OkHostnameVerifier`) is correct. If a server\'s certificate does not match its name, fix the certificate. Migrate away from the deprecated Apache HTTP client.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const hits: CodeHit[] = [];
    const installers = INSTALLERS.flatMap(([c, n]) => code.callsTo(c, n));

    // 1. Verifier classes that accept every host.
    const permissive = new Map<string, { dex: string; method: MethodRef; detail: string }>();
    for (const def of code.overrides('verify', '(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z')) {
      const isVerifier = implementsInterface(code, def.classType, HOSTNAME_VERIFIER) || implementsInterface(code, def.classType, APACHE_X509_VERIFIER);
      if (!isVerifier) continue;
      const d = decodeMethod(code, def.classType, def.method);
      if (d && alwaysReturnsTrue(code, d)) permissive.set(def.classType, { dex: def.dex, method: def.method, detail: 'verify(String, SSLSession) returns true for every host' });
    }
    for (const def of code.overrides('verify', '(Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)V')) {
      if (!extendsClass(code, def.classType, APACHE_ABSTRACT_VERIFIER) || def.classType.startsWith(APACHE_SSL)) continue;
      const d = decodeMethod(code, def.classType, def.method);
      if (!d || d.insns.some((i) => i.name === 'throw')) continue;
      const onlyInert = d.insns.every((i) => {
        if (!isInvoke(i)) return true;
        const t = invokedMethod(d, i);
        return t !== undefined && isInertCall(t);
      });
      if (onlyInert) permissive.set(def.classType, { dex: def.dex, method: def.method, detail: 'AbstractVerifier.verify(host, cns, subjectAlts) never throws' });
    }
    for (const [classType, p] of permissive) {
      const library = isLibrary(app, classType);
      if (library && !referencedFromOutsideNest(app, classType)) continue;
      const locations: Location[] = [methodLocation(app, p.dex, p.method)];
      const evidence = [`${methodLabel(classType, p.method)}: ${p.detail}`];
      for (const site of instantiations(code, classType).slice(0, 5)) {
        locations.push(siteLocation(app, site, site.target));
        evidence.push(`instantiated in ${methodLabel(site.classType, site.method)}`);
      }
      for (const site of installers) {
        if (site.args.some((a) => a.k === 'new' && a.type === classType)) {
          locations.push(siteLocation(app, site, site.target));
          evidence.push(`installed with ${site.target.name}() in ${methodLabel(site.classType, site.method)}`);
        }
      }
      ctx.report({
        message: `${methodLabel(classType, p.method).replace(/\.verify\(.*$/, '')} accepts any host name for any certificate.`,
        locations,
        evidence,
        ...(library ? { confidence: 'medium' as const } : {}),
      });
    }

    // 2. The Apache allow-all verifiers, wherever the app's code (or a library outside Apache's own package) uses them.
    for (const k of KNOWN_PERMISSIVE) {
      const places = k.field
        ? code.fieldAccesses(k.cls, k.field).filter((a) => !a.write)
        : instantiations(code, k.cls);
      for (const place of places) {
        if (place.classType.startsWith(APACHE_SSL)) continue;
        const installed = installers.find((s) => s.method === place.method || (s.classType === place.classType && s.method.name === place.method.name && s.method.descriptor === place.method.descriptor));
        hits.push({
          place, evidence: `${k.label}${installed ? `, installed with ${installed.target.name}()` : ''}`, label: k.label, severity: 'high',
          ...('target' in place ? { target: place.target } : {}),
          ...(installed ? { related: [installed] } : {}),
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} uses an allow-all hostname verifier (${[...new Set(g.map((h) => h.label))].join(', ')}).`, { libraryConfidence: 'medium' });
  },
});
