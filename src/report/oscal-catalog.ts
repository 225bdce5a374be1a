/**
 * @module report/oscal-catalog
 * The dfslab DFS catalog as an OSCAL 1.0.4 catalog (NIST OSCAL catalog model, JSON), so that GRC tools can
 * load the recommendations that dfslab's OSCAL assessment results point into (report/oscal.ts).
 *
 * Mapping:
 * - one `group` per report area, id = the area name in lower-case words joined by `-`
 *   ("App: network communication" → `app-network-communication`);
 * - one `control` per DFS item, id = the item id in lower case (`APP-01` → `app-01`; OSCAL ids are tokens
 *   and lower case is the convention), with the original id as the `label` prop;
 * - parts: `statement` (`app-01_smt`, the target of assessment findings), `guidance` (`app-01_gdn`, the
 *   notes) and `assessment-method` (`app-01_asm`, how to test, with NIST RMF `method` props derived from the
 *   verification codes);
 * - dfslab-specific facts (verification codes, actors, flags, framework control numbers) are props in the
 *   dfslab namespace (`DFSLAB_OSCAL_NS`);
 * - sources and MASVS/MASWE/CWE references are `rel="reference"` links to back-matter resources
 *   (`#<resource uuid>`, the OSCAL way to point at a resource), with the id as the link text; related items
 *   are `rel="related"` links to the other control (`#app-13`).
 *
 * Every uuid is a version-5 uuid (report/uuid.ts): resources per subject (`resource/masvs/MASVS-NETWORK-1`),
 * the catalog itself from a hash of its content, so it changes exactly when the content changes.
 */
import { createHash } from 'node:crypto';
import type { Catalog, CatalogItem, DocumentEntry } from '../catalog/index.js';
import { VERSION } from '../version.js';
import { stableStringify } from './stable-json.js';
import { uuidV5 } from './uuid.js';

export const OSCAL_VERSION = '1.0.4';

/**
 * Namespace of dfslab's own OSCAL props. OSCAL asks for a URI; dfslab has no web home that could host a
 * namespace document, so this is a name only (a URN), never fetched.
 */
export const DFSLAB_OSCAL_NS = 'urn:dfslab:oscal';

/** NIST's namespace for the assessment-method `method` prop (EXAMINE, INTERVIEW, TEST), as in SP 800-53A. */
export const NIST_RMF_NS = 'http://csrc.nist.gov/ns/rmf';

/**
 * `metadata.last-modified` when the caller gives none: the date of the catalog data this version ships.
 * A clock would make two renders differ; callers that know a better date (e.g. a release date or
 * SOURCE_DATE_EPOCH) pass it as `lastModified`. Update it when the catalog data changes.
 */
export const CATALOG_LAST_MODIFIED = '2026-11-24T00:00:00Z';

export const CATALOG_TITLE = 'dfslab DFS security recommendations';

/** The OSCAL control id of a DFS item id (`APP-01` → `app-01`). */
export function oscalControlId(itemId: string): string {
  return itemId.toLowerCase();
}

/** The id of the control's statement part, which assessment findings target. */
export function oscalStatementId(itemId: string): string {
  return `${oscalControlId(itemId)}_smt`;
}

/** The OSCAL group id of a report area ("USSD/STK: sessions and authentication" → `ussd-stk-sessions-and-authentication`). */
export function oscalGroupId(area: string): string {
  const slug = area
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // OSCAL tokens start with a letter or `_`.
  return /^[a-z_]/.test(slug) ? slug : `area-${slug || 'none'}`;
}

/** The uuid of the back-matter resource for a vocabulary entry or document, shared by both OSCAL documents. */
export function oscalResourceUuid(kind: 'document' | 'masvs' | 'maswe' | 'cwe', id: string): string {
  return uuidV5(`resource/${kind}/${id}`);
}

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
  class?: string;
  remarks?: string;
}

export interface OscalLink {
  href: string;
  rel?: string;
  text?: string;
  'media-type'?: string;
}

/**
 * OSCAL prop values are one-line strings without surrounding blanks (`^\S(.*\S)?$`). Text that came from the
 * audited app can hold anything, so whitespace runs become one space; an empty value gives no prop.
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A dfslab prop, or nothing when the value is blank. */
export function dfslabProp(name: string, value: string | number | boolean, extra: { class?: string; remarks?: string } = {}): OscalProp[] {
  const v = oneLine(String(value));
  return v ? [{ name, ns: DFSLAB_OSCAL_NS, value: v, ...extra }] : [];
}

/** A core OSCAL prop (no namespace), or nothing when the value is blank. */
export function coreProp(name: string, value: string): OscalProp[] {
  const v = oneLine(value);
  return v ? [{ name, value: v }] : [];
}

/**
 * Plain text for an OSCAL markup field (Markdown in JSON). Text from the audited app or a check message must
 * not turn into links, emphasis or HTML in a GRC tool, so the CommonMark characters that would do that are
 * escaped with a backslash (CommonMark 2.4: any ASCII punctuation may be escaped).
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|!]/g, (c) => `\\${c}`);
}

/** Inline code for Markdown: a fence longer than any backtick run inside, so the text stays literal. */
export function markdownCode(text: string): string {
  const t = oneLine(text);
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Hash of a document body, for the content-derived document uuid. */
export function contentDigest(body: unknown): string {
  return createHash('sha256').update(stableStringify(body, 0)).digest('hex');
}

// ---------------------------------------------------------------------------------------------------

export interface RenderOscalCatalogOptions {
  /** `metadata.last-modified` (ISO date-time with a time zone); default `CATALOG_LAST_MODIFIED`. */
  lastModified?: string;
}

/** Verification codes and the NIST RMF assessment method each one amounts to. */
const RMF_METHOD: Readonly<Record<string, 'EXAMINE' | 'INTERVIEW' | 'TEST'>> = {
  'SA-APK': 'TEST',
  'SA-IPA': 'TEST',
  'DYN-APP': 'TEST',
  'DYN-USSD': 'TEST',
  SRV: 'TEST',
  'LAB-RF': 'TEST',
  EVID: 'EXAMINE',
  Q: 'INTERVIEW',
};
const RMF_ORDER = ['EXAMINE', 'INTERVIEW', 'TEST'];

const AUTOMATED = new Set(['SA-APK', 'SA-IPA']);

export function renderOscalCatalog(catalog: Catalog, opts: RenderOscalCatalogOptions = {}): string {
  return stableStringify(buildOscalCatalog(catalog, opts));
}

/** The OSCAL catalog as a plain object (what `renderOscalCatalog` prints). */
export function buildOscalCatalog(catalog: Catalog, opts: RenderOscalCatalogOptions = {}): { catalog: Record<string, unknown> } {
  const lastModified = opts.lastModified ?? CATALOG_LAST_MODIFIED;
  const groupIds = uniqueGroupIds(catalog.areas());
  const groups = catalog.areas().map((area) => ({
    id: groupIds.get(area) as string,
    class: 'area',
    title: area,
    controls: [...catalog.items.values()].filter((i) => i.area === area).map((i) => controlOf(catalog, i)),
  }));
  const body = {
    metadata: {
      title: CATALOG_TITLE,
      'last-modified': lastModified,
      version: VERSION,
      'oscal-version': OSCAL_VERSION,
      remarks:
        'Generated by dfslab from its catalog data (src/catalog/data). Control ids are the DFS item ids in lower case ' +
        '(the original id is the `label` prop); the item titles and statements are dfslab\'s own wording of the ITU/FIGI ' +
        'publications listed in the back matter.',
    },
    groups,
    'back-matter': { resources: resourcesOf(catalog) },
  };
  return { catalog: { uuid: uuidV5(`catalog/${contentDigest(body)}`), ...body } };
}

/** Group ids from area names; two areas that would give the same id get a numeric suffix, in report order. */
function uniqueGroupIds(areas: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const area of areas) {
    const base = oscalGroupId(area);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    out.set(area, id);
  }
  return out;
}

function controlOf(catalog: Catalog, item: CatalogItem): Record<string, unknown> {
  const cid = oscalControlId(item.id);
  const props: OscalProp[] = [
    ...coreProp('label', item.id),
    ...item.verification.flatMap((v) => dfslabProp('verification-method', v)),
    ...item.actors.flatMap((a) => dfslabProp('actor', a)),
    ...(item.flags ?? []).flatMap((f) => dfslabProp('flag', f)),
    ...(item.controls ?? []).flatMap((c) => dfslabProp('framework-control', c.number, c.edition ? { class: `edition-${c.edition}` } : {})),
    ...(item.owaspMobile2016 ? dfslabProp('owasp-mobile-2016', item.owaspMobile2016) : []),
  ];
  const links: OscalLink[] = [
    ...item.sources.map((s) => ({ href: `#${oscalResourceUuid('document', s.doc)}`, rel: 'reference', text: s.locator ? `${s.doc} ${s.locator}` : s.doc })),
    ...(item.masvs ?? []).map((id) => ({ href: `#${oscalResourceUuid('masvs', id)}`, rel: 'reference', text: id })),
    ...(item.maswe ?? []).map((id) => ({ href: `#${oscalResourceUuid('maswe', id)}`, rel: 'reference', text: id })),
    ...(item.cwe ?? []).map((id) => ({ href: `#${oscalResourceUuid('cwe', id)}`, rel: 'reference', text: id })),
    ...(item.related ?? []).filter((id) => catalog.items.has(id)).map((id) => ({ href: `#${oscalControlId(id)}`, rel: 'related', text: id })),
  ];
  const methods = [...new Set(item.verification.map((v) => RMF_METHOD[v]).filter((m): m is NonNullable<typeof m> => m !== undefined))].sort(
    (a, b) => RMF_ORDER.indexOf(a) - RMF_ORDER.indexOf(b),
  );
  const automatedOnly = item.verification.every((v) => AUTOMATED.has(v));
  const howTo =
    item.howToTest?.trim() ||
    (automatedOnly ? `Verified by dfslab's static analysis of the app package (${item.verification.join(', ')}).` : undefined);
  const parts: Record<string, unknown>[] = [{ id: `${cid}_smt`, name: 'statement', prose: item.statement.trim() }];
  if (item.notes?.trim()) parts.push({ id: `${cid}_gdn`, name: 'guidance', prose: item.notes.trim() });
  if (howTo) {
    parts.push({
      id: `${cid}_asm`,
      name: 'assessment-method',
      ...(methods.length ? { props: methods.map((m) => ({ name: 'method', ns: NIST_RMF_NS, value: m })) } : {}),
      prose: howTo,
    });
  }
  return {
    id: cid,
    class: 'dfs-recommendation',
    title: item.title,
    ...(props.length ? { props } : {}),
    ...(links.length ? { links } : {}),
    parts,
  };
}

/** Documents (all of them: they are the catalog's sources) and the vocabulary entries some item cites. */
function resourcesOf(catalog: Catalog): Record<string, unknown>[] {
  const cited = { masvs: new Set<string>(), maswe: new Set<string>(), cwe: new Set<string>() };
  for (const item of catalog.items.values()) {
    for (const id of item.masvs ?? []) cited.masvs.add(id);
    for (const id of item.maswe ?? []) cited.maswe.add(id);
    for (const id of item.cwe ?? []) cited.cwe.add(id);
  }
  const out: Record<string, unknown>[] = [...catalog.documents.values()].map(documentResource);
  for (const m of catalog.masvs.values()) {
    if (!cited.masvs.has(m.id)) continue;
    out.push({
      uuid: oscalResourceUuid('masvs', m.id),
      title: `${m.id}: ${m.title}`,
      description: m.statement,
      props: [{ name: 'type', value: 'standard' }, ...dfslabProp('catalog-id', m.id), ...dfslabProp('vocabulary', 'OWASP MASVS v2')],
      rlinks: [{ href: `https://mas.owasp.org/MASVS/controls/${m.id}/` }],
    });
  }
  for (const w of catalog.maswe.values()) {
    if (!cited.maswe.has(w.id)) continue;
    const category = w.masvs?.replace(/-\d+$/, '');
    out.push({
      uuid: oscalResourceUuid('maswe', w.id),
      title: `${w.id}: ${w.title}`,
      ...(w.summary ? { description: w.summary } : {}),
      props: [
        { name: 'type', value: 'external-guidance' },
        ...dfslabProp('catalog-id', w.id),
        ...dfslabProp('vocabulary', 'OWASP MASWE v1'),
        ...(w.masvs ? dfslabProp('masvs', w.masvs) : []),
      ],
      ...(category ? { rlinks: [{ href: `https://mas.owasp.org/MASWE/${category}/${w.id}/` }] } : {}),
    });
  }
  for (const c of catalog.cwe.values()) {
    if (!cited.cwe.has(c.id)) continue;
    out.push({
      uuid: oscalResourceUuid('cwe', c.id),
      title: `${c.id}: ${c.name}`,
      props: [{ name: 'type', value: 'external-guidance' }, ...dfslabProp('catalog-id', c.id), ...dfslabProp('vocabulary', 'MITRE CWE')],
      rlinks: [{ href: `https://cwe.mitre.org/data/definitions/${c.id.slice('CWE-'.length)}.html` }],
    });
  }
  return out;
}

function documentResource(d: DocumentEntry): Record<string, unknown> {
  return {
    uuid: oscalResourceUuid('document', d.id),
    title: d.title,
    props: [{ name: 'type', value: 'external-guidance' }, ...dfslabProp('catalog-id', d.id)],
    citation: { text: `${d.title}, ${d.edition}, ${d.year}` },
    ...(d.url ? { rlinks: [{ href: d.url }] } : {}),
  };
}
