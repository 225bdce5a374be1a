import type { AndroidApp } from '../../../app/android.js';
import { dottedClassName } from '../../../app/code-origin.js';
import { isDfslabError } from '../../../errors.js';
import type { MethodRef, Value } from '../../../formats/dex/index.js';
import { quote, reportByMethod, simpleTypeName, type CodeHit } from '../bytecode-support.js';
import { secretNamed } from '../storage/sensitive-names-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { describeLoad, javaScriptEnabled, loadsOfClass, scopeNote, webViewCalls } from './webview-support.js';

// Before API 17 every public method of the bridge object, including getClass() inherited from Object, is
// callable from the page, which lets any script reach Runtime.exec by reflection (CVE-2012-6636).
const REFLECTION_FIXED_SDK = 17;
const ACC_PUBLIC = 0x1;

/** The class of the object passed as the bridge, from its abstract value. */
function bridgeType(v: Value | undefined, caller: MethodRef, isStatic: boolean): string | undefined {
  if (!v) return undefined;
  switch (v.k) {
    case 'new':
      return v.type;
    case 'field':
      return v.field.type;
    case 'ret':
      return v.method.proto.returnType;
    case 'param': {
      if (!isStatic && v.index === 0) return caller.classType;
      return caller.proto.params[v.index - (isStatic ? 0 : 1)];
    }
    default:
      return undefined;
  }
}

/** Public instance methods the bridge class declares (what a page can call), up to a few. */
function exposedMethods(app: AndroidApp, type: string): string[] {
  const entry = app.code.classes.get(type);
  if (!entry) return [];
  try {
    const data = entry.dexFile.classData(entry.def);
    const names: string[] = [];
    for (const m of data.virtualMethods) {
      if ((m.accessFlags & ACC_PUBLIC) === 0) continue;
      const name = entry.dexFile.methodRef(m.methodIdx).name;
      if (!names.includes(name)) names.push(name);
    }
    return names;
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    return [];
  }
}

export default defineAndroidCheck({
  id: 'android.webview.javascript-interface',
  meta: {
    title: 'JavaScript bridge exposed to WebView content',
    family: 'webview',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-2'], maswe: ['MASWE-0033'], cwe: ['CWE-749'], dfs: ['APP-31', 'APP-28'] }),
    description: [
      'Finds `WebView.addJavascriptInterface(object, name)` calls and reports the bridge object\'s class, the name it gets in the page (`window.<name>`), and the public methods that class declares.',
      '',
      'Every script that runs in that WebView — the app\'s pages, but also any injected or third-party script, and any page the WebView navigates to — can call the bridge. A bridge that reads the PIN, sends money or runs plugins gives that power to the web content. Before Android 4.2 (API 17) **every** public method is callable, including `getClass()`, so a page can reach `Runtime.exec()` by reflection and run commands as the app (CVE-2012-6636): the finding is **high** when the app\'s minSdkVersion is below 17, or when the same class loads content built from untrusted input; **medium** otherwise.',
      '',
      'Scope: the app\'s own code and its hybrid framework (e.g. Cordova\'s `_cordovaNative` exec bridge, which exposes every installed plugin); bridges that other bundled SDKs install in their own WebViews are not reported. The annotations (`@JavascriptInterface`) are not read: the method list shows all public methods of the class.',
    ].join('\n'),
    manual:
      'Decompile the bridge class and list its `@JavascriptInterface` methods; judge what each does with its arguments. Check which pages the WebView loads and whether navigation is restricted. With minSdk < 17, test `window.<name>.getClass().forName("java.lang.Runtime")` from a page you control.',
    remediation:
      'Avoid bridges in WebViews that show anything but the app\'s own, packaged content. Expose the fewest methods possible, validate every argument, never return secrets, and check the page origin before acting (e.g. use `WebViewCompat.addWebMessageListener` with an allowed-origin list). Raise minSdkVersion to 17 or more.',
  },
  run(ctx) {
    const { app } = ctx;
    const minSdk = app.manifest.minSdk;
    const js = javaScriptEnabled(app);
    const hits: CodeHit[] = [];
    for (const s of webViewCalls(app, 'addJavascriptInterface', '(Ljava/lang/Object;Ljava/lang/String;)V')) {
      const isStatic = s.invoke.startsWith('invoke-static');
      const type = bridgeType(s.args[1], s.method, isStatic);
      const name = s.args[2]?.k === 'str' ? s.args[2].v : undefined;
      const methods = type ? exposedMethods(app, type) : [];
      const loads = loadsOfClass(app, s.classType);
      const untrusted = loads.find((l) => l.kind === 'untrusted' || l.kind === 'external-file' || l.kind === 'cleartext');
      const parts = [
        `WebView.addJavascriptInterface(${type ? `new ${simpleTypeName(type)}(…)` : 'object'}, ${name !== undefined ? quote(name) : 'name'})`,
      ];
      if (type) parts.push(`bridge class ${dottedClassName(type)}`);
      if (methods.length > 0) {
        const secretMethods = methods.filter((m) => secretNamed(m));
        parts.push(`public methods: ${methods.slice(0, 8).join(', ')}${methods.length > 8 ? ', …' : ''}`);
        if (secretMethods.length > 0) parts.push(`methods naming secrets: ${secretMethods.join(', ')}`);
      }
      if (minSdk < REFLECTION_FIXED_SDK) parts.push(`minSdkVersion ${minSdk} < 17: every public method is reachable by reflection (CVE-2012-6636)`);
      if (untrusted) parts.push(`the class loads ${describeLoad(untrusted)}`);
      if (!js.classes.has(s.classType) && js.sites.length === 0) parts.push('no setJavaScriptEnabled(true) seen in the app (the bridge needs JavaScript)');
      hits.push({
        place: s,
        target: s.target,
        related: untrusted ? [untrusted.site] : [],
        evidence: parts.join('; '),
        label: name !== undefined ? `window.${name}` : undefined,
        severity: minSdk < REFLECTION_FIXED_SDK || untrusted ? 'high' : 'medium',
      });
    }
    reportByMethod(ctx, hits, (method, g) => {
      const names = [...new Set(g.map((h) => h.label).filter((l): l is string => l !== undefined))];
      return `${method}${scopeNote(app, g[0]!.place.classType)} exposes a Java object to WebView JavaScript${names.length ? ` as ${names.join(', ')}` : ''}${minSdk < REFLECTION_FIXED_SDK ? `; with minSdkVersion ${minSdk} any page can use it to run code by reflection` : ''}.`;
    });
  },
});
