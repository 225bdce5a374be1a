/** keychain-access-groups: wildcards and other teams' groups in the code-signature entitlements. */
import { describe, expect, it } from 'vitest';
import keychainAccessGroups from './keychain-access-groups.js';
import { buildIpa, buildMachO, entitlements, HARDENED_IMPORTS, profileFixture, run } from '../testing.test-support.js';

const groups = (list: string[], extra = '<key>com.apple.developer.team-identifier</key><string>ABCDE12345</string>') =>
  buildIpa({
    main: buildMachO({
      imports: HARDENED_IMPORTS,
      signature: 'cms',
      entitlementsXml: entitlements(`${extra}<key>keychain-access-groups</key><array>${list.map((g) => `<string>${g}</string>`).join('')}</array>`),
    }),
  });

describe('ios.entitlements.keychain-access-groups', () => {
  it('reports nothing for explicit groups of the own team and for com.apple.token', async () => {
    expect((await run(groups(['ABCDE12345.org.example.bank', 'ABCDE12345.org.example.shared', 'com.apple.token']), [keychainAccessGroups])).findings).toEqual([]);
    expect((await run(buildIpa({ main: buildMachO({ signature: 'cms', entitlementsXml: entitlements('<key>get-task-allow</key><false/>') }) }), [keychainAccessGroups])).findings).toEqual([]);
  });

  it('reports a team wildcard and a bare wildcard, once per app', async () => {
    const f = (await run(groups(['ABCDE12345.*', '*', 'ABCDE12345.org.example.bank']), [keychainAccessGroups])).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.locations).toEqual([{ path: 'Payload/Bank.app/Bank', key: 'keychain-access-groups' }]);
    expect(f[0]!.evidence).toEqual([
      'keychain-access-groups "ABCDE12345.*": wildcard, shared with every app of team ABCDE12345',
      'keychain-access-groups "*": wildcard, shared with every app of any team',
      'app team: ABCDE12345',
    ]);
  });

  it("reports another team's group; the team comes from application-identifier when no team-identifier", async () => {
    const f = (await run(groups(['ZZZZZ99999.com.other.sdk', 'ABCDE12345.org.example.bank'], '<key>application-identifier</key><string>ABCDE12345.org.example.bank</string>'), [keychainAccessGroups])).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.evidence[0]).toBe('keychain-access-groups "ZZZZZ99999.com.other.sdk": team prefix ZZZZZ99999, the app\'s team is ABCDE12345');
  });

  it('ignores the wildcard a provisioning profile grants (only the signature counts)', async () => {
    const app = buildIpa({ main: buildMachO({ signature: 'cms', entitlementsXml: entitlements('<key>get-task-allow</key><false/>') }), profile: profileFixture('development') });
    expect((await run(app, [keychainAccessGroups])).findings).toEqual([]);
  });
});
