import { defineAndroidCheck, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

/** Whole days between two ISO dates (yyyy-mm-dd). */
function daysBetween(a: string, b: Date): number {
  return Math.floor((Date.parse(`${a}T00:00:00Z`) - b.getTime()) / 86_400_000);
}

export default defineAndroidCheck({
  id: 'android.network.pin-set',
  meta: {
    title: 'Certificate pin-set expired or without a backup pin',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-2'], maswe: ['MASWE-0028'], cwe: ['CWE-295'], dfs: ['APP-18'] }),
    description:
      'After the `expiration` date of a `<pin-set>`, Android stops enforcing its pins: the app silently falls back to ordinary CA validation. A pin-set with a single pin has no backup key, so a key rotation either breaks the app or forces pinning to be removed in a hurry.',
    manual: 'Read the `<pin-set expiration="…">` dates and count the `<pin>` entries in the network security config.',
    remediation: 'Set an expiration well in the future and renew it with each release, and pin at least two keys (the current one and a backup).',
  },
  run(ctx) {
    const { app } = ctx;
    const nsc = app.networkSecurityConfig;
    if (!nsc) return;
    const now = new Date();
    for (const d of nsc.domains) {
      const ps = d.pinSet;
      if (!ps) continue;
      const names = d.domains.map((x) => x.name).join(', ');
      if (ps.expiration && /^\d{4}-\d{2}-\d{2}$/.test(ps.expiration) && daysBetween(ps.expiration, now) < 0) {
        ctx.report({
          message: `${nsc.path}: the pin-set for ${names} expired on ${ps.expiration}; its pins are no longer enforced.`,
          locations: [nscLocation(app, `${d.element}/pin-set`, 'expiration')],
          evidence: [`pin-set expiration="${ps.expiration}"`, `${ps.pins.length} pin(s)`],
        });
      } else if (ps.pins.length === 1) {
        ctx.report({
          message: `${nsc.path}: the pin-set for ${names} has a single pin and no backup pin.`,
          locations: [nscLocation(app, `${d.element}/pin-set`)],
          evidence: [`1 pin (${ps.pins[0]!.digest})`],
          severity: 'low',
        });
      }
    }
  },
});
