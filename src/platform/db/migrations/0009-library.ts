/**
 * The document library shared between labs (services/library.ts): markdown documents with their versions,
 * comments, tags, attachments, an owner and a review date.
 *
 * - `documents` carries the marking columns that `sqlVisibility` (services/sharing-policy.ts) reads: `org_id`
 *   (the owner lab), `tlp`, `scope_kind`, `scope_org_ids`, `scope_provider_ids` (NULL: all the lab's providers)
 *   and `recipients`. Lists and search put that condition in their WHERE; nothing else decides who sees a row.
 * - `search` is a stored tsvector over the title (weight A), the tags (B) and the body of the current version
 *   (C), indexed with GIN. The body lives in `document_versions`, so a generated column cannot hold it: the
 *   service writes the vector in the same statement that moves `current_version` (`searchVectorSql`), so the
 *   two never disagree. The 'english' configuration stems words (swap, swapping, swapped).
 * - `document_versions` is append-only: an edit is a new row with the next `n`; `current_version` points at
 *   the newest. The primary key `(document_id, n)` refuses two edits that both think they are the next one.
 * - `document_attachments` records files kept at `<dataDir>/library/<id>` (never a name the client chose),
 *   with their SHA-256, checked before each download.
 * - `unique (org_id, id)` lets the children name their document together with its owner lab.
 */
export const id = '0009-library';

export const sql = /* sql */ `
create table documents (
  id uuid primary key,
  org_id uuid not null references orgs(id),
  owner_id uuid not null references users(id),
  title text not null,
  tags text[] not null default '{}',
  review_on date,
  tlp text not null check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  scope_kind text not null check (scope_kind in ('lab', 'peers', 'community', 'providers')),
  scope_org_ids uuid[] not null default '{}',
  scope_provider_ids uuid[],
  recipients uuid[] not null default '{}',
  current_version integer not null default 1 check (current_version >= 1),
  search tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id)
);
create index documents_search on documents using gin (search);
create index documents_tags on documents using gin (tags);
create index documents_org on documents (org_id, updated_at desc);
create index documents_updated on documents (updated_at desc);

create table document_versions (
  document_id uuid not null references documents(id),
  n integer not null check (n >= 1),
  title text not null,
  body text not null,
  author_id uuid not null references users(id),
  note text,
  at timestamptz not null default now(),
  primary key (document_id, n)
);

create table document_comments (
  id bigserial primary key,
  document_id uuid not null references documents(id),
  version integer not null,
  org_id uuid not null references orgs(id),
  user_id uuid not null references users(id),
  body text not null,
  at timestamptz not null default now(),
  foreign key (document_id, version) references document_versions(document_id, n)
);
create index document_comments_document on document_comments (document_id, id);

create table document_attachments (
  id uuid primary key,
  document_id uuid not null references documents(id),
  file_name text not null,
  content_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid not null references users(id),
  uploaded_at timestamptz not null default now()
);
create index document_attachments_document on document_attachments (document_id, uploaded_at);
`;
