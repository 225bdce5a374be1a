/** The code family on the fixture IPAs and on crafted executables (imports and __TEXT strings). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildTextMachO, type TextMachOSpec } from '../binary-text.test-support.js';
import { buildIpa, byCheck, run } from '../testing.test-support.js';
import { codeChecks } from './index.js';
import insecureFunctions from './insecure-functions.js';
import insecureRandom from './insecure-random.js';
import logging from './logging.js';
import pasteboard from './pasteboard.js';
import weakCrypto from './weak-crypto.js';
import webview from './webview.js';

const fixtureApp = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`)), { label: `${name}.ipa` });
const crafted = (spec: TextMachOSpec) => buildIpa({ main: buildTextMachO(spec) });

describe('code checks on the fixture apps', () => {
  it('all fire on vulnerable-bank with the fixture\'s evidence', async () => {
    const out = await run(fixtureApp('vulnerable-bank'), codeChecks);
    expect([...new Set(out.findings.map((f) => f.checkId))].sort()).toEqual(codeChecks.map((c) => c.id).sort());
    const ev = (id: string) => byCheck(out.findings, id)[0]!.evidence.join('\n');
    expect(ev(insecureFunctions.id)).toContain('imports _gets, _strcpy, _sprintf');
    expect(byCheck(out.findings, insecureFunctions.id)[0]!.severity).toBe('medium');
    expect(ev(weakCrypto.id)).toMatch(/_CC_MD5, _CC_SHA1\ncipher calls to review by hand: CCCrypt at 0x[0-9a-f]+ \(in _vb_encrypt_with\) \[arm64\]: algorithm not a constant/);
    expect(ev(insecureRandom.id)).toContain('_rand, _random, _srand');
    expect(ev(logging.id)).toContain('"password: %@"');
    expect(byCheck(out.findings, logging.id)[0]!.severity).toBe('medium');
    expect(ev(webview.id)).toContain('_OBJC_CLASS_$_UIWebView');
    expect(ev(pasteboard.id)).toContain('write selectors: setString:');
    // the fat binary is one finding per check, naming both slices
    expect(ev(weakCrypto.id)).toContain('[x86_64, arm64]');
  });

  it('none fires on hardened-bank (CC_SHA256, SecRandomCopyBytes, no logging)', async () => {
    const out = await run(fixtureApp('hardened-bank'), codeChecks);
    expect(out.findings).toEqual([]);
  });
});

describe('ios.code.insecure-functions', () => {
  it('ignores bounded and allocating functions every binary imports', async () => {
    const out = await run(crafted({ imports: ['_memcpy', '_strlen', '_strcmp', '_asprintf', '_strncpy', '_snprintf'] }), [insecureFunctions]);
    expect(out.findings).toEqual([]);
  });
  it('reports strcat at low severity (no gets)', async () => {
    const [f] = (await run(crafted({ imports: ['_memcpy', '_strcat'] }), [insecureFunctions])).findings;
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('strcat');
    expect(f?.locations).toEqual([{ path: 'Payload/Bank.app/Bank', symbol: '_strcat' }]);
  });
});

describe('ios.code.weak-crypto', () => {
  it('does not call CCCrypt weak on its own (the algorithm is an immediate)', async () => {
    expect((await run(crafted({ imports: ['_CCCrypt', '_CC_SHA256'] }), [weakCrypto])).findings).toEqual([]);
  });
  it('asks for a manual review when CCCrypt is imported but no direct call is found', async () => {
    const [f] = (await run(crafted({ imports: ['_CCCrypt', '_CC_MD5'] }), [weakCrypto])).findings;
    expect(f?.evidence[1]).toMatch(/imports CCCrypt, but no direct call .* review by hand/);
  });
  it('reports the incremental MD5 API without CCCrypt note', async () => {
    const [f] = (await run(crafted({ imports: ['_CC_MD5_Init', '_CC_MD5_Final'] }), [weakCrypto])).findings;
    expect(f?.evidence).toHaveLength(1);
    expect(f?.evidence[0]).toContain('_CC_MD5_Init, _CC_MD5_Final');
  });
});

describe('ios.code.insecure-random', () => {
  it('lowers severity and confidence when a CSPRNG is imported too', async () => {
    const [f] = (await run(crafted({ imports: ['_arc4random_uniform', '_random'] }), [insecureRandom])).findings;
    expect(f?.severity).toBe('low');
    expect(f?.confidence).toBe('low');
    expect(f?.evidence[1]).toContain('_arc4random_uniform');
  });
  it('accepts a CSPRNG alone', async () => {
    expect((await run(crafted({ imports: ['_SecRandomCopyBytes', '_arc4random'] }), [insecureRandom])).findings).toEqual([]);
  });
});

describe('ios.code.logging', () => {
  it('reports a logger import at low severity when no format string names a secret', async () => {
    const [f] = (await run(crafted({ imports: ['_os_log_impl'], cstrings: ['loaded %lu items', 'Password'] }), [logging])).findings;
    expect(f?.severity).toBe('low');
    expect(f?.evidence).toHaveLength(1);
  });
  it('raises severity for secrets in format strings, whatever the conversion', async () => {
    const [f] = (await run(crafted({ imports: ['_NSLog'], cstrings: ['user token=%s', 'PIN %d entered', 'hello'] }), [logging])).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.evidence[1]).toContain('"user token=%s"');
    expect(f?.evidence[1]).toContain('"PIN %d entered"');
  });
  it('says nothing without a logger import, even with such strings', async () => {
    expect((await run(crafted({ imports: ['_printf'], cstrings: ['password: %@'] }), [logging])).findings).toEqual([]);
  });
});

describe('ios.code.webview and ios.code.pasteboard', () => {
  it('find a class looked up by name at medium confidence', async () => {
    const out = await run(crafted({ imports: ['_NSClassFromString'], cstrings: ['UIWebView', 'UIPasteboard'] }), [webview, pasteboard]);
    expect(byCheck(out.findings, webview.id)[0]?.confidence).toBe('medium');
    expect(byCheck(out.findings, pasteboard.id)[0]?.message).not.toContain('writes');
  });
  it('ignore WKWebView and longer names containing the class name', async () => {
    const out = await run(crafted({ imports: ['_OBJC_CLASS_$_WKWebView'], cstrings: ['UIWebViewDelegate is gone', 'MyUIPasteboardHelper'] }), [webview, pasteboard]);
    expect(out.findings).toEqual([]);
  });
});
