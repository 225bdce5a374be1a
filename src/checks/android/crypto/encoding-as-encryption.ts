import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, MethodRef } from '../../../formats/dex/index.js';
import { OPCODE_WIDTH, payloadWidth } from '../../../formats/dex/opcodes.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { methodKey, methodLabel, quote, reportByMethod, type CodeHit, type MethodPlace } from '../bytecode-support.js';
import { ConstantTracer } from './crypto-support.js';

/**
 * A constant that is a URL hidden by a letter rotation: any Caesar shift of `http(s)://` (ROT13 gives
 * `uggc://`, `uggcf://`) or ROT47 of it (`9EEAi^^`, `9EEADi^^`). Returns the decoded URL.
 */
export function rotatedUrl(s: string): string | undefined {
  if (s.startsWith('9EEAi^^') || s.startsWith('9EEADi^^')) return rot47(s);
  const m = /^([a-zA-Z]{4,5}):\/\//.exec(s);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const shift = (scheme.charCodeAt(0) - 0x68 + 26) % 26; // distance from 'h'
  if (shift === 0) return undefined;
  const decoded = rotate(s, 26 - shift);
  return /^https?:\/\//i.test(decoded) ? decoded : undefined;
}

/** Cheap pre-test for `stringUses`, which asks about every string of the app: a ':' at index 4, 5 or 6. */
function mayBeRotatedUrl(s: string): boolean {
  if (s.length < 8) return false;
  const c = s.charCodeAt(4) === 58 || s.charCodeAt(5) === 58 || (s.charCodeAt(0) === 57 && s.charCodeAt(6) === 58);
  return c && rotatedUrl(s) !== undefined;
}

function rotate(s: string, k: number): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + k) % 26) + base);
  });
}

function rot47(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(33 + ((c.charCodeAt(0) - 33 + 47) % 94)));
}

/**
 * The text a Base64 constant hides, when it decodes to readable text (printable ASCII, at least 6
 * characters, mostly letters); binary payloads (keys, images, ciphertext) are not text and are left out.
 */
export function base64Text(s: string): string | undefined {
  const t = s.trim();
  if (t.length < 8 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t) || t.length % 4 === 1) return undefined;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 6) return undefined;
  let letters = 0;
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) return undefined;
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) letters++;
  }
  return letters / bytes.length >= 0.5 ? bytes.toString('latin1') : undefined;
}

/** Words in a method name that say it protects or reveals data. */
const HIDING_WORDS = new Set([
  'encrypt', 'decrypt', 'crypt', 'encode', 'decode', 'obfuscate', 'deobfuscate', 'obfuscation', 'hide', 'unhide',
  'xor', 'rot13', 'rot47', 'rot', 'caesar', 'cipher', 'scramble', 'unscramble', 'secret', 'mask', 'unmask', 'conceal', 'reveal',
]);

function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
}

/** What a method's raw bytecode shows: literals used, XOR, shifts, loops, array/char element access. */
interface RawShape {
  literals: Set<number>;
  xorLiterals: number[];
  xorRegisters: boolean;
  shifts: boolean;
  backwardBranch: boolean;
  elementAccess: boolean;
  remainder: boolean;
}

/**
 * One allocation-free walk over a method's code units (Dalvik formats 10t/20t/30t/21t/22t for branches,
 * 11n/21s/31i for constants, 22b/22s for literal arithmetic), stepping over payload pseudo-instructions.
 */
function rawShape(insns: Uint16Array): RawShape {
  const shape: RawShape = {
    literals: new Set(), xorLiterals: [], xorRegisters: false, shifts: false, backwardBranch: false, elementAccess: false,
    remainder: false,
  };
  const end = insns.length;
  let pc = 0;
  while (pc < end) {
    const w = insns[pc]!;
    const op = w & 0xff;
    if (op === 0) {
      const pw = w === 0 ? 1 : payloadWidth(insns, pc, end);
      if (pw <= 0) break;
      pc += pw;
      continue;
    }
    const width = OPCODE_WIDTH[op]!;
    if (width === 0 || pc + width > end) break;
    const u1 = width > 1 ? insns[pc + 1]! : 0;
    if (op === 0x12) shape.literals.add((w << 16) >> 28); // const/4
    else if (op === 0x13) shape.literals.add((u1 << 16) >> 16); // const/16
    else if (op >= 0xd0 && op <= 0xd7) {
      const lit = (u1 << 16) >> 16;
      shape.literals.add(lit);
      if (op === 0xd7) shape.xorLiterals.push(lit);
      if (op === 0xd4) shape.remainder = true;
    } else if (op >= 0xd8 && op <= 0xe2) {
      const lit = (u1 << 16) >> 24;
      shape.literals.add(lit);
      if (op === 0xdf) shape.xorLiterals.push(lit);
      if (op === 0xdc) shape.remainder = true;
      if (op >= 0xe0) shape.shifts = true;
    } else if (op === 0x97 || op === 0xb7) shape.xorRegisters = true;
    else if (op === 0x94 || op === 0xb4) shape.remainder = true;
    else if ((op >= 0x98 && op <= 0x9a) || (op >= 0xa3 && op <= 0xa5) || (op >= 0xb8 && op <= 0xba) || (op >= 0xc3 && op <= 0xc5)) shape.shifts = true;
    else if (op === 0x28) {
      if (((w << 16) >> 24) < 0) shape.backwardBranch = true; // goto +AA
    } else if (op === 0x29 || (op >= 0x32 && op <= 0x3d)) {
      if (((u1 << 16) >> 16) < 0) shape.backwardBranch = true; // goto/16, if-* +BBBB
    } else if (op === 0x48 || op === 0x49 || op === 0x4f || op === 0x50 || op === 0x44 || op === 0x4b) shape.elementAccess = true;
    pc += width;
  }
  return shape;
}

/** A letter-rotation routine: `% 26` with 'a'/'A' offsets (Caesar/ROT13), `% 94` with 33 (ROT47), or ±13 around 'm'. */
function rotationKind(s: RawShape): string | undefined {
  const has = (...xs: number[]): boolean => xs.some((x) => s.literals.has(x));
  if (s.remainder && has(26) && has(97, -97, 65, -65)) return 'letter rotation (Caesar/ROT13: % 26 on letters)';
  if (s.remainder && has(94) && has(33, -33)) return 'ROT47 (% 94 on printable characters)';
  if (has(13) && has(-13) && has(109, 77, 110, 78)) return 'ROT13 (±13 around "m")';
  return undefined;
}

/** A XOR "cipher" loop: XOR over array or string elements in a loop, with no shifts (hashes and CRCs shift). */
function xorKind(s: RawShape): string | undefined {
  if (!s.backwardBranch || s.shifts || !s.elementAccess) return undefined;
  if (s.xorLiterals.length > 0 && s.xorLiterals.length <= 2) {
    return `XOR with the constant 0x${(s.xorLiterals[0]! & 0xff).toString(16)} in a loop`;
  }
  if (s.xorRegisters && s.xorLiterals.length === 0) return 'XOR with a key in a loop';
  return undefined;
}

/** Calls that mark a method that turns characters or bytes into text: where encoding routines live. */
const TEXT_BUILDERS: [string, string, string][] = [
  ['Ljava/lang/StringBuilder;', 'append', '(C)Ljava/lang/StringBuilder;'],
  ['Ljava/lang/String;', '<init>', '([C)V'],
  ['Ljava/lang/String;', 'valueOf', '([C)Ljava/lang/String;'],
  ['Ljava/lang/String;', '<init>', '([B)V'],
  ['Ljava/lang/String;', '<init>', '([BLjava/lang/String;)V'],
  ['Ljava/lang/String;', '<init>', '([BLjava/nio/charset/Charset;)V'],
  ['Landroid/util/Base64;', 'encodeToString', '([BI)Ljava/lang/String;'],
  ['Landroid/util/Base64;', 'encode', '([BI)[B'],
];

const MAX_ROUTINE_CANDIDATES = 4000;

const BASE64_CALLS: [string, string][] = [
  ['Landroid/util/Base64;', 'encodeToString'], ['Landroid/util/Base64;', 'encode'], ['Landroid/util/Base64;', 'decode'],
  ['Ljava/util/Base64$Encoder;', 'encodeToString'], ['Ljava/util/Base64$Decoder;', 'decode'],
];

export default defineAndroidCheck({
  id: 'android.crypto.encoding-as-encryption',
  meta: {
    title: 'Encoding or home-made scrambling used to hide data',
    family: 'crypto',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-CRYPTO-1', 'MASVS-CODE-3'], maswe: ['MASWE-0047'], cwe: ['CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-29'] }),
    description: [
      'Reversible transformations are not encryption: anyone who reads the code (or guesses) undoes them. The check looks, in the app\'s own code only, for evidence that such a transformation is used to protect data:',
      '',
      '- string constants that are URLs hidden by a letter rotation (any Caesar shift of `http(s)://`, e.g. ROT13 `uggcf://…`, or ROT47);',
      '- letter-rotation routines (`% 26` arithmetic on letters, `% 94` for ROT47, or ±13 around `m`) and XOR loops over bytes or characters with a constant or a key and no shifts (hashes and checksums shift), when the routine\'s name says it hides data (encrypt, decode, obfuscate, xor, secret, …), its callers pass it a constant, or it Base64-encodes its result;',
      '- Base64 constants that decode to readable text (low severity): a string stored in Base64 is only hidden from a casual reader.',
      '',
      'Binary Base64 constants (public keys, certificates, images) are not reported. Library code is not reported: SDK string scrambling is not a decision of the app.',
    ].join('\n'),
    manual:
      'Decode the constant shown in the evidence (ROT13: `tr A-Za-z N-ZA-Mn-za-m`; Base64: `base64 -d`) or read the reported routine in a decompiler, and decide what it protects (a URL, flag, credential or stored value). Anything whose secrecy matters is exposed.',
    remediation:
      'Do not ship secrets in the app. Data that must be confidential on the device is encrypted with AES-GCM under a Keystore key; server addresses need no hiding but TLS with pinning; credentials belong on the server.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    const own = (classType: string): boolean => !isLibrary(app, classType);

    // 1. URLs hidden by rotation.
    for (const use of code.stringUses(mayBeRotatedUrl)) {
      if (!own(use.classType)) continue;
      const place: MethodPlace = use;
      hits.push({ place, evidence: `const-string ${quote(use.value, 64)} is ${quote(rotatedUrl(use.value)!, 64)} after a letter rotation`, label: 'rotated URL', severity: 'medium' });
    }

    // 2. Base64 constants that hide readable text.
    const decoders: [string, string, number][] = [
      ['Landroid/util/Base64;', 'decode', 0],
      ['Ljava/util/Base64$Decoder;', 'decode', 1],
      ['Lorg/apache/commons/codec/binary/Base64;', 'decodeBase64', 0],
    ];
    for (const [cls, name, arg] of decoders) {
      for (const site of code.callsTo(cls, name)) {
        if (!own(site.classType)) continue;
        const v = site.args[arg];
        if (v?.k !== 'str') continue;
        const text = base64Text(v.v);
        if (text === undefined) continue;
        hits.push({ place: site, target: site.target, evidence: `Base64 constant ${quote(v.v, 64)} decodes to the text ${quote(text, 64)}`, label: 'Base64-hidden text', severity: 'low' });
      }
    }

    // 3. Rotation and XOR routines.
    for (const hit of findRoutines(app, tracer)) hits.push(hit);

    reportByMethod(ctx, hits, (method, g) => `${method} hides data with a reversible encoding (${[...new Set(g.map((h) => h.label))].join(', ')}).`);
  },
});

/** Rotation and XOR routines in the app's own methods that build text from characters or bytes. */
function findRoutines(app: AndroidApp, tracer: ConstantTracer): CodeHit[] {
  const code = app.code;
  const candidates = new Map<string, CallSite>();
  for (const [cls, name, desc] of TEXT_BUILDERS) {
    for (const site of code.callsTo(cls, name, desc)) {
      if (candidates.size >= MAX_ROUTINE_CANDIDATES) break;
      if (isLibrary(app, site.classType)) continue;
      const k = methodKey(site.method);
      if (!candidates.has(k)) candidates.set(k, site);
    }
  }
  const out: CodeHit[] = [];
  for (const site of candidates.values()) {
    const body = code.methodBody(site.classType, site.method);
    if (!body || !body.hasCode) continue;
    const shape = rawShape(body.insns);
    const kind = rotationKind(shape) ?? xorKind(shape);
    if (!kind) continue;
    const m: MethodRef = site.method;
    const reasons: string[] = [];
    const word = nameWords(m.name).find((w) => HIDING_WORDS.has(w));
    if (word) reasons.push(`its name mentions "${word}"`);
    const base64 = BASE64_CALLS.some(([c, n]) => code.callsTo(c, n).some((x) => methodKey(x.method) === methodKey(m)));
    if (base64) reasons.push('it Base64-encodes or decodes');
    const related: MethodPlace[] = [];
    // Only text and byte/char array parameters carry the data (not flags or charsets' positions).
    const isStatic = (body.accessFlags & 0x8) !== 0;
    const dataArgs = m.proto.params.map((p, i) => (p === 'Ljava/lang/String;' || p === '[B' || p === '[C' ? i + (isStatic ? 0 : 1) : -1)).filter((i) => i >= 0);
    for (const caller of tracer.callers(m)) {
      const constant = dataArgs.map((i) => caller.args[i] && tracer.origin(caller.args[i]!, caller)).find((o) => o !== undefined);
      if (!constant) continue;
      reasons.push(`${methodLabel(caller.classType, caller.method)} applies it to ${constant.text}`);
      related.push(caller);
      break;
    }
    if (reasons.length === 0) continue;
    out.push({
      place: { dex: site.dex, classType: site.classType, method: m, pc: 0 },
      related,
      evidence: `${methodLabel(m.classType, m)}: ${kind}; ${reasons.join('; ')}`,
      label: kind.startsWith('XOR') ? 'XOR scrambling' : 'letter rotation',
      severity: 'medium',
    });
  }
  return out;
}
