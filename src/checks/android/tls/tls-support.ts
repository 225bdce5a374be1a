/**
 * @module checks/android/tls/tls-support
 * Reading the bodies of the callbacks that decide TLS trust: `X509TrustManager.checkServerTrusted`
 * (accepts a chain by returning, rejects by throwing `CertificateException`), `HostnameVerifier.verify`
 * (returns a boolean) and `WebViewClient.onReceivedSslError` (calls `SslErrorHandler.proceed()` or
 * `cancel()`), plus the question "is this class used at all" for code bundled in libraries.
 *
 * The body analyses are linear walks over short methods (see crypto/bytecode-support.ts for the register
 * approximation); they are exact for the shapes that matter (empty bodies, logging-only bodies, constant
 * returns, swallowed exceptions) and answer "not proven" otherwise, so that an unusual body is not reported.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { CodeIndex, MethodRef } from '../../../formats/dex/index.js';
import {
  accessedField, decodeMethod, definitionOf, indexAt, invokedMethod, isBranch, isInvoke, isReturn,
  type DecodedMethod,
} from '../bytecode-support.js';

export const X509_TRUST_MANAGER = 'Ljavax/net/ssl/X509TrustManager;';
export const X509_EXTENDED_TRUST_MANAGER = 'Ljavax/net/ssl/X509ExtendedTrustManager;';
export const HOSTNAME_VERIFIER = 'Ljavax/net/ssl/HostnameVerifier;';
export const WEBVIEW_CLIENT = 'Landroid/webkit/WebViewClient;';
export const SSL_ERROR_HANDLER = 'Landroid/webkit/SslErrorHandler;';

/** Whether `classType` implements `iface` (directly, through a superclass, or via a super-interface). */
export function implementsInterface(code: CodeIndex, classType: string, iface: string): boolean {
  return code.interfacesOf(classType).includes(iface);
}

export function extendsClass(code: CodeIndex, classType: string, superclass: string): boolean {
  return code.superclassChain(classType).includes(superclass);
}

// ---------------------------------------------------------------- calls that decide nothing

/** Logging APIs: a body that only logs still decides nothing. */
const LOGGING_CLASSES = new Set([
  'Landroid/util/Log;', 'Ljava/io/PrintStream;', 'Ljava/util/logging/Logger;', 'Lorg/slf4j/Logger;', 'Ltimber/log/Timber;',
  'Ltimber/log/Timber$Forest;', 'Ltimber/log/Timber$Tree;', 'Ljava/lang/Throwable;', 'Ljava/lang/Exception;',
]);

/** Value plumbing that never rejects anything: string building, boxing, null checks, certificate getters. */
const PLUMBING_CLASSES = new Set([
  'Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;', 'Ljava/lang/String;', 'Ljava/lang/Object;',
  'Ljava/lang/Integer;', 'Ljava/lang/Long;', 'Ljava/lang/Boolean;', 'Ljava/util/Arrays;', 'Ljava/lang/System;',
  'Lkotlin/jvm/internal/Intrinsics;', 'Ljava/security/Principal;', 'Ljavax/security/auth/x500/X500Principal;',
]);

const CERTIFICATE_CLASSES = new Set(['Ljava/security/cert/X509Certificate;', 'Ljava/security/cert/Certificate;']);

const LOGGER_TYPE = /(Log|Logger|Logging)(\$\w+)?;$/;

/**
 * A call that cannot reject a certificate: logging (any class whose simple name ends in `Log`/`Logger`
 * counts, as SDKs wrap their loggers), string and value plumbing, and certificate getters.
 */
export function isInertCall(t: MethodRef): boolean {
  if (LOGGING_CLASSES.has(t.classType) || PLUMBING_CLASSES.has(t.classType)) return true;
  // Building the exception to throw decides nothing by itself (the throw is weighed separately).
  if (t.name === '<init>' && /(Exception|Error);$/.test(t.classType)) return true;
  if (LOGGER_TYPE.test(t.classType)) return true;
  // Fetching a logger (a getter or a synthetic accessor `access$000()` returning one) decides nothing either.
  if (t.proto.params.length === 0 && LOGGER_TYPE.test(t.proto.returnType)) return true;
  if (CERTIFICATE_CLASSES.has(t.classType)) return t.name.startsWith('get') || t.name === 'toString' || t.name === 'hashCode';
  return false;
}

// ---------------------------------------------------------------- trust managers

export type TrustVerdict =
  | { kind: 'accepts-all'; detail: string }
  | { kind: 'validity-only'; detail: string };

/**
 * What a `checkServerTrusted` body does, when it provably accepts every chain: an empty body, one that
 * only logs, one that only rejects a missing chain, one whose only check is `checkValidity()` (dates, not
 * the issuer), or one that catches the exception of every real check and carries on. Undefined when the
 * body may reject a chain (it throws after reading a certificate, delegates to another trust manager
 * without swallowing, or calls code we do not read).
 * `sameClassOverload` answers for calls to another `checkServerTrusted` overload of the same class.
 */
export function analyzeCheckServerTrusted(
  d: DecodedMethod,
  sameClassOverload: (t: MethodRef) => TrustVerdict | undefined,
): TrustVerdict | undefined {
  let validity = false;
  let swallowed = 0;
  let throws = false;
  let readsCertificates = false;
  let delegated: TrustVerdict | undefined;
  for (const ins of d.insns) {
    if (ins.name === 'throw') throws = true;
    if (!isInvoke(ins)) continue;
    const t = invokedMethod(d, ins);
    if (!t) return undefined;
    if (CERTIFICATE_READERS.has(t.classType)) readsCertificates = true;
    if (isInertCall(t)) continue;
    if (t.classType === d.body.classType && t.name === 'checkServerTrusted') {
      const v = sameClassOverload(t);
      if (!v) return undefined;
      delegated = v;
      continue;
    }
    if (CERTIFICATE_CLASSES.has(t.classType) && t.name === 'checkValidity') {
      validity = true;
      continue;
    }
    if (swallowedAt(d, ins.pc)) {
      swallowed++;
      continue;
    }
    return undefined;
  }
  if (throws) {
    // A throw can reject: only when nothing else is checked and no certificate is even read (the body
    // tests that a chain was passed, `chain == null || chain.length == 0`) does it still accept any chain.
    // A body without a return-void rejects every chain (e.g. a manager that always throws).
    if (validity || swallowed > 0 || delegated || readsCertificates || !d.insns.some((x) => x.name === 'return-void')) return undefined;
    return { kind: 'accepts-all', detail: 'it only checks that a chain is present (null or empty) and never examines a certificate' };
  }
  if (delegated) return delegated;
  if (swallowed > 0) return { kind: 'accepts-all', detail: 'every check it makes sits in a try block whose handler swallows the CertificateException' };
  if (validity) return { kind: 'validity-only', detail: 'its only check is X509Certificate.checkValidity(): any certificate within its dates is accepted, whoever issued it' };
  const meaningful = d.insns.filter((x) => !isReturn(x) && x.name !== 'nop' && x.format !== 'payload');
  if (meaningful.length === 0) return { kind: 'accepts-all', detail: 'its body is empty (it returns without checking anything)' };
  return { kind: 'accepts-all', detail: 'it only logs or inspects the chain and never throws' };
}

/** Classes whose calls read certificate content (a body that reads them and throws may be pinning). */
const CERTIFICATE_READERS = new Set([
  'Ljava/security/cert/X509Certificate;', 'Ljava/security/cert/Certificate;', 'Ljava/security/Principal;',
  'Ljavax/security/auth/x500/X500Principal;', 'Ljava/security/PublicKey;',
]);

/** Exception types whose handler catches a CertificateException thrown by a trust check. */
const CATCHES_CERTIFICATE_EXCEPTION = new Set([
  undefined, 'Ljava/security/cert/CertificateException;', 'Ljava/security/GeneralSecurityException;',
  'Ljava/lang/Exception;', 'Ljava/lang/Throwable;',
]);

/**
 * Whether the call at `pc` is covered by a handler for CertificateException (or a supertype) whose code
 * runs straight to a return without throwing and only makes inert calls: the check's failure is ignored.
 */
function swallowedAt(d: DecodedMethod, pc: number): boolean {
  for (const t of d.body.tries) {
    if (pc < t.startAddr || pc >= t.startAddr + t.insnCount) continue;
    for (const h of t.handlers) {
      if (!CATCHES_CERTIFICATE_EXCEPTION.has(h.type)) continue;
      return handlerReturnsQuietly(d, h.addr);
    }
  }
  return false;
}

/** Follows a handler from `addr` (through gotos, at most 40 steps): true if it reaches a return with only inert calls. */
function handlerReturnsQuietly(d: DecodedMethod, addr: number): boolean {
  let i = indexAt(d, addr);
  for (let steps = 0; i >= 0 && i < d.insns.length && steps < 40; steps++) {
    const ins = d.insns[i]!;
    if (ins.name === 'throw' || isBranch(ins)) return false;
    if (isReturn(ins)) return true;
    if (isInvoke(ins)) {
      const t = invokedMethod(d, ins);
      if (!t || !isInertCall(t)) return false;
    }
    if (ins.name.startsWith('goto')) {
      i = ins.target === undefined ? -1 : indexAt(d, ins.target);
      continue;
    }
    i++;
  }
  return false;
}

/** Whether `getAcceptedIssuers` returns null (a hint of a hand-written permissive manager). */
export function acceptedIssuersIsNull(code: CodeIndex, classType: string): boolean {
  const d = decodeMethod(code, classType, { name: 'getAcceptedIssuers', descriptor: '()[Ljava/security/cert/X509Certificate;' });
  if (!d) return false;
  let sawReturn = false;
  for (let i = 0; i < d.insns.length; i++) {
    const ins = d.insns[i]!;
    if (ins.name !== 'return-object') continue;
    sawReturn = true;
    const def = definitionOf(d, i, ins.registers[0]!);
    if (!def || !def.name.startsWith('const') || def.literal !== 0) return false;
  }
  return sawReturn;
}

// ---------------------------------------------------------------- hostname verifiers

/**
 * Whether a `verify(String, SSLSession)` body returns true on every path: every return instruction returns
 * a register last set to the constant 1, or the result of a static/private helper that itself always
 * returns true (Kotlin and Java lambdas compile `{ _, _ -> true }` to such a helper). A body that throws
 * or may return anything else is not permissive.
 */
export function alwaysReturnsTrue(code: CodeIndex, d: DecodedMethod, depth = 0): boolean {
  let returns = 0;
  for (let i = 0; i < d.insns.length; i++) {
    const ins = d.insns[i]!;
    if (ins.name === 'throw') return false;
    if (!isReturn(ins)) continue;
    if (ins.name === 'return-void') return false;
    returns++;
    const def = definitionOf(d, i, ins.registers[0]!);
    if (!def) return false;
    if (def.name.startsWith('const')) {
      if (def.literal !== 1) return false;
      continue;
    }
    if (isInvoke(def) && depth < 2) {
      const t = invokedMethod(d, def);
      if (!t || t.proto.returnType !== 'Z' || !(def.name.startsWith('invoke-static') || def.name.startsWith('invoke-direct'))) return false;
      const helper = decodeMethod(code, t.classType, t);
      if (!helper || !alwaysReturnsTrue(code, helper, depth + 1)) return false;
      continue;
    }
    return false;
  }
  return returns > 0;
}

// ---------------------------------------------------------------- SslErrorHandler.proceed()

export interface ProceedShape {
  /** True when no branch precedes the proceed() call in the method. */
  unconditional: boolean;
  /** True when the branch tests ApplicationInfo.flags & FLAG_DEBUGGABLE (proceed only in debuggable builds). */
  debuggableGuard: boolean;
}

/** How the `proceed()` call at `pc` is guarded in its method. */
export function proceedShape(d: DecodedMethod, pc: number): ProceedShape {
  const at = indexAt(d, pc);
  let unconditional = true;
  let debuggableGuard = false;
  let readsFlags = false;
  for (let i = 0; i < (at < 0 ? d.insns.length : at); i++) {
    const ins = d.insns[i]!;
    if (isBranch(ins)) unconditional = false;
    if (ins.name.startsWith('iget')) {
      const f = accessedField(d, ins);
      if (f && f.classType === 'Landroid/content/pm/ApplicationInfo;' && f.name === 'flags') readsFlags = true;
    }
    // ApplicationInfo.FLAG_DEBUGGABLE = 1 << 1.
    if (readsFlags && ins.name.startsWith('and-int/lit') && ins.literal === 2) debuggableGuard = true;
  }
  return { unconditional, debuggableGuard };
}

// ---------------------------------------------------------------- is bundled code used?

/** The outermost class of a nest: `Lx/Outer$1;` → `Lx/Outer;`. */
export function nestRoot(classType: string): string {
  const i = classType.indexOf('$');
  return i < 0 ? classType : `${classType.slice(0, i)};`;
}

/**
 * Whether any code outside `classType`'s nest refers to the nest: calls one of its methods (including
 * constructors) or reads one of its fields. A trust-all manager in a library that nothing outside the
 * library class refers to is dead code in this app.
 */
export function referencedFromOutsideNest(app: AndroidApp, classType: string): boolean {
  const code = app.code;
  const root = nestRoot(classType);
  const inNest = (t: string): boolean => nestRoot(t) === root;
  const nest = [classType, root];
  for (const t of new Set(nest)) {
    if (code.callsTo(t).some((c) => !inNest(c.classType))) return true;
    if (code.fieldAccesses(t).some((a) => !inNest(a.classType))) return true;
  }
  return false;
}

/** Where instances of `classType` are created (its constructor calls, excluding super() calls from subclasses). */
export function instantiations(code: CodeIndex, classType: string): ReturnType<CodeIndex['callsTo']> {
  return code.callsTo(classType, '<init>').filter((c) => !(c.method.name === '<init>' && c.args[0]?.k === 'param' && c.args[0].index === 0));
}
