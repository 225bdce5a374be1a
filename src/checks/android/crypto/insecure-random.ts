import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, MethodRef, Value } from '../../../formats/dex/index.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { decodeMethod, invokedMethod, loadedString, methodLabel, reportByMethod, showValue, simpleTypeName, type CodeHit } from '../bytecode-support.js';
import { ConstantTracer } from './crypto-support.js';

const JAVA_RANDOM = 'Ljava/util/Random;';
const SECURE_RANDOM = 'Ljava/security/SecureRandom;';

const DRAWS = ['nextInt', 'nextLong', 'nextDouble', 'nextFloat', 'nextBoolean', 'nextBytes', 'nextGaussian', 'ints', 'longs', 'doubles'];

/** Non-cryptographic generators and the methods that draw values from them. */
const GENERATORS: { cls: string; names: readonly string[]; label: string; needsReceiverCheck?: boolean }[] = [
  // SecureRandom extends Random, so a call typed java.util.Random may reach a SecureRandom: the receiver is checked.
  { cls: JAVA_RANDOM, names: DRAWS, label: 'java.util.Random', needsReceiverCheck: true },
  { cls: 'Ljava/lang/Math;', names: ['random'], label: 'Math.random()' },
  { cls: 'Ljava/lang/StrictMath;', names: ['random'], label: 'StrictMath.random()' },
  { cls: 'Ljava/util/concurrent/ThreadLocalRandom;', names: DRAWS, label: 'ThreadLocalRandom' },
  { cls: 'Ljava/util/SplittableRandom;', names: DRAWS, label: 'SplittableRandom' },
  { cls: 'Lkotlin/random/Random;', names: DRAWS, label: 'kotlin.random.Random' },
  { cls: 'Lkotlin/random/Random$Default;', names: DRAWS, label: 'kotlin.random.Random' },
  // commons-lang3 RandomStringUtils draws from java.util.Random (ThreadLocalRandom).
  { cls: 'Lorg/apache/commons/lang3/RandomStringUtils;', names: ['random', 'randomAlphabetic', 'randomAlphanumeric', 'randomNumeric', 'randomAscii', 'randomPrint', 'randomGraph'], label: 'RandomStringUtils' },
];

/** Words in method or class names that say the value is a secret or an authenticator. */
const SECURITY_NAME_WORDS = new Set([
  'token', 'tokens', 'otp', 'totp', 'hotp', 'pin', 'pins', 'password', 'passwd', 'pwd', 'passcode', 'nonce', 'session',
  'secret', 'salt', 'key', 'keys', 'iv', 'crypt', 'crypto', 'encrypt', 'encryption', 'decrypt', 'cipher', 'auth',
  'authenticate', 'authentication', 'credential', 'credentials', 'challenge', 'csrf', 'captcha', 'signature', 'verification',
]);

/** Narrower list for string constants of the method (keys like "key_color" are too common to count). */
const SECURITY_STRING_WORDS = new Set([
  'token', 'otp', 'totp', 'password', 'passwd', 'passcode', 'nonce', 'session', 'sessionid', 'secret', 'salt', 'pin', 'csrf', 'captcha',
]);

/** Method names so generic that the class name says what they produce (`TokenGenerator.next()`). */
const GENERIC_METHOD_WORDS = new Set(['generate', 'create', 'new', 'make', 'next', 'random', 'get', 'build', 'gen']);

/** Key, IV and salt constructors: random bytes drawn in the same method are assumed to feed them. */
const KEY_MATERIAL_SINKS = [
  'Ljavax/crypto/spec/SecretKeySpec;', 'Ljavax/crypto/spec/IvParameterSpec;', 'Ljavax/crypto/spec/GCMParameterSpec;',
  'Ljavax/crypto/spec/PBEKeySpec;', 'Ljavax/crypto/spec/PBEParameterSpec;',
];

/** Words of an identifier: camelCase, snake_case, digits and `$` split. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=\D)(?=\d)|(?<=\d)(?=\D)/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

interface SecurityContext {
  why: string;
}

export default defineAndroidCheck({
  id: 'android.crypto.insecure-random',
  meta: {
    title: 'Predictable random numbers used for security values',
    family: 'crypto',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0012'], cwe: ['CWE-338', 'CWE-330'], dfs: ['APP-53', 'APP-63'] }),
    description: [
      'Non-cryptographic generators (`java.util.Random`, `Math.random()`, `ThreadLocalRandom`, `SplittableRandom`, `kotlin.random.Random`, commons-lang `RandomStringUtils`) are fine for animations and back-off jitter, so a call alone is not reported. The check reports:',
      '',
      '- a value drawn from such a generator in a method that handles a secret: its name (or, for generic names such as `next()`, its class name) contains words like token, OTP, PIN, password, nonce, session, secret, salt, key or IV; or its string constants name a token, OTP, password, nonce, session, secret, salt or PIN; or it builds a key, IV or salt spec in the same method. A helper without such a name is reported when one of its callers has one (the caller is named in the evidence);',
      '- `new Random(seed)` / `Random.setSeed` with a constant seed (the whole sequence is fixed; low severity unless in a security method);',
      '- `new SecureRandom(seed)` / `SecureRandom.setSeed` with a constant seed: on Android 4.3 and older, and for `SHA1PRNG`, seeding before first use replaces the system entropy, making the output fixed.',
      '',
      '`java.util.Random` is a 48-bit linear congruential generator: two outputs reveal its state and every later value (OTPs, session tokens, PINs). For calls typed `java.util.Random`, the receiver must be provably a plain `Random` (created with `new Random`, directly or in the field it is read from), since a `SecureRandom` can hide behind that type.',
      '',
      'Library policy: only the app\'s own code is reported for generator use (SDKs use `Random` for sampling and jitter); constant `SecureRandom` seeds are reported everywhere, at low confidence in libraries.',
    ].join('\n'),
    manual:
      'Decompile the reported method and confirm what the random value becomes (an OTP, token, PIN, key, IV, salt or identifier an attacker must not guess). Check the generator type of the receiver: `java.util.Random` and `Math.random()` are predictable; `SecureRandom` without a fixed seed is fine.',
    remediation:
      'Use `java.security.SecureRandom` (default constructor, never seeded by the app) for every security value; better, let the server generate OTPs and session tokens. For keys and IVs use `KeyGenerator` in the Android Keystore and let the cipher generate the IV.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    const contextCache = new Map<string, SecurityContext | null>();
    const contextOf = (m: MethodRef): SecurityContext | undefined => {
      const k = `${m.classType}->${m.name}${m.descriptor}`;
      let c = contextCache.get(k);
      if (c === undefined) contextCache.set(k, (c = securityContext(app, m) ?? null));
      return c ?? undefined;
    };

    // 1. Values from non-cryptographic generators in security methods (the app's own code).
    for (const g of GENERATORS) {
      for (const site of g.names.flatMap((n) => code.callsTo(g.cls, n))) {
        if (isLibrary(app, site.classType)) continue;
        if (g.needsReceiverCheck && !isPlainRandom(app, site.args[0])) continue;
        const evidence = `${simpleTypeName(site.target.classType)}.${site.target.name}() in ${methodLabel(site.classType, site.method)}`;
        const own = contextOf(site.method);
        if (own) {
          hits.push({ place: site, target: site.target, evidence: `${evidence}: ${own.why}`, label: g.label, severity: 'high' });
          continue;
        }
        // One step up: a generic helper (randomString(n)) called from a security method.
        for (const caller of tracer.callers(site.method).slice(0, 8)) {
          const c = contextOf(caller.method);
          if (!c) continue;
          hits.push({
            place: site, target: site.target, related: [caller],
            evidence: `${evidence}, called by ${methodLabel(caller.classType, caller.method)}: ${c.why}`, label: g.label, severity: 'high',
          });
          break;
        }
      }
    }

    // 2. Constant seeds.
    const seeded = (site: CallSite, v: Value | undefined, secure: boolean): void => {
      if (!v) return;
      const constant = v.k === 'wide' || v.k === 'int' ? showValue(v) : tracer.origin(v, site)?.text;
      if (constant === undefined) return;
      const library = isLibrary(app, site.classType);
      if (!secure && library) return;
      const what = site.target.name === '<init>' ? `new ${simpleTypeName(site.target.classType)}(${constant})` : `${simpleTypeName(site.target.classType)}.setSeed(${constant})`;
      if (secure) {
        hits.push({ place: site, target: site.target, evidence: `${what}: a fixed seed makes SHA1PRNG (and any SecureRandom on Android <= 4.3) output a fixed sequence`, label: 'constant SecureRandom seed', severity: 'high' });
      } else {
        const c = contextOf(site.method);
        hits.push({
          place: site, target: site.target, evidence: `${what}: the sequence is the same on every run${c ? `; ${c.why}` : ''}`,
          label: 'constant Random seed', severity: c ? 'high' : 'low',
        });
      }
    };
    for (const site of code.callsTo(JAVA_RANDOM, '<init>', '(J)V')) seeded(site, site.args[1], false);
    for (const site of code.callsTo(JAVA_RANDOM, 'setSeed', '(J)V')) if (isPlainRandom(app, site.args[0])) seeded(site, site.args[1], false);
    for (const site of code.callsTo(SECURE_RANDOM, '<init>', '([B)V')) seeded(site, site.args[1], true);
    for (const site of code.callsTo(SECURE_RANDOM, 'setSeed')) seeded(site, site.args[1], true);

    reportByMethod(ctx, hits, (method, g) => {
      const seedsOnly = g.every((h) => h.label?.startsWith('constant'));
      return seedsOnly
        ? `${method} seeds a random generator with a constant (${[...new Set(g.map((h) => h.label))].join(', ')}).`
        : `${method} draws security values from a predictable generator (${[...new Set(g.map((h) => h.label))].join(', ')}).`;
    }, { libraryConfidence: 'low' });
  },
});

/**
 * Whether a receiver is provably a plain java.util.Random: `new Random(…)`, or a field whose every write
 * stores `new Random(…)`. Anything else (a parameter, a SecureRandom, an unknown) is not assumed.
 */
function isPlainRandom(app: AndroidApp, v: Value | undefined): boolean {
  if (!v) return false;
  if (v.k === 'new') return v.type === JAVA_RANDOM;
  if (v.k === 'field') {
    const writes = app.code.fieldAccesses(v.field.classType, v.field.name).filter((a) => a.write);
    return writes.length > 0 && writes.length <= 6 && writes.every((w) => w.value?.k === 'new' && w.value.type === JAVA_RANDOM);
  }
  return false;
}

/** Why a method handles security values (its name, its class's name, its strings, or key/IV building), if it does. */
function securityContext(app: AndroidApp, m: MethodRef): SecurityContext | undefined {
  const nameWords = identifierWords(m.name);
  const hit = nameWords.find((w) => SECURITY_NAME_WORDS.has(w));
  if (hit) return { why: `the method name mentions "${hit}"` };
  const simple = simpleTypeName(m.classType);
  const ownClass = simple.slice(simple.lastIndexOf('$') + 1);
  if (nameWords.every((w) => GENERIC_METHOD_WORDS.has(w) || w.length <= 2)) {
    const classHit = identifierWords(ownClass).find((w) => SECURITY_NAME_WORDS.has(w));
    if (classHit) return { why: `${ownClass}.${m.name} is a generic name in a class about "${classHit}"` };
  }
  const d = decodeMethod(app.code, m.classType, m);
  if (!d) return undefined;
  for (const ins of d.insns) {
    if (ins.indexKind === 'string') {
      const s = loadedString(d, ins);
      if (s === undefined || s.length > 64) continue;
      const w = identifierWords(s).find((x) => SECURITY_STRING_WORDS.has(x));
      if (w) return { why: `the method uses the string ${JSON.stringify(s)}` };
    } else if (ins.indexKind === 'method' && ins.name.startsWith('invoke-direct')) {
      const t = invokedMethod(d, ins);
      if (t && t.name === '<init>' && KEY_MATERIAL_SINKS.includes(t.classType)) return { why: `the method builds a ${simpleTypeName(t.classType)}` };
    }
  }
  return undefined;
}
