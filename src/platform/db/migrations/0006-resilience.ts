/**
 * Cyber-resilience assessments (services/resilience.ts): one self-assessment of one institution of the lab's
 * providers (a wallet platform, an operator's USSD gateway, a switch) against a questionnaire of the engine
 * (src/resilience).
 *
 * - The questionnaire is named by id and version; the questions themselves stay in the engine's YAML.
 * - The inherent-risk profile and the answers are append-only: every save is a new row, the latest row of a
 *   person for a question is their current answer, and the earlier rows are the history. A profile question
 *   cleared is a row with no choice.
 * - A contribution is one person's answer to one question. The assessment's reviewer answers too (role
 *   `reviewer`): that answer settles the question for the merge (resilience/merge.ts).
 * - When the reviewer finalises the assessment, the score (risk level, domain scores, gap list, conflicts) is
 *   frozen in `score`; nothing is answered after that, and nothing here is deleted.
 */
export const id = '0006-resilience';

export const sql = /* sql */ `
create table resilience_assessments (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  provider_id uuid not null,
  questionnaire_id text not null,
  questionnaire_version text not null,
  title text not null,
  period text,
  status text not null default 'draft' check (status in ('draft', 'in_review', 'final')),
  reviewer_id uuid references users(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  finalised_at timestamptz,
  finalised_by uuid references users(id),
  -- The frozen score once final: { score, conflicts, contributors, names }.
  score jsonb,
  unique (org_id, id),
  foreign key (org_id, provider_id) references providers(org_id, id),
  check ((status = 'final') = (score is not null))
);
create index resilience_assessments_org on resilience_assessments (org_id, created_at desc);

create table resilience_profile_answers (
  id bigserial primary key,
  assessment_id uuid not null references resilience_assessments(id),
  question_id text not null,
  -- The chosen choice ids; an empty list clears the question.
  choices jsonb not null default '[]'::jsonb,
  answered_by uuid not null references users(id),
  answered_at timestamptz not null default now()
);
create index resilience_profile_answers_assessment on resilience_profile_answers (assessment_id, question_id, id);

create table resilience_answers (
  id bigserial primary key,
  assessment_id uuid not null references resilience_assessments(id),
  question_id text not null,
  user_id uuid not null references users(id),
  role text not null check (role in ('contributor', 'reviewer')),
  value text not null check (value in ('not-implemented', 'partially-implemented', 'largely-implemented', 'fully-implemented', 'not-applicable')),
  comment text,
  justification text,
  -- References to the evidence (document names, ids, links), one text each.
  evidence jsonb not null default '[]'::jsonb,
  answered_at timestamptz not null default now(),
  check (value <> 'not-applicable' or coalesce(trim(justification), '') <> '')
);
create index resilience_answers_assessment on resilience_answers (assessment_id, question_id, user_id, id);

-- Everything that happened to an assessment, in order: creation, reviewer changes, status changes with the
-- reviewer's notes.
create table resilience_events (
  id bigserial primary key,
  assessment_id uuid not null references resilience_assessments(id),
  user_id uuid references users(id),
  kind text not null,
  from_status text,
  to_status text,
  body text,
  detail jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
create index resilience_events_assessment on resilience_events (assessment_id, id);
`;
