/** The ATS family on crafted Info.plists. */
import { describe, expect, it } from 'vitest';
import { atsChecks } from './index.js';
import arbitraryLoads from './arbitrary-loads.js';
import arbitraryLoadsWeb from './arbitrary-loads-web.js';
import arbitraryLoadsMedia from './arbitrary-loads-media.js';
import insecureHttp from './insecure-http-exceptions.js';
import weakTls from './weak-tls-exceptions.js';
import { buildIpa, byCheck, infoPlist, run } from '../testing.test-support.js';

const ats = (body: string) => buildIpa({ info: infoPlist(`<key>NSAppTransportSecurity</key><dict>${body}</dict>`) });
const domain = (name: string, body: string) => `<key>NSExceptionDomains</key><dict><key>${name}</key><dict>${body}</dict></dict>`;

describe('ATS checks', () => {
  it('report nothing without an ATS dictionary, or with ATS defaults and a strict exception', async () => {
    expect((await run(buildIpa(), atsChecks)).findings).toEqual([]);
    const strict = ats(
      `<key>NSAllowsArbitraryLoads</key><false/>${domain('api.example.org', '<key>NSIncludesSubdomains</key><true/><key>NSExceptionMinimumTLSVersion</key><string>TLSv1.2</string><key>NSExceptionRequiresForwardSecrecy</key><true/><key>NSExceptionAllowsInsecureHTTPLoads</key><false/>')}`,
    );
    expect((await run(strict, atsChecks)).findings).toEqual([]);
  });

  it('ignore non-boolean switches, which iOS ignores too', async () => {
    expect((await run(ats('<key>NSAllowsArbitraryLoads</key><string>YES</string>'), atsChecks)).findings).toEqual([]);
  });

  it('report NSAllowsArbitraryLoads at high severity', async () => {
    const f = (await run(ats('<key>NSAllowsArbitraryLoads</key><true/>'), atsChecks)).findings;
    expect(f.map((x) => x.checkId)).toEqual([arbitraryLoads.id]);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.locations).toEqual([{ path: 'Info.plist', key: 'NSAppTransportSecurity.NSAllowsArbitraryLoads' }]);
  });

  it('lower NSAllowsArbitraryLoads to medium when iOS 10+ ignores it, and report the web/media switches', async () => {
    const f = (await run(ats('<key>NSAllowsArbitraryLoads</key><true/><key>NSAllowsArbitraryLoadsInWebContent</key><true/><key>NSAllowsArbitraryLoadsForMedia</key><true/>'), atsChecks)).findings;
    expect(f.map((x) => x.checkId).sort()).toEqual([arbitraryLoads.id, arbitraryLoadsMedia.id, arbitraryLoadsWeb.id].sort());
    expect(byCheck(f, arbitraryLoads.id)[0]!.severity).toBe('medium');
    expect(byCheck(f, arbitraryLoads.id)[0]!.evidence[1]).toMatch(/NSAllowsArbitraryLoadsInWebContent, NSAllowsArbitraryLoadsForMedia/);
    expect(byCheck(f, arbitraryLoadsWeb.id)[0]!.evidence).toEqual(['Info.plist NSAppTransportSecurity.NSAllowsArbitraryLoadsInWebContent = true']);
  });

  it('report each domain that allows clear-text HTTP, high when subdomains are included', async () => {
    const body = `<key>NSExceptionDomains</key><dict>
      <key>cdn.example.org</key><dict><key>NSExceptionAllowsInsecureHTTPLoads</key><true/></dict>
      <key>legacy.example.org</key><dict><key>NSIncludesSubdomains</key><true/><key>NSTemporaryExceptionAllowsInsecureHTTPLoads</key><true/></dict>
      <key>ok.example.org</key><dict><key>NSExceptionAllowsInsecureHTTPLoads</key><false/></dict>
    </dict>`;
    const f = (await run(ats(body), [insecureHttp])).findings;
    expect(f.map((x) => [x.locations[0]!.key, x.severity]).sort()).toEqual([
      ['NSAppTransportSecurity.NSExceptionDomains.cdn.example.org.NSExceptionAllowsInsecureHTTPLoads', 'medium'],
      ['NSAppTransportSecurity.NSExceptionDomains.legacy.example.org.NSTemporaryExceptionAllowsInsecureHTTPLoads', 'high'],
    ]);
  });

  it('report weak minimum TLS versions and disabled forward secrecy per domain', async () => {
    const body = `<key>NSExceptionDomains</key><dict>
      <key>old.example.org</key><dict><key>NSExceptionMinimumTLSVersion</key><string>TLSv1.0</string><key>NSExceptionRequiresForwardSecrecy</key><false/></dict>
      <key>tp.example.net</key><dict><key>NSThirdPartyExceptionMinimumTLSVersion</key><string>TLSv1.1</string></dict>
      <key>new.example.org</key><dict><key>NSExceptionMinimumTLSVersion</key><string>TLSv1.3</string></dict>
    </dict>`;
    const f = (await run(ats(body), atsChecks)).findings;
    expect(f.every((x) => x.checkId === weakTls.id)).toBe(true);
    expect(f.map((x) => x.message).sort()).toEqual([
      'ATS accepts weaker TLS for old.example.org: minimum TLSv1.0, forward secrecy not required.',
      'ATS accepts weaker TLS for tp.example.net: minimum TLSv1.1.',
    ]);
    expect(f.find((x) => x.message.includes('old.'))!.evidence).toEqual(['NSExceptionDomains["old.example.org"].NSExceptionMinimumTLSVersion = TLSv1.0', 'NSExceptionDomains["old.example.org"].NSExceptionRequiresForwardSecrecy = false']);
  });
});
