/**
 * @module checks/android/crypto/crypto-support
 * What the crypto checks share: the JCA entry points they look at, the algorithm-name rules (Java Security
 * Standard Algorithm Names; Android "Cryptography" provider tables), the library policy, and
 * `ConstantTracer`, which answers "does this value come from a constant shipped in the app?".
 *
 * ConstantTracer is a bounded approximation built on the code index's argument values (which already
 * follow registers within a method), extended across methods:
 * - literals: a string constant, an array filled from `fill-array-data`;
 * - derivations that keep a constant constant: `String.getBytes/toCharArray/trim/substring/concat`,
 *   `StringBuilder` chains of constants, Base64 and hex decoders (Android, java.util, commons-codec, okio),
 *   `MessageDigest.digest(const)`, `Arrays.copyOf`;
 * - a field whose every write (at most 6) stores a constant (e.g. `key = "…"` in a constructor or
 *   `<clinit>`), and a getter that only returns such a field;
 * - a static helper of the app called only with constants whose body calls nothing but string, number and
 *   encoding routines (a hex or Base64 decoder written by hand);
 * - a parameter: the callers of the enclosing method (at most 12, found by exact call target) are asked in
 *   turn, so "a constant passed to a helper that builds the key" is seen at the helper, naming the caller.
 * `originAtCall` adds a register-level reading of the sink's own method for what the values cannot show
 * (a builder appended to without reusing append's result, as R8 emits).
 * Limits: calls through an interface or a superclass type are not matched to their implementation; field
 * values held only in `static_values` (no write in code) are not read; values stored in arrays element by
 * element (aput) are not tracked; at most 4 levels and 64 steps per question, so the cost per sink is bounded.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { Instruction } from '../../../formats/dex/decoder.js';
import type { CallSite, CodeIndex, FieldRef, MethodRef, Value } from '../../../formats/dex/index.js';
import {
  accessedField, argumentRegister, decodeMethod, definitionOf, indexAt, invokedMethod, isInvoke, isReturn, loadedString,
  methodKey, methodLabel, quote, shortCallName, simpleTypeName, writesRegister, type DecodedMethod, type MethodPlace,
} from '../bytecode-support.js';
import { isLibrary } from '../support.js';

export const CIPHER = 'Ljavax/crypto/Cipher;';
export const SECRET_KEY_FACTORY = 'Ljavax/crypto/SecretKeyFactory;';
export const KEY_GENERATOR = 'Ljavax/crypto/KeyGenerator;';
export const MESSAGE_DIGEST = 'Ljava/security/MessageDigest;';
const STRING_BUILDER = 'Ljava/lang/StringBuilder;';
const STRING_BUFFER = 'Ljava/lang/StringBuffer;';

/**
 * Namespaces of vetted cryptography implementations. They build modes and protocols out of raw
 * primitives on purpose (AES/ECB on one block inside CMAC, SIV or CTR; MD5 inside legacy TLS); a finding
 * there is not a misuse by the app.
 */
const CRYPTO_IMPLEMENTATIONS = [
  'Lcom/google/crypto/tink/', 'Lorg/bouncycastle/', 'Lorg/spongycastle/', 'Lorg/conscrypt/',
  'Lcom/android/org/bouncycastle/', 'Lcom/android/org/conscrypt/', 'Ljavax/', 'Ljava/', 'Lsun/', 'Lcom/sun/',
];

export function isCryptoImplementation(classType: string): boolean {
  return CRYPTO_IMPLEMENTATIONS.some((p) => classType.startsWith(p));
}

/**
 * The algorithm or transformation names passed to `factory.getInstance(name, …)` (Cipher, KeyGenerator,
 * SecretKeyFactory) outside vetted crypto implementations, each constant the tracer finds with its call,
 * in index order.
 */
export function* algorithmNames(app: AndroidApp, tracer: ConstantTracer, factory: string): Generator<{ site: CallSite; s: ResolvedString }> {
  for (const site of app.code.callsTo(factory, 'getInstance')) {
    if (isCryptoImplementation(site.classType) || !site.args[0]) continue;
    for (const s of tracer.strings(site.args[0], site)) yield { site, s };
  }
}

// ---------------------------------------------------------------- algorithm names

/** Splits a JCA transformation `alg/mode/padding` (a bare name has no mode). */
export function parseTransformation(t: string): { algorithm: string; mode: string | undefined; padding: string | undefined } {
  const parts = t.trim().split('/');
  return { algorithm: parts[0]!.trim(), mode: parts[1]?.trim(), padding: parts[2]?.trim() };
}

/**
 * Block ciphers for which a bare transformation name (no mode) makes the provider choose ECB with PKCS#5
 * padding (Android's Conscrypt and BouncyCastle, and the JDK providers, all default to ECB).
 */
const ECB_DEFAULT_BLOCK_CIPHERS = new Set([
  'AES', 'AES_128', 'AES_192', 'AES_256', 'DES', 'DESEDE', 'TRIPLEDES', '3DES', 'BLOWFISH', 'RC2', 'TWOFISH',
  'CAMELLIA', 'SEED', 'ARIA', 'SM4', 'IDEA', 'CAST5', 'CAST6', 'RC5', 'RC6', 'SERPENT', 'GOST28147',
]);

/** Asymmetric algorithms: "RSA/ECB/…" names no block-chaining mode at all (one block per operation). */
const ASYMMETRIC = /^(RSA|EC|ECIES|ELGAMAL|DH|DHIES)/i;

/**
 * Whether `transformation` encrypts with a symmetric block cipher in ECB mode, explicitly (`/ECB/`) or by
 * default (bare name). Undefined when it does not.
 */
export function ecbUse(transformation: string): 'explicit' | 'default' | undefined {
  const { algorithm, mode } = parseTransformation(transformation);
  if (ASYMMETRIC.test(algorithm)) return undefined;
  if (mode === undefined) return ECB_DEFAULT_BLOCK_CIPHERS.has(algorithm.toUpperCase()) ? 'default' : undefined;
  return mode.toUpperCase() === 'ECB' ? 'explicit' : undefined;
}

export interface WeakCipher {
  /** Readable name, e.g. "DES (56-bit key)". */
  name: string;
  why: string;
  severity: 'high' | 'medium';
}

/**
 * Broken or retired ciphers by algorithm name (also inside PBE names such as `PBEWithMD5AndDES`).
 * DES: 56-bit key, brute-forced since 1998. RC4: biased keystream (RFC 7465 bans it from TLS). RC2: 64-bit
 * blocks and weak key schedule. 3DES and Blowfish: 64-bit blocks (SWEET32 birthday attacks, NIST SP
 * 800-131A Rev.2 retired 3DES for encryption after 2023).
 */
export function weakCipher(algorithm: string): WeakCipher | undefined {
  const a = algorithm.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (a.includes('DESEDE') || a.includes('TRIPLEDES') || a.includes('3DES') || a.includes('DES3')) {
    return { name: '3DES (Triple DES)', why: '64-bit block: SWEET32 birthday attacks; retired by NIST SP 800-131A', severity: 'medium' };
  }
  if (a.startsWith('DES') || a.endsWith('ANDDES')) return { name: 'DES', why: '56-bit key, exhaustively searchable', severity: 'high' };
  if (a.includes('RC4') || a.includes('ARCFOUR') || a.includes('ARC4')) {
    return { name: 'RC4', why: 'biased keystream, prohibited in TLS by RFC 7465', severity: 'high' };
  }
  if (a.includes('RC2')) return { name: 'RC2', why: '64-bit block and weak key schedule', severity: 'high' };
  if (a.includes('BLOWFISH')) return { name: 'Blowfish', why: '64-bit block: SWEET32 birthday attacks', severity: 'medium' };
  return undefined;
}

/**
 * What an RSA transformation pads with, when that padding is unsafe for encryption: PKCS#1 v1.5 (RFC 8017
 * section 7.2, Bleichenbacher oracles), none (textbook RSA), or unspecified (provider's choice).
 */
export function unsafeRsaPadding(transformation: string): string | undefined {
  const { algorithm, mode, padding } = parseTransformation(transformation);
  if (algorithm.toUpperCase() !== 'RSA') return undefined;
  if (mode === undefined || padding === undefined) return 'no padding given: the provider chooses (NoPadding or PKCS#1 v1.5 depending on the provider)';
  const p = padding.toUpperCase();
  if (p === 'PKCS1PADDING') return 'PKCS#1 v1.5 encryption padding (Bleichenbacher padding oracle)';
  if (p === 'NOPADDING') return 'no padding ("textbook" RSA: deterministic and malleable)';
  return undefined;
}

/** Hash algorithm names that are broken for collision resistance (JCA names; "SHA" means SHA-1). */
export function weakHash(algorithm: string): 'MD5' | 'MD4' | 'MD2' | 'SHA-1' | undefined {
  const a = algorithm.trim().toUpperCase();
  if (a === 'MD5') return 'MD5';
  if (a === 'MD4') return 'MD4';
  if (a === 'MD2') return 'MD2';
  if (a === 'SHA-1' || a === 'SHA1' || a === 'SHA') return 'SHA-1';
  return undefined;
}

// ---------------------------------------------------------------- constant tracing

/** How a constant reaches a sink: a readable derivation and the places it passed through. */
export interface ConstantOrigin {
  text: string;
  places: MethodPlace[];
  /** The literal string at the root of the derivation, when there is one. */
  literal?: string;
}

/** A string value a call argument can hold, and the caller that passed it when it came through a parameter. */
export interface ResolvedString {
  value: string;
  via?: CallSite;
}

/** Calls that turn a constant into another constant: argument index carrying the data, and how to show it. */
const DERIVATIONS = new Map<string, { arg: number; show: (x: string) => string }>([
  ['Ljava/lang/String;->getBytes', { arg: 0, show: (x) => `${x}.getBytes()` }],
  ['Ljava/lang/String;->toCharArray', { arg: 0, show: (x) => `${x}.toCharArray()` }],
  ['Ljava/lang/String;->trim', { arg: 0, show: (x) => x }],
  ['Ljava/lang/String;->substring', { arg: 0, show: (x) => `${x}.substring(…)` }],
  ['Ljava/lang/String;->toUpperCase', { arg: 0, show: (x) => x }],
  ['Ljava/lang/String;->toLowerCase', { arg: 0, show: (x) => x }],
  ['Ljava/lang/String;->intern', { arg: 0, show: (x) => x }],
  ['Lkotlin/text/StringsKt;->encodeToByteArray', { arg: 0, show: (x) => `${x}.encodeToByteArray()` }],
  ['Landroid/util/Base64;->decode', { arg: 0, show: (x) => `Base64.decode(${x})` }],
  ['Ljava/util/Base64$Decoder;->decode', { arg: 1, show: (x) => `Base64.getDecoder().decode(${x})` }],
  ['Lorg/apache/commons/codec/binary/Base64;->decodeBase64', { arg: 0, show: (x) => `Base64.decodeBase64(${x})` }],
  ['Lorg/apache/commons/codec/binary/Hex;->decodeHex', { arg: 0, show: (x) => `Hex.decodeHex(${x})` }],
  ['Lokio/ByteString;->decodeHex', { arg: 0, show: (x) => `ByteString.decodeHex(${x})` }],
  ['Lokio/ByteString;->decodeBase64', { arg: 0, show: (x) => `ByteString.decodeBase64(${x})` }],
  ['Lokio/ByteString$Companion;->decodeHex', { arg: 1, show: (x) => `ByteString.decodeHex(${x})` }],
  ['Lokio/ByteString$Companion;->decodeBase64', { arg: 1, show: (x) => `ByteString.decodeBase64(${x})` }],
  ['Lokio/ByteString;->toByteArray', { arg: 0, show: (x) => x }],
  ['Ljava/security/MessageDigest;->digest', { arg: 1, show: (x) => `MessageDigest.digest(${x})` }],
  ['Ljava/util/Arrays;->copyOf', { arg: 0, show: (x) => `Arrays.copyOf(${x})` }],
  ['Ljava/util/Arrays;->copyOfRange', { arg: 0, show: (x) => `Arrays.copyOfRange(${x})` }],
]);

/**
 * Classes a hand-written decoder may call and still be a pure function of its input: string, character,
 * number and encoding routines. A helper that calls anything else (preferences, key store, files, network)
 * may produce a non-constant value and is not followed.
 */
const PURE_CLASSES = new Set([
  'Ljava/lang/String;', 'Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;', 'Ljava/lang/Character;',
  'Ljava/lang/Integer;', 'Ljava/lang/Long;', 'Ljava/lang/Byte;', 'Ljava/lang/Short;', 'Ljava/lang/Math;',
  'Ljava/lang/CharSequence;', 'Ljava/util/Arrays;', 'Landroid/util/Base64;', 'Ljava/util/Base64;',
  'Ljava/util/Base64$Decoder;', 'Ljava/nio/charset/Charset;', 'Ljava/math/BigInteger;',
  'Lkotlin/jvm/internal/Intrinsics;', 'Lkotlin/text/StringsKt;', 'Lkotlin/text/CharsKt;',
  'Lorg/apache/commons/codec/binary/Hex;', 'Lorg/apache/commons/codec/binary/Base64;',
]);

const MAX_DEPTH = 4;
const MAX_STEPS = 64;
const MAX_CALLERS = 12;
const MAX_FIELD_WRITES = 6;

interface Budget {
  steps: number;
}

export class ConstantTracer {
  private readonly code: CodeIndex;
  private readonly fieldCache = new Map<string, ConstantOrigin | null>();
  private readonly pureCache = new Map<string, boolean>();
  private readonly callerCache = new Map<string, readonly CallSite[]>();

  constructor(private readonly app: AndroidApp) {
    this.code = app.code;
  }

  /** Where `v` (seen at `here`) comes from, if it is derived from a constant in the app; else undefined. */
  origin(v: Value, here: MethodPlace): ConstantOrigin | undefined {
    return this.trace(v, here, 0, { steps: MAX_STEPS });
  }

  /**
   * The constant strings `v` can hold: a literal, a field only ever assigned one constant, or, for a
   * parameter, the constants the callers pass (each with its caller).
   */
  strings(v: Value, here: MethodPlace): ResolvedString[] {
    if (v.k === 'str') return [{ value: v.v }];
    if (v.k === 'field') return this.fieldStrings(v.field).map((value) => ({ value }));
    if (v.k === 'param') {
      const out: ResolvedString[] = [];
      for (const c of this.callers(here.method)) {
        const a = c.args[v.index];
        if (a?.k === 'str') out.push({ value: a.v, via: c });
        else if (a?.k === 'field') for (const s of this.strings(a, c)) out.push({ value: s.value, via: c });
      }
      return out;
    }
    return [];
  }

  /**
   * Like `origin`, for argument `arg` (receiver first) of `site`, but reading the caller's instructions
   * register by register. It sees what the index's values cannot: a builder appended to without using
   * the returned reference (`sb.append(a); sb.append(b); sb.toString()`, as R8 emits), and derivations
   * whose intermediate values were not kept. Tried after `origin` fails; costs one method decode.
   */
  originAtCall(site: CallSite, arg: number): ConstantOrigin | undefined {
    const d = decodeMethod(this.code, site.classType, site.method);
    if (!d) return undefined;
    const at = indexAt(d, site.pc);
    const reg = at < 0 ? undefined : argumentRegister(d.insns[at]!, site.target, arg);
    return reg === undefined ? undefined : this.registerOrigin(d, at, reg, site, 0, { steps: MAX_STEPS });
  }

  private registerOrigin(d: DecodedMethod, at: number, reg: number, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    if (--budget.steps < 0 || depth > MAX_DEPTH) return undefined;
    const def = definitionOf(d, at, reg);
    if (!def) return undefined;
    const defAt = indexAt(d, def.pc);
    if (def.name.startsWith('const-string')) {
      const str = loadedString(d, def);
      return str === undefined ? undefined : { text: quote(str), places: [], literal: str };
    }
    if (def.name.startsWith('sget') || def.name.startsWith('iget')) {
      const f = accessedField(d, def);
      return f && this.fieldOrigin(f, depth + 1);
    }
    if (!isInvoke(def)) return undefined;
    const t = invokedMethod(d, def);
    if (!t) return undefined;
    if ((t.classType === STRING_BUILDER || t.classType === STRING_BUFFER) && t.name === 'toString') {
      return this.builderAtRegister(d, defAt, def.registers[0]!, here, depth, budget);
    }
    const derivation = DERIVATIONS.get(`${t.classType}->${t.name}`);
    if (!derivation) return undefined;
    const r = argumentRegister(def, t, derivation.arg);
    const o = r === undefined ? undefined : this.registerOrigin(d, defAt, r, here, depth, budget);
    return o ? { text: derivation.show(o.text), places: o.places, ...literalOf(o) } : undefined;
  }

  /** The pieces appended to the builder in register `reg` before instruction `at`, fluent or not. */
  private builderAtRegister(d: DecodedMethod, at: number, reg: number, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    const pieces: ConstantOrigin[] = [];
    let cur = reg;
    let pos = at;
    for (let n = 0; n < 32; n++) {
      const def = definitionOf(d, pos, cur);
      if (!def) return undefined;
      const defAt = indexAt(d, def.pc);
      if (def.name === 'new-instance') {
        // Non-fluent appends on the builder register between its creation and the fluent tail.
        const loose: ConstantOrigin[] = [];
        for (let i = defAt + 1; i < pos; i++) {
          const ins = d.insns[i]!;
          if (!isInvoke(ins) || !ins.registers.includes(cur)) continue;
          const t = invokedMethod(d, ins);
          // The builder handed to other code may have received anything.
          if (!t || ins.registers[0] !== cur || (t.classType !== STRING_BUILDER && t.classType !== STRING_BUFFER)) return undefined;
          if (t.name === '<init>') {
            if (t.descriptor === '()V' || t.descriptor === '(I)V') continue;
            const o = this.registerOrigin(d, i, ins.registers[1]!, here, depth + 1, budget);
            if (!o) return undefined;
            loose.push(o);
          } else if (t.name === 'append') {
            const o = this.pieceAt(d, i, ins, here, depth, budget);
            if (!o) return undefined;
            loose.push(o);
          } else {
            return undefined;
          }
        }
        const all = [...loose, ...pieces.reverse()];
        if (all.length === 0) return undefined;
        return {
          text: `(${all.map((p) => p.text).join(' + ')})`,
          places: all.flatMap((p) => p.places),
          ...literalOf(all.find((p) => p.literal !== undefined) ?? all[0]!),
        };
      }
      if (!isInvoke(def)) return undefined;
      const t = invokedMethod(d, def);
      if (!t || t.name !== 'append' || (t.classType !== STRING_BUILDER && t.classType !== STRING_BUFFER)) return undefined;
      const o = this.pieceAt(d, defAt, def, here, depth, budget);
      if (!o) return undefined;
      pieces.push(o);
      cur = def.registers[0]!;
      pos = defAt;
    }
    return undefined;
  }

  /** The constant appended by one `append(x)` call: a literal number/char or a traced register. */
  private pieceAt(d: DecodedMethod, at: number, ins: Instruction, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    const r = ins.registers[1];
    if (r === undefined) return undefined;
    const def = definitionOf(d, at, r);
    if (def && def.name.startsWith('const') && !def.name.startsWith('const-string') && typeof def.literal === 'number') {
      return { text: String(def.literal), places: [] };
    }
    return this.registerOrigin(d, at, r, here, depth + 1, budget);
  }

  /** Call sites whose target is exactly `method` (by class, name and descriptor), at most MAX_CALLERS. */
  callers(method: MethodRef): readonly CallSite[] {
    const k = methodKey(method);
    let c = this.callerCache.get(k);
    if (!c) {
      c = this.code.callsTo(method.classType, method.name, method.descriptor).slice(0, MAX_CALLERS);
      this.callerCache.set(k, c);
    }
    return c;
  }

  private trace(v: Value, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    if (--budget.steps < 0 || depth > MAX_DEPTH) return undefined;
    switch (v.k) {
      case 'str':
        return { text: quote(v.v), places: [], literal: v.v };
      case 'array':
        return v.data && v.data.length > 0 ? { text: `${simpleTypeName(v.elemType ?? 'B')}[${v.data.length}] literal ${showBytes(v.data)}`, places: [] } : undefined;
      case 'ret':
        return this.traceReturn(v, here, depth, budget);
      case 'field':
        return this.fieldOrigin(v.field, depth);
      case 'param': {
        for (const c of this.callers(here.method)) {
          const a = c.args[v.index];
          if (!a) continue;
          const o = this.trace(a, c, depth + 1, budget);
          if (o) return { text: `${o.text} passed by ${methodLabel(c.classType, c.method)}`, places: [c, ...o.places], ...literalOf(o) };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private traceReturn(v: Extract<Value, { k: 'ret' }>, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    const m = v.method;
    const derivation = DERIVATIONS.get(`${m.classType}->${m.name}`);
    if (derivation) {
      const a = v.args[derivation.arg];
      const o = a && this.trace(a, here, depth, budget);
      return o ? { text: derivation.show(o.text), places: o.places, ...literalOf(o) } : undefined;
    }
    if ((m.classType === STRING_BUILDER || m.classType === STRING_BUFFER) && m.name === 'toString') {
      return this.traceStringBuilder(v.args[0], here, depth, budget);
    }
    if (m.classType === 'Ljava/lang/String;' && m.name === 'concat') {
      const a = v.args[0] && this.trace(v.args[0], here, depth, budget);
      const b = a && v.args[1] && this.trace(v.args[1], here, depth, budget);
      return a && b ? { text: `(${a.text} + ${b.text})`, places: [...a.places, ...b.places], ...literalOf(a) } : undefined;
    }
    if (!this.code.classes.has(m.classType) || isLibrary(this.app, m.classType)) return undefined;
    const d = decodeMethod(this.code, m.classType, m);
    if (!d) return undefined;
    const isStatic = (d.body.accessFlags & 0x8) !== 0;
    // A getter (no parameters besides `this`): follow what it returns.
    if (m.proto.params.length === 0) return this.traceReturnedValue(m, depth, budget);
    // A pure helper called only with constants (a hand-written hex/Base64 decoder).
    if (!isStatic) return undefined;
    const parts: ConstantOrigin[] = [];
    for (const a of v.args) {
      if (a.k === 'int' || a.k === 'wide') continue;
      const o = this.trace(a, here, depth + 1, budget);
      if (!o) return undefined;
      parts.push(o);
    }
    if (parts.length === 0 || !this.isPure(m)) return undefined;
    const first = parts[0]!;
    return {
      text: `${simpleTypeName(m.classType)}.${m.name}(${parts.map((p) => p.text).join(', ')})`,
      places: parts.flatMap((p) => p.places),
      ...literalOf(first),
    };
  }

  /**
   * A `new StringBuilder().append(c1).append(c2)….toString()` chain whose every piece is constant. The
   * builder's own constructor argument is not visible in the value (it reads as `new StringBuilder`), so
   * the chain is accepted only when the method creates builders with the no-argument or capacity
   * constructor alone.
   */
  private traceStringBuilder(v: Value | undefined, here: MethodPlace, depth: number, budget: Budget): ConstantOrigin | undefined {
    const pieces: ConstantOrigin[] = [];
    let cur = v;
    for (let n = 0; cur && n < 16; n++) {
      if (cur.k === 'new') {
        if ((cur.type !== STRING_BUILDER && cur.type !== STRING_BUFFER) || !this.onlyEmptyBuilders(here, cur.type)) return undefined;
        if (pieces.length === 0) return undefined;
        pieces.reverse();
        return {
          text: `(${pieces.map((p) => p.text).join(' + ')})`,
          places: pieces.flatMap((p) => p.places),
          ...literalOf(pieces.find((p) => p.literal !== undefined) ?? pieces[0]!),
        };
      }
      if (cur.k !== 'ret') return undefined;
      if (cur.method.name !== 'append' || (cur.method.classType !== STRING_BUILDER && cur.method.classType !== STRING_BUFFER)) return undefined;
      const piece = cur.args[1];
      if (!piece) return undefined;
      const o = piece.k === 'int' ? { text: String(piece.v), places: [] } : this.trace(piece, here, depth + 1, budget);
      if (!o) return undefined;
      pieces.push(o);
      cur = cur.args[0];
    }
    return undefined;
  }

  /** Whether every StringBuilder/StringBuffer the method at `here` creates uses the empty or capacity constructor. */
  private onlyEmptyBuilders(here: MethodPlace, type: string): boolean {
    const k = methodKey(here.method);
    for (const c of this.code.callsTo(type, '<init>')) {
      if (methodKey(c.method) === k && c.target.descriptor !== '()V' && c.target.descriptor !== '(I)V') return false;
    }
    return true;
  }

  /** What a parameterless method returns, when it returns a constant or a constant-holding field. */
  private traceReturnedValue(m: MethodRef, depth: number, budget: Budget): ConstantOrigin | undefined {
    const d = decodeMethod(this.code, m.classType, m);
    if (!d || d.insns.length > 12) return undefined;
    let found: ConstantOrigin | undefined;
    for (let i = 0; i < d.insns.length; i++) {
      const ins = d.insns[i]!;
      if (!isReturn(ins) || ins.name === 'return-void') continue;
      const def = definitionOf(d, i, ins.registers[0]!);
      if (!def) return undefined;
      let o: ConstantOrigin | undefined;
      if (def.name.startsWith('const-string')) {
        const s = loadedString(d, def);
        if (s !== undefined) o = { text: quote(s), places: [], literal: s };
      } else if (def.name.startsWith('sget') || def.name.startsWith('iget')) {
        const f = accessedField(d, def);
        if (f) o = this.fieldOrigin(f, depth + 1);
      }
      if (!o) return undefined;
      found ??= o;
    }
    return found ? { text: `${simpleTypeName(m.classType)}.${m.name}() (= ${found.text})`, places: found.places, ...literalOf(found) } : undefined;
  }

  /** The string constants a field holds when every write to it (at most 6) stores a literal. */
  private fieldStrings(f: FieldRef): string[] {
    const writes = this.code.fieldAccesses(f.classType, f.name).filter((a) => a.write);
    if (writes.length === 0 || writes.length > MAX_FIELD_WRITES) return [];
    const out = new Set<string>();
    for (const w of writes) {
      if (w.value?.k !== 'str') return [];
      out.add(w.value.v);
    }
    return [...out];
  }

  /**
   * A field whose every write stores a constant-derived value. The answer does not depend on who asks, so
   * it is cached and computed with its own step budget.
   */
  private fieldOrigin(f: FieldRef, depth: number): ConstantOrigin | undefined {
    const budget: Budget = { steps: MAX_STEPS };
    const k = `${f.classType}->${f.name}`;
    const cached = this.fieldCache.get(k);
    if (cached !== undefined) return cached ?? undefined;
    // Mark as in progress (a field assigned from itself must not loop).
    this.fieldCache.set(k, null);
    const writes = this.code.fieldAccesses(f.classType, f.name).filter((a) => a.write);
    let result: ConstantOrigin | undefined;
    if (writes.length > 0 && writes.length <= MAX_FIELD_WRITES) {
      let first: ConstantOrigin | undefined;
      for (const w of writes) {
        const o = w.value && this.trace(w.value, w, depth + 1, budget);
        if (!o) {
          first = undefined;
          break;
        }
        first ??= { text: o.text, places: [w, ...o.places], ...literalOf(o) };
      }
      if (first) result = { text: `${simpleTypeName(f.classType)}.${f.name} (= ${first.text})`, places: first.places, ...literalOf(first) };
    }
    this.fieldCache.set(k, result ?? null);
    return result;
  }

  /** Whether a helper only calls string/number/encoding routines (and pure helpers of its own class). */
  private isPure(m: MethodRef, depth = 0): boolean {
    const k = methodKey(m);
    const cached = this.pureCache.get(k);
    if (cached !== undefined) return cached;
    this.pureCache.set(k, false);
    const d = decodeMethod(this.code, m.classType, m);
    let pure = d !== undefined && d.insns.length <= 400;
    if (d && pure) {
      for (const ins of d.insns) {
        if (ins.indexKind === 'field' && ins.name.startsWith('sput')) pure = false;
        if (ins.indexKind !== 'method') continue;
        const t = invokedMethod(d, ins);
        if (!t) {
          pure = false;
        } else if (t.classType === m.classType) {
          pure = depth < 2 && (methodKey(t) === k || this.isPure(t, depth + 1));
        } else {
          pure = PURE_CLASSES.has(t.classType);
        }
        if (!pure) break;
      }
    }
    this.pureCache.set(k, pure);
    return pure;
  }
}

function literalOf(o: ConstantOrigin): { literal?: string } {
  return o.literal === undefined ? {} : { literal: o.literal };
}

/** First bytes of a constant array in hex, for evidence. */
function showBytes(data: Uint8Array | number[]): string {
  const n = Math.min(data.length, 8);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(((Number(data[i]) & 0xff) >>> 0).toString(16).padStart(2, '0'));
  return `{${parts.join(' ')}${data.length > n ? ' …' : ''}}`;
}

/** `Cipher.getInstance("AES")`-style evidence for a call whose first (string) argument was resolved. */
export function callWithString(target: MethodRef, s: ResolvedString): string {
  const via = s.via ? ` (value passed by ${methodLabel(s.via.classType, s.via.method)})` : '';
  return `${shortCallName(target)}(${quote(s.value)})${via}`;
}

/**
 * Whether argument `arg` (receiver first) of `site` is a `new-array` that nothing touches between its
 * creation and the call: no other instruction in between names its register (no `nextBytes`, `arraycopy`,
 * `aput`, `read`, or copy to another register). Such an array is all zeros when it is used.
 */
export function untouchedNewArray(code: CodeIndex, site: CallSite, arg: number): boolean {
  const d = decodeMethod(code, site.classType, site.method);
  if (!d) return false;
  const at = indexAt(d, site.pc);
  if (at < 0) return false;
  const reg = argumentRegister(d.insns[at]!, site.target, arg);
  if (reg === undefined) return false;
  for (let i = at - 1; i >= 0; i--) {
    const ins = d.insns[i]!;
    if (writesRegister(ins, reg)) return ins.name === 'new-array';
    if (ins.name !== 'array-length' && ins.registers.includes(reg)) return false;
  }
  return false;
}
