import type { Severity } from '../../../findings/types.js';
import { methodKey, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  describeLoad, isFalse, isTrue, javaScriptEnabled, loadsOfClass, scopeNote, webSettingsCalls,
} from './webview-support.js';

// WebSettings.setAllowFileAccess defaults to true for apps targeting API 29 or lower ("The default value is
// true for apps targeting Build.VERSION_CODES.Q and below, and false when targeting R and above").
const FILE_ACCESS_DEFAULT_OFF_SDK = 30;

const SETTINGS: ReadonlyArray<{ name: string; label: string; severity: Severity }> = [
  { name: 'setAllowUniversalAccessFromFileURLs', label: 'universal access from file:// URLs', severity: 'high' },
  { name: 'setAllowFileAccessFromFileURLs', label: 'file access from file:// URLs', severity: 'medium' },
  { name: 'setAllowFileAccess', label: 'file access', severity: 'low' },
  { name: 'setAllowContentAccess', label: 'content:// access', severity: 'low' },
];

export default defineAndroidCheck({
  id: 'android.webview.file-access',
  meta: {
    title: 'WebView allows access to local files',
    family: 'webview',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-2'], maswe: ['MASWE-0034'], cwe: ['CWE-200'], dfs: ['APP-31', 'APP-24'] }),
    description: [
      'Finds WebSettings calls that open a WebView to local files, per calling method: `setAllowUniversalAccessFromFileURLs(true)` (**high**: a page loaded from a `file://` URL may read any file the app can and send it to any origin), `setAllowFileAccessFromFileURLs(true)` (**medium**: a `file://` page may read other local files), and explicit `setAllowFileAccess(true)` / `setAllowContentAccess(true)` (**low**, raised to medium when the same class enables JavaScript and loads content built from untrusted input).',
      '',
      'Defaults matter too: file access is on by default for apps targeting API 29 or lower. When such an app enables JavaScript in a class that loads a `file://` page, a file on external storage or content built from untrusted input, and never calls `setAllowFileAccess(false)` there, the default is reported (low), because a script in that page can then read the app\'s private files through `file://` URLs. Content access (`content://`) is on by default at every level and is reported only when set explicitly together with JavaScript.',
      '',
      'Scope: the app\'s own code and its hybrid framework (e.g. Cordova, which turns universal access on for its `file:///android_asset/www` pages); other bundled SDKs are not reported.',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the WebSettings calls and their arguments; note the app\'s targetSdkVersion. Check what the WebView loads: a `file://` page that can be influenced (external storage, downloaded HTML, a URL from an intent) with these settings can read `file:///data/data/<package>/shared_prefs/…` and post it to a remote server.',
    remediation:
      'Call `setAllowFileAccess(false)`, `setAllowContentAccess(false)`, `setAllowFileAccessFromFileURLs(false)` and `setAllowUniversalAccessFromFileURLs(false)` explicitly, and serve packaged pages through `androidx.webkit.WebViewAssetLoader` (an `https://appassets.androidplatform.net/` origin) instead of `file://` URLs.',
  },
  run(ctx) {
    const { app } = ctx;
    const js = javaScriptEnabled(app);
    const hits: CodeHit[] = [];
    const fileAccessOff = new Set<string>();
    for (const s of webSettingsCalls(app, 'setAllowFileAccess', '(Z)V')) if (isFalse(s.args[1])) fileAccessOff.add(s.classType);

    for (const setting of SETTINGS) {
      for (const s of webSettingsCalls(app, setting.name, '(Z)V')) {
        if (!isTrue(s.args[1])) continue;
        const jsHere = js.methods.has(methodKey(s.method)) || js.classes.has(s.classType);
        const untrusted = jsHere ? loadsOfClass(app, s.classType).find((l) => l.kind === 'untrusted' || l.kind === 'external-file') : undefined;
        if (setting.name === 'setAllowContentAccess' && !jsHere) continue;
        let severity = setting.severity;
        if (severity === 'low' && untrusted) severity = 'medium';
        hits.push({
          place: s,
          target: s.target,
          related: untrusted ? [untrusted.site] : [],
          evidence: `WebSettings.${setting.name}(true)${jsHere ? ' with JavaScript enabled in the same class' : ''}${untrusted ? `; the class loads ${describeLoad(untrusted)}` : ''}`,
          label: setting.label,
          severity,
        });
      }
    }

    // The default: file access on below targetSdk 30, in classes that enable JavaScript and load risky content.
    if (app.manifest.targetSdk < FILE_ACCESS_DEFAULT_OFF_SDK) {
      const explicit = new Set(hits.filter((h) => h.label === 'file access').map((h) => h.place.classType));
      for (const s of js.sites) {
        if (fileAccessOff.has(s.classType) || explicit.has(s.classType)) continue;
        const risky = loadsOfClass(app, s.classType).find(
          (l) => l.kind === 'untrusted' || l.kind === 'external-file' || (l.kind === 'local' && /file:/i.test(l.shown) && !/android_(asset|res)/.test(l.shown)),
        );
        if (!risky) continue;
        hits.push({
          place: s,
          target: s.target,
          related: [risky.site],
          evidence: `no setAllowFileAccess(false) and targetSdkVersion ${app.manifest.targetSdk} < 30: file access is on by default; JavaScript is enabled and the class loads ${describeLoad(risky)}`,
          label: 'file access (default)',
          severity: 'low',
        });
      }
    }

    reportByMethod(ctx, hits, (method, g) => {
      const labels = [...new Set(g.map((h) => h.label).filter((l): l is string => l !== undefined))];
      return `A WebView configured in ${method}${scopeNote(app, g[0]!.place.classType)} allows ${labels.join(', ')}.`;
    });
  },
});
