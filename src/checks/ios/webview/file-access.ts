import { allExecutableTexts } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs, sliceEvidence } from '../support.js';

/**
 * WKWebView has no public API for these two WebKit preferences; apps flip them with key-value coding on
 * `WKPreferences` (`allowFileAccessFromFileURLs`) and `WKWebViewConfiguration` (`allowUniversalAccessFromFileURLs`).
 * The key is an NSString literal (its bytes in `__cstring`) and the setter is the `setValue:forKey:` selector
 * (`__objc_methname`, also used by Swift's `setValue(_:forKey:)`).
 */
const FILE_KEY = 'allowFileAccessFromFileURLs';
const UNIVERSAL_KEY = 'allowUniversalAccessFromFileURLs';
const KVC_SETTER = 'setValue:forKey:';
const LOAD_FILE = 'loadFileURL:allowingReadAccessToURL:';

export default defineIosCheck({
  id: 'ios.webview.file-access',
  meta: {
    title: 'WKWebView file access from file URLs enabled',
    family: 'webview',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-2'], maswe: ['MASWE-0034'], cwe: ['CWE-200'], dfs: ['APP-31', 'APP-24'] }),
    description:
      "WKWebView keeps a page loaded from a `file://` URL from reading other local files, and from reaching any origin, unless the app turns on the private WebKit preferences `allowFileAccessFromFileURLs` (on `WKPreferences`) or `allowUniversalAccessFromFileURLs` (on `WKWebViewConfiguration`) through key-value coding. With them, script in a local page (or injected into it) can read the app's sandbox files (cookies, caches, databases) and, with universal access, send them to any server. Reports an executable whose strings hold one of those keys together with the `setValue:forKey:` selector: high severity for universal access, medium for file access; confidence is high when the binary also loads local files with `loadFileURL:allowingReadAccessToURL:` and medium otherwise (a web-view wrapper library may only expose the switch). Strings are read from the unencrypted slices; without disassembly the value set (YES or NO) is not seen.",
    manual:
      'Run `strings <binary> | grep -E "allow(File|Universal)AccessFromFileURLs|loadFileURL:allowingReadAccessToURL:"`; in a disassembler find the `setValue:forKey:` call with the key and check the value is YES, and which local files the web view loads (and the read-access directory it grants).',
    remediation:
      'Do not set these preferences. Load local content with `loadFileURL:allowingReadAccessToURL:` limited to the folder of that content, or serve it through a `WKURLSchemeHandler`; never load untrusted content into a web view that can read files.',
  },
  run(ctx) {
    for (const t of allExecutableTexts(ctx.app)) {
      const have = new Set(t.strings);
      if (!have.has(KVC_SETTER)) continue;
      const keys = [UNIVERSAL_KEY, FILE_KEY].filter((k) => have.has(k));
      if (keys.length === 0) continue;
      const loadsFiles = have.has(LOAD_FILE);
      const universal = keys.includes(UNIVERSAL_KEY);
      const evidence = [sliceEvidence(t.exe, t.slices, `strings ${keys.map((k) => `"${k}"`).join(', ')} and selector ${KVC_SETTER}`)];
      if (loadsFiles) evidence.push(`${t.exe.path}: selector ${LOAD_FILE} (loads local files)`);
      ctx.report({
        message: `${t.exe.path} enables ${universal ? 'universal access (any origin)' : 'file access'} for pages loaded from file URLs in WKWebView (${keys.join(', ')} set via key-value coding).`,
        locations: [executableLocation(t.exe)],
        evidence,
        severity: universal ? 'high' : 'medium',
        confidence: loadsFiles ? 'high' : 'medium',
      });
    }
  },
});
