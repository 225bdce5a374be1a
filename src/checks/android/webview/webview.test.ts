import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../findings/types.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { corpusDir, CORPUS_SKIP_MESSAGE } from '../../../../test/corpus.js';
import { callsOnRoot } from '../storage/code-scope-support.js';
import type { AndroidCheck } from '../support.js';
import debuggingEnabled from './debugging-enabled.js';
import fileAccess from './file-access.js';
import javascriptEnabled from './javascript-enabled.js';
import javascriptInterface from './javascript-interface.js';
import untrustedContent from './untrusted-content.js';
import { declaresContentSecurityPolicy, findScriptSinks, isVendorScript } from './web-assets-support.js';
import { findingsOf, loadFixture } from '../testing.test-support.js';

const fixture = loadFixture;

const vulnerable = fixture('vulnerable-wallet.apk');
const hardened = fixture('hardened-wallet.apk');

const findings = (app: AndroidApp, check: AndroidCheck): Promise<Finding[]> => findingsOf(app, check);

describe('webview checks on the fixtures', () => {
  it('javascript-enabled: reports WebPortalActivity, high because it loads a deep-link URL', async () => {
    const f = await findings(vulnerable, javascriptEnabled);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.locations[0]).toMatchObject({ class: 'org.dfslab.fixture.vulnwallet.ui.WebPortalActivity', method: 'onCreate(Landroid/os/Bundle;)V' });
    expect(f[0]!.evidence[0]).toContain('the intent data URI (query parameter "url")');
    expect(await findings(hardened, javascriptEnabled)).toEqual([]);
  });

  it('javascript-interface: names the bridge class, its page name and its methods', async () => {
    const f = await findings(vulnerable, javascriptInterface);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('window.WalletBridge');
    expect(f[0]!.evidence[0]).toContain('bridge class org.dfslab.fixture.vulnwallet.web.WalletJsBridge');
    expect(f[0]!.evidence[0]).toContain('methods naming secrets: getStoredPin');
    // minSdk 19: not the reflection case, but high because the same screen loads a deep-link URL.
    expect(f[0]!.evidence[0]).not.toContain('CVE-2012-6636');
    expect(f[0]!.severity).toBe('high');
    expect(await findings(hardened, javascriptInterface)).toEqual([]);
  });

  it('file-access: universal access makes it high; explicit false settings are not reported', async () => {
    const f = await findings(vulnerable, fileAccess);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.message).toContain('universal access from file:// URLs');
    expect(f[0]!.evidence).toHaveLength(3);
    expect(await findings(hardened, fileAccess)).toEqual([]);
  });

  it('debugging-enabled: unguarded true is high; a FLAG_DEBUGGABLE guard in a release build is silent', async () => {
    const f = await findings(vulnerable, debuggingEnabled);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.locations[0]!.class).toBe('org.dfslab.fixture.vulnwallet.WalletApplication');
    // hardened-wallet c.a calls setWebContentsDebuggingEnabled(true) only when flags & FLAG_DEBUGGABLE.
    expect(hardened.code.callsTo('Landroid/webkit/WebView;', 'setWebContentsDebuggingEnabled')).toHaveLength(1);
    expect(await findings(hardened, debuggingEnabled)).toEqual([]);
  });

  it('untrusted-content: the deep-link load and the hybrid page fed from an intent plugin', async () => {
    const f = await findings(vulnerable, untrustedContent);
    expect(f).toHaveLength(2);
    const load = f.find((x) => x.locations[0]!.class?.endsWith('WebPortalActivity'))!;
    expect(load.severity).toBe('high');
    expect(load.evidence[0]).toContain('WebView.loadUrl(Uri.getQueryParameter(Intent.getData(');
    const hybrid = f.find((x) => x.message.includes('packaged web app'))!;
    expect(hybrid.message).toContain('org.dfslab.fixture.vulnwallet.web.ShareIntentPlugin');
    expect(hybrid.evidence).toContain("assets/www/js/inbox.js:4: innerHTML — note.innerHTML = '<b>Shared with you:</b> ' + text;");
    expect(hybrid.locations).toContainEqual({ path: 'assets/www/js/inbox.js', symbol: 'innerHTML', key: 'line 4' });
    expect(await findings(hardened, untrustedContent)).toEqual([]);
  });
});

const dir = corpusDir();

describe.skipIf(!dir)('webview checks on the third-party corpus', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const open = (name: string): AndroidApp => AndroidApp.open(readFileSync(join(dir!, name)), { label: name });

  it('InsecureBankv2: a file:// page on external storage named from an intent extra; no bridge of the ads SDK', async () => {
    const app = open('InsecureBankv2.apk');
    const f = await findings(app, untrustedContent);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('a file on external storage named from intent extra "uname"');
    // The only addJavascriptInterface is in Google Play services' ad WebView: not the app's.
    const raw = callsOnRoot(app.code, 'WebView', 'addJavascriptInterface');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((s) => s.classType.startsWith('Lcom/google/android/gms/'))).toBe(true);
    expect(await findings(app, javascriptInterface)).toEqual([]);
  });

  it('InjuredAndroid: loadData of an intent extra (high) and a broadcast extra loaded elsewhere (medium)', async () => {
    const f = await findings(open('InjuredAndroid.apk'), untrustedContent);
    expect(f.map((x) => [x.locations[0]!.class, x.severity]).sort()).toEqual([
      ['b3nac.injuredandroid.DisplayPostXSS', 'high'],
      ['b3nac.injuredandroid.TestBroadcastReceiver$Receiver', 'medium'],
    ]);
  });

  it('DVHMA (Cordova): the framework the app extends is in scope, other framework plugins are not', async () => {
    const app = open('DVHMA-featherweight.apk');
    const bridge = await findings(app, javascriptInterface);
    expect(bridge).toHaveLength(1);
    expect(bridge[0]!.severity).toBe('high'); // minSdk 14 < 17
    expect(bridge[0]!.locations[0]!.library).toBe(true);
    const debug = await findings(app, debuggingEnabled);
    expect(debug.map((x) => x.severity)).toEqual(['medium']); // guarded by FLAG_DEBUGGABLE, and the build is debuggable
    const access = await findings(app, fileAccess);
    expect(access[0]!.message).toContain('universal access from file:// URLs');
    const web = await findings(app, untrustedContent);
    expect(web).toHaveLength(1);
    expect(web[0]!.message).toContain('com.borismus.webintent.WebIntent');
    expect(web[0]!.message).not.toContain('CoreAndroid');
  });

  it('diva: a URL typed by the user, with the default file access of targetSdk 23', async () => {
    const app = open('diva-mobsf.apk');
    expect((await findings(app, untrustedContent))[0]!.message).toContain('text typed in R.id.ivi2uri');
    const access = await findings(app, fileAccess);
    expect(access.map((x) => x.severity)).toEqual(['low']);
    expect(access[0]!.message).toContain('file access (default)');
  });
});

describe('web asset scanning', () => {
  it('finds HTML sinks fed by variables and ignores string literals', () => {
    const js = [
      "el.innerHTML = '';",
      'el.innerHTML = "Edit";',
      'el.innerHTML = items[id]["content"];',
      "el.outerHTML += '<b>' + name + '</b>';",
      '// el.innerHTML = comment;',
      "document.write('<p>static</p>');",
      'document.write(location.hash);',
      "node.insertAdjacentHTML('beforeend', html);",
      "node.insertAdjacentHTML('beforeend', '<br>');",
      'eval(code);',
      "eval('1+1');",
      "retrieval(x); obj.eval(x);",
      "$('#a').html(data);",
      "$('#a').html();",
      "$('#a').html('<i>x</i>');",
    ].join('\n');
    expect(findScriptSinks('a.js', js).map((s) => `${s.line}:${s.sink}`)).toEqual([
      '3:innerHTML', '4:outerHTML', '7:document.write', '8:insertAdjacentHTML', '10:eval', '13:jQuery .html()',
    ]);
  });

  it('skips minified lines and knows vendor files', () => {
    expect(findScriptSinks('b.js', `${'x'.repeat(2100)};el.innerHTML = v;`)).toEqual([]);
    expect(isVendorScript('assets/www/cordova.js')).toBe(true);
    expect(isVendorScript('assets/www/cordova-js-src/exec.js')).toBe(true);
    expect(isVendorScript('assets/www/lib/jquery-3.6.0.min.js')).toBe(true);
    expect(isVendorScript('assets/www/js/index.js')).toBe(false);
  });

  it('recognises a Content-Security-Policy meta element', () => {
    expect(declaresContentSecurityPolicy(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`)).toBe(true);
    expect(declaresContentSecurityPolicy('<meta charset="utf-8">')).toBe(false);
  });
});
