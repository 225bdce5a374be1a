/** The storage family: keychain accessibility and file protection classes from imports. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildTextMachO } from '../binary-text.test-support.js';
import { buildIpa, run } from '../testing.test-support.js';
import { storageChecks } from './index.js';
import fileProtectionNone from './file-protection-none.js';
import keychainAccessibility from './keychain-accessibility.js';

const fixtureApp = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`)), { label: `${name}.ipa` });

describe('storage checks', () => {
  it('report kSecAttrAccessibleAlways and NSFileProtectionNone in vulnerable-bank and nothing in hardened-bank', async () => {
    const bad = await run(fixtureApp('vulnerable-bank'), storageChecks);
    expect(bad.findings.map((f) => f.checkId).sort()).toEqual(['ios.storage.file-protection-none', keychainAccessibility.id].sort());
    expect(bad.findings.find((f) => f.checkId === keychainAccessibility.id)!.evidence[0]).toContain('imports _kSecAttrAccessibleAlways');
    expect((await run(fixtureApp('hardened-bank'), storageChecks)).findings).toEqual([]);
  });

  it('tell AlwaysThisDeviceOnly and file protection None apart from the safe classes', async () => {
    const cases: Array<[string[], string[]]> = [
      [['_kSecAttrAccessibleAlwaysThisDeviceOnly'], [keychainAccessibility.id]],
      [['_kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly', '_NSFileProtectionComplete'], []],
      [['_NSFileProtectionNone'], [fileProtectionNone.id]],
      [['_NSURLFileProtectionNone', '_kSecAttrAccessibleAlways'], [fileProtectionNone.id, keychainAccessibility.id]],
    ];
    for (const [imports, ids] of cases) {
      const out = await run(buildIpa({ main: buildTextMachO({ imports }) }), storageChecks);
      expect(out.findings.map((f) => f.checkId).sort(), imports.join()).toEqual(ids);
    }
  });
});
