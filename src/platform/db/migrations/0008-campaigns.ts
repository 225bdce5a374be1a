/**
 * Compliance campaigns (services/campaigns.ts): the lab assesses every provider of a kind against an audit profile
 * by a deadline; each provider answers a self-assessment, submits it, and the lab validates it item by item.
 *
 * - A campaign keeps the list of catalog items its profile gave at launch (`item_ids`), so a later catalog change
 *   never changes what a running campaign asks. The providers it targets are fixed at launch too: one row of
 *   `campaign_providers` each, which carries where that provider's self-assessment stands.
 * - Self-assessment answers are append-only: every save of an item is a new row, and the latest row of a provider
 *   and item is its answer; the earlier rows are the history. A justification is required.
 * - `submitted_through` is the id of the provider's latest answer when it last submitted: the answers up to it are
 *   the submitted ones, the lab decides on those only (a later answer is a draft until the next submission).
 * - The lab's decisions are append-only too, each about one answer row: accepted (the status is then confirmed in
 *   `compliance_statuses`, whose row it names) or rejected with a note. A decision about an older answer than the
 *   item's latest no longer counts.
 */
export const id = '0008-campaigns';

export const sql = /* sql */ `
create table campaigns (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  title text not null,
  -- One of the provider kinds, or 'all' (every provider of the lab).
  provider_kind text not null check (provider_kind in ('bank', 'mno', 'emi', 'fintech', 'other', 'all')),
  profile_id text not null,
  -- The catalog item ids the profile gave at launch, in catalog order.
  item_ids jsonb not null,
  deadline date not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_by uuid references users(id),
  unique (org_id, id),
  check ((status = 'closed') = (closed_at is not null))
);
create index campaigns_org on campaigns (org_id, created_at desc);

create table campaign_providers (
  campaign_id uuid not null references campaigns(id),
  org_id uuid not null,
  provider_id uuid not null,
  state text not null default 'invited' check (state in ('invited', 'in_progress', 'submitted', 'validated', 'returned')),
  submitted_at timestamptz,
  submitted_by uuid references users(id),
  submitted_through bigint,
  validated_at timestamptz,
  validated_by uuid references users(id),
  returned_at timestamptz,
  returned_by uuid references users(id),
  return_note text,
  primary key (campaign_id, provider_id),
  foreign key (org_id, campaign_id) references campaigns(org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id)
);
-- A provider's campaigns (a representative's list).
create index campaign_providers_provider on campaign_providers (provider_id);

create table campaign_answers (
  id bigserial primary key,
  campaign_id uuid not null,
  provider_id uuid not null,
  item_id text not null,
  status text not null check (status in ('compliant', 'partially', 'non_compliant', 'not_applicable')),
  justification text not null check (trim(justification) <> ''),
  evidence text,
  answered_by uuid not null references users(id),
  answered_at timestamptz not null default now(),
  foreign key (campaign_id, provider_id) references campaign_providers(campaign_id, provider_id)
);
create index campaign_answers_latest on campaign_answers (campaign_id, provider_id, item_id, id desc);

create table campaign_decisions (
  id bigserial primary key,
  answer_id bigint not null references campaign_answers(id),
  decision text not null check (decision in ('accepted', 'rejected')),
  note text,
  -- The confirmed status the acceptance wrote.
  confirmation_id bigint references compliance_statuses(id),
  decided_by uuid not null references users(id),
  decided_at timestamptz not null default now(),
  check (decision <> 'rejected' or coalesce(trim(note), '') <> ''),
  check ((decision = 'accepted') = (confirmation_id is not null))
);
create index campaign_decisions_answer on campaign_decisions (answer_id, id desc);
`;
