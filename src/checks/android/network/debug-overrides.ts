import { defineAndroidCheck, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

export default defineAndroidCheck({
  id: 'android.network.debug-overrides',
  meta: {
    title: 'Debug trust overrides active in a debuggable build',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0027'], cwe: ['CWE-295'], dfs: ['APP-11', 'APP-19'] }),
    description:
      '`<debug-overrides>` trust anchors apply only when the app is debuggable. A debuggable build that ships with them trusts the extra (often user) CAs in production, so its TLS can be intercepted; in a release build they are inert but show test configuration left in the app.',
    manual: 'Check whether the app is debuggable and what `<debug-overrides>` trusts.',
    remediation: 'Ship release builds (not debuggable); keep debug overrides out of the release configuration.',
  },
  run(ctx) {
    const { app } = ctx;
    const nsc = app.networkSecurityConfig;
    if (!nsc?.debugOverrides) return;
    const srcs = nsc.debugOverrides.trustAnchors.map((a) => a.src);
    const debuggable = app.manifest.application.debuggable === true;
    ctx.report({
      message: debuggable
        ? `${nsc.path}: <debug-overrides> trusts ${srcs.join(', ') || 'extra anchors'}, and the app is debuggable, so the overrides are active.`
        : `${nsc.path}: <debug-overrides> (trusting ${srcs.join(', ') || 'extra anchors'}) is present; inert in this non-debuggable build.`,
      locations: [nscLocation(app, 'network-security-config/debug-overrides')],
      evidence: [...srcs.map((s) => `debug-overrides certificates src="${s}"`), debuggable ? 'android:debuggable="true"' : 'not debuggable'],
      ...(debuggable ? {} : { severity: 'info' as const }),
    });
  },
});
