/**
 * @module platform/web/pages/engagement-sections
 * The sections of an engagement's page, one component each: the phase (progress and the phase changes the
 * caller may ask for), the scope, the team, testing from the engagement (uploads, USSD runs, linking a scan),
 * the linked scans, the test plan and the history. A section renders nothing when its data is absent: the route
 * leaves out what the caller may not see (a provider representative gets the phase and the scope only), so no
 * section decides access by itself. They are composed in pages/engagements.tsx.
 *
 * In the reader's language (`lang`, English by default): each section makes its translator from the page's data.
 * What the services store (phases, roles, results, event kinds) stays a value; only its name on the page is
 * translated (`phaseName`, `memberRoleName`, `resultName`). Titles, notes and the services' messages stay as written.
 */
import { AUDIT_PROFILES } from '../../../index.js';
import {
  CHANNEL_LABEL,
  PHASES,
  type Engagement,
  type EngagementApp,
  type EngagementEvent,
  type Member,
  type MemberRole,
  type Phase,
} from '../../services/engagements.js';
import type { Scan } from '../../services/scans.js';
import { planSummary, type LinkedScan, type PlanRow, type RowResult } from '../../services/test-plan.js';
import { formatBytes } from '../../services/uploads.js';
import type { StoredUssdTarget } from '../../services/ussd-targets.js';
import type { Actor } from '../../types.js';
import { Day, PLATFORM_LABEL, ScansTableHead, ScanStatus, ScoreCell, TableWrap, versionOf, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField } from '../layout.js';

export const MEMBER_ROLE_LABEL: Readonly<Record<MemberRole, string>> = { lead: 'Lead', auditor: 'Auditor', reviewer: 'Reviewer' };

/** The translator of the components when their page gives none. */
const ENGLISH = translator('en');

/** An engagement type's name in the page's language (an unknown one as it is). */
export function typeName(t: Translate, type: string): string {
  switch (type) {
    case 'audit':
      return t('Audit');
    case 'training':
      return t('Training engagement');
    default:
      return type;
  }
}

/** A team role's name in the page's language (`MEMBER_ROLE_LABEL` in English). */
export function memberRoleName(t: Translate, role: MemberRole | string): string {
  switch (role) {
    case 'lead':
      return t('Lead');
    case 'auditor':
      return t('Auditor');
    case 'reviewer':
      return t('Reviewer');
    default:
      return role;
  }
}

/** A phase's name in the page's language (services/engagements.ts `PHASE_LABEL` in English). */
export function phaseName(t: Translate, phase: Phase): string {
  switch (phase) {
    case 'planning':
      return t('Planning');
    case 'testing':
      return t('Testing');
    case 'reporting':
      return t('Reporting');
    case 'review':
      return t('In review');
    case 'delivered':
      return t('Delivered');
    case 'remediation':
      return t('Remediation');
    case 'closed':
      return t('Closed');
  }
}

/** A plan row's result in the page's language (services/test-plan.ts `ROW_RESULT_LABEL` in English). */
export function resultName(t: Translate, result: RowResult): string {
  switch (result) {
    case 'pass':
      return t('Pass');
    case 'fail':
      return t('Fail');
    case 'not_applicable':
      return t('Not applicable');
    case 'not_tested':
      return t('Not tested');
  }
}

/** The words of a phase change's button (a label of `PHASE_ACTIONS`) in the page's language. */
export function phaseActionName(t: Translate, label: string): string {
  switch (label) {
    case 'Start testing':
      return t('Start testing');
    case 'Move to reporting':
      return t('Move to reporting');
    case 'Submit for review':
      return t('Submit for review');
    case 'Back to testing':
      return t('Back to testing');
    case 'Deliver the report':
      return t('Deliver the report');
    case 'Back to reporting':
      return t('Back to reporting');
    case 'Start remediation':
      return t('Start remediation');
    case 'Close the engagement':
      return t('Close the engagement');
    default:
      return label;
  }
}

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
  /** The reader's language (`req.lang`); English when not given. */
  lang?: Lang | undefined;
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

/** The report formats offered for download, in the order a reader wants them, with what each is for. */
export const REPORT_DOWNLOADS: ReadonlyArray<{ format: string; label: string; what: (t: Translate) => string }> = [
  { format: 'html', label: 'HTML', what: (t) => t('to read and print') },
  { format: 'pdf', label: 'PDF', what: (t) => t('to hand over') },
  { format: 'csv', label: 'CSV', what: (t) => t('findings and plan for a spreadsheet') },
  { format: 'sarif', label: 'SARIF', what: (t) => t('for code-scanning tools') },
  { format: 'oscal', label: 'OSCAL', what: (t) => t('assessment results for compliance tools') },
  { format: 'json', label: 'JSON', what: (t) => t('the whole report as data') },
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

export function PhaseBadge(p: { phase: Phase; t?: Translate | undefined }): SafeHtml {
  return <span class={`status phase phase-${p.phase}`}>{phaseName(p.t ?? ENGLISH, p.phase)}</span>;
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
  const t = translator(o.lang);
  const e = o.engagement;
  const at = PHASES.indexOf(e.phase);
  return (
    <section aria-labelledby="phase-h" class="card">
      <h2 id="phase-h">{t('Phase')}</h2>
      <label>
        <span>{t('Phase {n} of {total}: {phase}', { n: at + 1, total: PHASES.length, phase: phaseName(t, e.phase) })}</span>
        <progress max={String(PHASES.length)} value={String(at + 1)}>
          {t('phase {n} of {total}', { n: at + 1, total: PHASES.length })}
        </progress>
      </label>
      <ol class="phases">
        {PHASES.map((p, i) => (
          <li class={i < at ? 'done' : i === at ? 'current' : 'todo'} aria-current={i === at ? 'step' : undefined}>
            {i === at ? <strong>{phaseName(t, p)}</strong> : phaseName(t, p)}
            <span class="visually-hidden">{i < at ? ` ${t('(done)')}` : i === at ? ` ${t('(current phase)')}` : ` ${t('(to come)')}`}</span>
          </li>
        ))}
      </ol>
      {e.delivered_at ? (
        <p>
          {fill(t('Delivered on {date}'), { date: <Day d={e.delivered_at} /> })}
          {e.closed_at ? (
            <>
              {' '}
              · {fill(t('closed on {date}'), { date: <Day d={e.closed_at} /> })}
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
                {phaseActionName(t, c.label)}
              </button>
              {c.problem ? (
                <p id={`phase-problem-${c.to}`} class="muted">
                  {t('Not yet: {problem}', { problem: c.problem })}
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
  const t = translator(o.lang);
  const id = o.engagement.id;
  const draft = ['reporting', 'review'].includes(o.engagement.phase);
  const rep = o.actor.role === 'provider';
  return (
    <section aria-labelledby="work-h">
      <h2 id="work-h">{rep ? t('Report and findings') : t('Review, findings and report')}</h2>
      <ul class="links">
        {l.review ? (
          <li>
            <a href={`/engagements/${id}/review`}>{t('Review')}</a> <span class="muted">· {t("comments and the reviewers' decisions")}</span>
          </li>
        ) : null}
        {l.findings ? (
          <li>
            <a href={`/engagements/${id}/findings`}>{rep ? t('Findings to answer') : t('Findings and remediation')}</a>{' '}
            <span class="muted">· {rep ? t('your plans, target dates and evidence of fixes') : t("the provider's answers and retests")}</span>
          </li>
        ) : null}
        {l.samples ? (
          <li>
            <a href={`/engagements/${id}/training/samples`}>{t('Sample apps')}</a>{' '}
            <span class="muted">· {t('the bundled builds to scan and install, and the reference USSD service')}</span>
          </li>
        ) : null}
        {l.training ? (
          <li>
            <a href={`/engagements/${id}/training`}>{t('Answer key and score')}</a> <span class="muted">· {t('visible to the trainer only')}</span>
          </li>
        ) : null}
      </ul>
      {l.report ? (
        <div class="card">
          <h3>{draft ? t('Report (draft, not approved)') : t('Report')}</h3>
          <ul class="inline links" aria-label={t('Report downloads')}>
            {REPORT_DOWNLOADS.map((d) => (
              <li>
                <a href={`/api/v1/engagements/${id}/report?format=${d.format}`} download>
                  {d.label}
                </a>{' '}
                <span class="muted">{d.what(t)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export function ScopeSection(o: EngagementPageData): SafeHtml {
  const t = translator(o.lang);
  const e = o.engagement;
  const profile = AUDIT_PROFILES.find((p) => p.id === e.profile);
  return (
    <section aria-labelledby="scope-h">
      <h2 id="scope-h">{t('Scope')}</h2>
      <dl>
        <dt>{t('Channels')}</dt>
        <dd>{e.channels.map((c) => CHANNEL_LABEL[c] ?? c).join(', ')}</dd>
        <dt>{t('Profile')}</dt>
        <dd>
          {profile?.title ?? e.profile}
          {profile ? <span class="muted"> · {profile.description}</span> : null}
        </dd>
        {o.actor.role === 'provider' ? null : (
          <>
            <dt>{t('Approvals required')}</dt>
            <dd>{e.approvals_required}</dd>
          </>
        )}
      </dl>
      <TableWrap>
        <table>
          <caption class="muted">{t('Apps and services in scope')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('App')}</th>
              <th scope="col">{t('Platform')}</th>
              <th scope="col">{t('Identifier')}</th>
              <th scope="col">{t('Version')}</th>
            </tr>
          </thead>
          <tbody>
            {o.apps.length === 0 ? (
              <tr>
                <td colspan="4" class="muted">
                  {t('No app in scope yet.')}
                </td>
              </tr>
            ) : (
              o.apps.map((a) => (
                <tr>
                  <td>{o.sameOrg && o.actor.role !== 'provider' ? <a href={`/apps/${a.app_id}`}>{a.name}</a> : a.name}</td>
                  <td>{a.platform === 'ussd' ? t('USSD service') : (PLATFORM_LABEL[a.platform] ?? a.platform)}</td>
                  <td>
                    <code>{a.identifier}</code>
                  </td>
                  <td>{a.version ?? <span class="muted">{t('not set')}</span>}</td>
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
  const t = translator(o.lang);
  return (
    <section aria-labelledby="team-h">
      <h2 id="team-h">{t('Team')}</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('E-mail')}</th>
              <th scope="col">{t('Organisation')}</th>
              <th scope="col">{t('Role')}</th>
            </tr>
          </thead>
          <tbody>
            {o.team.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{m.org_name}</td>
                <td>{memberRoleName(t, m.role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {o.canManageTeam ? (
        <div class="card">
          <h3>{t('Add a member')}</h3>
          <ErrorAt error={o.error} at="team" />
          <form class="fields" method="post" action={`/engagements/${o.engagement.id}/members`}>
            <CsrfField csrf={o.csrf} />
            <label>
              {t('E-mail')}
              <input type="email" name="email" required maxlength="320" autocomplete="off" />
            </label>
            <label>
              {t('Role')}
              <select name="role" required>
                <option value="auditor">{t('Auditor')}</option>
                <option value="reviewer">{t('Reviewer (of this lab or an oversight body)')}</option>
                <option value="lead">{t('Lead')}</option>
              </select>
            </label>
            <div class="actions">
              <button type="submit">{t('Add to the team')}</button>
            </div>
          </form>
        </div>
      ) : null}
    </section>
  );
}

const ACCEPT: Readonly<Record<string, string>> = { android: '.apk,.apks,.xapk,application/vnd.android.package-archive', ios: '.ipa' };

function scanLabel(t: Translate, s: Scan): string {
  const when = new Date(s.created_at).toISOString().replace('T', ' ').slice(0, 16);
  const version = versionOf(s) || (s.kind === 'ussd' ? t('run of {name}', { name: s.file_name }) : s.file_name);
  return `${s.app_name} ${version} · ${when} UTC${s.grade ? ` · ${t('grade {grade}', { grade: s.grade })}` : ''}`;
}

/** Testing from the engagement: a build upload per app, the USSD runs per service, and linking a finished scan. */
export function TestingSection(o: EngagementPageData): SafeHtml | null {
  const d = o.testing;
  if (!d) return null;
  const t = translator(o.lang);
  const id = o.engagement.id;
  const csrfQuery = `?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="testing-h">
      <h2 id="testing-h">{t('Testing')}</h2>
      <p class="muted">{t('A build uploaded or a USSD run started here is linked to the engagement: its checks give the automated rows of the plan their results.')}</p>
      <div class="grid">
        {d.uploadApps.map((a) => (
          <div class="card">
            <h3>{t('Upload a build of {app}', { app: a.name })}</h3>
            <ErrorAt error={o.error} at="upload" objectId={a.app_id} />
            {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
            <form class="stack" method="post" action={`/engagements/${id}/apps/${a.app_id}/scans${csrfQuery}`} enctype="multipart/form-data">
              <CsrfField csrf={o.csrf} />
              <label>
                {a.platform === 'ios' ? t('IPA file of {app}', { app: a.name }) : t('APK or split-APK set of {app}', { app: a.name })}
                <input type="file" name="file" required accept={ACCEPT[a.platform]} aria-describedby={`upload-help-${a.app_id}`} />
              </label>
              <p id={`upload-help-${a.app_id}`} class="muted">
                <code>{a.identifier}</code>
                {a.version ? `, ${t('version {version} in scope', { version: a.version })}` : ''}; {t('at most {size}.', { size: formatBytes(d.maxUploadBytes) })}
              </p>
              <button type="submit">{t('Upload and scan')}</button>
            </form>
          </div>
        ))}
        {d.ussd.map(({ app, targets }) => (
          <div class="card">
            <h3>{t('Run the USSD tests of {app}', { app: app.name })}</h3>
            <ErrorAt error={o.error} at="ussd" objectId={app.app_id} />
            {targets.length === 0 ? (
              <p class="muted">
                {fill(t('No target yet: {add} (where the gateway is, and which test accounts to use).'), {
                  add: <a href={`/apps/${app.app_id}/ussd-targets/new`}>{t('add one')}</a>,
                })}
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
                          <input type="checkbox" id={`eng-quick-${tg.id}`} name="quick" value="on" checked /> {t('Quick mode')}
                        </label>
                        <button type="submit" aria-label={t('Run tests on {target}', { target: tg.name })}>
                          {t('Run tests')}
                        </button>
                      </form>
                    ) : (
                      <span class="error">{t('needs a new target file')}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
        <div class="card">
          <h3>{t('Link an existing scan')}</h3>
          <ErrorAt error={o.error} at="link" />
          {d.linkable.length === 0 ? (
            <p class="muted">{t('No finished scan of an app in scope is left to link.')}</p>
          ) : (
            <form class="stack" method="post" action={`/engagements/${id}/scans`}>
              <CsrfField csrf={o.csrf} />
              <label>
                {t('Scan or USSD run')}
                <select name="scanId" required>
                  {d.linkable.map((s) => (
                    <option value={s.id}>{scanLabel(t, s)}</option>
                  ))}
                </select>
              </label>
              <button type="submit">{t('Link the scan')}</button>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}

export function LinkedScansSection(o: EngagementPageData): SafeHtml | null {
  if (!o.scans) return null;
  const t = translator(o.lang);
  return (
    <section aria-labelledby="scans-h">
      <h2 id="scans-h">{t('Linked scans')}</h2>
      <TableWrap>
        <table>
          <caption class="muted">{t('Scans and USSD runs of this engagement, oldest first')}</caption>
          <ScansTableHead t={t} />
          <tbody>
            {o.scans.length === 0 ? (
              <tr>
                <td colspan="6" class="muted">
                  {t('No scan linked yet.')}
                </td>
              </tr>
            ) : (
              o.scans.map((s) => (
                <tr>
                  <td>{o.sameOrg ? <a href={`/scans/${s.scan_id}`}><When d={s.created_at} /></a> : <When d={s.created_at} />}</td>
                  <td>{s.app_name}</td>
                  <td>{versionOf(s) || <span class="muted">{s.kind === 'ussd' ? t('live run') : '–'}</span>}</td>
                  <td>{PLATFORM_LABEL[s.kind] ?? s.kind}</td>
                  <td>
                    <ScanStatus status={s.status} t={t} />
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

export function ResultBadge(p: { result: RowResult | null; t?: Translate | undefined }): SafeHtml {
  const t = p.t ?? ENGLISH;
  return p.result ? <span class={`status result result-${p.result}`}>{resultName(t, p.result)}</span> : <span class="muted">{t('Pending')}</span>;
}

export function PlanSection(o: EngagementPageData): SafeHtml | null {
  if (!o.plan) return null;
  const t = translator(o.lang);
  const s = planSummary(o.plan);
  const id = o.engagement.id;
  const pendingManual = o.plan.filter((r) => r.mode === 'manual' && r.result === null).length;
  const n = pendingManual;
  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">{t('Test plan')}</h2>
      <p id="plan-summary">
        {fill(t('{items} ({automated} automated, {manual} manual): {pass} pass, {fail} fail, {not_applicable} not applicable, {not_tested} not tested, {pending} pending.'), {
          items: s.total === 1 ? t('{n} item', { n: s.total }) : t('{n} items', { n: s.total }),
          automated: s.automated,
          manual: s.manual,
          pass: <strong>{s.pass}</strong>,
          fail: <strong>{s.fail}</strong>,
          not_applicable: <strong>{s.not_applicable}</strong>,
          not_tested: <strong>{s.not_tested}</strong>,
          pending: <strong>{s.pending}</strong>,
        })}
      </p>
      <ErrorAt error={o.error} at="plan" />
      {o.canMarkNotTested && pendingManual > 0 ? (
        <details class="card">
          <summary>{n === 1 ? t('Mark the {n} manual test still pending as not tested', { n }) : t('Mark the {n} manual tests still pending as not tested', { n })}</summary>
          <form class="stack" method="post" action={`/engagements/${id}/rows/not-tested`}>
            <CsrfField csrf={o.csrf} />
            <label>
              {t('Reason (shown in the report for each of them)')}
              <textarea name="reason" required maxlength="4000" rows="2"></textarea>
            </label>
            <button type="submit" class="secondary">
              {n === 1 ? t('Mark {n} test not tested', { n }) : t('Mark {n} tests not tested', { n })}
            </button>
          </form>
        </details>
      ) : null}
      <TableWrap>
        <table>
          <caption class="muted">{t('One row per recommendation of the profile, in catalog order')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Item')}</th>
              <th scope="col">{t('Title')}</th>
              <th scope="col">{t('Mode')}</th>
              <th scope="col">{t('Result')}</th>
              <th scope="col">{t('Detail')}</th>
            </tr>
          </thead>
          <tbody>
            {o.plan.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">
                  {t('The plan is empty.')}
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
                  <td>{r.mode === 'automated' ? t('Automated') : t('Manual')}</td>
                  <td>
                    <ResultBadge result={r.result} t={t} />
                  </td>
                  <td>
                    {r.mode === 'automated' ? (
                      <span class="muted">
                        {r.scans.length === 1 ? t('{n} linked scan ran its checks', { n: 1 }) : t('{n} linked scans ran its checks', { n: r.scans.length })} ·{' '}
                        {r.findings.length === 1 ? t('{n} finding', { n: 1 }) : t('{n} findings', { n: r.findings.length })}
                      </span>
                    ) : (
                      <span class="muted">
                        {r.tested_by_name ? `${r.tested_by_name}, ` : ''}
                        {r.tested_at ? <Day d={r.tested_at} /> : null}
                        {r.tested_by_name || r.tested_at ? ' · ' : ''}
                        {r.evidence === 1 ? t('{n} evidence file', { n: 1 }) : t('{n} evidence files', { n: r.evidence })}
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

function eventText(t: Translate, e: EngagementEvent, names: ReadonlyMap<string, string>): string {
  const who = (id: unknown): string => (typeof id === 'string' ? (names.get(id) ?? t('a former member')) : t('someone'));
  const role = (r: unknown): string => (typeof r === 'string' && r in MEMBER_ROLE_LABEL ? memberRoleName(t, r).toLowerCase() : String(r ?? ''));
  switch (e.kind) {
    case 'created':
      return t('Planned the engagement');
    case 'updated':
      return t('Changed the scope');
    case 'phase':
      return e.from_phase && e.to_phase ? t('Moved it from {from} to {to}', { from: phaseName(t, e.from_phase), to: phaseName(t, e.to_phase) }) : t('Changed the phase');
    case 'member_added':
      return t('Added {who} as {role}', { who: who(e.detail.userId), role: role(e.detail.role) });
    case 'member_removed':
      return t('Removed {who} ({role})', { who: who(e.detail.userId), role: role(e.detail.role) });
    case 'scan_linked':
      return t('Linked a scan');
    case 'approvals_withdrawn':
      return t('Approvals withdrawn by a change');
    case 'rows_not_tested': {
      const n = typeof e.detail.count === 'number' ? e.detail.count : 0;
      return n === 1 ? t('Marked {n} manual test not tested', { n }) : t('Marked {n} manual tests not tested', { n });
    }
    // The other kinds are named after the kind itself, as they always were in English.
    case 'row_result':
      return t('Row result');
    case 'evidence_added':
      return t('Evidence added');
    case 'evidence_integrity_failed':
      return t('Evidence integrity failed');
    case 'comment':
      return t('Comment');
    case 'review_decision':
      return t('Review decision');
    case 'provider_response':
      return t('Provider response');
    case 'retest':
      return t('Retest');
    case 'training_ussd_started':
      return t('Training ussd started');
    default:
      return e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

export function HistorySection(o: EngagementPageData): SafeHtml | null {
  if (!o.events) return null;
  const t = translator(o.lang);
  const names = new Map((o.team ?? []).map((m) => [m.user_id, m.name]));
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('History')}</h2>
      {o.events.length === 0 ? (
        <p class="muted">{t('Nothing yet.')}</p>
      ) : (
        <ol class="history">
          {o.events.map((e) => (
            <li>
              <When d={e.at} /> · {e.user_name ?? t('the platform')}: {eventText(t, e, names)}
              {e.body ? <p class="comment">{e.body}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
