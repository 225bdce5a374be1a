/**
 * The tls checks on the fixture wallets (vulnerable-wallet triggers each, hardened-wallet none), on the
 * edge cases of testdata/tls-edge (built by testdata/build.sh, in a non-debuggable and a debuggable
 * variant), on mutated DEX files, and on the corpus when it is present.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { runChecks } from '../../runner.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import { tlsChecks } from './index.js';
import { isInertCall, nestRoot } from './tls-support.js';
import { checkById, dexMutants, findingsOf, flaggedMethods, loadApp } from '../testing.test-support.js';

const here = join(repoRoot, 'src/checks/android/tls');
const load = loadApp;
const vulnerable = load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk'));
const hardened = load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk'));
const edge = load(join(here, 'testdata/tls-edge.apk'));
const edgeDebuggable = load(join(here, 'testdata/tls-edge-debuggable.apk'));

const check = (id: string): AndroidCheck => checkById(tlsChecks, id);
const findings = (app: AndroidApp, id: string): Promise<Finding[]> => findingsOf(app, check(id));
const flagged = (app: AndroidApp, id: string): Promise<string[]> => flaggedMethods(app, check(id));

describe('tls checks on the fixture wallets', () => {
  const expected: Record<string, string[]> = {
    'android.tls.trust-all-certificates': ['TrustAllManager.checkServerTrusted'],
    'android.tls.permissive-hostname-verifier': ['AllowAllHostnameVerifier.verify', 'ApiClient.legacyStatementConnection'],
    'android.tls.webview-ssl-error-proceed': ['InsecureWebViewClient.onReceivedSslError'],
    'android.tls.insecure-protocol': ['ApiClient.openSwitchSocket'],
  };

  it('covers every tls check', () => {
    expect(Object.keys(expected).sort()).toEqual(tlsChecks.map((c) => c.id).sort());
  });

  for (const [id, methods] of Object.entries(expected)) {
    it(`${id}: reports vulnerable-wallet at ${methods.length} places and nothing in hardened-wallet`, async () => {
      expect(await flagged(vulnerable, id)).toEqual(methods);
      expect(await findings(hardened, id)).toEqual([]);
    });
  }

  it('says where a trust-all manager and an allow-all verifier are installed', async () => {
    const [tm] = await findings(vulnerable, 'android.tls.trust-all-certificates');
    expect(tm!.severity).toBe('high');
    expect(tm!.evidence).toEqual([
      'org.dfslab.fixture.vulnwallet.net.TrustAllManager.checkServerTrusted(X509Certificate[], String): its body is empty (it returns without checking anything)',
      'instantiated in org.dfslab.fixture.vulnwallet.net.ApiClient.installTrustAll(), which calls SSLContext.init',
    ]);
    const hv = await findings(vulnerable, 'android.tls.permissive-hostname-verifier');
    expect(hv.flatMap((f) => f.evidence)).toEqual(expect.arrayContaining([
      'installed with setDefaultHostnameVerifier() in org.dfslab.fixture.vulnwallet.net.ApiClient.installTrustAll()',
      'SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER, installed with setHostnameVerifier()',
    ]));
    const [ssl] = await findings(vulnerable, 'android.tls.webview-ssl-error-proceed');
    expect(ssl!.evidence).toEqual(['onReceivedSslError calls SslErrorHandler.proceed() unconditionally']);
    expect(ssl!.locations[0]!.call).toBe('android.webkit.SslErrorHandler.proceed()');
  });
});

describe('tls checks on edge cases (testdata/tls-edge)', () => {
  it('trust-all: swallowed exceptions, validity-only, used library managers; not rethrowing, pinning or dead library code', async () => {
    expect(await flagged(edge, 'android.tls.trust-all-certificates')).toEqual([
      'DebugTrust.checkServerTrusted', // library class, used by the app
      'NullCheckTrustManager.checkServerTrusted', // throws only for a missing chain
      'SwallowingTrustManager.checkServerTrusted',
      'ValidityOnlyTrustManager.checkServerTrusted',
    ]);
    const f = await findings(edge, 'android.tls.trust-all-certificates');
    const lib = f.find((x) => x.locations[0]!.class === 'com.github.fakelib.DebugTrust')!;
    expect(lib.confidence).toBe('medium');
    expect(lib.locations[0]!.library).toBe(true);
    const validity = f.find((x) => x.locations[0]!.class!.endsWith('ValidityOnlyTrustManager'))!;
    // The overload the platform calls (with a Socket/SSLEngine) forwards to the two-argument one.
    expect(validity.locations[0]!.method).toMatch(/^checkServerTrusted\(\[Ljava\/security\/cert\/X509Certificate;Ljava\/lang\/String;Ljava\/net\/Socket;\)V$/);
    expect(validity.message).toContain('only checks the validity dates');
    const swallow = f.find((x) => x.locations[0]!.class!.endsWith('SwallowingTrustManager'))!;
    expect(swallow.evidence).toContain('getAcceptedIssuers() returns null');
  });

  it('permissive-hostname-verifier: lambda bodies and NoopHostnameVerifier; not delegating or conditional verifiers', async () => {
    expect(await flagged(edge, 'android.tls.permissive-hostname-verifier')).toEqual(['LambdaVerifier.verify', 'TlsSetup.noopVerifier']);
  });

  it('webview-ssl-error-proceed: a debuggable-only proceed() applies only to the debuggable build', async () => {
    expect(await flagged(edge, 'android.tls.webview-ssl-error-proceed')).toEqual(['ErrorTypeClient.onReceivedSslError', 'PromptClient$1.onClick']);
    expect(await flagged(edgeDebuggable, 'android.tls.webview-ssl-error-proceed')).toEqual([
      'DebugOnlyClient.onReceivedSslError', 'ErrorTypeClient.onReceivedSslError', 'PromptClient$1.onClick',
    ]);
    const byMethod = new Map((await findings(edgeDebuggable, 'android.tls.webview-ssl-error-proceed')).map((f) => [f.locations[0]!.class!.split('.').pop(), f]));
    expect(byMethod.get('DebugOnlyClient')!.severity).toBe('high');
    expect(byMethod.get('DebugOnlyClient')!.evidence[0]).toContain('FLAG_DEBUGGABLE, and this APK is debuggable');
    expect(byMethod.get('ErrorTypeClient')!.severity).toBe('medium');
    expect(byMethod.get('PromptClient$1')!.evidence[0]).toContain('outside onReceivedSslError');
  });

  it('insecure-protocol: TLSv1 context and TLSv1.1 in an enabled-protocols list; not "TLS"', async () => {
    expect(await flagged(edge, 'android.tls.insecure-protocol')).toEqual(['TlsSetup.enableProtocols', 'TlsSetup.oldProtocol']);
  });

  it('knows which calls decide nothing', () => {
    const m = (classType: string, name: string, returnType = 'V', params: string[] = []) => ({
      classType, name, descriptor: `(${params.join('')})${returnType}`, proto: { shorty: 'V', returnType, params, descriptor: '' },
    });
    expect(isInertCall(m('Landroid/util/Log;', 'w', 'I'))).toBe(true);
    expect(isInertCall(m('Lio/x/InternalLogger;', 'debug'))).toBe(true);
    expect(isInertCall(m('Lio/x/Factory;', 'access$000', 'Lio/x/InternalLogger;'))).toBe(true);
    expect(isInertCall(m('Ljava/security/cert/X509Certificate;', 'getSubjectDN', 'Ljava/security/Principal;'))).toBe(true);
    expect(isInertCall(m('Ljava/security/cert/X509Certificate;', 'verify', 'V', ['Ljava/security/PublicKey;']))).toBe(false);
    expect(isInertCall(m('Ljavax/net/ssl/X509TrustManager;', 'checkServerTrusted'))).toBe(false);
    expect(isInertCall(m('Ljava/security/cert/CertificateException;', '<init>', 'V', ['Ljava/lang/String;']))).toBe(true);
    expect(nestRoot('La/b/Outer$1$2;')).toBe('La/b/Outer;');
    expect(nestRoot('La/b/Top;')).toBe('La/b/Top;');
  });
});

describe('tls checks on hostile DEX files', () => {
  it('never fail with an internal error on truncated or bit-flipped classes.dex (300 seeded cases)', async () => {
    let ran = 0;
    const mutants = dexMutants(readFileSync(join(here, 'testdata/tls-edge-debuggable.apk')), {
      seed: 0x7151,
      count: 300,
      flipFrom: (i) => (i % 2 === 0 ? 0x70 : 0),
    });
    for (const { i, apk } of mutants) {
      const out = await runChecks(AndroidApp.open(apk, { label: `mutant-${i}.apk` }), tlsChecks);
      expect(out.failures.filter((f) => f.code === 'DFSLAB_E_INTERNAL'), `mutant ${i}`).toEqual([]);
      if (out.checksRun.length > 0) ran++;
    }
    expect(ran).toBeGreaterThan(100);
  }, 60_000);
});

const corpus = corpusDir();

describe.skipIf(!corpus)('tls checks on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  it('reports the bundled framework\'s debuggable-only proceed() in a debuggable hybrid app', async () => {
    const f = await findings(load(join(corpus!, 'DVHMA-featherweight.apk')), 'android.tls.webview-ssl-error-proceed');
    expect(f).toHaveLength(1);
    expect(f[0]!.locations[0]!.library).toBe(true);
    expect(f[0]!.evidence[0]).toContain('FLAG_DEBUGGABLE');
  });

  it('skips a trust-all manager factory that the bundled library ships but nothing uses', async () => {
    expect(await findings(load(join(corpus!, 'uia2-server-10.6.6.apk')), 'android.tls.trust-all-certificates')).toEqual([]);
  }, 60_000);
});
