/**
 * The authorization matrix: every registered route × every role (and no login) × an object of the caller's
 * own organisation and one of another organisation. The expected policy is written here a second time, by
 * hand, and compared with both the routes' declarations and the server's answers:
 * - a route missing from MATRIX (or a MATRIX entry with no route) fails the test;
 * - a declared access that differs from MATRIX fails;
 * - on its own organisation's objects an allowed role gets past authorization (any answer but 401/403/a login
 *   redirect; 400 for an empty form is fine) and a refused role gets 403 (401 or the login redirect without
 *   login);
 * - on another organisation's objects nobody ever gets a success: 403 or 404 only; the same for a malformed id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession } from '../../src/platform/auth/sessions.js';
import type { AnyRoute, ObjectKind } from '../../src/platform/http/routes.js';
import { ROLES, type Role } from '../../src/platform/types.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addOrg, addUser, startTestPlatform, type TestPlatform } from './platform.js';

type Who = Role | 'anonymous';
const WHO: Who[] = [...ROLES, 'anonymous'];
const ALL: Role[] = [...ROLES];
const STAFF: Role[] = ['admin', 'lead', 'auditor', 'reviewer', 'readonly'];
const WRITERS: Role[] = ['admin', 'lead', 'auditor'];
const MANAGERS: Role[] = ['admin', 'lead'];
const ADMIN: Role[] = ['admin'];

/** Who may call each route: 'public', or the roles. Written from the role descriptions, not from the code. */
const MATRIX: Record<string, 'public' | Role[]> = {
  // Accounts: setup, login, invitations (public); own account and own API tokens (everyone).
  'GET /setup': 'public',
  'POST /setup': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /language': 'public',
  'GET /invite': 'public',
  'POST /invite': 'public',
  'POST /logout': ALL,
  'GET /account': ALL,
  'POST /account/password': ALL,
  'GET /api/v1/account': ALL,
  'GET /account/email-delivery': ALL,
  'POST /account/email-delivery': ALL,
  'GET /api/v1/account/email-delivery': ALL,
  'PUT /api/v1/account/email-delivery': ALL,
  'GET /api/v1/tokens': ALL,
  'POST /api/v1/tokens': ALL,
  'DELETE /api/v1/tokens/:tokenId': ALL,
  'GET /settings/tokens': ALL,
  'POST /settings/tokens': ALL,
  'POST /settings/tokens/:tokenId/revoke': ALL,
  // Users and the audit log: the administrator (the reviewer also reads the audit log: oversight).
  'GET /api/v1/users': ADMIN,
  'POST /api/v1/users': ADMIN,
  'GET /api/v1/users/:userId': ADMIN,
  'PATCH /api/v1/users/:userId': ADMIN,
  'POST /api/v1/users/:userId/invite': ADMIN,
  'POST /api/v1/users/:userId/disable': ADMIN,
  'POST /api/v1/users/:userId/enable': ADMIN,
  'POST /api/v1/users/:userId/unlock': ADMIN,
  'GET /users': ADMIN,
  'POST /users': ADMIN,
  'GET /users/:userId': ADMIN,
  'POST /users/:userId': ADMIN,
  'POST /users/:userId/invite': ADMIN,
  'POST /users/:userId/disable': ADMIN,
  'POST /users/:userId/enable': ADMIN,
  'POST /users/:userId/unlock': ADMIN,
  'GET /api/v1/audit-log': ['admin', 'reviewer'],
  'GET /audit': ['admin', 'reviewer'],
  // Lab settings (SLA days): staff read, managers change.
  'GET /api/v1/settings': STAFF,
  'PUT /api/v1/settings': MANAGERS,
  'GET /settings': STAFF,
  'POST /settings': MANAGERS,
  // Dashboard: everyone (a provider representative sees only what was released to them).
  'GET /': ALL,
  'GET /api/v1/dashboard': ALL,
  // Providers and apps: everyone reads (provider representatives their own), managers change.
  'GET /api/v1/providers': ALL,
  'POST /api/v1/providers': MANAGERS,
  'GET /api/v1/providers/:providerId': ALL,
  'PUT /api/v1/providers/:providerId': MANAGERS,
  'GET /api/v1/providers/:providerId/apps': ALL,
  'POST /api/v1/providers/:providerId/apps': MANAGERS,
  'GET /api/v1/apps': ALL,
  'GET /api/v1/apps/:appId': ALL,
  'GET /providers': ALL,
  'POST /providers': MANAGERS,
  'GET /providers/:providerId': ALL,
  'POST /providers/:providerId/apps': MANAGERS,
  'GET /apps/:appId': ALL,
  // Scans: writers upload; everyone sees status (provider representatives their own apps'), and the report
  // (provider representatives: of the findings released to them); diffs carry unreleased findings, so staff only.
  'POST /api/v1/apps/:appId/scans': WRITERS,
  'POST /apps/:appId/scans': WRITERS,
  'GET /api/v1/scans': ALL,
  'GET /api/v1/scans/:scanId': ALL,
  'GET /api/v1/scans/:scanId/diff': STAFF,
  'GET /api/v1/scans/:scanId/report': ALL,
  'GET /scans': ALL,
  'GET /scans/:scanId': ALL,
  'GET /scans/:scanId/progress': ALL,
  'GET /scans/:scanId/report': ALL,
  // USSD targets hold the test accounts' PINs: staff read their summary, writers register, replace and run
  // them; provider representatives never reach them. A run's transcript (PINs in request bodies): writers.
  'GET /api/v1/apps/:appId/ussd-targets': STAFF,
  'POST /api/v1/apps/:appId/ussd-targets': WRITERS,
  'GET /api/v1/ussd-targets/:targetId': STAFF,
  'PUT /api/v1/ussd-targets/:targetId': WRITERS,
  'POST /api/v1/ussd-targets/:targetId/runs': WRITERS,
  'GET /api/v1/scans/:scanId/ussd-run': WRITERS,
  'GET /apps/:appId/ussd-targets/new': WRITERS,
  'POST /apps/:appId/ussd-targets': WRITERS,
  'GET /ussd-targets/:targetId': STAFF,
  'GET /ussd-targets/:targetId/edit': WRITERS,
  'POST /ussd-targets/:targetId': WRITERS,
  'POST /ussd-targets/:targetId/runs': WRITERS,
  // Findings: everyone reads (provider representatives only released ones); writers triage; reviewers and
  // provider representatives comment (through the per-finding action route).
  'GET /api/v1/findings': ALL,
  'GET /api/v1/findings/:findingId': ALL,
  'GET /findings': ALL,
  'GET /findings/:findingId': ALL,
  'POST /api/v1/findings/:findingId/actions': ['admin', 'lead', 'auditor', 'reviewer', 'provider'],
  'POST /findings/:findingId/actions': ['admin', 'lead', 'auditor', 'reviewer', 'provider'],
  'POST /api/v1/findings/actions': WRITERS,
  'POST /findings/actions': WRITERS,
  // Engagements: route access is by organisation role; inside, the caller's place in the team decides (the
  // seeded engagement has the lab's lead, auditor and reviewer as its members). Everyone reaches the list and
  // an engagement (provider representatives once delivered); managers plan and move phases; staff read the plan.
  'GET /api/v1/profiles': STAFF,
  'GET /api/v1/engagements': ALL,
  'POST /api/v1/engagements': MANAGERS,
  'GET /api/v1/engagements/:engagementId': ALL,
  'PUT /api/v1/engagements/:engagementId': MANAGERS,
  'POST /api/v1/engagements/:engagementId/phase': MANAGERS,
  'GET /api/v1/engagements/:engagementId/members': STAFF,
  'POST /api/v1/engagements/:engagementId/members': MANAGERS,
  'DELETE /api/v1/engagements/:engagementId/members/:userId': MANAGERS,
  'GET /api/v1/engagements/:engagementId/plan': STAFF,
  'GET /api/v1/engagements/:engagementId/scans': STAFF,
  'POST /api/v1/engagements/:engagementId/scans': WRITERS,
  'GET /api/v1/engagements/:engagementId/events': STAFF,
  'GET /api/v1/engagements/:engagementId/report': ALL,
  // Manual results and evidence: the team records (writers, then the engagement role decides); staff read rows;
  // evidence downloads reach provider representatives too (only files of their own responses).
  'GET /api/v1/engagements/:engagementId/rows/:rowId': STAFF,
  'POST /api/v1/engagements/:engagementId/rows/:rowId/result': WRITERS,
  'POST /api/v1/engagements/:engagementId/rows/not-tested': WRITERS,
  'POST /api/v1/engagements/:engagementId/rows/:rowId/evidence': WRITERS,
  'GET /api/v1/engagements/:engagementId/evidence': ALL,
  'GET /api/v1/engagements/:engagementId/evidence/:evidenceId': ALL,
  'GET /api/v1/engagements/:engagementId/evidence-check': STAFF,
  // Remediation: everyone reads an engagement's findings and answers (providers: released ones, once delivered);
  // only provider representatives answer; the team retests.
  'GET /api/v1/engagements/:engagementId/findings': ALL,
  'GET /api/v1/engagements/:engagementId/findings/:findingId/responses': ALL,
  'POST /api/v1/engagements/:engagementId/findings/:findingId/responses': ['provider'],
  'POST /api/v1/engagements/:engagementId/findings/:findingId/retest': WRITERS,
  // Review: staff read it; the team and the reviewers comment; only reviewers decide. Notifications: everyone's own.
  'GET /api/v1/engagements/:engagementId/review': STAFF,
  'POST /api/v1/engagements/:engagementId/comments': ['admin', 'lead', 'auditor', 'reviewer'],
  'POST /api/v1/engagements/:engagementId/decisions': ['reviewer'],
  'GET /api/v1/notifications': ALL,
  'POST /api/v1/notifications/read': ALL,
  'GET /notifications': ALL,
  'POST /notifications/read': ALL,
  // Engagement pages: the same policy as their API routes.
  'GET /engagements': ALL,
  'GET /engagements/new': MANAGERS,
  'POST /engagements': MANAGERS,
  'GET /engagements/:engagementId': ALL,
  'POST /engagements/:engagementId/phase': MANAGERS,
  'POST /engagements/:engagementId/members': MANAGERS,
  'POST /engagements/:engagementId/apps/:appId/scans': WRITERS,
  'POST /engagements/:engagementId/ussd-targets/:targetId/runs': WRITERS,
  'POST /engagements/:engagementId/scans': WRITERS,
  'POST /engagements/:engagementId/rows/not-tested': WRITERS,
  'GET /engagements/:engagementId/review': STAFF,
  // Resilience assessments: the lab's staff read; managers start them and choose the reviewer; the team and the reviewer answer.
  'GET /resilience': STAFF,
  'POST /resilience': MANAGERS,
  'GET /resilience/compare': STAFF,
  'GET /resilience/:assessmentId': STAFF,
  'POST /resilience/:assessmentId/status': ['admin', 'lead', 'auditor', 'reviewer'],
  'POST /resilience/:assessmentId/reviewer': MANAGERS,
  'GET /resilience/:assessmentId/profile': STAFF,
  'POST /resilience/:assessmentId/profile': ['admin', 'lead', 'auditor', 'reviewer'],
  'GET /resilience/:assessmentId/domains/:domainId': STAFF,
  'POST /resilience/:assessmentId/domains/:domainId': ['admin', 'lead', 'auditor', 'reviewer'],
  'GET /api/v1/resilience': STAFF,
  'POST /api/v1/resilience': MANAGERS,
  'GET /api/v1/resilience/compare': STAFF,
  'GET /api/v1/resilience/:assessmentId': STAFF,
  'PUT /api/v1/resilience/:assessmentId/profile': ['admin', 'lead', 'auditor', 'reviewer'],
  'PUT /api/v1/resilience/:assessmentId/domains/:domainId/answers': ['admin', 'lead', 'auditor', 'reviewer'],
  'POST /api/v1/resilience/:assessmentId/status': ['admin', 'lead', 'auditor', 'reviewer'],
  'PUT /api/v1/resilience/:assessmentId/reviewer': MANAGERS,
  // Campaigns: the lab's managers launch and close; its testers validate; the targeted providers' representatives self-assess.
  'GET /api/v1/campaigns': ALL,
  'GET /campaigns': ALL,
  'POST /api/v1/campaigns': MANAGERS,
  'POST /campaigns': MANAGERS,
  'GET /api/v1/campaigns/:campaignId': STAFF,
  'GET /campaigns/:campaignId': STAFF,
  'POST /api/v1/campaigns/:campaignId/close': MANAGERS,
  'POST /campaigns/:campaignId/close': MANAGERS,
  'GET /api/v1/campaigns/:campaignId/providers/:providerId': ALL,
  'GET /campaigns/:campaignId/providers/:providerId': ALL,
  'PUT /api/v1/campaigns/:campaignId/providers/:providerId/answers': ['provider'],
  'POST /campaigns/:campaignId/providers/:providerId/answers': ['provider'],
  'POST /api/v1/campaigns/:campaignId/providers/:providerId/submit': ['provider'],
  'POST /campaigns/:campaignId/providers/:providerId/submit': ['provider'],
  'POST /api/v1/campaigns/:campaignId/providers/:providerId/accept': WRITERS,
  'POST /campaigns/:campaignId/providers/:providerId/items/:itemId/accept': WRITERS,
  'POST /campaigns/:campaignId/providers/:providerId/accept-all': WRITERS,
  'POST /api/v1/campaigns/:campaignId/providers/:providerId/items/:itemId/reject': WRITERS,
  'POST /campaigns/:campaignId/providers/:providerId/items/:itemId/reject': WRITERS,
  'POST /api/v1/campaigns/:campaignId/providers/:providerId/return': WRITERS,
  'POST /campaigns/:campaignId/providers/:providerId/return': WRITERS,
  // Benchmarking: the lab's staff read their figures and the community's; its managers publish and withdraw.
  'GET /api/v1/benchmarks': STAFF,
  'GET /api/v1/benchmarks/community': STAFF,
  'POST /api/v1/benchmarks/publications': MANAGERS,
  'POST /api/v1/benchmarks/publications/:publicationId/withdraw': MANAGERS,
  'GET /benchmarks': STAFF,
  'POST /benchmarks/publications': MANAGERS,
  'POST /benchmarks/publications/:publicationId/withdraw': MANAGERS,
  // The library: every user reads what the sharing policy lets them see; the lab's testers write; staff comment.
  'GET /api/v1/library': ALL,
  'POST /api/v1/library': WRITERS,
  'GET /api/v1/library/:documentId': ALL,
  'POST /api/v1/library/:documentId/versions': WRITERS,
  'GET /api/v1/library/:documentId/diff': ALL,
  'POST /api/v1/library/:documentId/comments': STAFF,
  'POST /api/v1/library/:documentId/attachments': WRITERS,
  'GET /api/v1/library/:documentId/attachments/:attachmentId': ALL,
  'GET /api/v1/library/:documentId/export': ALL,
  'GET /library': ALL,
  'GET /library/new': WRITERS,
  'POST /library': WRITERS,
  'GET /library/:documentId': ALL,
  'GET /library/:documentId/edit': WRITERS,
  'POST /library/:documentId/versions': WRITERS,
  'GET /library/:documentId/diff': ALL,
  'POST /library/:documentId/comments': STAFF,
  'POST /library/:documentId/attachments': WRITERS,
  // Advisories: every user reads what the sharing policy lets them see; the lab's managers publish; staff discuss; providers acknowledge.
  'POST /api/v1/advisories/:advisoryId/marking': MANAGERS,
  'POST /advisories/:advisoryId/marking': MANAGERS,
  'POST /api/v1/library/:documentId/marking': WRITERS,
  'POST /library/:documentId/marking': WRITERS,
  'GET /api/v1/advisories': ALL,
  'POST /api/v1/advisories': MANAGERS,
  'GET /api/v1/advisories/:advisoryId': ALL,
  'GET /api/v1/advisories/:advisoryId/export': ALL,
  'POST /api/v1/advisories/:advisoryId/comments': STAFF,
  'POST /api/v1/advisories/:advisoryId/acknowledgements': ['provider'],
  'GET /advisories': ALL,
  'GET /advisories/new': MANAGERS,
  'POST /advisories': MANAGERS,
  'GET /advisories/:advisoryId': ALL,
  'POST /advisories/:advisoryId/comments': STAFF,
  'POST /advisories/:advisoryId/acknowledgements': ['provider'],
  // Provider compliance: the lab's staff read the sector; the lab's testers confirm; a provider's representatives read their own.
  'GET /api/v1/compliance': STAFF,
  'GET /api/v1/compliance/export': ALL,
  'GET /api/v1/providers/:providerId/compliance': ALL,
  'GET /api/v1/providers/:providerId/compliance/:itemId': ALL,
  'POST /api/v1/providers/:providerId/compliance/accept': WRITERS,
  'POST /api/v1/providers/:providerId/compliance/:itemId': WRITERS,
  'GET /compliance': STAFF,
  'GET /providers/:providerId/compliance': ALL,
  'GET /providers/:providerId/compliance/:itemId': ALL,
  'POST /providers/:providerId/compliance/accept': WRITERS,
  'POST /providers/:providerId/compliance/:itemId': WRITERS,
  'GET /engagements/:engagementId/findings': ALL,
  'GET /engagements/:engagementId/findings/:findingId': ALL,
  'POST /engagements/:engagementId/findings/:findingId/responses': ['provider'],
  'POST /engagements/:engagementId/findings/:findingId/retest': WRITERS,
  // Training engagements: set up by the lab's managers; the samples for the team; the key for the trainer.
  'POST /api/v1/training': MANAGERS,
  'GET /training/new': MANAGERS,
  'POST /training': MANAGERS,
  'GET /engagements/:engagementId/training/samples': STAFF,
  'GET /engagements/:engagementId/training/samples/:appId': STAFF,
  'POST /engagements/:engagementId/training/samples/:appId/scan': WRITERS,
  'POST /engagements/:engagementId/training/ussd': MANAGERS,
  'GET /api/v1/engagements/:engagementId/training': STAFF,
  'GET /engagements/:engagementId/training': STAFF,
  'GET /engagements/:engagementId/rows/:rowId': STAFF,
  'POST /engagements/:engagementId/rows/:rowId/result': WRITERS,
  'POST /engagements/:engagementId/rows/:rowId/evidence': WRITERS,
  'POST /engagements/:engagementId/review/comments': ['admin', 'lead', 'auditor', 'reviewer'],
  'POST /engagements/:engagementId/review/decisions': ['reviewer'],
};

interface OrgObjects {
  orgId: string;
  ids: Record<ObjectKind, string>;
}

async function seedOrg(t: TestPlatform, orgId: string): Promise<OrgObjects> {
  const db = t.p.db;
  const providerId = randomUUID();
  const appId = randomUUID();
  const scanId = randomUUID();
  const findingId = randomUUID();
  await db.query("insert into providers (id, org_id, name, kind) values ($1, $2, 'Provider', 'bank')", [providerId, orgId]);
  await db.query("insert into apps (id, org_id, provider_id, name, platform, identifier) values ($1, $2, $3, 'Wallet', 'android', $4)", [appId, orgId, providerId, `org${orgId.slice(0, 4)}.wallet`]);
  await db.query("insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, result) values ($1, $2, $3, $4, 'android', 'done', 'w.apk', '{}'::jsonb)", [scanId, orgId, appId, providerId]);
  const data = { checkId: 'android.manifest.debuggable', title: 'Debuggable', severity: 'high', confidence: 'high', message: 'm', locations: [], evidence: [], remediation: 'r', references: {}, fingerprint: 'fp1' };
  await db.query(
    "insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, released_at, first_scan_id, last_scan_id, data) values ($1, $2, $3, 'fp1', 'android.manifest.debuggable', 'Debuggable', 'high', 'assigned', now(), $4, $4, $5)",
    [findingId, orgId, appId, scanId, JSON.stringify(data)],
  );
  const ussdAppId = randomUUID();
  const ussdTargetId = randomUUID();
  await db.query("insert into apps (id, org_id, provider_id, name, platform, identifier) values ($1, $2, $3, 'USSD wallet', 'ussd', '*384*12#')", [ussdAppId, orgId, providerId]);
  // Never run: the matrix platform has no worker, and nothing listens on the discard port.
  const targetText = "endpoint: http://127.0.0.1:9/ussd\ndialect: africastalking\nserviceCode: '*384*12#'\naccounts:\n  - { msisdn: '254711000001', pin: '1234', role: A }\n";
  await db.query("insert into ussd_targets (id, org_id, app_id, name, target_text) values ($1, $2, $3, 'Staging', $4)", [ussdTargetId, orgId, ussdAppId, targetText]);
  const user = await addUser(t, orgId, 'auditor');
  const token = await createApiToken(db, { userId: user.id, orgId }, 'fixture');
  const engagementId = randomUUID();
  const rowId = randomUUID();
  const evidenceId = randomUUID();
  await db.query("insert into engagements (id, org_id, provider_id, title, profile, channels) values ($1, $2, $3, 'Audit', 'all', '[\"android\"]')", [engagementId, orgId, providerId]);
  await db.query('insert into engagement_apps (engagement_id, org_id, app_id) values ($1, $2, $3)', [engagementId, orgId, appId]);
  await db.query("insert into plan_rows (id, engagement_id, position, item_id, title, mode) values ($1, $2, 1, 'APP-02', 'MFA', 'manual')", [rowId, engagementId]);
  // The file itself is absent: its download answers "missing", which is past authorization.
  await db.query("insert into evidence_files (id, engagement_id, row_id, file_name, content_type, size, sha256) values ($1, $2, $3, 'shot.png', 'image/png', 1, $4)", [evidenceId, engagementId, rowId, '0'.repeat(64)]);
  // A resilience assessment of the provider; its reviewer is set once the matrix's reviewer user exists.
  const assessmentId = randomUUID();
  await db.query(
    "insert into resilience_assessments (id, org_id, provider_id, questionnaire_id, questionnaire_version, title) values ($1, $2, $3, 'dfs-critical-infrastructure', '1.0', 'Resilience')",
    [assessmentId, orgId, providerId],
  );
  // An advisory to the lab's supervised providers (GREEN), which they must acknowledge.
  const advisoryId = randomUUID();
  await db.query(
    "insert into advisories (id, org_id, title, summary, channel, severity, tlp, scope_kind, ack_due_on, author_id) values ($1, $2, 'SIM swap wave', 'Text', 'ussd', 'high', 'green', 'providers', current_date + 30, $3)",
    [advisoryId, orgId, user.id],
  );
  // A compliance campaign that targets the provider, and a benchmark publication of the lab.
  const campaignId = randomUUID();
  await db.query(
    "insert into campaigns (id, org_id, title, provider_kind, profile_id, item_ids, deadline, created_by) values ($1, $2, 'Campaign', 'bank', 'mobile-app', '[\"APP-02\"]'::jsonb, current_date + 30, $3)",
    [campaignId, orgId, user.id],
  );
  await db.query('insert into campaign_providers (campaign_id, org_id, provider_id) values ($1, $2, $3)', [campaignId, orgId, providerId]);
  const publicationId = randomUUID();
  await db.query("insert into benchmark_publications (id, org_id, period, published_by, figures) values ($1, $2, '2026-Q4', $3, '{}'::jsonb)", [publicationId, orgId, user.id]);
  // A document of the lab's library (its own lab only), with an attachment (the file is absent: "missing" is past authorization).
  const documentId = randomUUID();
  const documentAttachmentId = randomUUID();
  await db.query("insert into documents (id, org_id, owner_id, title, tlp, scope_kind) values ($1, $2, $3, 'Method', 'green', 'lab')", [documentId, orgId, user.id]);
  await db.query("insert into document_versions (document_id, n, title, body, author_id) values ($1, 1, 'Method', 'Text', $2)", [documentId, user.id]);
  await db.query(
    "insert into document_attachments (id, document_id, file_name, content_type, size, sha256, uploaded_by) values ($1, $2, 'a.txt', 'text/plain', 1, repeat('0', 64), $3)",
    [documentAttachmentId, documentId, user.id],
  );
  return {
    orgId,
    ids: { document: documentId, documentAttachment: documentAttachmentId, campaign: campaignId, benchmarkPublication: publicationId, advisory: advisoryId, provider: providerId, app: appId, scan: scanId, finding: findingId, user: user.id, token: token.id, ussdTarget: ussdTargetId, engagement: engagementId, planRow: rowId, evidence: evidenceId, assessment: assessmentId },
  };
}

function urlFor(route: AnyRoute, objects: OrgObjects): string {
  return route.url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const kind = route.params?.[name];
    // A catalog item is named by its catalog id (the same for every organisation), not a database object.
    if (!kind && name === 'itemId') return 'APP-02';
    // A questionnaire's domain is named by its id in the questionnaire, likewise.
    if (!kind && name === 'domainId') return 'GOV-STRATEGY';
    if (!kind) throw new Error(`${route.method} ${route.url}: parameter :${name} declares no object kind`);
    return objects.ids[kind];
  });
}

describe.each(BACKENDS)('authorization matrix on %s', (backend) => {
  let t: TestPlatform | undefined;
  let own: OrgObjects;
  let other: OrgObjects;
  const cookies = new Map<Who, () => Promise<{ cookie?: string; csrf?: string }>>();

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { loginRateLimit: 100_000 } });
    const orgA = await addOrg(t, 'Lab A');
    const orgB = await addOrg(t, 'Lab B');
    own = await seedOrg(t, orgA);
    other = await seedOrg(t, orgB);
    const tp = t;
    for (const role of ROLES) {
      const u = await addUser(tp, orgA, role, role === 'provider' ? { providerId: own.ids.provider } : {});
      // The lab's lead, auditor and reviewer are the team of its seeded engagement (the admin acts as lead anyway).
      if (role === 'lead' || role === 'auditor' || role === 'reviewer') {
        await tp.p.db.query('insert into engagement_members (engagement_id, user_id, role) values ($1, $2, $3)', [own.ids.engagement, u.id, role]);
      }
      // The lab's reviewer reviews its seeded resilience assessment.
      if (role === 'reviewer') await tp.p.db.query('update resilience_assessments set reviewer_id = $1 where id = $2', [u.id, own.ids.assessment]);
      // A fresh session per request: some routes (logout) end the session they are called with.
      cookies.set(role, async () => {
        const cookie = await createSession(tp.p.db, tp.p.context.config, u.id, {});
        const row = await tp.p.db.one<{ csrf: string }>('select csrf from sessions where user_id = $1 order by created_at desc limit 1', [u.id]);
        return { cookie, csrf: row!.csrf };
      });
    }
    cookies.set('anonymous', async () => ({}));
  }, 180_000);
  afterAll(async () => t?.stop());

  it('covers every registered route, and the declarations match the matrix', (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const registered = t.p.routes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(MATRIX).sort());
    for (const r of t.p.routes) {
      const expected = MATRIX[`${r.method} ${r.url}`]!;
      const declared = r.access === 'public' ? 'public' : r.access === 'user' ? [...ROLES] : [...r.access];
      expect(expected === 'public' ? expected : [...expected].sort(), `${r.method} ${r.url}`).toEqual(declared === 'public' ? declared : [...declared].sort());
    }
  });

  it('answers every route as the matrix says, for every role, on own and other organisation objects', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const failures: string[] = [];
    for (const route of t.p.routes) {
      const expected = MATRIX[`${route.method} ${route.url}`]!;
      for (const who of WHO) {
        const allowed = expected === 'public' || (who !== 'anonymous' && expected.includes(who));
        for (const scope of route.params ? (['own', 'other', 'malformed'] as const) : (['own'] as const)) {
          const { cookie, csrf } = await cookies.get(who)!();
          const headers: Record<string, string> = { accept: route.kind === 'api' ? 'application/json' : 'text/html' };
          if (cookie) headers.cookie = `dfslab_session=${cookie}`;
          if (csrf) headers['x-csrf-token'] = csrf;
          let body: string | undefined;
          if (route.method !== 'GET') {
            headers['content-type'] = 'application/json';
            body = '{}';
          }
          const url = scope === 'malformed' ? route.url.replace(/:([A-Za-z_]+)/g, "x'1") : urlFor(route, scope === 'own' ? own : other);
          const res = await fetch(`${t.url}${url}`, { method: route.method, headers, ...(body ? { body } : {}), redirect: 'manual' });
          await res.arrayBuffer();
          const loginRedirect = res.status === 302 && (res.headers.get('location') ?? '').startsWith('/login');
          const refused = res.status === 401 || res.status === 403 || loginRedirect;
          const label = `${who} ${route.method} ${url} (${scope}) → ${res.status}`;
          if (expected === 'public') {
            // Anyone may call it; its own answers (a redirect when set up, 401 for a wrong password, 403 for a
            // bad one-time link) are about the request, not the caller: only a server error is wrong here.
            if (res.status >= 500) failures.push(`${label}: a public route must not fail`);
          } else if (scope === 'own') {
            if (allowed && refused) failures.push(`${label}: should be allowed`);
            if (!allowed && !refused) failures.push(`${label}: should be refused`);
          } else if (!(res.status === 403 || res.status === 404 || res.status === 401 || loginRedirect)) {
            failures.push(`${label}: another organisation's object must give 403/404`);
          } else if (allowed && res.status !== 404) {
            failures.push(`${label}: an allowed role must get 404 for another organisation's object`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
