/**
 * The history of marking changes of shared items (services/sharing.ts `changeMarking`): after publication the
 * owner lab may change an advisory's or a library document's TLP and scope, and a regulator must be able to
 * see every such change — who, when, from what to what, and why.
 *
 * - One row per change, never updated or deleted; `item_kind` says which table `item_id` is in ('advisory':
 *   advisories, 'document': documents). There is no foreign key on `item_id` because it points into one of two
 *   tables; the service writes the row in the same transaction as the change.
 * - The marking before and after is kept in the same columns as the items' (`tlp`, `scope_kind`,
 *   `scope_org_ids`, `scope_provider_ids`, `recipients`, see 0007-sharing), prefixed `from_` and `to_`, so the
 *   history reads with the same `markingFromRow` as the items, and the acknowledgement deadline of an advisory
 *   before and after (`from_ack_due_on`, `to_ack_due_on`; null for documents).
 * - `reason` is mandatory: the owner explains the change to everyone who sees the item.
 */
export const id = '0011-marking-changes';

export const sql = /* sql */ `
create table marking_changes (
  id bigserial primary key,
  item_kind text not null check (item_kind in ('advisory', 'document')),
  item_id uuid not null,
  org_id uuid not null references orgs(id),
  user_id uuid not null references users(id),
  at timestamptz not null default now(),
  reason text not null check (length(reason) > 0),
  from_tlp text not null check (from_tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  from_scope_kind text not null check (from_scope_kind in ('lab', 'peers', 'community', 'providers')),
  from_scope_org_ids uuid[] not null default '{}',
  from_scope_provider_ids uuid[],
  from_recipients uuid[] not null default '{}',
  from_ack_due_on date,
  to_tlp text not null check (to_tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  to_scope_kind text not null check (to_scope_kind in ('lab', 'peers', 'community', 'providers')),
  to_scope_org_ids uuid[] not null default '{}',
  to_scope_provider_ids uuid[],
  to_recipients uuid[] not null default '{}',
  to_ack_due_on date
);
create index marking_changes_item on marking_changes (item_kind, item_id, id);
`;
