/**
 * Anonymised benchmarking between the labs of one instance (services/benchmarks.ts): what a lab published
 * to the community for a period.
 *
 * - `figures` holds aggregates only (shares in whole percent, provider counts as bands, catalog item, area
 *   and check ids): never a provider's name or id, an app, or free text. They are computed by the service at
 *   publication time and frozen here, so the community aggregate of a past period does not move when a lab's
 *   data changes later.
 * - A publication is never deleted. Withdrawing it sets `withdrawn_at` (it is then left out of the community
 *   aggregate and kept in the lab's own list); publishing again for the same period withdraws the current one
 *   and names its successor in `replaced_by`.
 * - At most one current (not withdrawn) publication per lab and period: the partial unique index.
 * - `period` is a label of the form `2026`, `2026-H2` or `2026-Q4` (checked by the service).
 */
export const id = '0010-benchmarks';

export const sql = /* sql */ `
create table benchmark_publications (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  period text not null,
  published_at timestamptz not null default now(),
  published_by uuid not null references users(id),
  figures jsonb not null,
  withdrawn_at timestamptz,
  withdrawn_by uuid references users(id),
  -- The publication that replaced this one (publishing again for the same period); null when withdrawn by hand.
  replaced_by uuid,
  unique (org_id, id),
  check ((withdrawn_at is null) = (withdrawn_by is null))
);
create unique index benchmark_publications_current on benchmark_publications (org_id, period) where withdrawn_at is null;
-- The community aggregate of a period reads every lab's current publication of it.
create index benchmark_publications_period on benchmark_publications (period) where withdrawn_at is null;
-- A lab's own list, newest first.
create index benchmark_publications_org on benchmark_publications (org_id, published_at desc);
`;
