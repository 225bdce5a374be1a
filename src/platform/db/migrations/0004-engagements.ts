/**
 * Audit engagements: one audit of one provider from planning to closure (services/engagements/*).
 *
 * - An engagement belongs to the lab (org) that runs it. Its team are `engagement_members`; a reviewer may be
 *   a user of another organisation (an oversight body), who reaches this engagement and nothing else of the lab.
 * - The test plan (`plan_rows`) is fixed when the engagement is created: one row per catalog item of the
 *   profile, automated (results come from the linked scans) or manual (results recorded by the team).
 * - Evidence files are kept under `<dataDir>/evidence/<id>` with their SHA-256, checked on every download.
 * - A failed manual row makes a finding in the findings model (`findings.source = 'manual'`), which has no
 *   scan: `first_scan_id`/`last_scan_id` become optional.
 * - Every phase change, comment, review decision and provider response is kept (nothing here is deleted).
 */
export const id = '0004-engagements';

export const sql = /* sql */ `
create table engagements (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  provider_id uuid not null,
  type text not null default 'audit' check (type in ('audit', 'training')),
  title text not null,
  profile text not null,
  channels jsonb not null default '[]'::jsonb,
  phase text not null default 'planning' check (phase in ('planning', 'testing', 'reporting', 'review', 'delivered', 'remediation', 'closed')),
  starts_on date,
  ends_on date,
  approvals_required integer not null default 1 check (approvals_required between 1 and 5),
  review_round integer not null default 0,
  delivered_at timestamptz,
  closed_at timestamptz,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id)
);
create index engagements_org on engagements (org_id, created_at desc);

create table engagement_apps (
  engagement_id uuid not null references engagements(id),
  org_id uuid not null,
  app_id uuid not null,
  version text,
  primary key (engagement_id, app_id),
  foreign key (org_id, app_id) references apps(org_id, id)
);

-- The team. user_id may be a user of another organisation (a reviewer from an oversight body).
create table engagement_members (
  engagement_id uuid not null references engagements(id),
  user_id uuid not null references users(id),
  role text not null check (role in ('lead', 'auditor', 'reviewer')),
  added_by uuid references users(id),
  added_at timestamptz not null default now(),
  primary key (engagement_id, user_id)
);
create index engagement_members_user on engagement_members (user_id);

-- Scans and USSD runs done for the engagement (their checks give the automated rows their results).
create table engagement_scans (
  engagement_id uuid not null references engagements(id),
  org_id uuid not null,
  scan_id uuid not null,
  linked_by uuid references users(id),
  linked_at timestamptz not null default now(),
  primary key (engagement_id, scan_id),
  foreign key (org_id, scan_id) references scans(org_id, id)
);

create table plan_rows (
  id uuid primary key,
  engagement_id uuid not null references engagements(id),
  position integer not null,
  item_id text not null,
  title text not null,
  mode text not null check (mode in ('automated', 'manual')),
  -- The manual result; null until the team records one.
  result text check (result in ('pass', 'fail', 'not_applicable', 'not_tested')),
  notes text,
  app_id uuid,
  severity text check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  finding_id uuid references findings(id),
  tested_by uuid references users(id),
  tested_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (engagement_id, item_id)
);
create index plan_rows_engagement on plan_rows (engagement_id, position);

create table evidence_files (
  id uuid primary key,
  engagement_id uuid not null references engagements(id),
  row_id uuid references plan_rows(id),
  response_id uuid,
  file_name text not null,
  content_type text not null,
  size bigint not null,
  sha256 text not null,
  uploaded_by uuid references users(id),
  uploaded_at timestamptz not null default now()
);
create index evidence_files_engagement on evidence_files (engagement_id, uploaded_at);

-- Everything that happened to an engagement, in order: phase changes, team changes, results, links.
create table engagement_events (
  id bigserial primary key,
  engagement_id uuid not null references engagements(id),
  user_id uuid references users(id),
  kind text not null,
  from_phase text,
  to_phase text,
  body text,
  detail jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
create index engagement_events_engagement on engagement_events (engagement_id, id);

-- Review: comments on the engagement, a plan row or a finding; decisions per review round.
create table review_comments (
  id bigserial primary key,
  engagement_id uuid not null references engagements(id),
  user_id uuid not null references users(id),
  target_type text not null check (target_type in ('engagement', 'row', 'finding')),
  target_id text,
  round integer not null,
  body text not null,
  at timestamptz not null default now()
);
create index review_comments_engagement on review_comments (engagement_id, id);

create table review_decisions (
  id bigserial primary key,
  engagement_id uuid not null references engagements(id),
  user_id uuid not null references users(id),
  round integer not null,
  decision text not null check (decision in ('approve', 'request_changes')),
  body text,
  withdrawn_at timestamptz,
  withdrawn_reason text,
  at timestamptz not null default now()
);
create index review_decisions_engagement on review_decisions (engagement_id, round);

-- The provider's answer to a finding: the plan, the date, and (with evidence files) the claim of a fix.
create table remediation_responses (
  id uuid primary key,
  engagement_id uuid not null references engagements(id),
  finding_id uuid not null references findings(id),
  user_id uuid not null references users(id),
  plan text not null,
  target_date date,
  fixed boolean not null default false,
  at timestamptz not null default now()
);
create index remediation_responses_engagement on remediation_responses (engagement_id, finding_id, at);
alter table evidence_files add constraint evidence_files_response_fk foreign key (response_id) references remediation_responses(id);

create table notifications (
  id bigserial primary key,
  user_id uuid not null references users(id),
  engagement_id uuid references engagements(id),
  kind text not null,
  title text not null,
  body text,
  link text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  emailed_at timestamptz
);
create index notifications_user on notifications (user_id, created_at desc);

alter table findings alter column first_scan_id drop not null;
alter table findings alter column last_scan_id drop not null;
alter table findings add column source text not null default 'scan' check (source in ('scan', 'manual'));
alter table findings add column engagement_id uuid references engagements(id);
`;
