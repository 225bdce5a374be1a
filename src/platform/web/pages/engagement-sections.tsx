/**
 * @module platform/web/pages/engagement-sections
 * The sections of an engagement's page, one component each: the phase (progress and the phase changes the
 * caller may ask for), the scope, the team, testing from the engagement (uploads, USSD runs, linking a scan),
 * the linked scans, the test plan and the history. A section renders nothing when its data is absent: the route
 * leaves out what the caller may not see (a provider representative gets the phase and the scope only), so no
 * section decides access by itself. They are composed in pages/engagements.tsx.
 */
import { AUDIT_PROFILES } from '../../../index.js';
import {
  CHANNEL_LABEL,
  PHASE_LABEL,
  PHASES,
  type Engagement,
  type EngagementApp,
  type EngagementEvent,
  type Member,
  type MemberRole,
  type Phase,
} from '../../services/engagements.js';
import type { Scan } from '../../services/scans.js';
import { ROW_RESULT_LABEL, planSummary, type LinkedScan, type PlanRow, type RowResult } from '../../services/test-plan.js';
import { formatBytes } from '../../services/uploads.js';
import type { StoredUssdTarget } from '../../services/ussd-targets.js';
import type { Actor } from '../../types.js';
import { Day, PLATFORM_LABEL, ScansTableHead, ScanStatus, ScoreCell, TableWrap, versionOf, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField } from '../layout.js';

export const TYPE_LABEL: Readonly<Record<string, string>> = { audit: 'Audit', training: 'Training engagement' };
export const MEMBER_ROLE_LABEL: Readonly<Record<MemberRole, string>> = { lead: 'Lead', auditor: 'Auditor', reviewer: 'Reviewer' };

/**
 * The phase changes the lead asks for from each phase, with the words of their buttons. The service decides
 * (services/engagements.ts `transitionProblem`); a test checks that this list and the service agree.
 */
export const PHASE_ACTIONS: Readonly<Record<Phase, ReadonlyArray<{ to: Phase; label: string }>>> = {
  planning: [{ to: 'testing', label: 'Start testing' }],
  testing: [{ to: 'reporting', label: 'Move to reporting' }],
  reporting: [
    { to: 'review', label: 'Submit for review' },
    { to: 'testing', label: 'Back to testing' },
  ],
  review: [
    { to: 'delivered', label: 'Deliver the report' },
    { to: 'reporting', label: 'Back to reporting' },
  ],
  delivered: [
    { to: 'remediation', label: 'Start remediation' },
    { to: 'closed', label: 'Close the engagement' },
  ],
  remediation: [{ to: 'closed', label: 'Close the engagement' }],
  closed: [],
};

/** Where on the page a refused form's message goes (next to the form that was sent). */
export interface PageError {
  at: 'phase' | 'team' | 'upload' | 'ussd' | 'link' | 'plan';
  message: string;
  /** The app in scope whose form was sent (upload; ussd: the USSD service of the target). */
  objectId?: string | undefined;
}

export interface TestingData {
  maxUploadBytes: number;
  /** Android and iOS apps in scope: one upload form each. */
  uploadApps: EngagementApp[];
  /** USSD services in scope with their targets. */
  ussd: Array<{ app: EngagementApp; targets: StoredUssdTarget[] }>;
  /** Finished scans of the apps in scope not linked yet. */
  linkable: Scan[];
}

/** Everything the engagement's page may show; what the caller may not see is left undefined. */
export interface EngagementPageData {
  actor: Actor;
  csrf?: string | undefined;
  engagement: Engagement;
  apps: EngagementApp[];
  /** The caller belongs to the lab that runs the engagement (links to the lab's scans and apps work for them). */
  sameOrg: boolean;
  /** The lead or a lab administrator: the phase changes with the guard's current objection, if any. */
  phaseChoices?: Array<{ to: Phase; label: string; problem?: string | undefined }> | undefined;
  team?: Member[] | undefined;
  canManageTeam?: boolean | undefined;
  /** The testers of the engagement in a phase where results are recorded. */
  testing?: TestingData | undefined;
  scans?: LinkedScan[] | undefined;
  plan?: PlanRow[] | undefined;
  /** A tester while testing: may record "not tested" on the manual rows still pending, in one go. */
  canMarkNotTested?: boolean | undefined;
  events?: EngagementEvent[] | undefined;
  /** The engagement's other pages and downloads the caller may open (each left out when they may not). */
  links?: EngagementLinks | undefined;
  error?: PageError | undefined;
}

/** Which of the engagement's other pages the caller may open; decided by the route from the services' rules. */
export interface EngagementLinks {
  /** The review page: comments and decisions (the lab's staff and the team, the invited reviewer included). */
  review?: boolean | undefined;
  /** The findings and the provider's answers (the lab, the team; the provider once delivered). */
  findings?: boolean | undefined;
  /** The report downloads (from the reporting phase for the lab and the team; once delivered for the provider). */
  report?: boolean | undefined;
  /** A training engagement's answer key and the team's score (its trainer only). */
  training?: boolean | undefined;
  /** A training engagement's bundled sample apps: download, scan, start the reference USSD service. */
  samples?: boolean | undefined;
}

/** The report formats offered for download, in the order a reader wants them. */
export const REPORT_DOWNLOADS: ReadonlyArray<{ format: string; label: string; what: string }> = [
  { format: 'html', label: 'HTML', what: 'to read and print' },
  { format: 'pdf', label: 'PDF', what: 'to hand over' },
  { format: 'csv', label: 'CSV', what: 'findings and plan for a spreadsheet' },
  { format: 'sarif', label: 'SARIF', what: 'for code-scanning tools' },
  { format: 'oscal', label: 'OSCAL', what: 'assessment results for compliance tools' },
  { format: 'json', label: 'JSON', what: 'the whole report as data' },
];

/**
 * Whether the section of the form a refusal is about is on the page (and shows it there). It may not be: an
 * upload posted in a phase without testing, or to an app that has no upload form.
 */
export function errorHasPlace(o: EngagementPageData): boolean {
  const e = o.error;
  if (!e) return true;
  switch (e.at) {
    case 'phase':
      return true;
    case 'team':
      return !!o.team && !!o.canManageTeam;
    case 'upload':
      return !!o.testing?.uploadApps.some((a) => a.app_id === e.objectId);
    case 'ussd':
      return !!o.testing?.ussd.some((u) => u.app.app_id === e.objectId);
    case 'link':
      return !!o.testing;
    case 'plan':
      return !!o.plan && !!o.canMarkNotTested;
  }
}

export function PhaseBadge(p: { phase: Phase }): SafeHtml {
  return <span class={`status phase phase-${p.phase}`}>{PHASE_LABEL[p.phase]}</span>;
}

function ErrorAt(p: { error: PageError | undefined; at: PageError['at']; objectId?: string }): SafeHtml | null {
  if (!p.error || p.error.at !== p.at || (p.objectId !== undefined && p.error.objectId !== p.objectId)) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

/** The seven phases with the current one marked, as a list and as a progress bar (both say it in words). */
export function PhaseSection(o: EngagementPageData): SafeHtml {
  const e = o.engagement;
  const at = PHASES.indexOf(e.phase);
  return (
    <section aria-labelledby="phase-h" class="card">
      <h2 id="phase-h">Phase</h2>
      <label>
        <span>
          Phase {at + 1} of {PHASES.length}: {PHASE_LABEL[e.phase]}
        </span>
        <progress max={String(PHASES.length)} value={String(at + 1)}>
          phase {at + 1} of {PHASES.length}
        </progress>
      </label>
      <ol class="phases">
        {PHASES.map((p, i) => (
          <li class={i < at ? 'done' : i === at ? 'current' : 'todo'} aria-current={i === at ? 'step' : undefined}>
            {i === at ? <strong>{PHASE_LABEL[p]}</strong> : PHASE_LABEL[p]}
            <span class="visually-hidden">{i < at ? ' (done)' : i === at ? ' (current phase)' : ' (to come)'}</span>
          </li>
        ))}
      </ol>
      {e.delivered_at ? (
        <p>
          Delivered on <Day d={e.delivered_at} />
          {e.closed_at ? (
            <>
              {' '}
              · closed on <Day d={e.closed_at} />
            </>
          ) : null}
        </p>
      ) : null}
      <ErrorAt error={o.error} at="phase" />
      {o.phaseChoices && o.phaseChoices.length ? (
        <div class="inline">
          {o.phaseChoices.map((c) => (
            <form method="post" action={`/engagements/${e.id}/phase`}>
              <CsrfField csrf={o.csrf} />
              <input type="hidden" name="phase" value={c.to} />
              <button type="submit" class={PHASES.indexOf(c.to) < at ? 'secondary' : undefined} aria-describedby={c.problem ? `phase-problem-${c.to}` : undefined}>
                {c.label}
              </button>
              {c.problem ? (
                <p id={`phase-problem-${c.to}`} class="muted">
                  Not yet: {c.problem}
                </p>
              ) : null}
            </form>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** Links to the engagement's review, findings, training key and report downloads, as far as the caller may open them. */
export function WorkSection(o: EngagementPageData): SafeHtml | null {
  const l = o.links;
  if (!l || !(l.review || l.findings || l.report || l.training || l.samples)) return null;
  const id = o.engagement.id;
  const draft = ['reporting', 'review'].includes(o.engagement.phase);
  return (
    <section aria-labelledby="work-h">
      <h2 id="work-h">{o.actor.role === 'provider' ? 'Report and findings' : 'Review, findings and report'}</h2>
      <ul class="links">
        {l.review ? (
          <li>
            <a href={`/engagements/${id}/review`}>Review</a> <span class="muted">· comments and the reviewers' decisions</span>
          </li>
        ) : null}
        {l.findings ? (
          <li>
            <a href={`/engagements/${id}/findings`}>{o.actor.role === 'provider' ? 'Findings to answer' : 'Findings and remediation'}</a>{' '}
            <span class="muted">· {o.actor.role === 'provider' ? 'your plans, target dates and evidence of fixes' : "the provider's answers and retests"}</span>
          </li>
        ) : null}
        {l.samples ? (
          <li>
            <a href={`/engagements/${id}/training/samples`}>Sample apps</a> <span class="muted">· the bundled builds to scan and install, and the reference USSD service</span>
          </li>
        ) : null}
        {l.training ? (
          <li>
            <a href={`/engagements/${id}/training`}>Answer key and score</a> <span class="muted">· visible to the trainer only</span>
          </li>
        ) : null}
      </ul>
      {l.report ? (
        <div class="card">
          <h3>Report{draft ? ' (draft, not approved)' : ''}</h3>
          <ul class="inline links" aria-label="Report downloads">
            {REPORT_DOWNLOADS.map((d) => (
              <li>
                <a href={`/api/v1/engagements/${id}/report?format=${d.format}`} download>
                  {d.label}
                </a>{' '}
                <span class="muted">{d.what}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export function ScopeSection(o: EngagementPageData): SafeHtml {
  const e = o.engagement;
  const profile = AUDIT_PROFILES.find((p) => p.id === e.profile);
  return (
    <section aria-labelledby="scope-h">
      <h2 id="scope-h">Scope</h2>
      <dl>
        <dt>Channels</dt>
        <dd>{e.channels.map((c) => CHANNEL_LABEL[c] ?? c).join(', ')}</dd>
        <dt>Profile</dt>
        <dd>
          {profile?.title ?? e.profile}
          {profile ? <span class="muted"> · {profile.description}</span> : null}
        </dd>
        {o.actor.role === 'provider' ? null : (
          <>
            <dt>Approvals required</dt>
            <dd>{e.approvals_required}</dd>
          </>
        )}
      </dl>
      <TableWrap>
        <table>
          <caption class="muted">Apps and services in scope</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Platform</th>
              <th scope="col">Identifier</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {o.apps.length === 0 ? (
              <tr>
                <td colspan="4" class="muted">
                  No app in scope yet.
                </td>
              </tr>
            ) : (
              o.apps.map((a) => (
                <tr>
                  <td>{o.sameOrg && o.actor.role !== 'provider' ? <a href={`/apps/${a.app_id}`}>{a.name}</a> : a.name}</td>
                  <td>{a.platform === 'ussd' ? 'USSD service' : (PLATFORM_LABEL[a.platform] ?? a.platform)}</td>
                  <td>
                    <code>{a.identifier}</code>
                  </td>
                  <td>{a.version ?? <span class="muted">not set</span>}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function TeamSection(o: EngagementPageData): SafeHtml | null {
  if (!o.team) return null;
  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">Team</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Organisation</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {o.team.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{m.org_name}</td>
                <td>{MEMBER_ROLE_LABEL[m.role] ?? m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {o.canManageTeam ? (
        <div class="card">
          <h3>Add a member</h3>
          <ErrorAt error={o.error} at="team" />
          <form class="fields" method="post" action={`/engagements/${o.engagement.id}/members`}>
            <CsrfField csrf={o.csrf} />
            <label>
              E-mail
              <input type="email" name="email" required maxlength="320" autocomplete="off" />
            </label>
            <label>
              Role
              <select name="role" required>
                <option value="auditor">Auditor</option>
                <option value="reviewer">Reviewer (of this lab or an oversight body)</option>
                <option value="lead">Lead</option>
              </select>
            </label>
            <div class="actions">
              <button type="submit">Add to the team</button>
            </div>
          </form>
        </div>
      ) : null}
    </section>
  );
}

const ACCEPT: Readonly<Record<string, string>> = { android: '.apk,.apks,.xapk,application/vnd.android.package-archive', ios: '.ipa' };

function scanLabel(s: Scan): string {
  const when = new Date(s.created_at).toISOString().replace('T', ' ').slice(0, 16);
  const version = versionOf(s) || (s.kind === 'ussd' ? `run of ${s.file_name}` : s.file_name);
  return `${s.app_name} ${version} · ${when} UTC${s.grade ? ` · grade ${s.grade}` : ''}`;
}

/** Testing from the engagement: a build upload per app, the USSD runs per service, and linking a finished scan. */
export function TestingSection(o: EngagementPageData): SafeHtml | null {
  const t = o.testing;
  if (!t) return null;
  const id = o.engagement.id;
  const csrfQuery = `?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="testing-h">
      <h2 id="testing-h">Testing</h2>
      <p class="muted">A build uploaded or a USSD run started here is linked to the engagement: its checks give the automated rows of the plan their results.</p>
      <div class="grid">
        {t.uploadApps.map((a) => (
          <div class="card">
            <h3>Upload a build of {a.name}</h3>
            <ErrorAt error={o.error} at="upload" objectId={a.app_id} />
            {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
            <form class="stack" method="post" action={`/engagements/${id}/apps/${a.app_id}/scans${csrfQuery}`} enctype="multipart/form-data">
              <CsrfField csrf={o.csrf} />
              <label>
                {a.platform === 'ios' ? `IPA file of ${a.name}` : `APK or split-APK set of ${a.name}`}
                <input type="file" name="file" required accept={ACCEPT[a.platform]} aria-describedby={`upload-help-${a.app_id}`} />
              </label>
              <p id={`upload-help-${a.app_id}`} class="muted">
                <code>{a.identifier}</code>
                {a.version ? `, version ${a.version} in scope` : ''}; at most {formatBytes(t.maxUploadBytes)}.
              </p>
              <button type="submit">Upload and scan</button>
            </form>
          </div>
        ))}
        {t.ussd.map(({ app, targets }) => (
          <div class="card">
            <h3>Run the USSD tests of {app.name}</h3>
            <ErrorAt error={o.error} at="ussd" objectId={app.app_id} />
            {targets.length === 0 ? (
              <p class="muted">
                No target yet: <a href={`/apps/${app.app_id}/ussd-targets/new`}>add one</a> (where the gateway is, and which test accounts to use).
              </p>
            ) : (
              <ul>
                {targets.map((tg) => (
                  <li>
                    <a href={`/ussd-targets/${tg.id}`}>{tg.name}</a>{' '}
                    {tg.summary ? (
                      <form class="inline" method="post" action={`/engagements/${id}/ussd-targets/${tg.id}/runs`}>
                        <CsrfField csrf={o.csrf} />
                        <label for={`eng-quick-${tg.id}`}>
                          <input type="checkbox" id={`eng-quick-${tg.id}`} name="quick" value="on" checked /> Quick mode
                        </label>
                        <button type="submit" aria-label={`Run tests on ${tg.name}`}>
                          Run tests
                        </button>
                      </form>
                    ) : (
                      <span class="error">needs a new target file</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
        <div class="card">
          <h3>Link an existing scan</h3>
          <ErrorAt error={o.error} at="link" />
          {t.linkable.length === 0 ? (
            <p class="muted">No finished scan of an app in scope is left to link.</p>
          ) : (
            <form class="stack" method="post" action={`/engagements/${id}/scans`}>
              <CsrfField csrf={o.csrf} />
              <label>
                Scan or USSD run
                <select name="scanId" required>
                  {t.linkable.map((s) => (
                    <option value={s.id}>{scanLabel(s)}</option>
                  ))}
                </select>
              </label>
              <button type="submit">Link the scan</button>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}

export function LinkedScansSection(o: EngagementPageData): SafeHtml | null {
  if (!o.scans) return null;
  return (
    <section aria-labelledby="scans-h">
      <h2 id="scans-h">Linked scans</h2>
      <TableWrap>
        <table>
          <caption class="muted">Scans and USSD runs of this engagement, oldest first</caption>
          <ScansTableHead />
          <tbody>
            {o.scans.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  No scan linked yet.
                </td>
              </tr>
            ) : (
              o.scans.map((s) => (
                <tr>
                  <td>{o.sameOrg ? <a href={`/scans/${s.scan_id}`}><When d={s.created_at} /></a> : <When d={s.created_at} />}</td>
                  <td>{s.app_name}</td>
                  <td>{versionOf(s) || <span class="muted">{s.kind === 'ussd' ? 'live run' : '–'}</span>}</td>
                  <td>{PLATFORM_LABEL[s.kind] ?? s.kind}</td>
                  <td>
                    <ScanStatus status={s.status} />
                  </td>
                  <td>
                    <ScoreCell scan={s} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function ResultBadge(p: { result: RowResult | null }): SafeHtml {
  return p.result ? <span class={`status result result-${p.result}`}>{ROW_RESULT_LABEL[p.result]}</span> : <span class="muted">Pending</span>;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function PlanSection(o: EngagementPageData): SafeHtml | null {
  if (!o.plan) return null;
  const s = planSummary(o.plan);
  const id = o.engagement.id;
  const pendingManual = o.plan.filter((r) => r.mode === 'manual' && r.result === null).length;
  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">Test plan</h2>
      <p id="plan-summary">
        {plural(s.total, 'item')} ({s.automated} automated, {s.manual} manual): <strong>{s.pass}</strong> pass, <strong>{s.fail}</strong> fail,{' '}
        <strong>{s.not_applicable}</strong> not applicable, <strong>{s.not_tested}</strong> not tested, <strong>{s.pending}</strong> pending.
      </p>
      <ErrorAt error={o.error} at="plan" />
      {o.canMarkNotTested && pendingManual > 0 ? (
        <details class="card">
          <summary>
            Mark the {plural(pendingManual, 'manual test')} still pending as not tested
          </summary>
          <form class="stack" method="post" action={`/engagements/${id}/rows/not-tested`}>
            <CsrfField csrf={o.csrf} />
            <label>
              Reason (shown in the report for each of them)
              <textarea name="reason" required maxlength="4000" rows="2"></textarea>
            </label>
            <button type="submit" class="secondary">
              Mark {plural(pendingManual, 'test')} not tested
            </button>
          </form>
        </details>
      ) : null}
      <TableWrap>
        <table>
          <caption class="muted">One row per recommendation of the profile, in catalog order</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Title</th>
              <th scope="col">Mode</th>
              <th scope="col">Result</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {o.plan.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">
                  The plan is empty.
                </td>
              </tr>
            ) : (
              o.plan.map((r) => (
                <tr>
                  <td>
                    <code>{r.item_id}</code>
                  </td>
                  <td>
                    <a href={`/engagements/${id}/rows/${r.id}`}>{r.title}</a>
                  </td>
                  <td>{r.mode === 'automated' ? 'Automated' : 'Manual'}</td>
                  <td>
                    <ResultBadge result={r.result} />
                  </td>
                  <td>
                    {r.mode === 'automated' ? (
                      <span class="muted">
                        {plural(r.scans.length, 'linked scan')} ran its checks · {plural(r.findings.length, 'finding')}
                      </span>
                    ) : (
                      <span class="muted">
                        {r.tested_by_name ? `${r.tested_by_name}, ` : ''}
                        {r.tested_at ? <Day d={r.tested_at} /> : null}
                        {r.tested_by_name || r.tested_at ? ' · ' : ''}
                        {plural(r.evidence, 'evidence file')}
                      </span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function eventText(e: EngagementEvent, names: ReadonlyMap<string, string>): string {
  const who = (id: unknown): string => (typeof id === 'string' ? (names.get(id) ?? 'a former member') : 'someone');
  const role = (r: unknown): string => (typeof r === 'string' && r in MEMBER_ROLE_LABEL ? MEMBER_ROLE_LABEL[r as MemberRole].toLowerCase() : String(r ?? ''));
  switch (e.kind) {
    case 'created':
      return 'Planned the engagement';
    case 'updated':
      return 'Changed the scope';
    case 'phase':
      return e.from_phase && e.to_phase ? `Moved it from ${PHASE_LABEL[e.from_phase]} to ${PHASE_LABEL[e.to_phase]}` : 'Changed the phase';
    case 'member_added':
      return `Added ${who(e.detail.userId)} as ${role(e.detail.role)}`;
    case 'member_removed':
      return `Removed ${who(e.detail.userId)} (${role(e.detail.role)})`;
    case 'scan_linked':
      return 'Linked a scan';
    case 'approvals_withdrawn':
      return 'Approvals withdrawn by a change';
    case 'rows_not_tested': {
      const n = typeof e.detail.count === 'number' ? e.detail.count : 0;
      return `Marked ${plural(n, 'manual test')} not tested`;
    }
    default:
      return e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

export function HistorySection(o: EngagementPageData): SafeHtml | null {
  if (!o.events) return null;
  const names = new Map((o.team ?? []).map((m) => [m.user_id, m.name]));
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {o.events.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ol class="history">
          {o.events.map((e) => (
            <li>
              <When d={e.at} /> · {e.user_name ?? 'the platform'}: {eventText(e, names)}
              {e.body ? <p class="comment">{e.body}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
