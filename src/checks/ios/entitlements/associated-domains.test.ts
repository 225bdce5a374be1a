/** associated-domains: universal links present (pass) or deep links only through custom schemes (finding). */
import { describe, expect, it } from 'vitest';
import associatedDomains from './associated-domains.js';
import { buildIpa, buildMachO, entitlements, infoPlist, run } from '../testing.test-support.js';

const SCHEMES = '<key>CFBundleURLTypes</key><array><dict><key>CFBundleURLName</key><string>pay</string><key>CFBundleURLSchemes</key><array><string>bankpay</string></array></dict></array>';
const app = (opts: { schemes?: boolean; domains?: string[] }) =>
  buildIpa({
    info: infoPlist(opts.schemes ? SCHEMES : ''),
    main: buildMachO({
      signature: 'cms',
      entitlementsXml: entitlements(opts.domains ? `<key>com.apple.developer.associated-domains</key><array>${opts.domains.map((d) => `<string>${d}</string>`).join('')}</array>` : '<key>get-task-allow</key><false/>'),
    }),
  });

describe('ios.entitlements.associated-domains', () => {
  it('passes with the applinks and webcredentials domains', async () => {
    const out = await run(app({ schemes: true, domains: ['applinks:bank.example', 'webcredentials:bank.example'] }), [associatedDomains]);
    expect(out.findings).toEqual([]);
    expect(out.passes).toHaveLength(1);
    expect(out.passes[0]!.evidence).toEqual(['code-signature entitlements: com.apple.developer.associated-domains = applinks:bank.example, webcredentials:bank.example']);
    expect(out.passes[0]!.locations).toEqual([{ path: 'Payload/Bank.app/Bank', key: 'com.apple.developer.associated-domains' }]);
  });

  it('reports custom schemes without universal links, at low severity', async () => {
    for (const domains of [undefined, ['webcredentials:bank.example']]) {
      const out = await run(app({ schemes: true, ...(domains ? { domains } : {}) }), [associatedDomains]);
      expect(out.passes).toEqual([]);
      expect(out.findings).toHaveLength(1);
      expect(out.findings[0]!.severity).toBe('low');
      expect(out.findings[0]!.locations[0]).toEqual({ path: 'Info.plist', key: 'CFBundleURLTypes' });
      expect(out.findings[0]!.evidence[0]).toBe('CFBundleURLSchemes: bankpay');
    }
  });

  it('judges nothing when the app has no deep links at all', async () => {
    const out = await run(app({}), [associatedDomains]);
    expect(out.findings).toEqual([]);
    expect(out.passes).toEqual([]);
  });
});
