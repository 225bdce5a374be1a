/**
 * Shared logic of the resilience (control) checks, also used by the ui family: finding protection code in
 * the app's own bytecode, and turning what was found into a pass, or its absence into a finding.
 *
 * Which code counts: a protection counts when it is in the app's own code (`app.codeOrigin(...) ===
 * 'app'`, which includes dedicated protection SDKs such as RootBeer, since they are not in a known
 * general-purpose library namespace). Code of general SDKs is ignored even when it probes the device:
 * crash reporters, for example, look for `su` to tag crash reports, which protects nothing.
 *
 * How it is found: never a string that merely occurs somewhere. A probe is a specific API call (with its
 * constant arguments) or a field read, or an indicator string used in the same method as the API that
 * makes it a probe (e.g. "/system/xbin/su" in a method that builds a `java.io.File`). Co-occurrence is
 * decided from the method's own instructions (`methodFacts`): the indicator strings are few, so walking
 * the methods that use them is far cheaper than asking the index for every caller of common APIs such
 * as `String.equals`.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { Location } from '../../../findings/types.js';
import type { CallSite, FieldAccess, FieldRef, MethodBody, MethodRef, StringUse, Value } from '../../../formats/dex/index.js';
import type { CheckContext } from '../../types.js';
import { lookup, methodIdsNamed } from '../bytecode-support.js';
import { codeLocation, isLibrary, type CodePlace } from '../support.js';

/** One piece of evidence that a protection is present. */
export interface Proof {
  location: Location;
  evidence: string;
}

/** A target API: class descriptor, optional method name and descriptor. */
export type ApiRef = readonly [classType: string, name?: string, descriptor?: string];

/** Locations listed in a pass at most (the evidence lists every distinct probe, up to 20 lines). */
const MAX_PASS_LOCATIONS = 10;
const MAX_PASS_EVIDENCE = 20;

// ---------------------------------------------------------------- which code is the app's

/** Whether a class is the app's own code: the complement of the shared library decision (support.ts). */
export function isAppCode(app: AndroidApp, classType: string): boolean {
  return !isLibrary(app, classType);
}

// ---------------------------------------------------------------- naming

/** `Lcom/x/Y;->m(I)V`: identity of a method. */
export function methodKey(place: CodePlace): string {
  return `${place.classType}->${place.method.name}${place.method.descriptor}`;
}

/** `com.x.Y.m(I)V`, for evidence. */
export function methodLabel(place: CodePlace): string {
  const cls = place.classType.startsWith('L') ? place.classType.slice(1, -1).replace(/\//g, '.') : place.classType;
  return `${cls}.${place.method.name}${place.method.descriptor}`;
}

/** `File.exists` from `Ljava/io/File;` + `exists`, for evidence and `Location.call`. */
export function shortCall(classType: string, name: string): string {
  const simple = classType.slice(classType.lastIndexOf('/') + 1).replace(/;$/, '');
  return `${simple}.${name}`;
}

export function proofAt(app: AndroidApp, place: CodePlace, evidence: string, call?: string): Proof {
  return { location: codeLocation(app, place, call), evidence: `${methodLabel(place)}: ${evidence}` };
}

// ---------------------------------------------------------------- index lookups restricted to app code

/** Calls to any of `apis` from app code. */
export function appCalls(app: AndroidApp, ...apis: ApiRef[]): CallSite[] {
  const out: CallSite[] = [];
  for (const [cls, name, desc] of apis) {
    for (const c of app.code.callsTo(cls, name, desc)) if (isAppCode(app, c.classType)) out.push(c);
  }
  return out;
}

/** Reads (sget/iget) of a field from app code. */
export function appFieldReads(app: AndroidApp, classType: string, name?: string): FieldAccess[] {
  return app.code.fieldAccesses(classType, name).filter((a) => !a.write && isAppCode(app, a.classType));
}

const probeCache = new WeakMap<AndroidApp, WeakMap<readonly ApiRef[], Map<string, MethodRef>>>();

/**
 * The app methods that call any of `apis`, each with the first API of the list it calls (the list is in
 * order of preference, so evidence names the most telling probe). Built from the index's call sites of
 * those APIs, so it suits specific APIs (File, Runtime.exec, PackageManager…), not ubiquitous ones such as
 * String.equals. Cached per app and list.
 */
export function probeIndex(app: AndroidApp, apis: readonly ApiRef[]): ReadonlyMap<string, MethodRef> {
  let byList = probeCache.get(app);
  if (!byList) probeCache.set(app, (byList = new WeakMap()));
  let index = byList.get(apis);
  if (!index) {
    index = new Map();
    for (const api of apis) {
      for (const c of appCalls(app, api)) {
        const k = methodKey(c);
        if (!index.has(k)) index.set(k, c.target);
      }
    }
    byList.set(apis, index);
  }
  return index;
}

/** const-string uses in app code whose value matches. */
export function appStrings(app: AndroidApp, pred: (s: string) => boolean): StringUse[] {
  return app.code.stringUses(pred).filter((u) => isAppCode(app, u.classType));
}

/**
 * Calls (from any code) to methods named `name` with `descriptor`, on whatever class the call references.
 * For methods a class inherits (Context.getPackageCodePath, View.setFilterTouchesWhenObscured…) the
 * compiler references the static type of the receiver, often an app subclass
 * (`LMainActivity;->getPackageCodePath()`), so a lookup by declaring class would miss them.
 *
 * The method_ids are found by name (`methodIdsNamed`: a binary search of the sorted string_ids, then a scan
 * by string index), without materializing every method reference.
 */
export function callsNamed(app: AndroidApp, names: ReadonlyArray<readonly [name: string, descriptor: string]>): CallSite[] {
  const targets = new Set<string>();
  for (const f of app.code.dexFiles) {
    for (const [name, descriptor] of names) {
      for (const m of methodIdsNamed(f, name)) {
        const ref = lookup(() => f.methodRef(m));
        if (ref && ref.descriptor === descriptor) targets.add(`${ref.classType}\n${name}\n${descriptor}`);
      }
    }
  }
  const out: CallSite[] = [];
  for (const t of [...targets].sort()) {
    const [cls, name, desc] = t.split('\n') as [string, string, string];
    for (const c of app.code.callsTo(cls, name, desc)) out.push(c);
  }
  return out;
}

/** `callsNamed` restricted to callers in app code. */
export function appCallsNamed(app: AndroidApp, names: ReadonlyArray<readonly [name: string, descriptor: string]>): CallSite[] {
  return callsNamed(app, names).filter((c) => isAppCode(app, c.classType));
}

/** String uses grouped by calling method (first use first), so one method's probes make one evidence line. */
export function byMethod(uses: readonly StringUse[]): StringUse[][] {
  const groups = new Map<string, StringUse[]>();
  for (const u of uses) {
    const k = methodKey(u);
    const g = groups.get(k);
    if (g) {
      if (!g.some((x) => x.value === u.value)) g.push(u);
    } else groups.set(k, [u]);
  }
  return [...groups.values()];
}

/** `"a", "b", "c"` (at most `max`, then "…"), for evidence. */
export function quoteList(values: readonly string[], max = 6): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`).join(', ');
  return values.length > max ? `${shown}, … (${values.length} in all)` : shown;
}

// ---------------------------------------------------------------- one method's instructions

/** What one method does, from its instructions: the methods it calls, fields it reads, strings and literals it uses. */
export interface MethodFacts {
  calls: MethodRef[];
  fieldReads: FieldRef[];
  strings: string[];
  /** 32-bit literals of const* and the /lit8, /lit16 arithmetic forms. */
  literals: number[];
}

const EMPTY_FACTS: MethodFacts = Object.freeze({ calls: [], fieldReads: [], strings: [], literals: [] }) as MethodFacts;
const factsCache = new WeakMap<AndroidApp, Map<string, MethodFacts>>();

/** The body of the method at `place`; undefined when absent or unreadable (recorded by the index). */
export function bodyOf(app: AndroidApp, place: Pick<CodePlace, 'classType' | 'method'>): MethodBody | undefined {
  return lookup(() => app.code.methodBody(place.classType, place.method));
}

/** The facts of one method, decoded once per app and method. Unreadable code gives empty facts. */
export function methodFacts(app: AndroidApp, place: Pick<CodePlace, 'classType' | 'method'>): MethodFacts {
  let cache = factsCache.get(app);
  if (!cache) factsCache.set(app, (cache = new Map()));
  const key = `${place.classType}->${place.method.name}${place.method.descriptor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const body = bodyOf(app, place);
  let facts = EMPTY_FACTS;
  if (body?.hasCode) {
    const f = body.dexFile;
    facts =
      lookup(() => {
        const out: MethodFacts = { calls: [], fieldReads: [], strings: [], literals: [] };
        for (const i of body.instructions()) {
          if (typeof i.literal === 'number') out.literals.push(i.literal);
          if (i.index === undefined) continue;
          if (i.indexKind === 'method') out.calls.push(f.methodRef(i.index));
          else if (i.indexKind === 'string') out.strings.push(f.string(i.index));
          else if (i.indexKind === 'field' && (i.name.startsWith('sget') || i.name.startsWith('iget'))) out.fieldReads.push(f.fieldRef(i.index));
        }
        return out;
      }) ?? EMPTY_FACTS;
  }
  cache.set(key, facts);
  return facts;
}

/**
 * A call in `facts` that matches one of `apis` (class, and name/descriptor when given). `apis` is in order
 * of preference: the first API that the method calls wins, so evidence names the most telling probe.
 */
export function callMatching(facts: MethodFacts, apis: readonly ApiRef[]): MethodRef | undefined {
  for (const [cls, name, desc] of apis) {
    for (const c of facts.calls) {
      if (c.classType === cls && (name === undefined || c.name === name) && (desc === undefined || c.descriptor === desc)) return c;
    }
  }
  return undefined;
}

/**
 * Whether the method at `place` ANDs a value with a mask having `bit` set at or after `fromPc` — the
 * `x & FLAG` of a flag test (`and-int/lit8 vA, vB, 0x2`, or `and-int` with a register loaded by a const).
 * Register contents are approximated by the last const written in address order, which is enough for
 * the straight-line code compilers emit for such tests.
 */
export function maskedWith(app: AndroidApp, place: CodePlace, bit: number, fromPc = 0): boolean {
  const body = bodyOf(app, place);
  if (!body?.hasCode) return false;
  const insns = lookup(() => body.instructions());
  if (!insns) return false;
  const consts = new Map<number, number>();
  for (const i of insns) {
    if (i.name.startsWith('const') && !i.name.startsWith('const-') && typeof i.literal === 'number') {
      consts.set(i.registers[0]!, i.literal);
      continue;
    }
    if (i.pc < fromPc) continue;
    if ((i.name === 'and-int/lit8' || i.name === 'and-int/lit16') && typeof i.literal === 'number' && (i.literal & bit) !== 0) return true;
    if (i.name === 'and-int' || i.name === 'and-int/2addr') {
      for (const r of i.registers.slice(1)) {
        const c = consts.get(r);
        if (c !== undefined && (c & bit) !== 0) return true;
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------- values

/** The constant string a value holds, if any. */
export function constString(v: Value | undefined): string | undefined {
  return v?.k === 'str' ? v.v : undefined;
}

/** The constant int a value holds, if any (wide constants that fit in 32 bits are accepted too). */
export function constInt(v: Value | undefined): number | undefined {
  if (v?.k === 'int') return v.v;
  if (v?.k === 'wide' && v.v >= -(2n ** 31n) && v.v < 2n ** 32n) return Number(v.v);
  return undefined;
}

// ---------------------------------------------------------------- conclusions

/**
 * The conclusion of a control check: a pass listing where the protection was found, or a finding saying
 * that it was not found (no location: it is about the app as a whole).
 */
export function concludeControl(
  ctx: CheckContext<AndroidApp>,
  proofs: readonly Proof[],
  text: { present: string; absent: string; absentEvidence?: string[] },
): void {
  if (proofs.length === 0) ctx.report({ message: text.absent, locations: [], evidence: text.absentEvidence ?? [] });
  else passControl(ctx, proofs, text.present);
}

/** A pass with the places (at most 10, one per method or file) and the distinct evidence lines, sorted. */
export function passControl(ctx: CheckContext<AndroidApp>, proofs: readonly Proof[], message: string): void {
  const seen = new Set<string>();
  const locations: Location[] = [];
  const evidence = [...new Set(proofs.map((p) => p.evidence))].sort();
  for (const p of proofs) {
    const key = JSON.stringify([p.location.archive, p.location.path, p.location.class, p.location.method, p.location.key]);
    if (seen.has(key) || locations.length >= MAX_PASS_LOCATIONS) continue;
    seen.add(key);
    locations.push(p.location);
  }
  const shown = evidence.length > MAX_PASS_EVIDENCE ? [...evidence.slice(0, MAX_PASS_EVIDENCE), `… and ${evidence.length - MAX_PASS_EVIDENCE} more`] : evidence;
  ctx.pass({ message, locations, evidence: shown });
}
