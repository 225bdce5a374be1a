/**
 * @module checks/android/storage/code-scope-support
 * Which code a storage, logging or WebView check speaks for, and how to find calls whose target is declared
 * on a subclass of a framework type (`callsOnRoot`). Shared by the `storage`, `logging` and `webview` families.
 *
 * Scope. The app's own code is always in scope. Bundled library code is normally not: a WebView that an
 * advertising SDK configures, or a database an analytics SDK keeps, is the SDK's behaviour, and reporting it
 * for every app that ships the SDK buries the app's own weaknesses. One kind of library is different: the
 * *host framework* of a hybrid app (Apache Cordova, Capacitor, …), whose activity the app's own activities
 * extend. Its WebView settings, bridges and storage *are* the app's web runtime, configured for the app, so
 * they count as the app's code. A host framework is recognised generically: a library class (not the Android
 * platform or a Jetpack/support toolkit) in the superclass chain of a component or of the Application class
 * declared in the manifest; its package and subpackages are then in scope.
 */
import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import type { CallSite, CodeIndex } from '../../../formats/dex/index.js';
import { isLibrary } from '../support.js';

// UI toolkits whose activities apps extend without them being a web runtime.
const TOOLKIT_PREFIXES = [
  'android.', 'androidx.', 'com.android.', 'com.google.android.material.', 'android.support.', 'java.', 'kotlin.',
  'com.google.android.gms.', 'com.google.firebase.',
];

/** `com.x.Y` → `Lcom/x/Y;` (manifest class names to DEX descriptors). */
export function descriptorOf(dottedName: string): string {
  return `L${dottedName.replace(/\./g, '/')};`;
}

const hostCache = new WeakMap<AndroidApp, readonly string[]>();

/**
 * Packages (dotted, with a trailing dot) of the host frameworks the app's declared components extend,
 * e.g. `org.apache.cordova.` for an activity extending `CordovaActivity`.
 */
export function hostFrameworkPackages(app: AndroidApp): readonly string[] {
  const hit = hostCache.get(app);
  if (hit) return hit;
  const out = new Set<string>();
  const code = app.code;
  const declared = app.manifest.components.map((c) => c.name);
  if (app.manifest.application.name) declared.push(app.manifest.application.name);
  for (const name of declared) {
    const type = descriptorOf(name);
    if (isLibrary(app, type)) continue;
    for (const sup of code.superclassChain(type)) {
      const dotted = dottedClassName(sup);
      if (!code.classes.has(sup) || !isLibrary(app, sup)) continue;
      if (TOOLKIT_PREFIXES.some((p) => dotted.startsWith(p))) continue;
      const dot = dotted.lastIndexOf('.');
      if (dot > 0) out.add(dotted.slice(0, dot + 1));
    }
  }
  const list = [...out].sort();
  hostCache.set(app, list);
  return list;
}

/** Whether the class is the app's own code or its host framework's (see the module comment). */
export function inAppScope(app: AndroidApp, classType: string): boolean {
  if (!isLibrary(app, classType)) return true;
  const hosts = hostFrameworkPackages(app);
  if (hosts.length === 0) return false;
  const dotted = dottedClassName(classType);
  return hosts.some((p) => dotted.startsWith(p));
}

/** Whether `type` is `base` or (through the classes the app ships) extends or implements it. */
export function isSubtypeOf(code: CodeIndex, type: string, bases: ReadonlySet<string>): boolean {
  if (bases.has(type)) return true;
  if (!code.classes.has(type)) return false;
  for (const s of code.superclassChain(type)) if (bases.has(s)) return true;
  for (const i of code.interfacesOf(type)) if (bases.has(i)) return true;
  return false;
}

// android.content.Context and the platform classes that extend it; a class whose superclass chain leaves
// the app at one of these (or at a Jetpack/support activity, service or application) is a Context.
const CONTEXT_TYPES = new Set([
  'Landroid/content/Context;', 'Landroid/content/ContextWrapper;', 'Landroid/view/ContextThemeWrapper;',
  'Landroid/app/Activity;', 'Landroid/app/Application;', 'Landroid/app/Service;', 'Landroid/app/IntentService;',
  'Landroid/app/ListActivity;', 'Landroid/app/TabActivity;', 'Landroid/app/ActivityGroup;',
  'Landroid/app/NativeActivity;', 'Landroid/preference/PreferenceActivity;', 'Landroid/app/ExpandableListActivity;',
  'Landroid/app/AliasActivity;', 'Landroid/app/backup/BackupAgent;', 'Landroid/app/backup/BackupAgentHelper;',
  'Landroid/inputmethodservice/InputMethodService;', 'Landroid/accessibilityservice/AccessibilityService;',
  'Landroid/app/job/JobService;', 'Landroid/service/notification/NotificationListenerService;',
  'Landroid/test/mock/MockContext;',
]);

function isContextName(type: string): boolean {
  if (CONTEXT_TYPES.has(type)) return true;
  return /^L(androidx|android\/support)\/.*(Activity|Service|Application);$/.test(type);
}

/** Framework roots whose subclasses the checks look through, by name. */
export type FrameworkRoot = 'Context' | 'WebView' | 'WebSettings';

const ROOT_TYPES: Record<FrameworkRoot, (t: string) => boolean> = {
  Context: isContextName,
  WebView: (t) => t === 'Landroid/webkit/WebView;',
  WebSettings: (t) => t === 'Landroid/webkit/WebSettings;',
};
// Framework classes a call can name as its target for each root (the app's own subclasses are found below).
const ROOT_FRAMEWORK_TYPES: Record<FrameworkRoot, readonly string[]> = {
  Context: [...CONTEXT_TYPES],
  WebView: ['Landroid/webkit/WebView;'],
  WebSettings: ['Landroid/webkit/WebSettings;'],
};

const subtypeCache = new WeakMap<CodeIndex, Record<FrameworkRoot, string[]>>();

/**
 * The classes the app ships that extend each framework root (activities for Context, a hybrid framework's
 * `SystemWebView` for WebView, …): one pass over the app's classes, cached per index.
 */
function appSubtypes(code: CodeIndex): Record<FrameworkRoot, string[]> {
  const hit = subtypeCache.get(code);
  if (hit) return hit;
  const out: Record<FrameworkRoot, string[]> = { Context: [], WebView: [], WebSettings: [] };
  const roots = Object.keys(ROOT_TYPES) as FrameworkRoot[];
  for (const type of code.classes.keys()) {
    if (roots.some((r) => ROOT_TYPES[r](type))) continue;
    const chain = code.superclassChain(type);
    for (const r of roots) if (chain.some(ROOT_TYPES[r])) out[r].push(type);
  }
  subtypeCache.set(code, out);
  return out;
}

/**
 * Calls of `name` (with `descriptor` when given) whose target is declared on the framework root or on any
 * class of the app that extends it — e.g. `getSharedPreferences` called through `LoginActivity` rather
 * than `Context`, or `addJavascriptInterface` through a framework's `SystemWebView`.
 */
export function callsOnRoot(code: CodeIndex, root: FrameworkRoot, name: string, descriptor?: string): CallSite[] {
  const out: CallSite[] = [];
  const seen = new Set<string>();
  for (const t of [...ROOT_FRAMEWORK_TYPES[root], ...appSubtypes(code)[root]]) {
    if (seen.has(t)) continue;
    seen.add(t);
    for (const s of code.callsTo(t, name, descriptor)) out.push(s);
  }
  return out;
}

/** Calls of a Context method (declared on Context or any subclass of it, such as an activity). */
export function contextCalls(code: CodeIndex, name: string, descriptor?: string): CallSite[] {
  return callsOnRoot(code, 'Context', name, descriptor);
}
