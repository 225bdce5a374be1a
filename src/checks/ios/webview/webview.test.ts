/** ios.webview.file-access: KVC keys with setValue:forKey:, from the executable's strings and selectors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildTextMachO, type TextMachOSpec } from '../binary-text.test-support.js';
import { buildIpa, run } from '../testing.test-support.js';
import fileAccess from './file-access.js';

const crafted = (spec: TextMachOSpec) => buildIpa({ main: buildTextMachO(spec) });

describe('ios.webview.file-access', () => {
  it('reports universal access at high severity, high confidence when local files are loaded', async () => {
    const out = await run(crafted({ cstrings: ['allowUniversalAccessFromFileURLs', 'allowFileAccessFromFileURLs', 'setValue:forKey:', 'loadFileURL:allowingReadAccessToURL:'] }), [fileAccess]);
    expect(out.findings).toHaveLength(1);
    const [f] = out.findings;
    expect(f!.severity).toBe('high');
    expect(f!.confidence).toBe('high');
    expect(f!.locations).toEqual([{ path: 'Payload/Bank.app/Bank' }]);
    expect(f!.evidence[1]).toBe('Payload/Bank.app/Bank: selector loadFileURL:allowingReadAccessToURL: (loads local files)');
  });

  it('reports file access alone at medium severity and medium confidence without loadFileURL', async () => {
    const [f, ...rest] = (await run(crafted({ cstrings: ['allowFileAccessFromFileURLs', 'setValue:forKey:'] }), [fileAccess])).findings;
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('medium');
    expect(f!.confidence).toBe('medium');
  });

  it('needs both the key and the KVC setter', async () => {
    for (const cstrings of [['allowUniversalAccessFromFileURLs', 'loadFileURL:allowingReadAccessToURL:'], ['setValue:forKey:', 'loadFileURL:allowingReadAccessToURL:'], ['allowUniversalAccessFromFileURLsX', 'setValue:forKey:']]) {
      expect((await run(crafted({ cstrings }), [fileAccess])).findings, cstrings.join()).toEqual([]);
    }
  });

  it('fires on the committed test app and not on the fixture banks', async () => {
    const open = (p: string) => IosApp.open(readFileSync(join(repoRoot, p)), { label: p });
    expect((await run(open('src/checks/ios/webview/testdata/webview-file-access.ipa'), [fileAccess])).findings.map((f) => f.severity)).toEqual(['high']);
    for (const name of ['vulnerable-bank', 'hardened-bank']) expect((await run(open(`fixtures/ios/build/${name}.ipa`), [fileAccess])).findings).toEqual([]);
  });
});
