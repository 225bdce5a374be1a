/** get-task-allow from the code-signature entitlements and from the embedded profile. */
import { describe, expect, it } from 'vitest';
import getTaskAllow from './get-task-allow.js';
import { buildIpa, buildMachO, entitlements, HARDENED_IMPORTS, profileFixture, run } from '../testing.test-support.js';

const signed = (gta: boolean) => buildMachO({ imports: HARDENED_IMPORTS, signature: 'cms', entitlementsXml: entitlements(`<key>get-task-allow</key><${gta}/>`) });

describe('ios.entitlements.get-task-allow', () => {
  it('reports nothing for a distribution signature and profile', async () => {
    expect((await run(buildIpa({ main: signed(false), profile: profileFixture('app-store-2099') }), [getTaskAllow])).findings).toEqual([]);
    expect((await run(buildIpa({ main: signed(false) }), [getTaskAllow])).findings).toEqual([]);
  });

  it('reports get-task-allow in the code signature', async () => {
    const [f, ...rest] = (await run(buildIpa({ main: signed(true) }), [getTaskAllow])).findings;
    expect(rest).toEqual([]);
    expect(f!.locations).toEqual([{ path: 'Payload/Bank.app/Bank', key: 'get-task-allow' }]);
    expect(f!.evidence).toEqual(['code-signature entitlements: get-task-allow = true']);
  });

  it('reports get-task-allow granted by a development profile, once, naming both sources', async () => {
    const f = (await run(buildIpa({ main: signed(true), profile: profileFixture('development') }), [getTaskAllow])).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.locations.map((l) => l.path)).toEqual(['Payload/Bank.app/Bank', 'Payload/Bank.app/embedded.mobileprovision']);
    expect(f[0]!.evidence[1]).toMatch(/^embedded.mobileprovision \(development/);
    const profileOnly = (await run(buildIpa({ main: signed(false), profile: profileFixture('development') }), [getTaskAllow])).findings;
    expect(profileOnly[0]!.locations.map((l) => l.path)).toEqual(['Payload/Bank.app/embedded.mobileprovision']);
  });
});
