/**
 * The first schema of the lab platform. Every row that belongs to a lab carries `org_id`: tenancy is checked
 * in every query (see `platform/http/access.ts`), and the foreign keys keep an object inside its organisation
 * (a composite key `(org_id, id)` is referenced wherever one org-owned row points at another).
 */
export const id = '0001-initial';

export const sql = /* sql */ `
create table orgs (
  id uuid primary key,
  name text not null,
  slug text not null unique,
  country text,
  created_at timestamptz not null default now()
);

create table providers (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  name text not null,
  kind text not null check (kind in ('bank', 'mno', 'emi', 'fintech', 'other')),
  country text,
  licence text,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, name)
);

create table users (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'lead', 'auditor', 'reviewer', 'provider', 'readonly')),
  provider_id uuid,
  password_hash text,
  status text not null default 'invited' check (status in ('invited', 'active', 'disabled')),
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id),
  check ((role = 'provider') = (provider_id is not null))
);
create unique index users_email on users (lower(email));

-- One-time links: the first-admin setup and invitations. Only the SHA-256 of the token is kept.
create table one_time_tokens (
  token_hash text primary key,
  purpose text not null check (purpose in ('setup', 'invite')),
  user_id uuid references users(id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  user_id uuid not null references users(id),
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);

-- Failed logins by address, for rate limiting that survives a restart and is shared by every server.
create table login_attempts (
  key text not null,
  at timestamptz not null default now()
);
create index login_attempts_key on login_attempts (key, at);

create table audit_log (
  id bigserial primary key,
  org_id uuid references orgs(id),
  user_id uuid references users(id),
  action text not null,
  object_type text,
  object_id text,
  detail jsonb not null default '{}'::jsonb,
  ip text,
  at timestamptz not null default now()
);
create index audit_log_org on audit_log (org_id, at desc);

create table apps (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  provider_id uuid not null,
  name text not null,
  platform text not null check (platform in ('android', 'ios', 'ussd')),
  identifier text not null,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, platform, identifier),
  foreign key (org_id, provider_id) references providers(org_id, id)
);

create table scans (
  id uuid primary key,
  org_id uuid not null,
  app_id uuid,
  provider_id uuid,
  kind text not null check (kind in ('android', 'ios', 'ussd')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  file_name text not null,
  artifact_sha256 text,
  artifact_size bigint,
  version_name text,
  version_code text,
  identifier text,
  progress jsonb not null default '{}'::jsonb,
  error text,
  result jsonb,
  score integer,
  grade text,
  attempts integer not null default 0,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (org_id, id),
  foreign key (org_id, app_id) references apps(org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id)
);
create index scans_org on scans (org_id, created_at desc);
create index scans_app on scans (app_id, created_at desc);

-- A finding is one weakness of one app, kept across versions by its fingerprint: triage carries over.
create table findings (
  id uuid primary key,
  org_id uuid not null,
  app_id uuid not null,
  fingerprint text not null,
  check_id text not null,
  title text not null,
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  status text not null default 'open' check (status in ('open', 'confirmed', 'false_positive', 'accepted', 'assigned', 'fixed')),
  reason text,
  accepted_until timestamptz,
  due_at timestamptz,
  released_at timestamptz,
  first_scan_id uuid not null references scans(id),
  last_scan_id uuid not null references scans(id),
  last_seen_at timestamptz not null default now(),
  data jsonb not null,
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  unique (app_id, fingerprint),
  foreign key (org_id, app_id) references apps(org_id, id)
);
create index findings_org on findings (org_id, status, severity);

-- Which findings each scan saw (a scan's own list, for its report and the version diff).
create table scan_findings (
  scan_id uuid not null references scans(id) on delete cascade,
  finding_id uuid not null references findings(id) on delete cascade,
  primary key (scan_id, finding_id)
);

create table finding_events (
  id bigserial primary key,
  org_id uuid not null references orgs(id),
  finding_id uuid not null references findings(id) on delete cascade,
  user_id uuid references users(id),
  kind text not null,
  from_status text,
  to_status text,
  body text,
  scan_id uuid references scans(id),
  at timestamptz not null default now()
);
create index finding_events_finding on finding_events (finding_id, id);

create table org_settings (
  org_id uuid primary key references orgs(id),
  sla_days jsonb not null default '{"critical": 7, "high": 30, "medium": 90, "low": 180, "info": 365}'::jsonb
);
`;
