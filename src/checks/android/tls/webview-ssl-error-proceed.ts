import { decodeMethod, methodLabel, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { extendsClass, proceedShape, SSL_ERROR_HANDLER, WEBVIEW_CLIENT } from './tls-support.js';

const ON_RECEIVED_SSL_ERROR = '(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V';

export default defineAndroidCheck({
  id: 'android.tls.webview-ssl-error-proceed',
  meta: {
    title: 'WebView ignores TLS certificate errors',
    family: 'tls',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1', 'MASVS-PLATFORM-2'], maswe: ['MASWE-0027'], cwe: ['CWE-295'], dfs: ['APP-19', 'APP-17'] }),
    description: [
      'Finds calls to `SslErrorHandler.proceed()`. In an `onReceivedSslError` override of a `WebViewClient` subclass, `proceed()` loads the page despite the certificate error (self-signed, expired, wrong host, untrusted CA): the WebView content, its cookies and anything typed into it are open to a network attacker. The finding says whether the call is unconditional or guarded.',
      '',
      'A guard on `ApplicationInfo.flags & FLAG_DEBUGGABLE` (as hybrid frameworks such as Cordova do) means "only in debuggable builds": it is reported when this APK is debuggable (then it applies) and not reported otherwise. Other guards (an error type, a preference) are reported at medium severity, as is `proceed()` called outside `onReceivedSslError` (typically after asking the user, which users accept).',
      '',
      'Library policy: bundled framework code is reported like the app\'s own, because the WebView it configures is the app\'s.',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the branch around `handler.proceed()`. At run time, route the app through an intercepting proxy whose certificate the device does not trust and open the WebView: if the page loads, errors are ignored.',
    remediation:
      'Do not override `onReceivedSslError`, or call `handler.cancel()` in it. Fix the server certificate instead; for test servers use a debug-only Network Security Configuration (`<debug-overrides>`) and ship release builds with `debuggable=false`.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const debuggable = app.manifest.application.debuggable === true;
    const hits: CodeHit[] = [];
    for (const site of code.callsTo(SSL_ERROR_HANDLER, 'proceed')) {
      const inCallback = site.method.name === 'onReceivedSslError' && site.method.descriptor === ON_RECEIVED_SSL_ERROR &&
        extendsClass(code, site.classType, WEBVIEW_CLIENT);
      const d = decodeMethod(code, site.classType, site.method);
      const shape = d ? proceedShape(d, site.pc) : { unconditional: false, debuggableGuard: false };
      if (shape.debuggableGuard && !debuggable) continue;
      let evidence: string;
      let severity: 'high' | 'medium';
      if (!inCallback) {
        evidence = `SslErrorHandler.proceed() called in ${methodLabel(site.classType, site.method)}, outside onReceivedSslError (deferred, e.g. after a prompt)`;
        severity = 'medium';
      } else if (shape.unconditional) {
        evidence = 'onReceivedSslError calls SslErrorHandler.proceed() unconditionally';
        severity = 'high';
      } else if (shape.debuggableGuard) {
        evidence = 'onReceivedSslError calls SslErrorHandler.proceed() when ApplicationInfo.flags has FLAG_DEBUGGABLE, and this APK is debuggable';
        severity = 'high';
      } else {
        evidence = 'onReceivedSslError calls SslErrorHandler.proceed() under a condition';
        severity = 'medium';
      }
      hits.push({ place: site, target: site.target, evidence, label: !inCallback ? 'from a deferred callback' : shape.unconditional ? 'unconditionally' : 'conditionally', severity });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} lets the WebView proceed despite TLS certificate errors (${g[0]!.label}).`);
  },
});
