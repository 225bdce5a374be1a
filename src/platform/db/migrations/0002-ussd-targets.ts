/**
 * USSD targets: the target file (YAML) the lab wrote for a USSD service it tests live, kept per app (an app of
 * platform `ussd`, whose identifier is the service code). A scan of kind `ussd` keeps a copy of the target
 * text it ran with and whether it ran in quick mode, so a later edit of the target does not change what an old
 * scan means, and the run itself (findings, passes, transcript: `UssdRunResult`) as evidence beside the result.
 *
 * The target text holds the test accounts' PINs and the gateway credentials: it is written by the lab, read
 * back only by the job that runs it, and never shown on a page (see services/ussd-targets.ts).
 */
export const id = '0002-ussd-targets';

export const sql = /* sql */ `
create table ussd_targets (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  app_id uuid not null,
  name text not null,
  target_text text not null,
  created_by uuid references users(id),
  updated_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, app_id) references apps(org_id, id)
);
create unique index ussd_targets_app_name on ussd_targets (app_id, lower(name));

alter table scans add column ussd_target_id uuid;
alter table scans add column ussd_target_text text;
alter table scans add column ussd_quick boolean;
alter table scans add column evidence jsonb;
alter table scans add constraint scans_ussd_target_fk foreign key (org_id, ussd_target_id) references ussd_targets(org_id, id);
create index scans_ussd_target on scans (ussd_target_id, created_at desc) where ussd_target_id is not null;
`;
