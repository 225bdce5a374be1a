/**
 * OSCAL assessment results: valid against the NIST OSCAL 1.0.4 assessment-results schema on the fixtures
 * and the corpus, deterministic, and internally consistent (every uuid unique, every reference resolves,
 * every reviewed control and finding target exists in dfslab's OSCAL catalog).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectsWith, oscalValidator, type Json } from '../../test/schemas/validate.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../test/corpus.js';
import { audit, type AuditResult } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import { buildReport, type ReportModel } from './model.js';
import { renderOscalAssessmentResults, UNKNOWN_TIME } from './oscal.js';
import { DFSLAB_OSCAL_NS, renderOscalCatalog } from './oscal-catalog.js';

const schemaErrors = oscalValidator('oscal_assessment-results_schema.json');

const catalog = loadCatalog();
const oscalCatalog = JSON.parse(renderOscalCatalog(catalog)) as { catalog: Json };
const catalogControlIds = new Set((oscalCatalog.catalog.groups as Json[]).flatMap((g) => (g.controls as Json[]).map((c) => c.id as string)));
const catalogPartIds = new Set(objectsWith(oscalCatalog.catalog, 'name').filter((o) => typeof o.id === 'string').map((o) => o.id as string));

const fx = (p: string): string => join(repoRoot, 'fixtures', p);
const model = (result: AuditResult, extra: Partial<Parameters<typeof buildReport>[1]> = {}): ReportModel => buildReport(result, { catalog, checks: allChecks, ...extra });

const prop = (o: Json, name: string): string[] => ((o.props as Json[] | undefined) ?? []).filter((p) => p.name === name).map((p) => p.value as string);

/** The checks every rendering must pass, beyond the schema. */
function expectConsistent(m: ReportModel, text: string): Json {
  const doc = JSON.parse(text) as { 'assessment-results': Json };
  expect(schemaErrors(doc)).toBeUndefined();
  const ar = doc['assessment-results'];
  const result = (ar.results as Json[])[0]!;

  const uuids = objectsWith(ar, 'uuid').map((o) => o.uuid as string);
  expect(new Set(uuids).size).toBe(uuids.length);

  const resources = new Set(((ar['back-matter'] as Json).resources as Json[]).map((r) => r.uuid as string));
  expect(resources.has((ar['import-ap'] as Json).href!.toString().slice(1))).toBe(true);
  for (const o of objectsWith(ar, 'href')) {
    const href = o.href as string;
    if (href.startsWith('#')) expect(resources.has(href.slice(1)), href).toBe(true);
  }

  const selected = (((result['reviewed-controls'] as Json)['control-selections'] as Json[])[0]!['include-controls'] as Json[] | undefined) ?? [];
  const automated = m.coverage.filter((r) => r.mode === 'automated');
  expect(selected.map((s) => s['control-id'])).toEqual(automated.map((r) => r.itemId.toLowerCase()));
  for (const s of selected) expect(catalogControlIds.has(s['control-id'] as string), s['control-id'] as string).toBe(true);

  const observations = (result.observations as Json[] | undefined) ?? [];
  expect(observations.length).toBe(m.findings.length + m.passes.length);
  const observationIds = new Set(observations.map((o) => o.uuid as string));
  const findings = (result.findings as Json[] | undefined) ?? [];
  for (const f of findings) {
    for (const r of (f['related-observations'] as Json[] | undefined) ?? []) expect(observationIds.has(r['observation-uuid'] as string)).toBe(true);
    const target = f.target as Json;
    expect(target.type).toBe('statement-id');
    expect(catalogPartIds.has(target['target-id'] as string), target['target-id'] as string).toBe(true);
  }
  const localIds = new Set([
    ...(((result['local-definitions'] as Json).components as Json[]) ?? []).map((c) => c.uuid as string),
    ...(((result['local-definitions'] as Json)['inventory-items'] as Json[]) ?? []).map((c) => c.uuid as string),
  ]);
  for (const s of objectsWith(result, 'subject-uuid')) expect(localIds.has(s['subject-uuid'] as string)).toBe(true);
  const toolIds = new Set((((result['local-definitions'] as Json)['assessment-assets'] as Json).components as Json[]).map((c) => c.uuid as string));
  for (const a of objectsWith(result, 'actor-uuid')) expect(toolIds.has(a['actor-uuid'] as string)).toBe(true);

  // Findings: one per dfslab finding, one per satisfied item, one per item failed only as a secondary reference.
  const primaries = new Set(m.findings.map((f) => f.references.dfs.find((id) => automated.some((r) => r.itemId === id)) ?? f.references.dfs[0]));
  const satisfied = automated.filter((r) => r.result === 'pass' || r.result === 'no-finding');
  const secondaryFails = automated.filter((r) => r.result === 'fail' && !primaries.has(r.itemId));
  expect(findings.length).toBe(m.findings.length + satisfied.length + secondaryFails.length);
  const byState = (s: string): Json[] => findings.filter((f) => ((f.target as Json).status as Json).state === s);
  expect(byState('satisfied').length).toBe(satisfied.length);
  expect(byState('not-satisfied').length).toBe(m.findings.length + secondaryFails.length);
  expect(new Set(byState('satisfied').map((f) => (f.target as Json)['target-id']))).toEqual(new Set(satisfied.map((r) => `${r.itemId.toLowerCase()}_smt`)));
  for (const f of m.findings) expect(findings.some((x) => prop(x, 'fingerprint')[0] === f.fingerprint)).toBe(true);

  // Items without an automated check are stated as not assessed.
  const manual = m.coverage.filter((r) => r.mode === 'manual').length;
  expect(prop(result, 'controls-not-assessed')).toEqual([String(manual)]);
  expect(result.remarks).toContain(`${manual} DFS items`);
  return ar;
}

describe('OSCAL assessment results', () => {
  it.each(['android/build/vulnerable-wallet.apk', 'android/build/hardened-wallet.apk', 'ios/build/vulnerable-bank.ipa', 'ios/build/hardened-bank.ipa'])(
    '%s: valid, consistent and deterministic',
    async (file) => {
      const m = model(await audit(fx(file)));
      const text = renderOscalAssessmentResults(m);
      const again = renderOscalAssessmentResults(model(await audit(fx(file))));
      expect(again).toBe(text);
      const ar = expectConsistent(m, text);
      const result = (ar.results as Json[])[0]!;
      expect(result.start).toBe(UNKNOWN_TIME);
      expect((ar.metadata as Json)['last-modified']).toBe(UNKNOWN_TIME);
      expect((ar.metadata as Json)['oscal-version']).toBe('1.0.4');
      // The rendering of another language is just as valid.
      expectConsistent(m, renderOscalAssessmentResults(model(await audit(fx(file)), { lang: 'fr' })));
    },
  );

  it('records the audited file, its hashes, the findings and the evidence', async () => {
    const result = await audit(fx('android/build/vulnerable-wallet.apk'));
    const m = model(result, { generatedAt: new Date('2026-05-04T10:11:12.000Z') });
    expect(m.findings.length).toBeGreaterThan(3);
    const ar = expectConsistent(m, renderOscalAssessmentResults(m, { catalogHref: 'https://example.org/dfslab-catalog.json' }));
    const r = (ar.results as Json[])[0]!;
    expect(r.start).toBe('2026-05-04T10:11:12.000Z');
    expect((ar.metadata as Json)['last-modified']).toBe('2026-05-04T10:11:12.000Z');
    expect((ar.metadata as Json).title).toContain(result.app.platform === 'android' ? result.app.packageName : '');
    const resources = (ar['back-matter'] as Json).resources as Json[];
    const file = resources.find((x) => prop(x, 'type')[0] === 'artifact')!;
    expect(((file.rlinks as Json[])[0]!.hashes as Json[])[0]).toEqual({ algorithm: 'SHA-256', value: result.target.sha256 });
    expect(JSON.stringify(resources)).toContain('https://example.org/dfslab-catalog.json');
    const inventory = ((r['local-definitions'] as Json)['inventory-items'] as Json[])[0]!;
    expect(prop(inventory, 'sha256')).toEqual([result.target.sha256]);

    const first = m.findings[0]!;
    const observation = (r.observations as Json[]).find((o) => prop(o, 'fingerprint')[0] === first.fingerprint)!;
    expect(observation.methods).toEqual(['TEST']);
    expect(observation.collected).toBe('2026-05-04T10:11:12.000Z');
    expect((observation['relevant-evidence'] as Json[]).length).toBeGreaterThanOrEqual(first.locations.length);
    const finding = (r.findings as Json[]).find((f) => prop(f, 'fingerprint')[0] === first.fingerprint)!;
    expect(prop(finding, 'severity')).toEqual([first.severity]);
    expect(prop(finding, 'check-id')).toEqual([first.checkId]);
    expect(prop(finding, 'dfs-item')).toEqual(first.references.dfs);
    expect((finding.props as Json[]).every((p) => p.ns === DFSLAB_OSCAL_NS)).toBe(true);
    expect((finding['related-observations'] as Json[])[0]!['observation-uuid']).toBe(observation.uuid);
  });

  it('keeps a suppressed finding as not satisfied, marked suppressed with its reason', async () => {
    const result = await audit(fx('android/build/vulnerable-wallet.apk'));
    const target = result.findings[0]!;
    const suppressions = new Map([[target.fingerprint, { active: { reason: 'Accepted for the <lab> demo_build', by: 'auditor', source: 'dfslab-suppressions.yaml:3' } }]]);
    const m = model(result, { suppressions });
    const ar = expectConsistent(m, renderOscalAssessmentResults(m));
    const r = (ar.results as Json[])[0]!;
    const f = (r.findings as Json[]).find((x) => prop(x, 'fingerprint')[0] === target.fingerprint)!;
    expect(prop(f, 'status')).toEqual(['suppressed']);
    expect(((f.target as Json).status as Json).state).toBe('not-satisfied');
    expect(f.remarks).toContain('Accepted for the \\<lab\\> demo\\_build');
    expect(prop(r, 'findings-suppressed')).toEqual(['1']);
  });

  it('stays valid with hostile strings from the app in locations and evidence', async () => {
    const result = await audit(fx('android/build/vulnerable-wallet.apk'));
    const f = result.findings[0]!;
    const hostile: AuditResult = {
      ...result,
      target: { ...result.target, file: 'my app [1] `x`.apk' },
      findings: [
        {
          ...f,
          message: 'line one\nline <two> *three*',
          locations: [{ class: ' com.x.A\n\tB ', method: '``tick`', path: '   ', key: 'a\u2028b' }, {}],
          evidence: ['  ', 'value\nwith `backticks`'],
        },
        ...result.findings.slice(1),
        // The same finding twice (fingerprints are meant to be unique; the uuids must stay unique anyway).
        result.findings[1]!,
      ],
    };
    const m = model(hostile);
    const ar = expectConsistent(m, renderOscalAssessmentResults(m));
    const r = (ar.results as Json[])[0]!;
    const o = (r.observations as Json[]).find((x) => prop(x, 'fingerprint')[0] === f.fingerprint)!;
    const evidence = o['relevant-evidence'] as Json[];
    expect(evidence.length).toBe(2);
    expect(prop(evidence[0]!, 'location-class')).toEqual(['com.x.A B']);
  });

  it('the validator is live: it rejects a broken document', async () => {
    const m = model(await audit(fx('ios/build/vulnerable-bank.ipa')));
    const doc = JSON.parse(renderOscalAssessmentResults(m)) as { 'assessment-results': Json };
    const result = (doc['assessment-results'].results as Json[])[0]!;
    delete result['reviewed-controls'];
    (result.observations as Json[])[0]!.uuid = 'not-a-uuid';
    const errors = schemaErrors(doc) ?? '';
    expect(errors).toMatch(/reviewed-controls/);
    expect(errors).toMatch(/pattern/);
  });

  const corpus = corpusDir();
  const corpusApps = corpus ? readdirSync(corpus).filter((n) => /\.(apk|ipa)$/i.test(n)).sort() : [];
  it.skipIf(!corpus).each(corpus ? corpusApps : ['(none)'])('corpus %s: valid and consistent', async (name) => {
    if (!corpus) return console.warn(CORPUS_SKIP_MESSAGE);
    const m = model(await audit(join(corpus, name)));
    expectConsistent(m, renderOscalAssessmentResults(m));
  }, 120_000);
  if (!corpus) it('corpus', () => console.warn(CORPUS_SKIP_MESSAGE));
});
