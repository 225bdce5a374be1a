import type { Severity } from '../../../findings/types.js';
import { reportByMethod, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { describeLoad, javaScriptEnabled, loadsOfClass, scopeNote, type WebLoad } from './webview-support.js';

/** How bad JavaScript is, given what the same class loads into its WebViews. */
function severityFor(loads: readonly WebLoad[]): Severity {
  const worst = loads[0];
  if (!worst) return 'medium';
  if (worst.kind === 'untrusted' || worst.kind === 'external-file' || worst.kind === 'cleartext') return 'high';
  if (loads.every((l) => l.kind === 'local')) return 'low';
  return 'medium';
}

export default defineAndroidCheck({
  id: 'android.webview.javascript-enabled',
  meta: {
    title: 'JavaScript enabled in a WebView',
    family: 'webview',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-2'], maswe: ['MASWE-0035'], cwe: ['CWE-79'], dfs: ['APP-31'] }),
    description: [
      'Finds calls of `WebSettings.setJavaScriptEnabled(true)` with the constant `true` (JavaScript is off by default) and reports where, with what the same class loads into its WebViews.',
      '',
      'JavaScript turns any content injection into script execution inside the app: with a JavaScript bridge it reaches native code, with file access it reads local files, and in any case it can phish for the PIN inside a trusted screen. The severity follows what is loaded: **high** when the class loads content built from an intent, a deep link or typed text, a file on external storage, or a cleartext `http://` page; **low** when it loads only constant local assets; **medium** otherwise (remote HTTPS pages, URLs computed at run time, or no load seen in the class).',
      '',
      'Scope: the app\'s own code, and the code of a hybrid framework (such as Apache Cordova) whose activity the app\'s activities extend — that framework is the app\'s web runtime. WebViews that other bundled SDKs (advertising, analytics) configure are not reported.',
    ].join('\n'),
    manual:
      'Decompile the reported method and confirm the `setJavaScriptEnabled(true)` call; then find which URLs or HTML the same WebView loads (`loadUrl`, `loadData`) and whether any part of them can be influenced by another app, a link, the network or the user. On a debuggable build, `chrome://inspect` shows the pages live.',
    remediation:
      'Leave JavaScript disabled unless the screen needs it. Where it is needed, load only the app\'s own content over HTTPS (or packaged assets through `WebViewAssetLoader`), restrict navigation in `shouldOverrideUrlLoading` to an allow-list, never build pages from intent or user input, and keep file access off.',
  },
  run(ctx) {
    const { app } = ctx;
    const hits: CodeHit[] = [];
    for (const s of javaScriptEnabled(app).sites) {
      const loads = loadsOfClass(app, s.classType);
      const shown = loads.slice(0, 3);
      hits.push({
        place: s,
        target: s.target,
        related: shown.map((l) => l.site),
        evidence:
          'WebSettings.setJavaScriptEnabled(true)' +
          (shown.length > 0 ? `; the class loads ${shown.map(describeLoad).join('; ')}` : '; no page load seen in the same class'),
        severity: severityFor(loads),
      });
    }
    reportByMethod(ctx, hits, (method, g) => {
      const loads = loadsOfClass(app, g[0]!.place.classType);
      const what = loads.length > 0 ? ` It loads ${describeLoad(loads[0]!)}.` : '';
      return `JavaScript is enabled for a WebView in ${method}${scopeNote(app, g[0]!.place.classType)}.${what}`;
    });
  },
});
