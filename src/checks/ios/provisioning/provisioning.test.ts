/** Provisioning-profile kind and expiry, on the committed profiles. */
import { describe, expect, it } from 'vitest';
import developmentProfile from './development-profile.js';
import expiredProfile from './expired-profile.js';
import { buildIpa, profileFixture, run } from '../testing.test-support.js';

describe('ios.provisioning.development-profile', () => {
  it('reports nothing without a profile (App Store download), for an App Store profile, or for an unreadable one', async () => {
    expect((await run(buildIpa(), [developmentProfile])).findings).toEqual([]);
    expect((await run(buildIpa({ profile: profileFixture('app-store-2099') }), [developmentProfile])).findings).toEqual([]);
    expect((await run(buildIpa({ profile: new TextEncoder().encode('garbage') }), [developmentProfile])).findings).toEqual([]);
  });
  for (const [kind, severity, evidence] of [
    ['development', 'medium', 'ProvisionedDevices: 2 device(s)'],
    ['enterprise', 'medium', 'ProvisionsAllDevices = true'],
    ['ad-hoc', 'low', 'ProvisionedDevices: 2 device(s)'],
  ] as const) {
    it(`reports a ${kind} profile at ${severity} severity`, async () => {
      const f = (await run(buildIpa({ profile: profileFixture(kind) }), [developmentProfile])).findings;
      expect(f).toHaveLength(1);
      expect(f[0]!.severity).toBe(severity);
      expect(f[0]!.evidence[0]).toMatch(new RegExp(`^embedded.mobileprovision kind ${kind}`));
      expect(f[0]!.evidence[1]).toBe(evidence);
      expect(f[0]!.locations).toEqual([{ path: 'Payload/Bank.app/embedded.mobileprovision' }]);
    });
  }
});

describe('ios.provisioning.expired-profile', () => {
  it('reports a profile whose ExpirationDate has passed', async () => {
    const f = (await run(buildIpa({ profile: profileFixture('development') }), [expiredProfile])).findings;
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/expired on 2025-01-02/);
  });
  it('reports nothing for a current profile or none', async () => {
    expect((await run(buildIpa({ profile: profileFixture('app-store-2099') }), [expiredProfile])).findings).toEqual([]);
    expect((await run(buildIpa(), [expiredProfile])).findings).toEqual([]);
  });
});
