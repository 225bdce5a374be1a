/**
 * @module checks/android/webview/webview-support
 * What the `webview` checks share: finding WebView and WebSettings calls (also through subclasses such as
 * a hybrid framework's `SystemWebView`), where JavaScript is enabled, and what each class loads into its
 * WebViews — a constant local page, a remote page, or content built from input the app does not control.
 *
 * A WebView and its settings are associated by class: the settings a class applies and the pages it loads
 * are taken to concern the same WebView. That is how apps are written in practice (one screen, one
 * WebView) and avoids following WebView objects through fields and calls.
 */
import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import type { CallSite, CodeIndex, Value } from '../../../formats/dex/index.js';
import { methodKey, showValue } from '../bytecode-support.js';
import { callsOnRoot, hostFrameworkPackages, inAppScope, isSubtypeOf } from '../storage/code-scope-support.js';
import {
  concatenationParts, inputSource, reachingValues, type InputSource,
} from '../storage/value-flow-support.js';
import { isLibrary } from '../support.js';

export const WEBVIEW = 'Landroid/webkit/WebView;';
export const WEBSETTINGS = 'Landroid/webkit/WebSettings;';
const WEBVIEW_TYPES = new Set([WEBVIEW]);

/** Calls of a WebView method (declared on WebView or a subclass) made from code in scope. */
export function webViewCalls(app: AndroidApp, name: string, descriptor?: string): CallSite[] {
  return callsOnRoot(app.code, 'WebView', name, descriptor).filter((s) => inAppScope(app, s.classType));
}

/** Calls of a WebSettings method made from code in scope. */
export function webSettingsCalls(app: AndroidApp, name: string, descriptor?: string): CallSite[] {
  return callsOnRoot(app.code, 'WebSettings', name, descriptor).filter((s) => inAppScope(app, s.classType));
}

/** A boolean argument that is the constant `true`. */
export function isTrue(v: Value | undefined): boolean {
  return v?.k === 'int' && v.v !== 0;
}

/** A boolean argument that is the constant `false`. */
export function isFalse(v: Value | undefined): boolean {
  return v?.k === 'int' && v.v === 0;
}

/** Sentence fragment for a place that belongs to a host framework rather than the app's own code. */
export function scopeNote(app: AndroidApp, classType: string): string {
  if (!isLibrary(app, classType)) return '';
  const dotted = dottedClassName(classType);
  const host = hostFrameworkPackages(app).find((p) => dotted.startsWith(p));
  return host ? ` (in the hybrid framework ${host.slice(0, -1)}, which the app's activities extend)` : '';
}

// ------------------------------------------------------------------------------------------ JavaScript

interface JsState {
  /** Classes (in scope) that call setJavaScriptEnabled(true). */
  classes: Set<string>;
  /** Calling methods (methodKey) that do. */
  methods: Set<string>;
  sites: CallSite[];
}

const jsCache = new WeakMap<AndroidApp, JsState>();

/** Where JavaScript is switched on (`WebSettings.setJavaScriptEnabled(true)`) in code in scope. */
export function javaScriptEnabled(app: AndroidApp): JsState {
  const hit = jsCache.get(app);
  if (hit) return hit;
  const state: JsState = { classes: new Set(), methods: new Set(), sites: [] };
  for (const s of webSettingsCalls(app, 'setJavaScriptEnabled', '(Z)V')) {
    if (!isTrue(s.args[1])) continue;
    state.sites.push(s);
    state.classes.add(s.classType);
    state.methods.add(methodKey(s.method));
  }
  jsCache.set(app, state);
  return state;
}

// ------------------------------------------------------------------------------------------ loads

/** What one load call puts into a WebView. */
export type LoadKind = 'untrusted' | 'external-file' | 'cleartext' | 'remote' | 'local' | 'dynamic';

export interface WebLoad {
  site: CallSite;
  /** `loadUrl`, `loadData`, … */
  call: string;
  kind: LoadKind;
  /** The input the content comes from, for `untrusted` and `external-file`. */
  source?: InputSource;
  /** Readable description of the URL or data argument. */
  shown: string;
  /** For `untrusted`: the content is also a path on external storage (`"file://" + dir + input`). */
  onExternalStorage?: boolean;
}

// The content argument(s) of each WebView load method (receiver is argument 0).
const LOAD_METHODS: ReadonlyArray<{ name: string; descriptor: string; args: number[] }> = [
  { name: 'loadUrl', descriptor: '(Ljava/lang/String;)V', args: [1] },
  { name: 'loadUrl', descriptor: '(Ljava/lang/String;Ljava/util/Map;)V', args: [1] },
  { name: 'loadData', descriptor: '(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V', args: [1] },
  {
    name: 'loadDataWithBaseURL',
    descriptor: '(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V',
    args: [2, 1],
  },
  { name: 'postUrl', descriptor: '(Ljava/lang/String;[B)V', args: [1] },
  { name: 'evaluateJavascript', descriptor: '(Ljava/lang/String;Landroid/webkit/ValueCallback;)V', args: [1] },
];

const loadCache = new WeakMap<AndroidApp, WebLoad[]>();

/** Every load into a WebView from code in scope, classified. */
export function webLoads(app: AndroidApp): WebLoad[] {
  const hit = loadCache.get(app);
  if (hit) return hit;
  const out: WebLoad[] = [];
  for (const m of LOAD_METHODS) {
    for (const site of webViewCalls(app, m.name, m.descriptor)) {
      // A WebView subclass overriding loadUrl and calling super is not a load of its own.
      if (isSubtypeOf(app.code, site.classType, WEBVIEW_TYPES) && site.method.name === m.name) continue;
      out.push(classifyLoad(app, site, m.name, m.args));
    }
  }
  loadCache.set(app, out);
  return out;
}

const RANK: Record<LoadKind, number> = { untrusted: 6, 'external-file': 5, cleartext: 4, dynamic: 3, remote: 2, local: 1 };

function classifyLoad(app: AndroidApp, site: CallSite, call: string, args: number[]): WebLoad {
  const code = app.code;
  let best: WebLoad | undefined;
  for (const arg of args) {
    const values = argumentPieces(code, site, arg);
    const w = classifyPieces(app, site, call, values);
    if (!best || RANK[w.kind] > RANK[best.kind]) best = w;
  }
  return best ?? { site, call, kind: 'dynamic', shown: '?' };
}

/** The pieces of an argument: its concatenation parts, plus the other values it can hold on other paths. */
function argumentPieces(code: CodeIndex, site: CallSite, arg: number): Value[][] {
  const alternatives = reachingValues(code, site, arg);
  const direct = site.args[arg];
  const out: Value[][] = [concatenationParts(code, site, arg)];
  for (const v of alternatives) if (v !== direct && !(direct?.k === 'str' && v.k === 'str' && v.v === direct.v)) out.push([v]);
  return out;
}

function classifyPieces(app: AndroidApp, site: CallSite, call: string, alternatives: Value[][]): WebLoad {
  let best: WebLoad | undefined;
  for (const parts of alternatives) {
    const w = classifyOne(app, site, call, parts);
    if (!best || RANK[w.kind] > RANK[best.kind]) best = w;
  }
  return best!;
}

function classifyOne(app: AndroidApp, site: CallSite, call: string, parts: Value[]): WebLoad {
  const shown = parts.map((p) => showValue(p)).join(' + ') || '?';
  const first = parts[0];
  const prefix = first?.k === 'str' ? first.v.trim().toLowerCase() : undefined;
  let external: InputSource | undefined;
  let input: InputSource | undefined;
  for (const p of parts) {
    const s = inputSource(app, p);
    if (!s) continue;
    if (s.kind === 'external storage') external ??= s;
    else input ??= s;
  }
  if (input) return { site, call, kind: 'untrusted', source: input, shown, ...(external ? { onExternalStorage: true } : {}) };
  if (external && (prefix === undefined || prefix.startsWith('file:'))) {
    return { site, call, kind: 'external-file', source: external, shown };
  }
  if (parts.length === 1 && first?.k === 'str') {
    if (prefix!.startsWith('http://')) return { site, call, kind: 'cleartext', shown };
    if (prefix!.startsWith('https://')) return { site, call, kind: 'remote', shown };
    return { site, call, kind: 'local', shown };
  }
  if (prefix?.startsWith('http://')) return { site, call, kind: 'cleartext', shown };
  if (prefix?.startsWith('https://')) return { site, call, kind: 'remote', shown };
  if (prefix?.startsWith('file:///android_asset/') || prefix?.startsWith('file:///android_res/')) return { site, call, kind: 'local', shown };
  return { site, call, kind: 'dynamic', shown };
}

/** The loads made by a class, worst first. */
export function loadsOfClass(app: AndroidApp, classType: string): WebLoad[] {
  return webLoads(app)
    .filter((l) => l.site.classType === classType)
    .sort((a, b) => RANK[b.kind] - RANK[a.kind]);
}

/** A short phrase for what a load puts in the WebView. */
export function describeLoad(l: WebLoad): string {
  switch (l.kind) {
    case 'untrusted':
      return l.onExternalStorage
        ? `a file on external storage named from ${l.source!.label}`
        : `content from ${l.source!.label}`;
    case 'external-file':
      return `a file on external storage (${l.source!.label})`;
    case 'cleartext':
      return `a cleartext http:// page (${l.shown})`;
    case 'remote':
      return `a remote page (${l.shown})`;
    case 'local':
      return `local content (${l.shown})`;
    default:
      return `a URL computed at run time (${l.shown})`;
  }
}

/** Evidence line for a load. */
export function loadEvidence(l: WebLoad): string {
  return `${dottedClassName(l.site.classType).split('.').pop()}.${l.site.method.name}: WebView.${l.call}(${l.shown})`;
}
