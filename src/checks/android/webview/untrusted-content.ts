import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import type { CallSite } from '../../../formats/dex/index.js';
import type { Location, Severity } from '../../../findings/types.js';
import type { CheckContext } from '../../types.js';
import { methodLabel, reportByMethod, siteLocation, type CodeHit } from '../bytecode-support.js';
import { isSubtypeOf } from '../storage/code-scope-support.js';
import { keyArgument } from '../storage/value-flow-support.js';
import { baseArchive, defineAndroidCheck, isLibrary, refs } from '../support.js';
import { readWebAssets } from './web-assets-support.js';
import { describeLoad, javaScriptEnabled, loadEvidence, scopeNote, webLoads, type WebLoad } from './webview-support.js';

const INTENT = 'Landroid/content/Intent;';
// Base classes of the native plugins that hybrid frameworks expose to page scripts.
const PLUGIN_BASES = new Set(['Lorg/apache/cordova/CordovaPlugin;', 'Lcom/getcapacitor/Plugin;']);

function loadSeverity(app: AndroidApp, l: WebLoad): Severity {
  const js = javaScriptEnabled(app);
  const script = l.call === 'evaluateJavascript' || /^"javascript:/i.test(l.shown);
  if (script || js.classes.has(l.site.classType)) return 'high';
  if (js.sites.length > 0) return 'medium';
  return 'low';
}

/** The outer class of a nested class (`Lx/Plugin$1;` → `Lx/Plugin;`). */
function outerClass(type: string): string {
  const i = type.indexOf('$');
  return i > 0 ? `${type.slice(0, i)};` : type;
}

/** Calls that read an intent (extras or data) made by hybrid-framework plugins that page scripts can call. */
function intentReadingPlugins(app: AndroidApp): CallSite[] {
  const code = app.code;
  const out: CallSite[] = [];
  for (const s of code.callsTo(INTENT)) {
    if (!/^get.*Extra$|^getExtras$|^getData$|^getDataString$/.test(s.target.name)) continue;
    // The framework's own core plugins (inside the host framework's packages) are not the app's plugins.
    if (isLibrary(app, s.classType)) continue;
    if (isSubtypeOf(code, s.classType, PLUGIN_BASES) || isSubtypeOf(code, outerClass(s.classType), PLUGIN_BASES)) out.push(s);
  }
  return out;
}

function intentCallText(s: CallSite): string {
  const v = { k: 'ret' as const, method: s.target, args: s.args };
  const key = keyArgument(v);
  return `${dottedClassName(s.classType)}.${s.method.name}: Intent.${s.target.name}(${key !== undefined ? JSON.stringify(key) : '…'})`;
}

export default defineAndroidCheck({
  id: 'android.webview.untrusted-content',
  meta: {
    title: 'WebView loads content from untrusted input',
    family: 'webview',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-2', 'MASVS-CODE-4'], maswe: ['MASWE-0035'], cwe: ['CWE-79'], dfs: ['APP-31', 'APP-26'] }),
    description: [
      'Finds WebView loads (`loadUrl`, `loadData`, `loadDataWithBaseURL`, `postUrl`, `evaluateJavascript`) whose URL, HTML or script is not a constant but is built from input the app does not control: an intent extra or the intent\'s data URI (deep links, other apps, broadcasts), text typed into an `EditText`, or a `file://` path on external storage that any app with storage access can rewrite. Concatenations (`"file://" + dir + name`), values on other branches of the method, and fields written elsewhere with such input are followed.',
      '',
      'Severity: **high** when JavaScript is enabled in the same class (or the load runs script), **medium** when it is enabled elsewhere in the app, **low** without JavaScript (the content can still phish inside the app\'s own screen).',
      '',
      'Hybrid apps: when the app ships a web app under `assets/` and a native plugin of its hybrid framework (a Cordova or Capacitor plugin) reads intent extras for the page, while the app\'s own scripts write HTML from variables (`innerHTML`, `document.write`, `insertAdjacentHTML`, `eval`, jQuery `.html()`), the finding reports the plugin call, the script sinks and whether the pages declare a Content Security Policy. The JavaScript data flow from the plugin\'s callback to the sink is **not** traced (the scripts are matched as text): the auditor confirms it.',
      '',
      'Not seen: input that arrives through method parameters from other classes, collections, the network or storage; URL checks done before the load (an allow-list check reduces the risk but is not recognised).',
    ].join('\n'),
    manual:
      'Send the reported component an intent (or open the deep link) with a URL or HTML you control — e.g. `adb shell am start -n <pkg>/<activity> --es <extra> "javascript:alert(1)"` or a page with a script — and watch whether it runs in the app\'s WebView. For hybrid apps, share text containing `<img src=x onerror=alert(1)>` to the app and open the screen that shows it.',
    remediation:
      'Never load URLs or HTML taken from intents, links or user input without validating them against an allow-list of your own HTTPS origins (parse with `Uri`, compare scheme and host exactly). Render untrusted text as text (`textContent`, not `innerHTML`), keep JavaScript and file access off where not needed, and add a strict Content Security Policy to packaged pages.',
  },
  run(ctx) {
    const { app } = ctx;
    const hits: CodeHit[] = [];
    for (const l of webLoads(app)) {
      if (l.kind !== 'untrusted' && l.kind !== 'external-file') continue;
      const severity = loadSeverity(app, l);
      const jsNote = severity === 'high' ? ' with JavaScript enabled' : severity === 'medium' ? ' (JavaScript is enabled elsewhere in the app)' : '';
      hits.push({
        place: l.site, target: l.site.target,
        evidence: `${loadEvidence(l)}: loads ${describeLoad(l)}${jsNote}`,
        label: describeLoad(l), severity,
      });
    }
    reportByMethod(ctx, hits, (method, g) =>
      `${method}${scopeNote(app, g[0]!.place.classType)} loads into a WebView ${[...new Set(g.map((h) => h.label))].join('; ')}.`);

    reportHybridWebApp(ctx, app);
  },
});

/** The hybrid-app case: intent data offered to page scripts that write HTML from variables. */
function reportHybridWebApp(ctx: CheckContext<AndroidApp>, app: AndroidApp): void {
  if (javaScriptEnabled(app).sites.length === 0) return;
  const plugins = intentReadingPlugins(app);
  if (plugins.length === 0) return;
  const assets = readWebAssets(app);
  if (assets.pages.length === 0 || assets.sinks.length === 0) return;
  const archive = baseArchive(app);
  const locations: Location[] = plugins.slice(0, 5).map((s) => siteLocation(app, s, s.target));
  for (const sink of assets.sinks.slice(0, 10)) {
    const loc: Location = { path: sink.path, symbol: sink.sink, key: `line ${sink.line}` };
    if (archive) loc.archive = archive;
    locations.push(loc);
  }
  const noCsp = assets.pages.filter((p) => !assets.pagesWithCsp.includes(p));
  const evidence = [
    ...plugins.slice(0, 5).map((s) => `native plugin reads the intent for page scripts: ${intentCallText(s)}`),
    ...assets.sinks.slice(0, 10).map((s) => `${s.path}:${s.line}: ${s.sink} — ${s.text}`),
    noCsp.length > 0 ? `no Content-Security-Policy in ${noCsp.slice(0, 5).join(', ')}` : `Content-Security-Policy declared in ${assets.pagesWithCsp.join(', ')}`,
  ];
  const pluginClasses = [...new Set(plugins.map((s) => dottedClassName(outerClass(s.classType))))];
  ctx.report({
    message:
      `The packaged web app receives intent data through the native plugin ${pluginClasses.join(', ')} and its scripts write HTML from variables ` +
      `(${[...new Set(assets.sinks.map((s) => s.sink))].join(', ')}) in a WebView with JavaScript; data shared to the app can run as script (DOM XSS) unless the scripts escape it. ` +
      `Confirm the flow from ${methodLabel(plugins[0]!.classType, plugins[0]!.method)} to the sinks.`,
    locations,
    evidence,
    severity: noCsp.length > 0 ? 'high' : 'medium',
    confidence: 'medium',
  });
}
