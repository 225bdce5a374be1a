import { allExecutableTexts, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, refs, sliceEvidence } from '../support.js';

const PASTEBOARD_CLASS = '_OBJC_CLASS_$_UIPasteboard';
/** Selectors that write to a pasteboard (UIPasteboard API); their presence makes the use a copy, not a read. */
const WRITE_SELECTORS = ['setString:', 'setStrings:', 'setItems:options:', 'setValue:forPasteboardType:', 'setData:forPasteboardType:', 'addItems:'];

export default defineIosCheck({
  id: 'ios.code.pasteboard',
  meta: {
    title: 'General pasteboard (clipboard) used',
    family: 'code',
    kind: 'weakness',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0030'], cwe: ['CWE-200'], dfs: ['APP-31', 'APP-64'] }),
    description:
      'Anything copied to `UIPasteboard.general` can be read by every app in the foreground (before iOS 14 silently) and syncs to the user\'s other devices through Universal Clipboard. Copying account numbers, OTPs or passwords exposes them. Reports executables that link `UIPasteboard` (`_OBJC_CLASS_$_UIPasteboard`) or look it up by name; the write selectors found (`setString:`, `setItems:options:`…) are listed as evidence. It cannot tell which data is copied.',
    manual: 'Find the `UIPasteboard` call sites in a disassembler; at run time copy from every sensitive field and check `UIPasteboard.general` from another app.',
    remediation:
      'Do not copy secrets; when copying is needed use `setItems(_:options:)` with `.localOnly` and a short `.expirationDate`, and mark sensitive text fields so they cannot be copied.',
  },
  run(ctx) {
    for (const t of allExecutableTexts(ctx.app)) {
      const linked = t.slices.some((s) => s.importedSymbols.includes(PASTEBOARD_CLASS));
      const byName = t.strings.includes('UIPasteboard');
      if (!linked && !byName) continue;
      const writes = WRITE_SELECTORS.filter((s) => t.strings.includes(s));
      const evidence: string[] = [];
      if (linked) evidence.push(sliceEvidence(t.exe, t.slices, `imports ${PASTEBOARD_CLASS}`));
      if (byName) evidence.push(`${t.exe.path}: C string "UIPasteboard" (class looked up by name)`);
      if (t.strings.includes('generalPasteboard')) evidence.push('selector generalPasteboard');
      if (writes.length > 0) evidence.push(`write selectors: ${listSome(writes)}`);
      ctx.report({
        message: `${t.exe.path} uses UIPasteboard${writes.length > 0 ? ' and writes to it' : ''}.`,
        locations: [executableLocation(t.exe, linked ? PASTEBOARD_CLASS : undefined)],
        evidence,
      });
    }
  },
});
