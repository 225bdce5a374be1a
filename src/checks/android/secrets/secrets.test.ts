/**
 * android.secrets.hardcoded-secret: the secret shapes (secret-patterns-support), the check on the fixture
 * wallets and the code-edge test app, and on each corpus app whose ground truth lists a hard-coded secret.
 * Sample credentials are assembled from pieces so that this source file does not itself look like it leaks
 * one to a repository secret scanner.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import hardcodedSecret from './hardcoded-secret.js';
import { secretsChecks } from './index.js';
import { isPlaceholder, isSecretName, looksLikeCredential, looksRandom, matchKeyFormat, redact, shannonEntropy } from './secret-patterns-support.js';
import { jniSymbol } from './secret-sources-support.js';
import { findingsOf, loadApp } from '../testing.test-support.js';

const load = loadApp;

const findings = (app: AndroidApp): Promise<Finding[]> => findingsOf(app, hardcodedSecret);

const j = (...p: string[]): string => p.join('');

describe('secret shapes', () => {
  it('recognises provider credential formats inside longer text', () => {
    const cases: Array<[string, string]> = [
      [j('AK', 'IAZ36DGKTUCMU3HLOA'), 'aws-access-key-id'],
      [j('key: AI', 'zaSyB3xF9mQ2vL7kP0wR5tY8uZ1aC4dE6gH2j'), 'google-api-key'],
      [j('Bearer sk_', 'live_2n26hEdDp9GdC7CyZsfSAoxP'), 'stripe-secret-key'],
      [j('xo', 'xb-1234567890-abcdefghijklmn'), 'slack-token'],
      [j('gh', 'p_', 'a'.repeat(18), 'B'.repeat(18)), 'github-token'],
      [j('-----BEGIN RSA PRI', 'VATE KEY-----\nMIIEow'), 'private-key'],
      [j('SG.', 'abcdefghijklmnopqrstuv', '.', 'A'.repeat(20), 'b'.repeat(23)), 'sendgrid-api-key'],
      [j('FLW', 'SECK-', '0123456789abcdef0123456789abcdef', '-X'), 'flutterwave-secret-key'],
      [j('access_token$', 'production$', 'abcd1234efgh5678', '$', '0123456789abcdef0123456789abcdef'), 'braintree-access-token'],
      [j('ey', 'JhbGciOiJIUzI1NiJ9.ey', 'JzdWIiOiIxMjM0NTYifQ.', 'SflKxwRJSMeKKF2QT4fwpM'), 'jwt'],
      [j('https://svc:', 'S3cretPass@api.bank.test/v1'), 'url-credentials'],
    ];
    for (const [text, id] of cases) expect(matchKeyFormat(text)?.format.id, text).toBe(id);
  });

  it('rejects look-alikes: short or wrong-alphabet strings, placeholders, URL templates', () => {
    for (const text of [
      j('AK', 'IA-not-a-key'), 'AKIAIOSFODNN7EXAMPLE', j('sk_', 'live_YOUR_KEY_HERE_xxxxxxxxxxx'), 'https://user:password@host.test/',
      'https://${user}:${pass}@host.test', j('-----BEGIN PUBLIC', ' KEY-----'), 'The quick brown fox jumps over the lazy dog',
    ]) {
      expect(matchKeyFormat(text), text).toBeUndefined();
    }
  });

  it('tells secret names from labels and public identifiers', () => {
    for (const n of ['api_key', 'Secret_Key', 'database_password', 'client_secret', 'consumerSecret', 'awsSecretAccessKey', 'X-Auth-Token']) expect(isSecretName(n), n).toBe(true);
    for (const n of ['password_hint', 'loginscreen_password', 'forgot_password', 'google_api_key', 'client_id', 'show_password', 'token_expired_message']) expect(isSecretName(n), n).toBe(false);
  });

  it('tells credential-like values from text, URLs, paths and placeholders', () => {
    for (const v of ['Wallet@2024!fixture', '7atbAe/SPCLzmEANgq1ryy0bnqbCrhSUuALqACZP', 'p@ssword', 'q8Fz-21mXc_Lp0vT']) expect(looksLikeCredential(v), v).toBe(true);
    for (const v of ['Password:', 'Enter your password', 'https://api.bank.test/', '/data/local/tmp', 'changeme', 'YOUR_API_KEY', 'true', 'com.example.app.Main', 'xxxxxxxx']) {
      expect(looksLikeCredential(v), v).toBe(false);
    }
    expect(isPlaceholder('<insert key>')).toBe(true);
    expect(looksRandom('5UJiFctbmgbDoLXmpL12mkno8HT4Lv8dlat8FxR2GOc=')).toBe(true);
    expect(looksRandom('com.example.feature.name')).toBe(false);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('shortens values in evidence', () => {
    expect(redact('4242')).toBe('"4242"');
    expect(redact('Tr0ub4dor&3xyz')).toBe('"Tr0u…" (14 chars)');
  });

  it('names JNI functions as the JNI specification mangles them', () => {
    expect(jniSymbol({ classType: 'Lsg/vantagepoint/uncrackable2/CodeCheck;', name: 'bar' })).toBe('Java_sg_vantagepoint_uncrackable2_CodeCheck_bar');
    expect(jniSymbol({ classType: 'Lcom/x/My_Class$Inner;', name: 'do_it' })).toBe('Java_com_x_My_1Class_00024Inner_do_1it');
  });
});

describe('android.secrets.hardcoded-secret on the fixture wallets and the edge cases', () => {
  it('is the only check of the secrets family', () => {
    expect(secretsChecks.map((c) => c.id)).toEqual(['android.secrets.hardcoded-secret']);
  });

  it('reports the secrets of vulnerable-wallet in code, resources and assets, and nothing in hardened-wallet', async () => {
    const f = await findings(load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk')));
    const text = f.map((x) => `${x.message}\n${x.evidence.join('\n')}`).join('\n');
    expect(text).toContain('Stripe / Paystack live secret key');
    expect(text).toContain('AWS access key id');
    expect(text).toContain('ApiConfig.awsSecretAccessKey = "UTmbVYuuEs6d…" (40 chars)');
    expect(text).toContain('HttpURLConnection.setRequestProperty("X-Api-Key", "qwcSZoV5Ynmo…" (40 chars))');
    expect(text).toContain('String.equals("759153") compared with text typed in the UI');
    expect(text).toContain('string/database_password = "Wallet…" (19 chars)');
    expect(text).toContain('api_key = "9f2c7e4b1d8a…" (40 chars)');
    expect(f.find((x) => x.message.includes('Stripe'))!.severity).toBe('critical');
    expect(await findings(load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk')))).toEqual([]);
  });

  it('edge cases: typed text through a helper, Basic auth header, proxy password, Google key, secret field; not placeholders or ordinary values', async () => {
    const f = await findings(load(join(repoRoot, 'src/checks/android/code/testdata/code-edge.apk')));
    const where = f.map((x) => x.locations[0]!.method ? `${x.locations[0]!.class!.split('.').pop()}.${x.locations[0]!.method!.split('(')[0]}` : x.locations[0]!.path).sort();
    expect(where).toEqual(['Gate.masterPin', 'Secrets.<clinit>', 'Secrets.check', 'Secrets.headers', 'Secrets.mapsKey', 'Secrets.proxyAuth']);
    const text = f.flatMap((x) => x.evidence).join('\n');
    expect(text).not.toContain('production');
    expect(text).not.toContain('YOUR_API_KEY');
    expect(text).not.toContain('Welcome');
    expect(text).not.toContain('application/json');
  });
});

const corpus = corpusDir();

describe.skipIf(!corpus)('android.secrets.hardcoded-secret on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const evidenceOf = async (name: string): Promise<string> => (await findings(load(join(corpus!, name)))).map((f) => `${f.message}\n${f.evidence.join('\n')}`).join('\n');

  it('diva: the vendor key compared with typed text, API keys in displayed text, the key checked by the JNI library', async () => {
    const e = await evidenceOf('diva-mobsf.apk');
    expect(e).toContain('String.equals("vendo…" (15 chars)) compared with text typed in the UI');
    expect(e).toContain('A credential labelled "API Key" is written in a text constant');
    expect(e).toContain('lib/arm64-v8a/libdivajni.so exports Java_jakhar_aseem_diva_DivaJni_access and imports strncmp');
  }, 60_000);

  it('InjuredAndroid: the typed flag, a resource compared with typed text, and the AWS keys in resources', async () => {
    const e = await evidenceOf('InjuredAndroid.apk');
    expect(e).toContain('String.equals("0n3_F1ag") compared with text typed in the UI');
    expect(e).toContain('getString(R.string.cmVzb3VyY2VzX3lv)');
    expect(e).toContain('string/Access_Key');
    expect(e).toContain('string/Secret_Key');
  }, 60_000);

  it('UnCrackable Level 1: the encoded secret decoded and compared with the input', async () => {
    expect(await evidenceOf('UnCrackable-Level1.apk')).toContain('Base64.decode("5UJiFctbmgbD…" (44 chars))');
  }, 60_000);

  it('UnCrackable Level 2: typed text checked by a native method whose library holds the constant', async () => {
    const e = await evidenceOf('UnCrackable-Level2.apk');
    expect(e).toContain('exports Java_sg_vantagepoint_uncrackable2_CodeCheck_bar and imports strncmp');
    expect(e).toContain('"Thank…" (16 chars)');
  }, 60_000);

  it('UnCrackable Level 3: the XOR key handed to native init', async () => {
    expect(await evidenceOf('UnCrackable-Level3.apk')).toContain('MainActivity.init("pizzapiz…" (24 chars).getBytes())');
  }, 60_000);
});
