/**
 * Knowledge sharing between labs: advisories (services/advisories.ts), their acknowledgements by supervised
 * providers and their discussion thread, and how a notification may be e-mailed.
 *
 * - `advisories` carries the marking columns that `sqlVisibility` (services/sharing-policy.ts) reads: `org_id`
 *   (the owner lab), `tlp`, `scope_kind`, `scope_org_ids`, `scope_provider_ids` (NULL: all the lab's providers)
 *   and `recipients`. Lists and search put that condition in their WHERE; nothing else decides who sees a row.
 * - `search` is a stored tsvector over the title (weight A), summary (B) and indicators (C), kept by the
 *   database itself (a generated column) and indexed with GIN, so full-text search is one index scan plus the
 *   visibility condition. The 'english' configuration stems words (swap, swapping, swapped).
 * - `controls` holds DFS catalog item ids (APP-01, ...). The catalog is data shipped with the code, not a table,
 *   so the service checks the ids before writing.
 * - `ack_due_on` is the last day (inclusive) for providers to acknowledge; only advisories to providers have one.
 * - One acknowledgement per provider and advisory (the primary key); a late one is kept and shown as late.
 * - `notifications.email_level` says what the mailer may send of a notification ('content': title, body and
 *   link; 'link-only': the title, which the writer keeps free of the item's content, and the link; 'none':
 *   nothing). Rows written before this migration keep the old behaviour ('content').
 */
export const id = '0007-sharing';

export const sql = /* sql */ `
create table advisories (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  title text not null,
  summary text not null,
  channel text not null check (channel in ('android', 'ios', 'ussd', 'stk', 'sms', 'ss7', 'platform', 'other')),
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  indicators text not null default '',
  controls text[] not null default '{}',
  tlp text not null check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  scope_kind text not null check (scope_kind in ('lab', 'peers', 'community', 'providers')),
  scope_org_ids uuid[] not null default '{}',
  scope_provider_ids uuid[],
  recipients uuid[] not null default '{}',
  ack_due_on date,
  author_id uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', summary), 'B') ||
    setweight(to_tsvector('english', indicators), 'C')
  ) stored,
  unique (org_id, id),
  check (ack_due_on is null or scope_kind = 'providers')
);
create index advisories_search on advisories using gin (search);
create index advisories_org on advisories (org_id, created_at desc);
create index advisories_created on advisories (created_at desc);

create table advisory_acknowledgements (
  advisory_id uuid not null,
  org_id uuid not null,
  provider_id uuid not null,
  user_id uuid not null references users(id),
  note text,
  at timestamptz not null default now(),
  primary key (advisory_id, provider_id),
  foreign key (org_id, advisory_id) references advisories(org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id)
);

create table advisory_comments (
  id bigserial primary key,
  advisory_id uuid not null references advisories(id),
  org_id uuid not null references orgs(id),
  user_id uuid not null references users(id),
  body text not null,
  at timestamptz not null default now()
);
create index advisory_comments_advisory on advisory_comments (advisory_id, id);

alter table notifications add column email_level text not null default 'content' check (email_level in ('content', 'link-only', 'none'));
`;
