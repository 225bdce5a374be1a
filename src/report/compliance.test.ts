/**
 * Compliance exports: the areas of the catalog, the CSV (parses back, defuses formulas, sorted) and the OSCAL
 * assessment results (valid against the NIST OSCAL 1.0.4 schema, consistent, deterministic).
 */
import { describe, expect, it } from 'vitest';
import { objectsWith, oscalValidator, type Json } from '../../test/schemas/validate.js';
import { loadCatalog } from '../catalog/index.js';
import {
  COMPLIANCE_CSV_COLUMNS,
  compareItemIds,
  complianceAreas,
  renderComplianceCsv,
  renderComplianceOscal,
  type ComplianceRecord,
  type ProviderCompliance,
} from './compliance.js';
import { renderOscalCatalog } from './oscal-catalog.js';

const catalog = loadCatalog();
const schemaErrors = oscalValidator('oscal_assessment-results_schema.json');
const oscalCatalog = JSON.parse(renderOscalCatalog(catalog)) as { catalog: Json };
const catalogPartIds = new Set(objectsWith(oscalCatalog.catalog, 'name').filter((o) => typeof o.id === 'string').map((o) => o.id as string));

/** A small RFC 4180 reader (as in csv.test.ts), to prove the output parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

const record = (itemId: string, parts: Partial<ComplianceRecord> = {}): ComplianceRecord => ({
  itemId,
  status: 'not_assessed',
  confirmation: 'unconfirmed',
  confirmedBy: null,
  confirmedAt: null,
  evidence: null,
  evidenceExpires: null,
  proposedStatus: null,
  proposedAt: null,
  reasons: [],
  ...parts,
});

const providers: ProviderCompliance[] = [
  {
    id: 'p-zed',
    name: 'Zed Mobile Money',
    records: [
      record('USSD-12', { status: 'partially', proposedStatus: 'partially', proposedAt: '2026-11-03T10:00:00.000Z', reasons: ['open medium finding ussd.session-timeout in the USSD run of 2026-11-03 of Zed *144#'] }),
      record('APP-07', {
        status: 'non_compliant',
        confirmation: 'confirmed',
        confirmedBy: 'Awa Diallo',
        confirmedAt: '2026-11-10',
        evidence: '=HYPERLINK("http://evil")',
        evidenceExpires: '2027-05-31',
        proposedStatus: 'non_compliant',
        proposedAt: '2026-11-02T10:00:00.000Z',
        reasons: ['open high finding android.manifest.debuggable in the scan of 2026-11-02 of Zed Wallet 2.4.0', 'manual test failed in engagement "Audit, 2026" on 2026-10-01'],
      }),
      record('APP-01', { status: 'compliant', confirmation: 'confirmed', confirmedBy: 'Awa Diallo', confirmedAt: new Date('2026-11-10T08:00:00Z'), evidence: 'TLS scan report', evidenceExpires: '2027-01-31' }),
      record('GOV-02'),
    ],
  },
  {
    id: 'p-alpha',
    name: 'alpha Bank',
    records: [
      record('APP-02', { status: 'not_applicable', confirmation: 'confirmed', confirmedBy: '@admin', confirmedAt: '2026-09-01', evidence: 'No such feature' }),
      record('APP-07', { status: 'non_compliant', confirmation: 'expired', confirmedBy: 'Kofi Mensah', confirmedAt: '2025-01-10', evidenceExpires: '2025-12-31', proposedStatus: 'non_compliant', proposedAt: '2026-10-02T00:00:00Z', reasons: ['-1 open critical finding'] }),
    ],
  },
];

describe('compliance areas', () => {
  it('groups the catalog by id prefix, in report order, with labels from the report areas', () => {
    const areas = complianceAreas(catalog);
    expect(areas.map((a) => [a.id, a.label])).toEqual([
      ['app', 'App'],
      ['ussd', 'USSD/STK'],
      ['sim', 'SIM'],
      ['ss7', 'SS7/signalling'],
      ['plat', 'Platform'],
      ['gov', 'Governance'],
      ['user', 'Consumer'],
    ]);
    expect(areas.flatMap((a) => a.itemIds)).toEqual([...catalog.items.keys()]);
    expect(areas[0]!.itemIds.every((id) => id.startsWith('APP-'))).toBe(true);
  });

  it('groups the catalog by report area on request', () => {
    const areas = complianceAreas(catalog, 'area');
    expect(areas.map((a) => a.label)).toEqual(catalog.areas());
    expect(areas.reduce((n, a) => n + a.itemIds.length, 0)).toBe(catalog.items.size);
    for (const a of areas) {
      expect(a.id).toMatch(/^[a-z][a-z0-9-]*$/);
      for (const id of a.itemIds) expect(catalog.get(id)!.area).toBe(a.label);
    }
  });

  it('orders item ids as the catalog does', () => {
    expect(['GOV-02', 'APP-10', 'USSD-01', 'APP-02', 'X-1'].sort(compareItemIds)).toEqual(['APP-02', 'APP-10', 'USSD-01', 'GOV-02', 'X-1']);
  });
});

describe('compliance CSV', () => {
  const csv = renderComplianceCsv(providers, catalog);
  const rows = parseCsv(csv.slice(1));
  const col = (r: string[], c: (typeof COMPLIANCE_CSV_COLUMNS)[number]): string => r[COMPLIANCE_CSV_COLUMNS.indexOf(c)]!;

  it('has one row per provider × item that parses back, with a BOM and CRLF', () => {
    expect(csv.startsWith('\ufeffprovider,item_id,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows[0]).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 6);
    for (const r of rows) expect(r).toHaveLength(COMPLIANCE_CSV_COLUMNS.length);
  });

  it('sorts providers by name and items in catalog order', () => {
    expect(rows.slice(1).map((r) => [col(r, 'provider'), col(r, 'item_id')])).toEqual([
      ['alpha Bank', 'APP-02'],
      ['alpha Bank', 'APP-07'],
      ['Zed Mobile Money', 'APP-01'],
      ['Zed Mobile Money', 'APP-07'],
      ['Zed Mobile Money', 'USSD-12'],
      ['Zed Mobile Money', 'GOV-02'],
    ]);
    expect(renderComplianceCsv([...providers].reverse().map((p) => ({ ...p, records: [...p.records].reverse() })), catalog)).toBe(csv);
  });

  it('fills the catalog title and area, the status, the confirmation, dates and reasons', () => {
    const r = rows.find((x) => col(x, 'provider') === 'Zed Mobile Money' && col(x, 'item_id') === 'APP-07')!;
    expect(col(r, 'title')).toBe(catalog.get('APP-07')!.title);
    expect(col(r, 'area')).toBe(catalog.get('APP-07')!.area);
    expect(col(r, 'status')).toBe('non_compliant');
    expect(col(r, 'confirmation')).toBe('confirmed');
    expect(col(r, 'confirmed_by')).toBe('Awa Diallo');
    expect(col(r, 'date')).toBe('2026-11-10');
    expect(col(r, 'evidence_expiry')).toBe('2027-05-31');
    expect(col(r, 'proposed_status')).toBe('non_compliant');
    expect(col(r, 'reasons')).toBe('open high finding android.manifest.debuggable in the scan of 2026-11-02 of Zed Wallet 2.4.0\nmanual test failed in engagement "Audit, 2026" on 2026-10-01');
    const fromDate = rows.find((x) => col(x, 'item_id') === 'APP-01')!;
    expect(col(fromDate, 'date')).toBe('2026-11-10');
    const empty = rows.find((x) => col(x, 'item_id') === 'GOV-02')!;
    expect([col(empty, 'status'), col(empty, 'confirmed_by'), col(empty, 'date'), col(empty, 'proposed_status'), col(empty, 'reasons')]).toEqual(['not_assessed', '', '', '', '']);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csv).toContain('"\'=HYPERLINK(""http://evil"")"');
    expect(col(rows.find((x) => col(x, 'item_id') === 'APP-02')!, 'confirmed_by')).toBe("'@admin");
    expect(col(rows.find((x) => col(x, 'provider') === 'alpha Bank' && col(x, 'item_id') === 'APP-07')!, 'reasons')).toBe("'-1 open critical finding");
  });
});

describe('compliance OSCAL assessment results', () => {
  const generatedAt = '2026-12-01T12:00:00Z';
  const render = (list: readonly ProviderCompliance[] = providers, extra: { lab?: string; catalogHref?: string } = {}): Json => {
    const doc = JSON.parse(renderComplianceOscal(list, catalog, { generatedAt, ...extra })) as { 'assessment-results': Json };
    expect(schemaErrors(doc)).toBeUndefined();
    return doc['assessment-results'];
  };
  const prop = (o: Json, name: string): string[] => ((o.props as Json[] | undefined) ?? []).filter((p) => p.name === name).map((p) => p.value as string);

  it('is valid, deterministic, and has one result per provider in name order', () => {
    const text = renderComplianceOscal(providers, catalog, { generatedAt, lab: 'Banque Centrale Lab' });
    expect(renderComplianceOscal([...providers].reverse(), catalog, { generatedAt, lab: 'Banque Centrale Lab' })).toBe(text);
    const ar = render(providers, { lab: 'Banque Centrale Lab', catalogHref: 'https://example.org/catalog.json' });
    const results = ar.results as Json[];
    expect(results.map((r) => prop(r, 'provider-id')[0])).toEqual(['p-alpha', 'p-zed']);
    expect((ar.metadata as Json)['last-modified']).toBe(generatedAt);
    expect((ar.metadata as Json)['oscal-version']).toBe('1.0.4');
    for (const r of results) expect(r.start).toBe(generatedAt);
    // Every uuid is unique, except the tool's, which each result defines in its own local definitions (one subject, one uuid).
    const assets = results.map((r) => (r['local-definitions'] as Json)['assessment-assets'] as Json);
    expect(new Set(assets.map((a) => JSON.stringify(a))).size).toBe(1);
    const uuids = objectsWith({ ...ar, results: results.map((r) => ({ ...r, 'local-definitions': undefined })) }, 'uuid').map((o) => o.uuid as string);
    expect(uuids.length).toBeGreaterThan(10);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const a of objectsWith(ar, 'actor-uuid')) {
      const known = [...objectsWith(assets[0], 'uuid'), ...((ar.metadata as Json).parties as Json[])].map((o) => o.uuid);
      expect(known).toContain(a['actor-uuid']);
    }
    expect(JSON.stringify(ar)).toContain('https://example.org/catalog.json');
  });

  it('makes an observation and a not-satisfied finding per non-compliant or partially compliant item, on its statement', () => {
    const ar = render();
    const zed = (ar.results as Json[]).find((r) => prop(r, 'provider-id')[0] === 'p-zed')!;
    const findings = zed.findings as Json[];
    const observations = zed.observations as Json[];
    expect(findings.map((f) => (f.target as Json)['target-id'])).toEqual(['app-07_smt', 'ussd-12_smt']);
    for (const f of findings) expect(catalogPartIds.has((f.target as Json)['target-id'] as string)).toBe(true);
    expect(findings.map((f) => ((f.target as Json).status as Json).state)).toEqual(['not-satisfied', 'not-satisfied']);
    expect(findings.map((f) => ((f.target as Json).status as Json).reason)).toEqual(['fail', 'other']);
    expect(findings.map((f) => prop(f, 'compliance-status')[0])).toEqual(['non_compliant', 'partially']);
    expect(observations).toHaveLength(2);
    const ids = new Set(observations.map((o) => o.uuid));
    for (const f of findings) expect(ids.has(((f['related-observations'] as Json[])[0] as Json)['observation-uuid'])).toBe(true);

    // The confirmed one: examined by the assessor (a party), collected on the confirmation date, expiring after its last valid day.
    const confirmed = observations.find((o) => prop(o, 'dfs-item')[0] === 'APP-07')!;
    expect(confirmed.methods).toEqual(['EXAMINE']);
    expect(confirmed.collected).toBe('2026-11-10T00:00:00Z');
    expect(confirmed.expires).toBe('2027-06-01T00:00:00Z');
    const actor = (((confirmed.origins as Json[])[0] as Json).actors as Json[])[0]!;
    expect(actor.type).toBe('party');
    const parties = (ar.metadata as Json).parties as Json[];
    expect(parties.find((p) => p.uuid === actor['actor-uuid'])).toMatchObject({ type: 'person', name: 'Awa Diallo' });
    expect(JSON.stringify(confirmed['relevant-evidence'])).toContain('HYPERLINK');
    // The proposed one: tested by dfslab, collected on the date of its evidence.
    const proposed = observations.find((o) => prop(o, 'dfs-item')[0] === 'USSD-12')!;
    expect(proposed.methods).toEqual(['TEST']);
    expect(proposed.collected).toBe('2026-11-03T10:00:00Z');
    expect((((proposed.origins as Json[])[0] as Json).actors as Json[])[0]!.type).toBe('tool');
    // Subjects are the provider's party.
    const provider = parties.find((p) => p.name === 'Zed Mobile Money')!;
    expect((proposed.subjects as Json[])[0]).toEqual({ 'subject-uuid': provider.uuid, type: 'party' });
  });

  it('reviews the assessed items, counts every status, and names the items not assessed', () => {
    const ar = render();
    const zed = (ar.results as Json[]).find((r) => prop(r, 'provider-id')[0] === 'p-zed')!;
    const selected = (((zed['reviewed-controls'] as Json)['control-selections'] as Json[])[0]!['include-controls'] as Json[]).map((c) => c['control-id']);
    expect(selected).toEqual(['app-01', 'app-07', 'ussd-12']);
    for (const id of selected) expect(catalogPartIds.has(`${id as string}_smt`)).toBe(true);
    expect(prop(zed, 'items-compliant')).toEqual(['1']);
    expect(prop(zed, 'items-partially')).toEqual(['1']);
    expect(prop(zed, 'items-non-compliant')).toEqual(['1']);
    expect(prop(zed, 'items-not-assessed')).toEqual(['1']);
    expect(prop(zed, 'score')).toEqual(['50']);
    expect(zed.remarks).toContain('Not assessed: GOV-02.');
    const alpha = (ar.results as Json[]).find((r) => prop(r, 'provider-id')[0] === 'p-alpha')!;
    expect(prop(alpha, 'items-expired')).toEqual(['1']);
    const expired = (alpha.findings as Json[])[0]!;
    expect(prop(expired, 'confirmation')).toEqual(['expired']);
    expect(expired.description).toContain('re-assessed');
  });

  it('stays valid with no provider, and with a provider with nothing assessed', () => {
    expect((render([]).results as Json[]).length).toBe(1);
    const r = (render([{ id: 'p', name: '  Spaced   Name ', records: [record('APP-01')] }]).results as Json[])[0]!;
    expect(r.findings).toBeUndefined();
    expect(((r['reviewed-controls'] as Json)['control-selections'] as Json[])[0]!.remarks).toMatch(/No catalog item/);
  });

  it('refuses a generatedAt that is not a date', () => {
    expect(() => renderComplianceOscal(providers, catalog, { generatedAt: 'now' })).toThrow(/not a date/);
  });

  it('the validator is live: it rejects a broken document', () => {
    const doc = JSON.parse(renderComplianceOscal(providers, catalog, { generatedAt })) as { 'assessment-results': Json };
    const result = (doc['assessment-results'].results as Json[])[0]!;
    delete result.start;
    expect(schemaErrors(doc)).toMatch(/start/);
  });
});
