/**
 * The network checks that read the code (cleartext-urls, local-server, certificate-pinning) on the fixture
 * wallets, on the edge cases of code/testdata/code-edge (class Net), and on the corpus when it is present.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { type RunOutcome } from '../../runner.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import certificatePinning from './certificate-pinning.js';
import cleartextUrls from './cleartext-urls.js';
import localServer from './local-server.js';
import { networkChecks } from './index.js';
import { findingsOf, flaggedMethod, loadApp, runClean } from '../testing.test-support.js';

const load = loadApp;
const vulnerable = load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk'));
const hardened = load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk'));
const edge = load(join(repoRoot, 'src/checks/android/code/testdata/code-edge.apk'));

const run = (app: AndroidApp, check: AndroidCheck): Promise<RunOutcome> => runClean(app, check);
const findings = (app: AndroidApp, check: AndroidCheck): Promise<Finding[]> => findingsOf(app, check);
const method = flaggedMethod;

describe('network code checks are registered', () => {
  it('lists cleartext-urls, local-server and certificate-pinning in the network family', () => {
    expect(networkChecks).toEqual(expect.arrayContaining([cleartextUrls, localServer, certificatePinning]));
  });
});

describe('android.network.cleartext-urls', () => {
  it('reports the http:// login URL of vulnerable-wallet, and its http:// resources and assets at low confidence', async () => {
    const f = await findings(vulnerable, cleartextUrls);
    const code = f.filter((x) => x.locations[0]!.class !== undefined);
    expect(code.map(method)).toEqual(expect.arrayContaining(['ApiClient.login']));
    expect(code.find((x) => method(x) === 'ApiClient.login')!.evidence[0]).toBe('URL.<init>("http://api.vulnwallet.dfslab.net/v1/login?msisdn=" + p0 + "&pin=" + p1)');
    const text = f.filter((x) => x.locations[0]!.class === undefined);
    expect(text.map((x) => x.locations[0]!.path)).toEqual(expect.arrayContaining(['resources.arsc', 'assets/config.json']));
    expect(text.every((x) => x.confidence === 'low' && x.severity === 'low')).toBe(true);
    expect(await findings(hardened, cleartextUrls)).toEqual([]);
  });

  it('edge cases: constants, a scheme field + host, a helper\'s caller; not localhost, https, or text shown in the UI', async () => {
    const f = await findings(edge, cleartextUrls);
    expect(f.map(method).sort()).toEqual(['Net.balance', 'Net.login', 'Net.remote']);
    expect(f.find((x) => method(x) === 'Net.login')!.confidence).toBe('medium'); // host chosen at run time
  });
});

describe('android.network.local-server', () => {
  it('reports the control server of vulnerable-wallet with its port, none in hardened-wallet', async () => {
    const f = await findings(vulnerable, localServer);
    expect(f.map(method)).toEqual(['LocalControlServer.run']);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.evidence[0]).toBe('java.net.ServerSocket(port LocalControlServer.port = 8089) bound to all interfaces');
    expect(await findings(hardened, localServer)).toEqual([]);
  });

  it('edge cases: all interfaces high, loopback medium (constructor address and bind(InetSocketAddress)), UNIX socket low', async () => {
    const f = await findings(edge, localServer);
    expect(Object.fromEntries(f.map((x) => [method(x), x.severity]))).toEqual({
      'Net.serveAll': 'high', 'Net.serveLoopback': 'medium', 'Net.bindLoopback': 'medium', 'Net.serveUnix': 'low',
    });
  });
});

describe('android.network.certificate-pinning', () => {
  it('passes hardened-wallet (network security config pin-set and OkHttp CertificatePinner)', async () => {
    const out = await run(hardened, certificatePinning);
    expect(out.findings).toEqual([]);
    expect(out.passes.map((p) => p.message)).toEqual(expect.arrayContaining([
      'res/xml/network_security_config.xml pins the server keys of 1 domain configuration(s).',
      expect.stringMatching(/configures OkHttp certificate pinning/),
    ]));
    expect(out.passes.flatMap((p) => p.evidence).join('\n')).toContain('CertificatePinner.Builder.add("api.hardwallet.dfslab.net", "sha256/');
  });

  it('reports vulnerable-wallet: its only pin-set has expired', async () => {
    const out = await run(vulnerable, certificatePinning);
    expect(out.passes).toEqual([]);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.evidence).toContain('res/xml/network_security_config.xml: <pin-set expiration="2020-01-01"> for vulnwallet.dfslab.net has expired and is no longer enforced');
  });

  it('says nothing for an app without the INTERNET permission', async () => {
    const noNet = load(join(repoRoot, 'fixtures/android/build/multidex-native.apk'));
    expect(noNet.manifest.usesPermissions.some((p) => p.name === 'android.permission.INTERNET')).toBe(false);
    const out = await run(noNet, certificatePinning);
    expect([...out.findings, ...out.passes]).toEqual([]);
  });
});

const corpus = corpusDir();

describe.skipIf(!corpus)('network code checks on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const open = (name: string): AndroidApp => load(join(corpus!, name));

  it('finds the "http://" + serverip URLs of InsecureBankv2 and nothing in diva (its only http:// URL is displayed text)', async () => {
    const bank = await findings(open('InsecureBankv2.apk'), cleartextUrls);
    expect(bank.flatMap((f) => f.evidence).join('\n')).toContain('HttpPost.<init>("http://" + DoLogin.serverip + ":" + DoLogin.serverport + "/login")');
    expect(await findings(open('diva-mobsf.apk'), cleartextUrls)).toEqual([]);
  }, 60_000);

  it('finds both servers of uia2-server: Netty bind and the MJPEG ServerSocket', async () => {
    const f = await findings(open('uia2-server-10.6.6.apk'), localServer);
    expect(f.map((x) => x.locations[0]!.class).sort()).toEqual(['io.appium.uiautomator2.http.HttpServer$1', 'io.appium.uiautomator2.server.mjpeg.MjpegScreenshotServer']);
  }, 60_000);
});
