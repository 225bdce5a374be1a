/**
 * @module catalog/profiles
 * Audit profiles: named subsets of the DFS recommendations that an engagement audits against ("all of them",
 * or a baseline for one channel). A profile is a rule over the catalog (item prefixes, and optionally the
 * verification methods an item must allow), not a copied id list, so an item added to the catalog joins the
 * profiles it fits. An engagement keeps the list of items its profile gave when it was planned, so a later
 * catalog change never rewrites a finished audit's test plan.
 */
import type { Catalog, CatalogItem } from './index.js';

export interface AuditProfile {
  id: string;
  title: string;
  description: string;
  /** DFS id prefixes included (APP, USSD, SIM, SS7, PLAT, GOV, USER). */
  prefixes: readonly string[];
  /** When set, only items that list at least one of these verification methods. */
  verification?: readonly string[];
}

export const AUDIT_PROFILES: readonly AuditProfile[] = [
  {
    id: 'all',
    title: 'All DFS recommendations',
    description: 'Every recommendation of the catalog: app, USSD, SIM, SS7, platform, governance and customer.',
    prefixes: ['APP', 'USSD', 'SIM', 'SS7', 'PLAT', 'GOV', 'USER'],
  },
  {
    id: 'mobile-app-baseline',
    title: 'Mobile app baseline',
    description: 'The app recommendations that can be verified on the package or on a test device (static analysis of the APK or IPA, dynamic test of the installed app).',
    prefixes: ['APP'],
    verification: ['SA-APK', 'SA-IPA', 'DYN-APP'],
  },
  {
    id: 'mobile-app',
    title: 'Mobile app (all app recommendations)',
    description: 'Every app recommendation, including those verified on the back end or from documents.',
    prefixes: ['APP'],
  },
  {
    id: 'ussd-stk',
    title: 'USSD and SIM toolkit',
    description: 'The USSD and SIM/STK recommendations (ITU-T X.1456 and the SIM-swap controls).',
    prefixes: ['USSD', 'SIM'],
  },
  {
    id: 'telecom-infrastructure',
    title: 'Telecom infrastructure',
    description: 'SS7 signalling, SIM and platform recommendations, for an operator or infrastructure assessment.',
    prefixes: ['SS7', 'SIM', 'PLAT'],
  },
];

export function getAuditProfile(id: string): AuditProfile | undefined {
  return AUDIT_PROFILES.find((p) => p.id === id);
}

/** The catalog items of a profile, in catalog (report) order. */
export function profileItems(catalog: Catalog, profile: AuditProfile): CatalogItem[] {
  const out: CatalogItem[] = [];
  for (const item of catalog.items.values()) {
    const prefix = item.id.slice(0, item.id.indexOf('-'));
    if (!profile.prefixes.includes(prefix)) continue;
    if (profile.verification && !item.verification.some((v) => profile.verification!.includes(v))) continue;
    out.push(item);
  }
  return out;
}
