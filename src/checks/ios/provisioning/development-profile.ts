import type { Severity } from '../../../findings/types.js';
import { defineIosCheck, refs, signatureLocation } from '../support.js';

const SEVERITY: Record<string, Severity> = { development: 'medium', enterprise: 'medium', 'ad-hoc': 'low' };

const WHY: Record<string, string> = {
  development: 'a development profile (device list and get-task-allow): a debug build signed for developer devices',
  enterprise: 'an in-house enterprise profile (ProvisionsAllDevices): the app is side-loaded outside the App Store and its review',
  'ad-hoc': 'an ad-hoc profile (device list): a test build for registered devices',
};

export default defineIosCheck({
  id: 'ios.provisioning.development-profile',
  meta: {
    title: 'App provisioned for development, ad-hoc or enterprise distribution',
    family: 'provisioning',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0063'], cwe: ['CWE-489'], dfs: ['APP-41', 'APP-11'] }),
    description:
      "An app downloaded from the App Store has no `embedded.mobileprovision`: Apple re-signs it. A bundle carrying a development profile is a debug build; an ad-hoc profile marks a test build; an enterprise (in-house) profile means the app is installed outside the App Store, so users must trust an enterprise certificate (a common malware lure) and the build skips App Store review. Each is a sign that the audited IPA is not the production build, or that production is distributed in a weaker way. Medium severity for development and enterprise profiles, low for ad-hoc; an App Store distribution profile is not reported.",
    manual: 'Run `security cms -D -i embedded.mobileprovision` (or `openssl smime -inform der -verify -noverify -in embedded.mobileprovision`) and read `ProvisionedDevices`, `ProvisionsAllDevices` and `Entitlements.get-task-allow`.',
    remediation: 'Distribute production builds through the App Store (or Apple Business Manager custom apps), and audit that build; keep development and ad-hoc builds to internal testers.',
  },
  run(ctx) {
    const profile = ctx.app.provisioningProfile.value;
    if (!profile || profile.kind === 'app-store') return;
    const devices = profile.provisionedDevices?.length;
    ctx.report({
      message: `The app carries ${WHY[profile.kind] ?? profile.kind}.`,
      locations: [signatureLocation(ctx.app, 'profile')],
      evidence: [
        `embedded.mobileprovision kind ${profile.kind}${profile.name ? `, Name "${profile.name}"` : ''}${profile.teamName ? `, team "${profile.teamName}"` : ''}`,
        profile.provisionsAllDevices ? 'ProvisionsAllDevices = true' : devices !== undefined ? `ProvisionedDevices: ${devices} device(s)` : 'no device list',
      ],
      severity: SEVERITY[profile.kind] ?? 'medium',
    });
  },
});
