/**
 * @module report/compliance
 * Provider compliance with the DFS recommendations, and its exports. For each supervised provider and each
 * catalog item the lab records a status (compliant, partially compliant, non-compliant, not applicable, not
 * assessed): a person confirms it with evidence, an assessor, a date and the date the evidence expires, and
 * the platform proposes one from the scans, USSD runs and engagement results
 * (platform/services/compliance-proposals.ts). The platform gathers those records from its database; this
 * module only names the vocabulary, groups the catalog into the areas of the sector heatmap and renders:
 *
 * - CSV (`renderComplianceCsv`): one row per provider × item, RFC 4180 like the other CSV exports, with the
 *   same defence against formula injection (report/csv.ts `csvCell`);
 * - OSCAL 1.0.4 assessment results (`renderComplianceOscal`): one result per provider; an observation and a
 *   finding (`not-satisfied`, on the item's statement in dfslab's OSCAL catalog) per item that is
 *   non-compliant or partially compliant. Compliant and not-applicable items are listed as reviewed controls
 *   and counted in the result props; items not assessed are counted and named in the result remarks.
 *
 * Determinism: providers are sorted by name (then id), items in catalog order (prefix order, then number),
 * reasons keep the order they were given in. The only time in the OSCAL document that is not a date of the
 * records is `generatedAt`, which the caller gives; uuids are version-5 (report/uuid.ts): per subject for
 * the parties and the findings (a GRC tool can follow one provider's item across exports), from the content
 * for the result and the document.
 */
import { DFS_PREFIXES, type Catalog, type CatalogItem } from '../catalog/index.js';
import { VERSION } from '../version.js';
import { csvCell } from './csv.js';
import { CATALOG_TITLE, contentDigest, dfslabProp, markdownText, OSCAL_VERSION, oscalControlId, oscalGroupId, oscalStatementId, type OscalProp } from './oscal-catalog.js';
import { stableStringify } from './stable-json.js';
import { uuidV5 } from './uuid.js';

// ─── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────────

/** The status of one provider against one catalog item, best first; the last two are no verdict. */
export const COMPLIANCE_STATUSES = ['compliant', 'partially', 'non_compliant', 'not_applicable', 'not_assessed'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPLIANCE_STATUS_LABEL: Readonly<Record<ComplianceStatus, string>> = {
  compliant: 'Compliant',
  partially: 'Partially compliant',
  non_compliant: 'Non-compliant',
  not_applicable: 'Not applicable',
  not_assessed: 'Not assessed',
};

export function isComplianceStatus(s: string): s is ComplianceStatus {
  return (COMPLIANCE_STATUSES as readonly string[]).includes(s);
}

/**
 * Whether a person stands behind the status: `confirmed` (a person's status whose evidence is still valid),
 * `unconfirmed` (only the platform's proposal), `expired` (a person's status whose evidence expired: the
 * proposal is shown instead, and the item is to be re-assessed).
 */
export const CONFIRMATIONS = ['confirmed', 'unconfirmed', 'expired'] as const;
export type Confirmation = (typeof CONFIRMATIONS)[number];

const DFS_ID = /^([A-Z0-9]+)-(\d+)$/;

/** Catalog order of DFS item ids: prefix order (APP, USSD, SIM, SS7, PLAT, GOV, USER), then number, then text. */
export function compareItemIds(a: string, b: string): number {
  const ma = DFS_ID.exec(a);
  const mb = DFS_ID.exec(b);
  const rank = (m: RegExpExecArray | null): number => {
    const i = m ? (DFS_PREFIXES as readonly string[]).indexOf(m[1] as string) : -1;
    return i < 0 ? DFS_PREFIXES.length : i;
  };
  return rank(ma) - rank(mb) || (ma && mb ? Number(ma[2]) - Number(mb[2]) : 0) || cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Providers in export order: by name without regard to case, then by exact name, then by id. */
function compareProviders(a: { id: string; name: string }, b: { id: string; name: string }): number {
  return cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.name, b.name) || cmp(a.id, b.id);
}

// ─── Areas ──────────────────────────────────────────────────────────────────────────────────────────────

/** One column of the sector heatmap: a group of catalog items. */
export interface ComplianceArea {
  /** A token: the lower-case id prefix (`app`) or the OSCAL group id of the report area. */
  id: string;
  label: string;
  /** The items of the area, in catalog order. */
  itemIds: string[];
}

/**
 * The recommendation areas of the catalog, in report order. `prefix` gives seven broad areas, one per id
 * prefix (APP, USSD, SIM, SS7, PLAT, GOV, USER), labelled with the part of their items' report area before the
 * colon ("App", "USSD/STK", "SS7/signalling", …); `area` gives the catalog's report areas themselves
 * ("App: network communication", …), about thirty of them.
 */
export function complianceAreas(catalog: Pick<Catalog, 'items' | 'areas'>, by: 'prefix' | 'area' = 'prefix'): ComplianceArea[] {
  const items = [...catalog.items.values()];
  if (by === 'area') {
    return catalog.areas().map((area) => ({
      id: oscalGroupId(area),
      label: area,
      itemIds: items.filter((i) => i.area === area).map((i) => i.id).sort(compareItemIds),
    }));
  }
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const prefix = DFS_ID.exec(item.id)?.[1] ?? item.id;
    groups.set(prefix, [...(groups.get(prefix) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareItemIds(`${a}-0`, `${b}-0`))
    .map(([prefix, list]) => {
      const sorted = [...list].sort((x, y) => compareItemIds(x.id, y.id));
      const area = (sorted[0] as CatalogItem).area;
      const colon = area.indexOf(':');
      return { id: prefix.toLowerCase(), label: colon > 0 ? area.slice(0, colon).trim() : area, itemIds: sorted.map((i) => i.id) };
    });
}

// ─── Records ────────────────────────────────────────────────────────────────────────────────────────────

/** What stands for one item of one provider, as the platform gathers it (see compliance-proposals.ts). */
export interface ComplianceRecord {
  itemId: string;
  /** The status that stands: the confirmed one, or the proposal when none is confirmed or it expired. */
  status: ComplianceStatus;
  confirmation: Confirmation;
  /** The person who confirmed the status (also kept when it expired). */
  confirmedBy: string | null;
  /** When it was confirmed (ISO date or date-time). */
  confirmedAt: string | Date | null;
  /** The evidence the person recorded (text: a document reference, a note). */
  evidence: string | null;
  /** The last day the evidence is valid (ISO date, inclusive). */
  evidenceExpires: string | Date | null;
  /** The platform's proposal, null when it made none. */
  proposedStatus: ComplianceStatus | null;
  /** The date of the newest evidence the proposal is based on. */
  proposedAt: string | Date | null;
  /** Why the proposal is what it is, one sentence per source. */
  reasons: readonly string[];
}

export interface ProviderCompliance {
  id: string;
  name: string;
  records: readonly ComplianceRecord[];
}

/** The catalog as the exports need it: the title and report area of an item. */
export type ComplianceCatalog = { get(id: string): Pick<CatalogItem, 'id' | 'title' | 'area'> | undefined };

/** `YYYY-MM-DD` of a date or date-time (UTC), '' when none or unreadable. */
function day(d: string | Date | null | undefined): string {
  if (d === null || d === undefined || d === '') return '';
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString().slice(0, 10);
}

/** An ISO date-time in UTC (what OSCAL asks for); a bare date is its start, UTC. Undefined when unreadable. */
function dateTime(d: string | Date | null | undefined): string | undefined {
  if (d === null || d === undefined || d === '') return undefined;
  const t = new Date(typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString().replace('.000Z', 'Z');
}

function sortedProviders(providers: readonly ProviderCompliance[]): ProviderCompliance[] {
  return [...providers]
    .sort(compareProviders)
    .map((p) => ({ ...p, records: [...p.records].sort((a, b) => compareItemIds(a.itemId, b.itemId)) }));
}

// ─── CSV ────────────────────────────────────────────────────────────────────────────────────────────────

export const COMPLIANCE_CSV_COLUMNS = [
  'provider',
  'item_id',
  'title',
  'area',
  'status',
  'confirmation',
  'confirmed_by',
  'date',
  'evidence',
  'evidence_expiry',
  'proposed_status',
  'reasons',
] as const;

/**
 * The compliance of the providers as CSV: one row per provider × item record (statuses as their stable
 * identifiers, `non_compliant`; dates as `YYYY-MM-DD`; reasons one per line in their cell). UTF-8 with a
 * byte-order mark and CRLF line ends, like the findings CSV.
 */
export function renderComplianceCsv(providers: readonly ProviderCompliance[], catalog: ComplianceCatalog): string {
  const rows: string[] = [COMPLIANCE_CSV_COLUMNS.join(',')];
  for (const p of sortedProviders(providers)) {
    for (const r of p.records) {
      const item = catalog.get(r.itemId);
      const cells: Record<(typeof COMPLIANCE_CSV_COLUMNS)[number], string> = {
        provider: p.name,
        item_id: r.itemId,
        title: item?.title ?? '',
        area: item?.area ?? '',
        status: r.status,
        confirmation: r.confirmation,
        confirmed_by: r.confirmedBy ?? '',
        date: day(r.confirmedAt),
        evidence: r.evidence ?? '',
        evidence_expiry: day(r.evidenceExpires),
        proposed_status: r.proposedStatus ?? '',
        reasons: r.reasons.join('\n'),
      };
      rows.push(COMPLIANCE_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
    }
  }
  return `\ufeff${rows.join('\r\n')}\r\n`;
}

// ─── OSCAL ──────────────────────────────────────────────────────────────────────────────────────────────

export interface RenderComplianceOscalOptions {
  /** When the export was made (ISO date-time): `metadata.last-modified` and each result's `start`. */
  generatedAt: string | Date;
  /** The lab (the regulator's organisation) that follows the providers; a party of the document. */
  lab?: string;
  /** Where dfslab's OSCAL catalog is published (URL or relative path); recorded on the catalog resource. */
  catalogHref?: string;
}

/** The statuses an OSCAL finding is made for, with the finding's reason token. */
const NOT_SATISFIED: Partial<Record<ComplianceStatus, string>> = { non_compliant: 'fail', partially: 'other' };

/**
 * Observation methods: a status a person confirmed was examined (EXAMINE, as in NIST SP 800-53A); a proposal
 * comes from the lab's tests (TEST).
 */
function methodsOf(r: ComplianceRecord): string[] {
  return [r.confirmation === 'confirmed' ? 'EXAMINE' : 'TEST'];
}

/** The day after an inclusive last day: when OSCAL's `expires` (the instant it is out of date) falls. */
function dayAfter(d: string | Date | null): string | undefined {
  const first = day(d);
  if (!first) return undefined;
  const t = new Date(`${first}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().replace('.000Z', 'Z');
}

export function renderComplianceOscal(providers: readonly ProviderCompliance[], catalog: ComplianceCatalog, opts: RenderComplianceOscalOptions): string {
  return stableStringify(buildComplianceOscal(providers, catalog, opts));
}

/** The OSCAL assessment results as a plain object (what `renderComplianceOscal` prints). */
export function buildComplianceOscal(
  providers: readonly ProviderCompliance[],
  catalog: ComplianceCatalog,
  opts: RenderComplianceOscalOptions,
): { 'assessment-results': Record<string, unknown> } {
  const time = dateTime(opts.generatedAt);
  if (!time) throw new TypeError(`generatedAt is not a date: ${JSON.stringify(String(opts.generatedAt))}`);
  const sorted = sortedProviders(providers);
  const ids = {
    plan: uuidV5('resource/assessment-plan/dfslab-compliance'),
    catalog: uuidV5('resource/catalog/dfslab'),
    tool: uuidV5('component/tool/dfslab'),
    platform: uuidV5('assessment-platform/dfslab'),
    lab: opts.lab ? uuidV5(`party/organization/${opts.lab}`) : undefined,
  };
  const providerParty = (p: ProviderCompliance): string => uuidV5(`party/provider/${p.id}`);
  const assessors = new Map<string, string>();
  const assessorParty = (name: string): string => {
    const uuid = uuidV5(`party/person/${name}`);
    assessors.set(name, uuid);
    return uuid;
  };
  const toolOrigin = { actors: [{ type: 'tool', 'actor-uuid': ids.tool }] };

  const results = sorted.map((p) => {
    const seen = new Map<string, number>();
    const take = (name: string): string => {
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      return uuidV5(`compliance/provider/${p.id}/${name}${n ? `#${n}` : ''}`);
    };
    const subjects = [{ 'subject-uuid': providerParty(p), type: 'party' }];
    const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, p.records.filter((r) => r.status === s).length])) as Record<ComplianceStatus, number>;
    const observations: Record<string, unknown>[] = [];
    const findings: Record<string, unknown>[] = [];
    for (const r of p.records) {
      const reason = NOT_SATISFIED[r.status];
      if (!reason) continue;
      const item = catalog.get(r.itemId);
      const title = `${r.itemId}: ${markdownText(item?.title ?? r.itemId)}`;
      const origins = r.confirmation === 'confirmed' && r.confirmedBy ? [{ actors: [{ type: 'party', 'actor-uuid': assessorParty(r.confirmedBy) }] }] : [toolOrigin];
      const collected = (r.confirmation === 'confirmed' ? dateTime(r.confirmedAt) : dateTime(r.proposedAt)) ?? time;
      const expires = r.confirmation === 'confirmed' ? dayAfter(r.evidenceExpires) : undefined;
      const props: OscalProp[] = [
        ...dfslabProp('dfs-item', r.itemId),
        ...dfslabProp('compliance-status', r.status),
        ...dfslabProp('confirmation', r.confirmation),
        ...(r.proposedStatus ? dfslabProp('proposed-status', r.proposedStatus) : []),
        ...(r.confirmedBy ? dfslabProp('assessor', r.confirmedBy) : []),
        ...(day(r.confirmedAt) ? dfslabProp('assessed-on', day(r.confirmedAt)) : []),
        ...(day(r.evidenceExpires) ? dfslabProp('evidence-expires', day(r.evidenceExpires)) : []),
      ];
      const evidence = [
        ...(r.evidence && r.evidence.trim() !== '' ? [{ description: `Evidence recorded by the assessor: ${markdownText(r.evidence.trim())}` }] : []),
        ...r.reasons.filter((x) => x.trim() !== '').map((x) => ({ description: `Proposal: ${markdownText(x)}` })),
      ];
      const observation = take(`observation/${r.itemId}/${collected}`);
      const description = `${markdownText(p.name)} is ${COMPLIANCE_STATUS_LABEL[r.status].toLowerCase()} with ${r.itemId}${describeConfirmation(r)}.`;
      observations.push({
        uuid: observation,
        title,
        description,
        props,
        methods: methodsOf(r),
        types: ['finding'],
        origins,
        subjects,
        ...(evidence.length ? { 'relevant-evidence': evidence } : {}),
        collected,
        ...(expires ? { expires } : {}),
      });
      findings.push({
        uuid: take(`finding/${r.itemId}`),
        title,
        description,
        props,
        origins,
        target: {
          type: 'statement-id',
          'target-id': oscalStatementId(r.itemId),
          status: { state: 'not-satisfied', reason, ...(r.status === 'partially' ? { remarks: 'Partially compliant.' } : {}) },
        },
        'related-observations': [{ 'observation-uuid': observation }],
        ...(r.reasons.length ? { remarks: r.reasons.map((x) => `- ${markdownText(x)}`).join('\n') } : {}),
      });
    }
    const reviewed = p.records.filter((r) => r.status !== 'not_assessed');
    const expired = p.records.filter((r) => r.confirmation === 'expired').length;
    const notAssessed = p.records.filter((r) => r.status === 'not_assessed');
    const judged = counts.compliant + counts.partially + counts.non_compliant;
    const score = judged ? Math.round(((counts.compliant + counts.partially / 2) / judged) * 100) : undefined;
    const resultBody = {
      title: `Compliance of ${markdownText(p.name)} with the DFS security recommendations`,
      description:
        `${markdownText(p.name)}, ${p.records.length} catalog items: ${counts.compliant} compliant, ${counts.partially} partially compliant, ` +
        `${counts.non_compliant} non-compliant, ${counts.not_applicable} not applicable, ${counts.not_assessed} not assessed` +
        `${score === undefined ? '' : `; score ${score}%`}.`,
      start: time,
      props: [
        ...dfslabProp('provider-id', p.id),
        ...COMPLIANCE_STATUSES.flatMap((s) => dfslabProp(`items-${s.replace('_', '-')}`, counts[s])),
        ...(expired ? dfslabProp('items-expired', expired) : []),
        ...(score === undefined ? [] : dfslabProp('score', score)),
      ],
      'local-definitions': {
        'assessment-assets': {
          components: [
            { uuid: ids.tool, type: 'software', title: 'dfslab', description: 'dfslab lab platform and audit engine.', props: dfslabProp('version', VERSION), status: { state: 'operational' } },
          ],
          'assessment-platforms': [{ uuid: ids.platform, title: 'dfslab', 'uses-components': [{ 'component-uuid': ids.tool }] }],
        },
      },
      'reviewed-controls': {
        description: 'The catalog items with a status other than not assessed.',
        'control-selections': [
          reviewed.length
            ? { 'include-controls': reviewed.map((r) => ({ 'control-id': oscalControlId(r.itemId) })) }
            : { remarks: 'No catalog item has been assessed for this provider.' },
        ],
      },
      ...(observations.length ? { observations } : {}),
      ...(findings.length ? { findings } : {}),
      remarks:
        `Findings are made for the non-compliant and partially compliant items only; the compliant and not applicable items are the other reviewed controls.` +
        (notAssessed.length ? `\n\nNot assessed: ${notAssessed.map((r) => r.itemId).join(', ')}.` : ''),
    };
    return { uuid: uuidV5(`compliance/result/${p.id}/${contentDigest(resultBody)}`), ...resultBody };
  });

  const parties = [
    ...(opts.lab && ids.lab ? [{ uuid: ids.lab, type: 'organization', name: opts.lab.trim() || opts.lab }] : []),
    ...sorted.map((p) => ({ uuid: providerParty(p), type: 'organization', name: p.name, props: dfslabProp('provider-id', p.id) })),
    ...[...assessors.entries()].sort(([a], [b]) => cmp(a, b)).map(([name, uuid]) => ({ uuid, type: 'person', name })),
  ].map((party) => ({ ...party, name: party.name.replace(/\s+/g, ' ').trim() || '(unnamed)' }));
  const body = {
    metadata: {
      title: opts.lab ? `DFS compliance of the providers supervised by ${markdownText(opts.lab)}` : 'DFS compliance of the supervised providers',
      'last-modified': time,
      version: VERSION,
      'oscal-version': OSCAL_VERSION,
      ...(parties.length ? { parties } : {}),
    },
    'import-ap': {
      href: `#${ids.plan}`,
      remarks: 'dfslab has no separate assessment plan for compliance follow-up; this points at the back-matter resource that describes it.',
    },
    results: results.length
      ? results
      : [
          {
            uuid: uuidV5(`compliance/result/none/${time}`),
            title: 'No provider',
            description: 'The export holds no provider.',
            start: time,
            'reviewed-controls': { 'control-selections': [{ remarks: 'No provider, no control.' }] },
          },
        ],
    'back-matter': {
      resources: [
        {
          uuid: ids.plan,
          title: 'dfslab compliance follow-up (implicit assessment plan)',
          description:
            'Each provider is assessed against every item of the dfslab catalog: statuses are proposed from the scans of its apps, its USSD runs and ' +
            'the results of its engagements, and confirmed by a person of the lab with evidence that expires.',
          props: [{ name: 'type', value: 'plan' }],
        },
        {
          uuid: ids.catalog,
          title: CATALOG_TITLE,
          description: "dfslab's OSCAL catalog; its control ids are the DFS item ids in lower case (`APP-41` is `app-41`).",
          props: [{ name: 'type', value: 'standard' }],
          ...(opts.catalogHref ? { rlinks: [{ href: opts.catalogHref, 'media-type': 'application/oscal.catalog+json' }] } : {}),
        },
      ],
    },
  };
  return { 'assessment-results': { uuid: uuidV5(`assessment-results/${contentDigest(body)}`), ...body } };
}

function describeConfirmation(r: ComplianceRecord): string {
  if (r.confirmation === 'confirmed') return `, as confirmed by ${markdownText(r.confirmedBy ?? 'the lab')}${day(r.confirmedAt) ? ` on ${day(r.confirmedAt)}` : ''}`;
  if (r.confirmation === 'expired') return ` as proposed by dfslab (the confirmed status's evidence expired on ${day(r.evidenceExpires) || 'an earlier date'}; to be re-assessed)`;
  return ' as proposed by dfslab (not confirmed by a person)';
}
