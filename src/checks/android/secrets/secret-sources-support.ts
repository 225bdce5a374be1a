/**
 * @module checks/android/secrets/secret-sources-support
 * Where an app keeps secrets, and how each place is searched. Every function returns `SecretHit`s (one per
 * distinct place) for the `hardcoded-secret` check to report:
 *
 * - code: string constants in a known credential format; constants compared with what the user typed (a
 *   password or PIN check done in the app); constants handed to credential sinks (HTTP `Authorization` and
 *   API-key headers, `PasswordAuthentication`, `Credentials.basic`, JDBC); constants stored in fields named
 *   like secrets; constant bytes handed to the app's own native methods; Base64 constants decoded in a method
 *   that compares input with the decoded result;
 * - resources: string entries in a credential format, or named like a secret with a credential-like value;
 * - assets: configuration files and scripts (credential formats, secret-named keys), bundled private keys and
 *   key stores;
 * - native libraries: `.rodata` strings in a credential format, and the constants of a JNI method that checks
 *   typed input (`native boolean check(String)`, or an int status): the secret it compares against lives in
 *   the library.
 *
 * Library policy: only the app's own code is searched (constants inside bundled SDKs are theirs); resources,
 * assets and native libraries are the app's whoever put them there.
 */
import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import { isDfslabError } from '../../../errors.js';
import { ACC_NATIVE } from '../../../formats/dex/dex-file.js';
import type { CallSite, MethodRef, Value } from '../../../formats/dex/index.js';
import { readRodataStrings } from '../../../formats/elf/index.js';
import type { Location, Severity, Confidence } from '../../../findings/types.js';
import { byMethod, callsNamed, constText, isConstant, shortCall, stringArg } from '../code/dataflow-support.js';
import { methodKey, methodLabel, simpleTypeName, siteLocation } from '../bytecode-support.js';
import { baseArchive, isLibrary } from '../support.js';
import { isPlaceholder, isSecretName, looksLikeCredential, looksRandom, matchKeyFormat, redact } from './secret-patterns-support.js';

export interface SecretHit {
  /** Identity of the place, to report each once. */
  key: string;
  message: string;
  locations: Location[];
  evidence: string[];
  severity: Severity;
  confidence: Confidence;
}

const STRING = 'Ljava/lang/String;';
/** Answers compared with input for ordinary reasons, not secrets. */
const ORDINARY_ANSWER = /^(true|false|yes|no|null|none|ok|cancel|on|off|y|n|en|fr|default|unknown|test|debug|release)$/i;

// Cheap prefilter for `matchKeyFormat` over every string constant of the app: the fixed parts of the formats.
const FORMAT_HINT = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|AIza|GOCSPX|APA91b|_live_|_test_|xox[baprse]-|hooks\.slack|gh[pousr]_|github_pat_|PRIVATE KEY|SK[0-9a-f]{32}|SG\.|key-[0-9a-f]{32}|access_token\$|sq0[ac]|EAAA|FLWSECK|EAACEd|AccountKey=|eyJ|:\/\/[^\s/@]+@/;

function formatIn(text: string): ReturnType<typeof matchKeyFormat> {
  return text.length >= 16 && FORMAT_HINT.test(text) ? matchKeyFormat(text) : undefined;
}

function resourceLocation(app: AndroidApp, type: string, entry: string): Location {
  const l: Location = { path: 'resources.arsc', key: `${type}/${entry}` };
  const a = baseArchive(app);
  if (a) l.archive = a;
  return l;
}

// ------------------------------------------------------------------------------------------- code

/** "API Key: 123abc", "password=S3cret": a credential written after its label inside a longer text. */
const LABELLED = /\b(api[ _-]?key|api[ _-]?secret|secret[ _-]?key|access[ _-]?key|client[ _-]?secret|password|passwd|pwd|passcode|token)\s*[:=]\s*([^\s,;'"<>()]{4,128})/i;

function labelledIn(text: string): { label: string; value: string } | undefined {
  if (text.length < 8 || text.length > 2048) return undefined;
  const m = LABELLED.exec(text);
  if (!m || !looksLikeCredential(m[2]!) || /^(%|\$|\{)/.test(m[2]!)) return undefined;
  return { label: m[1]!, value: m[2]! };
}

/**
 * String constants of the app's own code that hold a credential: in a known provider format, or written
 * after a label ("API Key: …", "password=…").
 */
export function formatsInCode(app: AndroidApp): SecretHit[] {
  const uses = app.code.stringUses((s) => formatIn(s) !== undefined || labelledIn(s) !== undefined).filter((u) => !isLibrary(app, u.classType));
  const byValue = new Map<string, typeof uses>();
  for (const u of uses) {
    let g = byValue.get(u.value);
    if (!g) byValue.set(u.value, (g = []));
    g.push(u);
  }
  const out: SecretHit[] = [];
  for (const [value, group] of byValue) {
    const m = formatIn(value);
    const l = m ? undefined : labelledIn(value)!;
    const where = group.slice(0, 5).map((u) => `used in ${methodLabel(u.method)}`);
    out.push(m
      ? {
        key: `format:${m.value}`,
        message: `A ${m.format.label} is written in the app's code (${methodLabel(group[0]!.method)}).`,
        locations: group.slice(0, 5).map((u) => siteLocation(app, u)),
        evidence: [`const-string ${redact(m.value)} matches the ${m.format.label} format`, ...where],
        severity: m.format.severity,
        confidence: 'high',
      }
      : {
        key: `labelled:${value}`,
        message: `A credential labelled "${l!.label}" is written in a text constant of the app's code (${methodLabel(group[0]!.method)}).`,
        locations: group.slice(0, 5).map((u) => siteLocation(app, u)),
        evidence: [`const-string ${redact(value, 24)} contains ${l!.label}: ${redact(l!.value)}`, ...where],
        severity: 'medium',
        confidence: 'medium',
      });
  }
  return out;
}

/** `x.getText()` / `x.getText().toString()`: text the user typed. */
function isTyped(v: Value | undefined): boolean {
  if (v?.k !== 'ret') return false;
  if (v.method.name === 'getText' && v.method.proto.params.length === 0) return true;
  const recv = v.method.name === 'toString' && v.method.proto.params.length === 0 ? v.args[0] : undefined;
  return recv?.k === 'ret' && recv.method.name === 'getText' && recv.method.proto.params.length === 0;
}

/** Typed text, or a parameter that some caller (one level up, at most 12 calls) fills with typed text. */
function typedInput(app: AndroidApp, v: Value | undefined, site: CallSite): { how: string } | undefined {
  if (isTyped(v)) return { how: 'text typed in the UI' };
  if (v?.k === 'param') {
    const m = site.method;
    for (const c of app.code.callsTo(m.classType, m.name, m.descriptor).slice(0, 12)) {
      if (isTyped(c.args[v.index])) return { how: `text typed in the UI, passed in by ${methodLabel(c.method)}` };
    }
  }
  return undefined;
}

/** A `getString(R.string.x)` value: the resource id. */
function resourceString(v: Value | undefined): number | undefined {
  if (v?.k !== 'ret' || !(v.method.name === 'getString' || v.method.name === 'getText') || v.method.proto.params.length !== 1 || v.method.proto.params[0] !== 'I') return undefined;
  const id = v.args[v.args.length - 1];
  return id?.k === 'int' ? id.v >>> 0 : undefined;
}

const COMPARISONS: ReadonlyArray<[string, string]> = [
  [STRING, 'equals'], [STRING, 'equalsIgnoreCase'], [STRING, 'contentEquals'],
  ['Landroid/text/TextUtils;', 'equals'], ['Ljava/util/Objects;', 'equals'],
];

/** Comparison call sites of the app's code, by calling method (shared by two detectors). */
export function comparisonSites(app: AndroidApp): Map<string, CallSite[]> {
  const out = new Map<string, CallSite[]>();
  for (const [cls, name] of COMPARISONS) {
    for (const site of app.code.callsTo(cls, name)) {
      if (site.args.length < 2 || isLibrary(app, site.classType)) continue;
      const k = methodKey(site.method);
      let g = out.get(k);
      if (!g) out.set(k, (g = []));
      g.push(site);
    }
  }
  return out;
}

/** Constants (or resource strings) compared with what the user typed: a password, PIN or code checked in the app. */
export function comparedWithInput(app: AndroidApp, sites: Map<string, CallSite[]>): SecretHit[] {
  const out: SecretHit[] = [];
  const res = app.resources;
  for (const group of sites.values()) {
    const found: Array<{ site: CallSite; evidence: string; secret: string }> = [];
    for (const site of group) {
      const [a, b] = [site.args[0], site.args[1]];
      for (const [c, x] of [[a, b], [b, a]] as const) {
        const input = typedInput(app, x, site);
        if (!input) continue;
        if (c?.k === 'str') {
          const v = c.v;
          if (v.length < 3 || v.length > 128 || /\s/.test(v.trim()) || ORDINARY_ANSWER.test(v) || isPlaceholder(v)) continue;
          found.push({ site, secret: v, evidence: `${shortCall(site.target)}(${redact(v)}) compared with ${input.how}` });
        } else {
          const id = resourceString(c);
          const name = id === undefined ? undefined : res?.nameOf(id);
          const value = id === undefined ? undefined : res?.resolveDefault(id)?.string;
          if (!name || value === undefined || value.length < 3) continue;
          found.push({ site, secret: value, evidence: `${shortCall(site.target)}(getString(R.${name.type}.${name.entry}) = ${redact(value)}) compared with ${input.how}` });
        }
      }
    }
    if (found.length === 0) continue;
    const m = found[0]!.site.method;
    out.push({
      key: `compare:${methodKey(m)}`,
      message: `${methodLabel(m)} checks what the user typed against a value stored in the app (a hard-coded password, PIN or code).`,
      locations: found.map((f) => siteLocation(app, f.site, f.site.target)),
      evidence: found.map((f) => f.evidence),
      severity: 'high',
      confidence: 'high',
    });
  }
  return out;
}

/** Base64 constants decoded in a method that compares a parameter or typed text with a computed string. */
export function encodedComparisons(app: AndroidApp, sites: Map<string, CallSite[]>): SecretHit[] {
  const out: SecretHit[] = [];
  const decodes = app.code.callsTo('Landroid/util/Base64;', 'decode').filter((s) => s.args[0]?.k === 'str' && !isLibrary(app, s.classType));
  for (const group of byMethod(decodes)) {
    const compares = sites.get(methodKey(group[0]!.method)) ?? [];
    const cmp = compares.find((s) => {
      const [a, b] = [s.args[0], s.args[1]];
      const input = (v: Value | undefined): boolean => v?.k === 'param' || isTyped(v);
      const computed = (v: Value | undefined): boolean => v !== undefined && v.k !== 'str' && v.k !== 'param' && !isTyped(v);
      return (input(a) && computed(b)) || (input(b) && computed(a));
    });
    const encoded = group.filter((s) => s.args[0]?.k === 'str' && looksRandom((s.args[0] as { v: string }).v));
    if (!cmp || encoded.length === 0) continue;
    const m = cmp.method;
    out.push({
      key: `encoded:${methodKey(m)}`,
      message: `${methodLabel(m)} decodes a constant and compares the input with the result: the expected secret ships with the app, only encoded.`,
      locations: [...encoded.map((s) => siteLocation(app, s, s.target)), siteLocation(app, cmp, cmp.target)],
      evidence: [...encoded.map((s) => `Base64.decode(${redact((s.args[0] as { v: string }).v)})`), `${shortCall(cmp.target)}(…) compares a parameter or typed text with the decoded value`],
      severity: 'high',
      confidence: 'medium',
    });
  }
  return out;
}

// HTTP header setters: (class, method); matched on any subclass by name, with (String, String) parameters.
const HEADER_SETTERS = ['setRequestProperty', 'addRequestProperty', 'header', 'addHeader', 'setHeader'];
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-?api-?key|api-?key|apikey|x-?auth-?token|auth-?token|x-?access-?token|access-?token|token|x-[\w-]*(key|token|secret|auth)[\w-]*|[\w-]*secret[\w-]*)$/i;

/** Constants handed to APIs that take credentials: HTTP auth and API-key headers, password objects, JDBC. */
export function credentialSinks(app: AndroidApp): SecretHit[] {
  const code = app.code;
  const hits: Array<{ site: CallSite; evidence: string }> = [];
  for (const name of HEADER_SETTERS) {
    for (const site of callsNamed(code, name, ['(Ljava/lang/String;Ljava/lang/String;)V', '(Ljava/lang/String;Ljava/lang/String;)Lokhttp3/Request$Builder;', '(Ljava/lang/String;Ljava/lang/String;)Lcom/squareup/okhttp/Request$Builder;'])) {
      const header = site.args[1];
      if (header?.k !== 'str' || !CREDENTIAL_HEADER.test(header.v) || isLibrary(app, site.classType)) continue;
      const value = site.args[2]?.k === 'str' ? { parts: [{ kind: 'const' as const, text: (site.args[2] as { v: string }).v }] } : stringArg(code, site, 2);
      if (!value || !isConstant(value)) continue;
      const text = constText(value);
      const secret = text.replace(/^(Bearer|Basic|Token|Digest|ApiKey|Key)\s+/i, '');
      if (!looksLikeCredential(secret) || formatIn(text)) continue; // a known format is reported as such
      hits.push({ site, evidence: `${shortCall(site.target)}(${JSON.stringify(header.v)}, ${redact(text)})` });
    }
  }
  const pairs: ReadonlyArray<[string, string, number[]]> = [
    ['Ljava/net/PasswordAuthentication;', '<init>', [2]],
    ['Lokhttp3/Credentials;', 'basic', [1]],
    ['Lorg/apache/http/auth/UsernamePasswordCredentials;', '<init>', [2]],
    ['Landroid/webkit/HttpAuthHandler;', 'proceed', [2]],
    ['Ljava/sql/DriverManager;', 'getConnection', [2]],
  ];
  for (const [cls, name, args] of pairs) {
    for (const site of code.callsTo(cls, name)) {
      if (isLibrary(app, site.classType)) continue;
      for (const i of args) {
        let v = site.args[i];
        // password.toCharArray()
        if (v?.k === 'ret' && v.method.name === 'toCharArray') v = v.args[0];
        if (v?.k !== 'str' || !looksLikeCredential(v.v)) continue;
        hits.push({ site, evidence: `${shortCall(site.target)}(…, ${redact(v.v)}) with a constant password` });
      }
    }
  }
  return byMethod(hits.map((h) => ({ ...h, method: h.site.method }))).map((group) => ({
    key: `sink:${methodKey(group[0]!.method)}`,
    message: `${methodLabel(group[0]!.method)} sends a credential written in the code (${[...new Set(group.map((h) => shortCall(h.site.target)))].join(', ')}).`,
    locations: group.map((h) => siteLocation(app, h.site, h.site.target)),
    evidence: group.map((h) => h.evidence),
    severity: 'high' as const,
    confidence: 'high' as const,
  }));
}

/** Fields named like secrets (apiSecret, DB_PASSWORD…) that the app's code sets to a constant string. */
export function secretFields(app: AndroidApp): SecretHit[] {
  const code = app.code;
  const out: SecretHit[] = [];
  const seen = new Set<string>();
  for (const dex of code.dexFiles) {
    for (let i = 0; i < dex.fieldCount; i++) {
      let f;
      try {
        f = dex.fieldRef(i);
      } catch (e) {
        if (!isDfslabError(e)) throw e;
        continue;
      }
      if (f.type !== STRING || !isSecretName(f.name) || seen.has(`${f.classType}->${f.name}`)) continue;
      seen.add(`${f.classType}->${f.name}`);
      const writes = code.fieldAccesses(f.classType, f.name).filter((a) => a.write && a.value?.k === 'str' && !isLibrary(app, a.classType));
      const secrets = writes.filter((w) => {
        const v = (w.value as { v: string }).v;
        return looksLikeCredential(v) && !formatIn(v);
      });
      if (secrets.length === 0) continue;
      out.push({
        key: `field:${f.classType}->${f.name}`,
        message: `${dottedClassName(f.classType)}.${f.name} is set to a constant: a secret written in the code.`,
        locations: secrets.slice(0, 5).map((w) => siteLocation(app, w)),
        evidence: secrets.slice(0, 5).map((w) => `${simpleTypeName(f.classType)}.${f.name} = ${redact((w.value as { v: string }).v)} in ${methodLabel(w.method)}`),
        severity: 'medium',
        confidence: 'medium',
      });
    }
  }
  return out;
}

interface NativeMethod {
  method: MethodRef;
}

/** Native methods declared by the app's classes. */
function appNativeMethods(app: AndroidApp): NativeMethod[] {
  const out: NativeMethod[] = [];
  for (const dex of app.code.dexFiles) {
    let t;
    try {
      t = dex.members();
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      continue;
    }
    for (let k = 0; k < t.methodIdx.length; k++) {
      if ((t.methodFlags[k]! & ACC_NATIVE) === 0) continue;
      try {
        const m = dex.methodRef(t.methodIdx[k]!);
        if (!isLibrary(app, m.classType)) out.push({ method: m });
      } catch (e) {
        if (!isDfslabError(e)) throw e;
      }
    }
  }
  return out;
}

/** The constant string behind a value: `"k"`, `"k".getBytes()`, `"k".toCharArray()`, and how it is shown. */
function constantBehind(v: Value | undefined): { text: string; shown: string } | undefined {
  if (v?.k === 'str') return { text: v.v, shown: redact(v.v) };
  if (v?.k === 'ret' && (v.method.name === 'getBytes' || v.method.name === 'toCharArray') && v.method.classType === STRING) {
    const r = v.args[0];
    return r?.k === 'str' ? { text: r.v, shown: `${redact(r.v)}.${v.method.name}()` } : undefined;
  }
  return undefined;
}

/** JNI symbol of a native method (JNI specification "Resolving Native Method Names", short form). */
export function jniSymbol(m: Pick<MethodRef, 'classType' | 'name'>): string {
  const mangle = (s: string): string =>
    [...s].map((ch) => {
      if (ch === '/') return '_';
      if (ch === '_') return '_1';
      if (ch === ';') return '_2';
      if (ch === '[') return '_3';
      if (/[A-Za-z0-9]/.test(ch)) return ch;
      return `_0${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }).join('');
  return `Java_${mangle(m.classType.slice(1, -1))}_${mangle(m.name)}`;
}

const KEY_LENGTHS = new Set([16, 24, 32, 48, 64]);
const COMPARATORS = ['strcmp', 'strncmp', 'memcmp', 'bcmp', 'strcasecmp', 'strncasecmp'];
// Strings every NDK library may carry: unwinder and libc++ messages, paths, formats, toolchain notes.
const TOOLCHAIN_TEXT = /%|\/|^_|^\.|unwind|register|personality|libc\+\+|exception|terminate|abort|phase[12]|EHABI|vtable|typeinfo|std::|GCC|clang|Android \(|^r\d+[a-z]?$|^\d+$/i;
const ABI_PREFERENCE = ['arm64-v8a', 'x86_64', 'armeabi-v7a', 'x86', 'armeabi'];
const MAX_LIBRARY_BYTES = 16 * 1024 * 1024;

function libraryBytes(app: AndroidApp, path: string, archive: string | undefined): Uint8Array | undefined {
  try {
    const e = app.partOf(path, archive)?.zip.get(path);
    if (e && e.uncompressedSize > MAX_LIBRARY_BYTES) return undefined;
    return app.read(path, archive);
  } catch (e) {
    if (isDfslabError(e)) return undefined;
    throw e;
  }
}

/** One copy of each native library (by file name), the preferred ABI first. */
function librariesByName(app: AndroidApp): Map<string, AndroidApp['nativeLibs'][number]> {
  const byName = new Map<string, AndroidApp['nativeLibs'][number]>();
  const rank = (abi: string): number => {
    const i = ABI_PREFERENCE.indexOf(abi);
    return i < 0 ? 99 : i;
  };
  for (const lib of app.nativeLibs) {
    const name = lib.path.slice(lib.path.lastIndexOf('/') + 1);
    const cur = byName.get(name);
    if (!cur || rank(lib.abi) < rank(cur.abi)) byName.set(name, lib);
  }
  return byName;
}

function rodataCandidates(bytes: Uint8Array, label: string): string[] {
  let strings: string[];
  try {
    strings = readRodataStrings(bytes, { minLength: 6, max: 2000, label });
  } catch (e) {
    if (isDfslabError(e)) return [];
    throw e;
  }
  return strings.filter((s) => s.length <= 64 && /[A-Za-z]/.test(s) && !TOOLCHAIN_TEXT.test(s));
}

/**
 * Constants the app hands to its own native methods (`init("pizza…".getBytes())`), and native methods that
 * check typed input and answer yes/no (`native boolean bar(byte[])`): the expected secret is in the library.
 */
export function nativeSecrets(app: AndroidApp): SecretHit[] {
  const natives = appNativeMethods(app);
  if (natives.length === 0) return [];
  const code = app.code;
  const out: SecretHit[] = [];
  const libs = [...librariesByName(app).values()];
  const libraryOf = (m: MethodRef): { lib: (typeof libs)[number]; comparator: string | undefined } | undefined => {
    const symbol = jniSymbol(m);
    for (const lib of libs) {
      if (!lib.elf?.exportedSymbols.some((s) => s === symbol || s.startsWith(`${symbol}__`))) continue;
      const comparator = app.nativeLibs.filter((l) => l.path.endsWith(lib.path.slice(lib.path.lastIndexOf('/'))))
        .flatMap((l) => l.elf?.importedSymbols ?? []).find((s) => COMPARATORS.includes(s));
      return { lib, comparator };
    }
    return undefined;
  };
  for (const { method } of natives) {
    for (const site of code.callsTo(method.classType, method.name, method.descriptor)) {
      if (isLibrary(app, site.classType)) continue;
      const first = site.invoke.startsWith('invoke-static') ? 0 : 1;
      // A one-token constant handed to native code that has the length of a key (16/24/32/48/64 bytes) or
      // the look of a credential is key material (an XOR or AES key, a seed); short words are settings.
      const constants = site.args.slice(first).map(constantBehind).filter((c): c is NonNullable<typeof c> =>
        c !== undefined && c.text.length >= 8 && c.text.length <= 512 && !/\s/.test(c.text) && !isPlaceholder(c.text) &&
        !/^[a-z]+([._/-][a-z]+)+$/i.test(c.text) && (KEY_LENGTHS.has(c.text.length) || looksLikeCredential(c.text)));
      if (constants.length > 0) {
        out.push({
          key: `native-init:${methodKey(site.method)}:${methodKey(method)}`,
          message: `${methodLabel(site.method)} passes a constant to the native method ${methodLabel(method)}: key material written in the code.`,
          locations: [siteLocation(app, site, site.target)],
          evidence: constants.map((c) => `${shortCall(method)}(${c.shown}) — ${shortCall(method)} is declared native`),
          severity: 'medium',
          confidence: 'medium',
        });
      }
      // A yes/no (or status code) answer about typed input: the comparison happens in the library.
      if (method.proto.returnType !== 'Z' && method.proto.returnType !== 'I') continue;
      const input = site.args.slice(first).map((a) => {
        const inner = a.k === 'ret' && a.method.name === 'getBytes' ? a.args[0] : a;
        return typedInput(app, inner, site);
      }).find((x) => x !== undefined);
      if (!input) continue;
      const found = libraryOf(method);
      const candidates = found ? rodataCandidates(libraryBytes(app, found.lib.path, found.lib.archive) ?? new Uint8Array(0), found.lib.path).slice(0, 5) : [];
      out.push({
        key: `native-check:${methodKey(method)}`,
        message: `${methodLabel(site.method)} checks ${input.how} with the native method ${methodLabel(method)}: the expected value is stored in ${found ? found.lib.path.slice(found.lib.path.lastIndexOf('/') + 1) : 'a native library'}.`,
        locations: [siteLocation(app, site, site.target), ...(found ? [{ path: found.lib.path, symbol: jniSymbol(method), ...(found.lib.archive ? { archive: found.lib.archive } : {}) }] : [])],
        evidence: [
          `native ${shortCall(method)} returns ${method.proto.returnType === 'Z' ? 'boolean' : 'int'} for ${input.how}`,
          ...(found ? [`${found.lib.path} exports ${jniSymbol(method)}${found.comparator ? ` and imports ${found.comparator}` : ''}`] : []),
          ...(candidates.length ? [`constant strings in its .rodata: ${candidates.map((c) => redact(c)).join(', ')}`] : []),
        ],
        severity: 'medium',
        confidence: candidates.length > 0 && found?.comparator ? 'medium' : 'low',
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- resources

/** String resources in a credential format, or named like a secret with a credential-like value. */
export function resourceSecrets(app: AndroidApp): SecretHit[] {
  const res = app.resources;
  if (!res) return [];
  const out: SecretHit[] = [];
  for (const e of res.entries('string')) {
    const value = res.resolveDefault(e.id)?.string;
    if (value === undefined || value.length > 4096) continue;
    const m = formatIn(value);
    if (m) {
      out.push({
        key: `res:${e.name}`,
        message: `The string resource ${e.name} holds a ${m.format.label}.`,
        locations: [resourceLocation(app, 'string', e.name)],
        evidence: [`string/${e.name} = ${redact(m.value)} (${m.format.label} format)`],
        severity: m.format.severity,
        confidence: 'high',
      });
    } else if (isSecretName(e.name) && looksLikeCredential(value)) {
      out.push({
        key: `res:${e.name}`,
        message: `The string resource ${e.name} holds what its name says is a secret.`,
        locations: [resourceLocation(app, 'string', e.name)],
        evidence: [`string/${e.name} = ${redact(value)}`],
        severity: 'medium',
        confidence: 'medium',
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- assets

const CONFIG_FILE = /\.(json|xml|properties|ya?ml|conf|cfg|ini|txt|env|plist|toml)$/i;
const SCRIPT_FILE = /\.(js|mjs|html?|bundle)$/i;
const KEY_FILE = /\.(pem|key|p8)$/i;
const KEY_STORE = /\.(p12|pfx|jks|bks|keystore)$/i;
const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_SCRIPT_BYTES = 4 * 1024 * 1024;
const MAX_FILES = 400;
/** `"name": "value"`, `name = value` (properties), `<name>value</name>`. */
const KEY_VALUE = /["']?([A-Za-z][\w.-]{1,60})["']?\s*[:=]\s*["']?([^"'\s,;<>]{4,512})["']?|<([A-Za-z][\w.-]{1,60})>([^<\s]{4,512})<\/\3>/g;
/** In scripts only quoted values count (`apiKey: "…"`, `API_KEY = '…'`): unquoted ones are expressions. */
const KEY_VALUE_QUOTED = /["']?([A-Za-z][\w.-]{1,60})["']?\s*[:=]\s*["'`]([^"'`\s]{4,512})["'`]/g;

export function assetSecrets(app: AndroidApp): SecretHit[] {
  const out: SecretHit[] = [];
  let files = 0;
  for (const f of app.files) {
    if (!(f.path.startsWith('assets/') || f.path.startsWith('res/raw/'))) continue;
    const location: Location = { path: f.path, ...(f.archive ? { archive: f.archive } : {}) };
    if (KEY_STORE.test(f.path)) {
      out.push({
        key: `asset:${f.archive ?? ''}!${f.path}`,
        message: `${f.path} is a key store shipped in the app; it usually holds a private key, and its password is in the code.`,
        locations: [location],
        evidence: [`${f.path} (${f.size} bytes)`],
        severity: 'low',
        confidence: 'low',
      });
      continue;
    }
    const config = CONFIG_FILE.test(f.path) || KEY_FILE.test(f.path);
    const script = SCRIPT_FILE.test(f.path);
    if (!config && !script) continue;
    if (f.size > (config ? MAX_CONFIG_BYTES : MAX_SCRIPT_BYTES) || ++files > MAX_FILES) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = app.read(f.path, f.archive);
    } catch (e) {
      if (isDfslabError(e)) continue;
      throw e;
    }
    if (!bytes || bytes.subarray(0, 4096).includes(0)) continue;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    const evidence: string[] = [];
    let severity: Severity = 'medium';
    let confidence: Confidence = config ? 'medium' : 'low';
    const m = formatIn(text);
    if (m) {
      evidence.push(`${redact(m.value)} (${m.format.label} format)`);
      severity = m.format.severity;
      confidence = 'high';
    }
    for (const kv of text.matchAll(config ? KEY_VALUE : KEY_VALUE_QUOTED)) {
      const name = kv[1] ?? kv[3]!;
      const value = kv[2] ?? kv[4]!;
      if (!isSecretName(name) || !looksLikeCredential(value) || formatIn(value)) continue;
      evidence.push(`${name} = ${redact(value)}`);
      if (evidence.length >= 10) break;
    }
    if (evidence.length === 0) continue;
    out.push({
      key: `asset:${f.archive ?? ''}!${f.path}`,
      message: `${f.path} holds ${evidence.length === 1 ? 'a secret' : `${evidence.length} secrets`} shipped with the app.`,
      locations: [location],
      evidence,
      severity,
      confidence,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------- native

/** `.rodata` strings of the native libraries (one ABI per library) in a credential format. */
export function nativeFormats(app: AndroidApp): SecretHit[] {
  const out: SecretHit[] = [];
  let scanned = 0;
  for (const lib of librariesByName(app).values()) {
    if (!lib.elf || ++scanned > 40) continue;
    const bytes = libraryBytes(app, lib.path, lib.archive);
    if (!bytes) continue;
    let strings: string[];
    try {
      strings = readRodataStrings(bytes, { minLength: 16, label: lib.path });
    } catch (e) {
      if (isDfslabError(e)) continue;
      throw e;
    }
    const hits = strings.map(formatIn).filter((x): x is NonNullable<typeof x> => x !== undefined);
    if (hits.length === 0) continue;
    out.push({
      key: `native:${lib.path}`,
      message: `${lib.path} contains ${hits.length === 1 ? `a ${hits[0]!.format.label}` : `${hits.length} credentials`} in its read-only data.`,
      locations: [{ path: lib.path, ...(lib.archive ? { archive: lib.archive } : {}) }],
      evidence: hits.slice(0, 10).map((h) => `${redact(h.value)} (${h.format.label} format)`),
      severity: hits.map((h) => h.format.severity).sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))[0]!,
      confidence: 'high',
    });
  }
  return out;
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
