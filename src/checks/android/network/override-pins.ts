import { defineAndroidCheck, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

export default defineAndroidCheck({
  id: 'android.network.override-pins',
  meta: {
    title: 'Trust anchors override certificate pins',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-2'], maswe: ['MASWE-0028'], cwe: ['CWE-295'], dfs: ['APP-18'] }),
    description:
      '`overridePins="true"` on a `<certificates>` trust anchor makes certificates chaining to that anchor bypass the pin-set. With `src="user"` or a broad anchor this disables pinning for anyone who can add that anchor.',
    manual: 'Read `overridePins` on the trust anchors of the network security config (outside `<debug-overrides>`).',
    remediation: 'Remove `overridePins="true"` from production trust anchors.',
  },
  run(ctx) {
    const { app } = ctx;
    const nsc = app.networkSecurityConfig;
    if (!nsc) return;
    const places = [
      { element: 'network-security-config/base-config', anchors: nsc.base?.trustAnchors },
      ...nsc.domains.map((d) => ({ element: d.element, anchors: d.trustAnchors })),
    ];
    for (const p of places) {
      for (const a of p.anchors ?? []) {
        if (!a.overridePins) continue;
        ctx.report({
          message: `${nsc.path}: certificates from "${a.src}" override the pin-set (overridePins="true").`,
          locations: [nscLocation(app, `${p.element}/trust-anchors`, 'overridePins')],
          evidence: [`<certificates src="${a.src}" overridePins="true"/>`],
          ...(a.src === 'user' ? { severity: 'high' as const } : {}),
        });
      }
    }
  },
});
