import { defineIosCheck, refs, signatureLocation } from '../support.js';

export default defineIosCheck({
  id: 'ios.provisioning.expired-profile',
  meta: {
    title: 'Embedded provisioning profile has expired',
    family: 'provisioning',
    kind: 'weakness',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-693'], dfs: ['APP-12', 'APP-32'] }),
    description:
      "`embedded.mobileprovision` has an `ExpirationDate`; after it, iOS refuses to launch an app that depends on the profile (ad-hoc, development and enterprise builds). An expired profile in the audited IPA means the build is stale — not what users run today — or that the provider's distribution (often enterprise) is not maintained, which pushes users to re-install from wherever a working copy can be found. Compared with the audit machine's clock at the time of the audit.",
    manual: 'Run `security cms -D -i embedded.mobileprovision | plutil -p -` and read `ExpirationDate`.',
    remediation: 'Audit and distribute a current build; renew profiles and certificates before they expire and monitor their dates.',
  },
  run(ctx) {
    const profile = ctx.app.provisioningProfile.value;
    const exp = profile?.expirationDate;
    if (!profile || !exp) return;
    const now = new Date();
    if (!profile.expired(now)) return;
    ctx.report({
      message: `The embedded provisioning profile expired on ${exp.toISOString().slice(0, 10)}: devices will not launch this build.`,
      locations: [signatureLocation(ctx.app, 'profile', 'ExpirationDate')],
      evidence: [`embedded.mobileprovision ExpirationDate ${exp.toISOString()} (${profile.kind}${profile.name ? `, "${profile.name}"` : ''})`],
    });
  },
});
