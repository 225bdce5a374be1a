/** The network family: cleartext URLs (with the ATS context) and pinning as a control. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IosApp } from '../../../app/ios.js';
import { repoRoot } from '../../../../test/corpus.js';
import { buildSwiftMachO } from '../../../formats/macho/testing.js';
import { buildTextMachO } from '../binary-text.test-support.js';
import { buildIpa, infoPlist, run } from '../testing.test-support.js';
import cleartextUrls from './cleartext-urls.js';
import pinning from './pinning.js';

const fixtureApp = (name: string) => IosApp.open(readFileSync(join(repoRoot, 'fixtures/ios/build', `${name}.ipa`)), { label: `${name}.ipa` });

describe('ios.network.cleartext-urls', () => {
  it('reports vulnerable-bank\'s http endpoints in the binary and config.json, allowed by ATS', async () => {
    const out = await run(fixtureApp('vulnerable-bank'), [cleartextUrls]);
    expect(out.findings.map((f) => f.locations[0]!.path).sort()).toEqual(['Payload/VulnerableBank.app/VulnerableBank', 'Payload/VulnerableBank.app/config.json']);
    const bin = out.findings.find((f) => f.locations[0]?.path?.endsWith('VulnerableBank'))!;
    expect(bin.evidence[0]).toContain('"http://api.vulnerable-bank.example/v1/"');
    expect(bin.evidence[0]).toContain('http://login.vulnerable-bank.example/auth');
    expect(bin.severity).toBe('medium');
  });

  it('finds nothing in hardened-bank (https only; entitlements DTD is not an endpoint)', async () => {
    expect((await run(fixtureApp('hardened-bank'), [cleartextUrls])).findings).toEqual([]);
  });

  it('ignores DTDs, namespaces and loopback, and is low when ATS would block the host', async () => {
    const main = buildTextMachO({
      cstrings: ['http://www.apple.com/DTDs/PropertyList-1.0.dtd', 'http://www.w3.org/2001/XMLSchema', 'http://localhost:8080/debug', 'http://127.0.0.1/', 'http://', 'http://%@/path', 'see http://cdn.bank.example/img.png'],
    });
    const out = await run(buildIpa({ main }), [cleartextUrls]);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.evidence[0]).toBe('http:// URLs: "http://cdn.bank.example/img.png"');
    expect(out.findings[0]!.severity).toBe('low');
  });

  it('follows ATS exception domains with subdomains', async () => {
    const ats = `<key>NSAppTransportSecurity</key><dict><key>NSExceptionDomains</key><dict><key>bank.example</key><dict>
      <key>NSIncludesSubdomains</key><true/><key>NSExceptionAllowsInsecureHTTPLoads</key><true/></dict></dict></dict>`;
    const main = buildTextMachO({ cstrings: ['http://cdn.bank.example/a', 'http://other.example/b'] });
    const [f] = (await run(buildIpa({ info: infoPlist(ats), main }), [cleartextUrls])).findings;
    expect(f?.severity).toBe('medium');
    expect(f?.evidence[1]).toBe('ATS allows HTTP to: cdn.bank.example');
  });
});

describe('ios.network.pinning', () => {
  it('passes on hardened-bank (NSPinnedDomains) and reports vulnerable-bank', async () => {
    const good = await run(fixtureApp('hardened-bank'), [pinning]);
    expect(good.findings).toEqual([]);
    expect(good.passes.map((p) => p.evidence[0])).toEqual(['NSPinnedDomains: api.hardened-bank.example']);
    const bad = await run(fixtureApp('vulnerable-bank'), [pinning]);
    expect(bad.findings).toHaveLength(1);
    expect(bad.passes).toEqual([]);
  });

  it('passes on a pinning library found by class import or name', async () => {
    for (const main of [buildTextMachO({ imports: ['_OBJC_CLASS_$_TSKPinningValidator'] }), buildTextMachO({ classNames: ['AFSecurityPolicy'] }), buildTextMachO({ cstrings: ['_TtC9Alamofire32PinnedCertificatesTrustEvaluator'] })]) {
      const out = await run(buildIpa({ main }), [pinning]);
      expect(out.findings).toEqual([]);
      expect(out.passes).toHaveLength(1);
    }
  });
});

describe('ios.network.pinning and Swift types', () => {
  it('passes on a pinning type of the Swift metadata, names it, and ignores unrelated Swift types', async () => {
    const swift = (name: string) =>
      buildIpa({ main: buildSwiftMachO({ descriptors: [{ id: 'm', kind: 0, name: 'Alamofire' }, { id: 't', kind: 16, parent: 'm', name }], types: ['t'] }) });
    const good = await run(swift('PublicKeysTrustEvaluator'), [pinning]);
    expect(good.findings).toEqual([]);
    expect(good.passes[0]?.evidence).toEqual(['names: PublicKeysTrustEvaluator', 'Swift types: Alamofire.PublicKeysTrustEvaluator']);
    const bad = await run(swift('Session'), [pinning]);
    expect(bad.passes).toEqual([]);
    expect(bad.findings).toHaveLength(1);
  });
});
