/**
 * @module platform/types
 * Who may do what on the lab platform. Roles are per organisation (a regulator's lab):
 * - admin: manages users and settings, and can do everything a lead can;
 * - lead: lead auditor; manages providers and apps, scans, triage, releases findings to providers;
 * - auditor: scans and triages;
 * - reviewer: reads everything, comments (the oversight role);
 * - provider: a provider's representative; sees only its provider's apps and the findings released to it,
 *   and answers them;
 * - readonly: reads everything of the lab.
 */
export const ROLES = ['admin', 'lead', 'auditor', 'reviewer', 'provider', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the lab's own staff (everyone but provider representatives). */
export const STAFF: readonly Role[] = ['admin', 'lead', 'auditor', 'reviewer', 'readonly'];
/** Roles that may change the lab's data (scans, triage). */
export const WRITERS: readonly Role[] = ['admin', 'lead', 'auditor'];
/** Roles that manage providers, apps and releases. */
export const MANAGERS: readonly Role[] = ['admin', 'lead'];

/** The authenticated caller of a request, as every query below the HTTP layer receives it. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
  /** Set for provider representatives: the only provider whose data they see. */
  providerId: string | null;
  email: string;
  name: string;
  /** How the request authenticated: a browser session (CSRF-checked) or an API token. */
  via: 'session' | 'token';
}

export const PROVIDER_KINDS = ['bank', 'mno', 'emi', 'fintech', 'other'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const FINDING_STATUSES = ['open', 'confirmed', 'false_positive', 'accepted', 'assigned', 'fixed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
