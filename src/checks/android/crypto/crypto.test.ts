/**
 * The crypto checks on the fixture wallets (vulnerable-wallet triggers each, hardened-wallet none), on the
 * edge cases of testdata/crypto-edge (built by testdata/build.sh: helper parameters, hand-written decoders,
 * builders, fields, zero IVs, SecureRandom typed as Random, seeds, rotation and XOR routines), on
 * mutated DEX files (no check may fail with an internal error), and on the corpus when it is present.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { runChecks } from '../../runner.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import { cryptoChecks } from './index.js';
import { ecbUse, parseTransformation, unsafeRsaPadding, weakCipher, weakHash } from './crypto-support.js';
import { base64Text, rotatedUrl } from './encoding-as-encryption.js';
import { identifierWords } from './insecure-random.js';
import { callName, simpleTypeName } from '../bytecode-support.js';
import { checkById, dexMutants, findingsOf, flaggedMethods, loadApp } from '../testing.test-support.js';

const here = join(repoRoot, 'src/checks/android/crypto');
const load = loadApp;
const vulnerable = load(join(repoRoot, 'fixtures/android/build/vulnerable-wallet.apk'));
const hardened = load(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk'));
const edge = load(join(here, 'testdata/crypto-edge.apk'));

const check = (id: string): AndroidCheck => checkById(cryptoChecks, id);
const findings = (app: AndroidApp, id: string): Promise<Finding[]> => findingsOf(app, check(id));
const flagged = (app: AndroidApp, id: string): Promise<string[]> => flaggedMethods(app, check(id));

describe('crypto checks on the fixture wallets', () => {
  const expected: Record<string, string[]> = {
    'android.crypto.weak-hash': ['CryptoHelper.md5Hex', 'CryptoHelper.sha1Base64'],
    'android.crypto.weak-cipher': ['CryptoHelper.blowfish', 'CryptoHelper.encryptLegacy', 'CryptoHelper.rc4'],
    'android.crypto.ecb-mode': ['CryptoHelper.blowfish', 'CryptoHelper.encryptCache', 'CryptoHelper.encryptLegacy'],
    'android.crypto.static-iv': ['CryptoHelper.encryptPin'],
    'android.crypto.hardcoded-key': [
      'ApiClient.signReceiptUpload', 'CryptoHelper.blowfish', 'CryptoHelper.encryptCache', 'CryptoHelper.encryptLegacy',
      'CryptoHelper.encryptPin', 'CryptoHelper.rc4',
    ],
    'android.crypto.rsa-no-oaep': ['CryptoHelper.rsaEncrypt'],
    'android.crypto.insecure-random': ['TokenGenerator.newOtp', 'TokenGenerator.newSessionToken', 'TokenGenerator.suggestPin'],
    'android.crypto.encoding-as-encryption': ['CryptoHelper.xorObfuscate'],
  };

  it('covers every crypto check', () => {
    expect(Object.keys(expected).sort()).toEqual(cryptoChecks.map((c) => c.id).sort());
  });

  for (const [id, methods] of Object.entries(expected)) {
    it(`${id}: reports vulnerable-wallet at ${methods.length} places and nothing in hardened-wallet`, async () => {
      expect(await flagged(vulnerable, id)).toEqual(methods);
      expect(await findings(hardened, id)).toEqual([]);
    });
  }

  it('explains the evidence with the call, the constant and its derivation', async () => {
    const keys = await findings(vulnerable, 'android.crypto.hardcoded-key');
    const hmac = keys.find((f) => f.locations[0]!.method!.startsWith('signReceiptUpload'))!;
    // The HMAC key is "AWS4" + a static field set in <clinit>, appended without reusing append's result.
    expect(hmac.evidence[0]).toContain('"AWS4" + ApiConfig.awsSecretAccessKey');
    expect(hmac.locations.some((l) => l.method === '<clinit>()V')).toBe(true);
    const ecb = await findings(vulnerable, 'android.crypto.ecb-mode');
    expect(ecb.flatMap((f) => f.evidence)).toContain('Cipher.getInstance("AES"): no mode given, the provider default is AES/ECB/PKCS5Padding');
    const iv = await findings(vulnerable, 'android.crypto.static-iv');
    expect(iv[0]!.evidence[0]).toBe('new IvParameterSpec(byte[16] literal {01 02 03 04 05 06 07 08 …})');
    expect(iv[0]!.locations[0]!.call).toBe('javax.crypto.spec.IvParameterSpec.<init>(byte[])');
  });

  it('does not flag RSA/ECB/OAEP… as ECB, nor the hardened wallet\'s SHA-256 and GCM', async () => {
    for (const c of cryptoChecks) expect(await findings(hardened, c.id), c.id).toEqual([]);
  });
});

describe('crypto checks on edge cases (testdata/crypto-edge)', () => {
  it('hardcoded-key follows helpers, pure decoders, builders, getters and fields, and nothing impure', async () => {
    expect(await flagged(edge, 'android.crypto.hardcoded-key')).toEqual([
      'FieldKey.staticKeySpec', // getter of a static field set from Base64.decode(const) in <clinit>
      'KeyHelpers.buildKey', // helper parameter; a caller passes hexToBytes(const)
      'KeyHelpers.constantPassword', // PBEKeySpec("…".toCharArray())
      'KeyHelpers.digestOfPassphrase', // MessageDigest.digest(const)
      'NonFluentKey.build', // sb.append(a); sb.append(b) without reusing the result
      'NonFluentKey.fluent', // "flu" + 42
    ]);
    const helper = (await findings(edge, 'android.crypto.hardcoded-key')).find((f) => f.locations[0]!.method!.startsWith('buildKey'))!;
    expect(helper.evidence[0]).toContain('KeyHelpers.hexToBytes("00112233445566778899aabbccddeeff") passed by org.dfslab.testdata.cryptoedge.KeyHelpers.useHexKey()');
    // The caller that passes a preferences-derived key is not named.
    expect(helper.evidence.join(' ')).not.toContain('usePrefsKey');
    expect(helper.locations.map((l) => l.method)).toContain('useHexKey()Ljavax/crypto/spec/SecretKeySpec;');
  });

  it('static-iv: zero array used untouched and constant GCM nonce; not SecureRandom-filled or copied IVs', async () => {
    expect(await flagged(edge, 'android.crypto.static-iv')).toEqual(['Ivs.gcmConstNonce', 'Ivs.zeroIv']);
    const gcm = (await findings(edge, 'android.crypto.static-iv')).find((f) => f.locations[0]!.method!.startsWith('gcm'))!;
    expect(gcm.severity).toBe('high');
  });

  it('reads algorithm names from fields and from constants passed to a parameter', async () => {
    expect(await flagged(edge, 'android.crypto.ecb-mode')).toEqual(['Transforms.fromField']);
    expect(await flagged(edge, 'android.crypto.weak-cipher')).toEqual(['Transforms.cipherFor', 'Transforms.pbeDes']);
    const viaParam = (await findings(edge, 'android.crypto.weak-cipher')).find((f) => f.locations[0]!.method!.startsWith('cipherFor'))!;
    expect(viaParam.evidence[0]).toContain('(value passed by org.dfslab.testdata.cryptoedge.Transforms.legacy())');
    expect(viaParam.severity).toBe('medium'); // 3DES
    expect(await flagged(edge, 'android.crypto.rsa-no-oaep')).toEqual(['Transforms.rsaBare']);
  });

  it('weak-hash: "SHA" is SHA-1; HMAC-MD5 is low; SHA-256 and HMAC-SHA1 are fine', async () => {
    const f = await findings(edge, 'android.crypto.weak-hash');
    expect(f.map((x) => [x.locations[0]!.method!.split('(')[0], x.severity, x.evidence]).sort()).toEqual([
      ['digests', 'medium', ['MessageDigest.getInstance("SHA"): SHA-1']],
      ['macs', 'low', ['Mac.getInstance("HmacMD5"): HMAC-MD5']],
    ]);
  });

  it('insecure-random: security names, strings, key building, callers, seeds; not jitter or SecureRandom', async () => {
    expect(await flagged(edge, 'android.crypto.insecure-random')).toEqual([
      'Randoms.a', // the string "otp_code"
      'Randoms.randomDigits', // called by createPinCode()
      'Randoms.seededPrng', // SHA1PRNG setSeed(const)
      'Randoms.shuffleDeck', // new Random(42): low
      'Randoms.x1', // Random.nextBytes feeding a SecretKeySpec
    ]);
    const deck = (await findings(edge, 'android.crypto.insecure-random')).find((f) => f.locations[0]!.method!.startsWith('shuffleDeck'))!;
    expect(deck.severity).toBe('low');
  });

  it('encoding-as-encryption: ROT13 routine and rotated URL, readable Base64 text; not CRC, LRC or binary Base64', async () => {
    expect(await flagged(edge, 'android.crypto.encoding-as-encryption')).toEqual([
      'FieldKey.<clinit>', 'Scramble.endpoint', 'Scramble.hiddenText', 'Scramble.rot13',
    ]);
    const all = (await findings(edge, 'android.crypto.encoding-as-encryption')).flatMap((f) => f.evidence).join('\n');
    expect(all).toContain('"uggcf://ncv.rknzcyr.pbz/i1" is "https://api.example.com/v1" after a letter rotation');
    expect(all).toContain('decodes to the text "admin:s3cr3t-pass"');
  });
});

describe('crypto name rules', () => {
  it('parses transformations and finds ECB', () => {
    expect(parseTransformation(' AES/CBC/PKCS5Padding ')).toEqual({ algorithm: 'AES', mode: 'CBC', padding: 'PKCS5Padding' });
    expect(ecbUse('AES')).toBe('default');
    expect(ecbUse('aes/ecb/nopadding')).toBe('explicit');
    expect(ecbUse('DESede')).toBe('default');
    expect(ecbUse('AES/GCM/NoPadding')).toBeUndefined();
    expect(ecbUse('RSA/ECB/PKCS1Padding')).toBeUndefined();
    expect(ecbUse('RC4')).toBeUndefined();
    expect(ecbUse('ChaCha20')).toBeUndefined();
    expect(ecbUse('PBEWithHmacSHA256AndAES_256')).toBeUndefined();
  });

  it('names weak ciphers and hashes', () => {
    expect(weakCipher('DES')?.name).toBe('DES');
    expect(weakCipher('PBEWithMD5AndDES')?.name).toBe('DES');
    expect(weakCipher('DESede')?.name).toBe('3DES (Triple DES)');
    expect(weakCipher('TripleDES')?.severity).toBe('medium');
    expect(weakCipher('ARCFOUR')?.name).toBe('RC4');
    expect(weakCipher('PBEWITHSHAAND40BITRC2-CBC')?.name).toBe('RC2');
    expect(weakCipher('Blowfish')?.name).toBe('Blowfish');
    for (const ok of ['AES', 'ChaCha20', 'PBKDF2WithHmacSHA256', 'HmacSHA256', 'RSA']) expect(weakCipher(ok), ok).toBeUndefined();
    expect(['MD5', 'md5', 'SHA-1', 'SHA1', 'SHA', 'MD4', 'MD2'].map(weakHash)).toEqual(['MD5', 'MD5', 'SHA-1', 'SHA-1', 'SHA-1', 'MD4', 'MD2']);
    for (const ok of ['SHA-256', 'SHA-512', 'SHA3-256', 'SHA256']) expect(weakHash(ok), ok).toBeUndefined();
  });

  it('tells unsafe RSA paddings', () => {
    expect(unsafeRsaPadding('RSA')).toMatch(/no padding given/);
    expect(unsafeRsaPadding('RSA/NONE/PKCS1Padding')).toMatch(/PKCS#1 v1.5/);
    expect(unsafeRsaPadding('RSA/ECB/NoPadding')).toMatch(/textbook/);
    expect(unsafeRsaPadding('RSA/ECB/OAEPWithSHA-256AndMGF1Padding')).toBeUndefined();
    expect(unsafeRsaPadding('AES/ECB/PKCS5Padding')).toBeUndefined();
  });

  it('decodes rotated URLs and readable Base64 only', () => {
    expect(rotatedUrl('uggcf://rknzcyr.pbz/')).toBe('https://example.com/');
    expect(rotatedUrl('jvvr://gzcorng.eqo')).toBe('http://example.com'); // Caesar shift 2
    expect(rotatedUrl('9EEADi^^6I2>A=6]4@>')).toBe('https://example.com');
    for (const s of ['https://example.com', 'file:///sdcard', 'smtp://mail', 'content://x/y', 'mqtt://broker']) expect(rotatedUrl(s), s).toBeUndefined();
    expect(base64Text('aGVsbG8gd29ybGQ=')).toBe('hello world');
    expect(base64Text('MIIBIjANBgkqhkiG9w0BAQEFAAOC')).toBeUndefined(); // DER
    expect(base64Text('MTIzNDU2Nzg5MA==')).toBeUndefined(); // digits only: mostly not letters
    expect(base64Text('not base64!')).toBeUndefined();
  });

  it('splits identifiers into words', () => {
    expect(identifierWords('newSessionToken')).toEqual(['new', 'session', 'token']);
    expect(identifierWords('generateOTP2')).toEqual(['generate', 'otp', '2']);
    expect(identifierWords('otp_code')).toEqual(['otp', 'code']);
    expect(identifierWords('keyboardHeight')).toEqual(['keyboard', 'height']);
  });

  it('names calls for reports', () => {
    expect(simpleTypeName('[[Ljava/lang/String;')).toBe('String[][]');
    expect(simpleTypeName('J')).toBe('long');
    expect(callName({ classType: 'Ljavax/crypto/Cipher;', name: 'getInstance', proto: { shorty: 'LL', returnType: 'Ljavax/crypto/Cipher;', params: ['Ljava/lang/String;'], descriptor: '(Ljava/lang/String;)Ljavax/crypto/Cipher;' } })).toBe('javax.crypto.Cipher.getInstance(String)');
  });
});

describe('crypto checks on hostile DEX files', () => {
  it('never fail with an internal error on truncated or bit-flipped classes.dex (300 seeded cases)', async () => {
    let ran = 0;
    const mutants = dexMutants(readFileSync(join(here, 'testdata/crypto-edge.apk')), {
      seed: 0xc0ffee,
      count: 300,
      // Skip the 112-byte header half the time, so that most mutants still parse and reach the checks.
      flipFrom: (i) => (i % 2 === 0 ? 0x70 : 0),
    });
    for (const { i, apk } of mutants) {
      const app = AndroidApp.open(apk, { label: `mutant-${i}.apk` });
      const out = await runChecks(app, cryptoChecks);
      const internal = out.failures.filter((f) => f.code === 'DFSLAB_E_INTERNAL');
      expect(internal, `mutant ${i}`).toEqual([]);
      if (out.checksRun.length > 0) ran++;
    }
    expect(ran).toBeGreaterThan(100);
  }, 60_000);
});

const corpus = corpusDir();

describe.skipIf(!corpus)('crypto checks on the corpus (ground truth in expected.json)', () => {
  if (!corpus) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  it('follows a constant key through a helper parameter, an instance field and a static getter', async () => {
    const open = (name: string): AndroidApp => load(join(corpus!, name));
    const l1 = await findings(open('UnCrackable-Level1.apk'), 'android.crypto.hardcoded-key');
    expect(l1).toHaveLength(1);
    expect(l1[0]!.evidence[0]).toMatch(/^new SecretKeySpec\(a\.b\("8d127684cbc37c17616d806cf50473cc"\) passed by /);
    const bank = await findings(open('InsecureBankv2.apk'), 'android.crypto.hardcoded-key');
    expect(bank.map((f) => f.evidence[0])).toEqual(expect.arrayContaining([expect.stringContaining('"This is the super secret key 123"')]));
    const iv = await findings(open('InsecureBankv2.apk'), 'android.crypto.static-iv');
    expect(iv.length).toBeGreaterThan(0);
    const injured = await findings(open('InjuredAndroid.apk'), 'android.crypto.hardcoded-key');
    expect(injured.map((f) => f.evidence[0]).join('\n')).toContain('Base64.decode("Q2FwdHVyM1RoMXM=")');
  }, 60_000);

  it('reports no weak hash where the only MD5/SHA-1 users are bundled libraries', async () => {
    for (const name of ['InsecureBankv2.apk', 'appium-settings-8.0.10.apk']) {
      expect(await findings(load(join(corpus!, name)), 'android.crypto.weak-hash'), name).toEqual([]);
    }
  }, 60_000);
});
