import { importedOf } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/** Data protection class "none" (Foundation NSFileManager/NSData/NSURL constants; CFURL's counterpart). */
const NONE = ['_NSFileProtectionNone', '_NSURLFileProtectionNone', '_kCFURLFileProtectionNone'];

export default defineIosCheck({
  id: 'ios.storage.file-protection-none',
  meta: {
    title: 'Files written without data protection (NSFileProtectionNone)',
    family: 'storage',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0001'], cwe: ['CWE-311'], dfs: ['APP-64', 'APP-24'] }),
    description:
      'Files get the data protection class the app asks for; `NSFileProtectionNone` encrypts them only with the device key, so they are readable whenever the device is on, locked or not. Reports executables importing `NSFileProtectionNone` / `NSURLFileProtectionNone`. The import shows the class is set somewhere, not on which file.',
    manual: 'Find the call sites (`setAttributes:ofItemAtPath:`, `writeToFile:options:`) in a disassembler; on a device inspect file attributes with `objection` (`ios nsfilemanager`) or FileDP.',
    remediation: 'Use `NSFileProtectionComplete` (or `CompleteUnlessOpen` for files written in the background) for anything sensitive; keep the default class otherwise.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const found = importedOf(macho.slices, NONE);
      if (found.length === 0) continue;
      ctx.report({
        message: `${exe.path} writes files with the data protection class None.`,
        locations: [executableLocation(exe, found[0])],
        evidence: [sliceEvidence(exe, macho.slices, `imports ${found.join(', ')}`)],
      });
    }
  },
});
