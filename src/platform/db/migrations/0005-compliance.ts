/**
 * Provider compliance (services/compliance.ts): the statuses a person of the lab confirmed for one provider
 * against one catalog item, with the evidence, the assessor, when, and the last day the evidence is valid.
 *
 * - The table is a history: a confirmation is a new row, never an update, and nothing is deleted. The status
 *   that stands for a (provider, item) is its latest row; the rows as of a past date give the trend.
 * - `item_id` is a DFS catalog id (APP-01, USSD-03, ...). The catalog is data shipped with the code, not a
 *   table, so the service checks the id before writing.
 * - `from_proposal` marks a status a person confirmed by accepting the platform's proposal (its reasons are
 *   then the evidence text).
 * - The proposals themselves are computed on every read from the scans, USSD runs and engagements: they are
 *   not stored, so they have no history.
 */
export const id = '0005-compliance';

export const sql = /* sql */ `
create table compliance_statuses (
  id bigserial primary key,
  org_id uuid not null references orgs(id),
  provider_id uuid not null,
  item_id text not null,
  status text not null check (status in ('compliant', 'partially', 'non_compliant', 'not_applicable', 'not_assessed')),
  evidence text,
  assessor_id uuid not null references users(id),
  assessed_at timestamptz not null default now(),
  -- The last day the evidence is valid (inclusive); null: it does not expire.
  expires_on date,
  note text,
  from_proposal boolean not null default false,
  foreign key (org_id, provider_id) references providers(org_id, id)
);
-- The latest row per provider and item (and a provider's history, newest first).
create index compliance_statuses_latest on compliance_statuses (provider_id, item_id, assessed_at desc, id desc);
-- Everything of a lab, in time order (the sector heatmap and its trend).
create index compliance_statuses_org on compliance_statuses (org_id, assessed_at);
`;
