import { importedOf } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, parsedExecutables, refs, sliceEvidence } from '../support.js';

/** Keychain accessibility classes that leave an item readable while the device is locked (SecItem.h; deprecated in iOS 12). */
const ALWAYS = ['_kSecAttrAccessibleAlways', '_kSecAttrAccessibleAlwaysThisDeviceOnly'];

export default defineIosCheck({
  id: 'ios.storage.keychain-accessibility',
  meta: {
    title: 'Keychain items accessible while the device is locked',
    family: 'storage',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0001'], cwe: ['CWE-922'], dfs: ['APP-24', 'APP-64'] }),
    description:
      'Items stored with `kSecAttrAccessibleAlways` or `kSecAttrAccessibleAlwaysThisDeviceOnly` are not protected by the passcode-derived class key: they can be read while the device is locked, including by tools working on a seized or jailbroken device. Apple deprecated both in iOS 12. The check reports executables that import either constant (the import is how code references it). Which items use it needs a look at the call sites.',
    manual: 'Run `llvm-nm -u <binary> | grep kSecAttrAccessible`; on a test device dump the keychain (e.g. with objection `ios keychain dump`) and check each item\'s accessibility.',
    remediation: 'Use `kSecAttrAccessibleWhenUnlockedThisDeviceOnly` (or `…AfterFirstUnlockThisDeviceOnly` for background work) and, for secrets, an access control with user presence.',
  },
  run(ctx) {
    for (const { exe, macho } of parsedExecutables(ctx.app)) {
      const found = importedOf(macho.slices, ALWAYS);
      if (found.length === 0) continue;
      ctx.report({
        message: `${exe.path} stores keychain items with ${found.map((s) => s.slice(1)).join(' / ')}: readable while the device is locked.`,
        locations: [executableLocation(exe, found[0])],
        evidence: [sliceEvidence(exe, macho.slices, `imports ${found.join(', ')}`)],
      });
    }
  },
});
