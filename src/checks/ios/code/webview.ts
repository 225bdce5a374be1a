import { allExecutableTexts } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs, sliceEvidence } from '../support.js';

const UIWEBVIEW_CLASS = '_OBJC_CLASS_$_UIWebView';

export default defineIosCheck({
  id: 'ios.code.webview',
  meta: {
    title: 'Deprecated UIWebView used',
    family: 'code',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-3', 'MASVS-PLATFORM-2'], maswe: ['MASWE-0046', 'MASWE-0035'], cwe: ['CWE-749'], dfs: ['APP-31'] }),
    description:
      '`UIWebView` (deprecated since iOS 12, rejected by App Review since 2020) runs JavaScript in the app\'s own process with no way to disable it, cannot restrict file access from `file://` pages, and has no per-navigation policy for TLS errors as `WKWebView` has. Reports executables that link the class (`_OBJC_CLASS_$_UIWebView` import: high confidence) or look it up by name (a C string exactly `"UIWebView"`, as passed to `NSClassFromString`/`objc_getClass`: medium confidence).',
    manual: 'Run `llvm-nm -u <binary> | grep UIWebView` and `strings <binary> | grep -x UIWebView`; in a disassembler find where the web view is created and what it loads.',
    remediation: 'Migrate to `WKWebView`, disable JavaScript where not needed, load only HTTPS content from your own domains and restrict `file://` access.',
  },
  run(ctx) {
    for (const t of allExecutableTexts(ctx.app)) {
      const linked = t.slices.some((s) => s.importedSymbols.includes(UIWEBVIEW_CLASS));
      const byName = t.strings.includes('UIWebView');
      if (!linked && !byName) continue;
      const evidence: string[] = [];
      if (linked) evidence.push(sliceEvidence(t.exe, t.slices, `imports ${UIWEBVIEW_CLASS}`));
      if (byName) evidence.push(`${t.exe.path}: C string "UIWebView" (class looked up by name)`);
      ctx.report({
        message: `${t.exe.path} uses the deprecated UIWebView.`,
        locations: [executableLocation(t.exe, linked ? UIWEBVIEW_CLASS : undefined)],
        evidence,
        ...(linked ? {} : { confidence: 'medium' as const }),
      });
    }
  },
});
