import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sarifValidator } from '../../test/schemas/validate.js';
import { audit, type AuditResult } from '../audit.js';
import { loadCatalog, type Catalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../test/corpus.js';
import { buildReport, type ReportModel, type SuppressionInfo } from './model.js';
import { renderSarif, SARIF_FINGERPRINT_KEY, SARIF_MAX_LOCATIONS } from './sarif.js';

const fx = (p: string): string => join(repoRoot, 'fixtures', p);

interface Sarif {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; name: string; shortDescription: { text: string }; defaultConfiguration: { level: string }; properties: { 'security-severity': string; tags: string[]; precision?: string } }> } };
    originalUriBaseIds: Record<string, unknown>;
    artifacts: Array<{ location: { uri: string }; hashes: Record<string, string> }>;
    invocations: Array<{ executionSuccessful: boolean; endTimeUtc?: string; toolExecutionNotifications?: unknown[] }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      kind?: string;
      level: string;
      message: { text: string };
      baselineState?: string;
      suppressions?: Array<{ kind: string; status: string; justification: string }>;
      partialFingerprints: Record<string, string>;
      locations: Array<{
        physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string; index?: number } };
        logicalLocations?: Array<{ kind?: string; fullyQualifiedName?: string }>;
        properties?: Record<string, unknown>;
      }>;
      properties: Record<string, unknown>;
    }>;
    properties: Record<string, unknown>;
  }>;
}

const sarifErrors = sarifValidator();

/** Every structural property this renderer promises, beyond what the schema can say. */
function checkSarif(text: string, model: ReportModel): Sarif {
  expect(text.endsWith('}\n')).toBe(true);
  const log = JSON.parse(text) as Sarif;
  expect(sarifErrors(log)?.split('\n') ?? []).toEqual([]);
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;
  const ids = rules.map((r) => r.id);
  expect(ids).toEqual([...ids].sort());
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of model.scope.checksRun) expect(ids).toContain(id);
  for (const r of rules) {
    const score = Number(r.properties['security-severity']);
    expect(Number.isFinite(score)).toBe(true);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(10);
    expect(r.properties.tags).toContain('security');
    for (const t of r.properties.tags) if (/cwe/i.test(t)) expect(t).toMatch(/^external\/cwe\/cwe-\d+$/);
  }
  for (const res of run.results) {
    expect(rules[res.ruleIndex]?.id).toBe(res.ruleId);
    expect(res.locations.length).toBeGreaterThan(0);
    expect(res.locations.length).toBeLessThanOrEqual(SARIF_MAX_LOCATIONS);
    for (const loc of res.locations) {
      const uri = loc.physicalLocation?.artifactLocation.uri;
      if (uri !== undefined) {
        expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
        expect(uri.split('/')).not.toContain('..');
      }
    }
  }
  const open = run.results.filter((r) => r.baselineState !== 'absent');
  expect(open.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY])).toEqual(model.findings.map((f) => f.fingerprint));
  for (const [i, f] of model.findings.entries()) {
    const r = open[i]!;
    expect(r.ruleId).toBe(f.checkId);
    // The rule's short description is the title the report shows, in the report's language.
    expect(rules[r.ruleIndex]!.shortDescription.text).toBe(f.title);
    expect(r.message.text).toBe(f.message);
    const expectedLevel = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[f.severity];
    expect(r.level).toBe(expectedLevel);
    const more = Math.max(0, f.locations.length - SARIF_MAX_LOCATIONS);
    expect(r.properties.moreLocations ?? 0).toBe(more);
    expect(r.suppressions !== undefined).toBe(f.status === 'suppressed');
  }
  expect(run.artifacts[0]!.hashes['sha-256']).toBe(model.target.sha256);
  expect(run.invocations[0]!.executionSuccessful).toBe(model.scope.checksFailed.length === 0);
  // No directory of this machine may leak into a report that is uploaded elsewhere. (Single-segment
  // directories such as /tmp or /root are left out: app strings quoted in evidence may name them.)
  for (const dir of [repoRoot, homedir(), process.cwd(), corpusDir()]) {
    if (dir && dir.split('/').filter(Boolean).length > 1) expect(text).not.toContain(dir);
  }
  return log;
}

let catalog: Catalog;
const audits = new Map<string, AuditResult>();
async function auditOnce(path: string): Promise<AuditResult> {
  let r = audits.get(path);
  if (!r) audits.set(path, (r = await audit(path)));
  return r;
}

beforeAll(() => {
  catalog = loadCatalog();
});

describe('SARIF 2.1.0', () => {
  for (const name of ['android/build/vulnerable-wallet.apk', 'android/build/hardened-wallet.apk', 'ios/build/vulnerable-bank.ipa', 'ios/build/hardened-bank.ipa']) {
    it(`is valid and consistent for ${name}`, async () => {
      const model = buildReport(await auditOnce(fx(name)), { catalog, checks: allChecks });
      const log = checkSarif(renderSarif(model, allChecks), model);
      const run = log.runs[0]!;
      expect(run.results.length).toBe(model.findings.length);
      expect(run.invocations[0]!.endTimeUtc).toBeUndefined();
      expect(run.artifacts[0]!.location.uri).toBe(name.split('/').pop());
      expect(run.properties.grade).toBe(model.score.grade);
    });
  }

  it('maps severities, references and locations of the vulnerable Android fixture', async () => {
    const model = buildReport(await auditOnce(fx('android/build/vulnerable-wallet.apk')), { catalog, checks: allChecks });
    const run = (JSON.parse(renderSarif(model, allChecks)) as Sarif).runs[0]!;
    const debuggable = run.tool.driver.rules.find((r) => r.id === 'android.manifest.debuggable')!;
    expect(debuggable.name).toBe('AndroidManifestDebuggable');
    expect(debuggable.defaultConfiguration.level).toBe('error');
    expect(debuggable.properties['security-severity']).toBe('8.0');
    expect(debuggable.properties.tags).toEqual(expect.arrayContaining(['MASVS-RESILIENCE-4', 'MASWE-0063', 'external/cwe/cwe-489', 'APP-41']));
    expect(debuggable.properties.precision).toBe('high');

    const manifestResult = run.results.find((r) => r.ruleId === 'android.manifest.debuggable')!;
    const loc = manifestResult.locations[0]!;
    expect(loc.physicalLocation?.artifactLocation).toEqual({ uri: 'AndroidManifest.xml', uriBaseId: 'APPROOT' });
    expect(loc.logicalLocations).toEqual([{ kind: 'element', name: 'application', fullyQualifiedName: 'manifest/application' }]);

    // Code locations: a DEX path, a method as a function with its Java signature, the pc as a property.
    const code = run.results.flatMap((r) => r.locations).find((l) => l.logicalLocations?.some((x) => x.kind === 'function'));
    expect(code?.physicalLocation?.artifactLocation.uri).toMatch(/^classes\d*\.dex$/);
    expect(code?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(/^[\w.$]+\.[\w$<>]+\([\w.$, []*\)$/);
    expect(typeof code?.properties?.pc).toBe('number');

    // Findings about the whole app point at the audited file.
    const whole = model.findings.find((f) => f.locations.length === 0);
    if (whole) {
      const r = run.results.find((x) => x.partialFingerprints[SARIF_FINGERPRINT_KEY] === whole.fingerprint)!;
      expect(r.locations).toEqual([expect.objectContaining({ physicalLocation: { artifactLocation: { uri: 'vulnerable-wallet.apk', index: 0 } } })]);
    }

    const scores = new Set(run.tool.driver.rules.map((r) => r.properties['security-severity']));
    expect([...scores].every((s) => ['9.5', '8.0', '5.5', '3.0', '0.0'].includes(s))).toBe(true);
  });

  it('maps plist keys of the iOS fixture to member locations inside the app bundle', async () => {
    const model = buildReport(await auditOnce(fx('ios/build/vulnerable-bank.ipa')), { catalog, checks: allChecks });
    const run = (JSON.parse(renderSarif(model, allChecks)) as Sarif).runs[0]!;
    const locs = run.results.flatMap((r) => r.locations);
    expect(locs.some((l) => l.logicalLocations?.some((x) => x.kind === 'member'))).toBe(true);
    expect(locs.some((l) => l.physicalLocation?.artifactLocation.uri.startsWith('Payload/'))).toBe(true);
  });

  it('prefixes paths with the APK of a split set', async () => {
    const model = buildReport(await auditOnce(fx('android/build/manifest-edge.apks')), { catalog, checks: allChecks });
    const log = checkSarif(renderSarif(model, allChecks), model);
    const withArchive = model.findings.flatMap((f) => f.locations.slice(0, SARIF_MAX_LOCATIONS)).filter((l) => l.archive !== undefined && l.path !== undefined);
    expect(withArchive.length).toBeGreaterThan(0);
    const uris = new Set(log.runs[0]!.results.flatMap((r) => r.locations.map((l) => l.physicalLocation?.artifactLocation.uri)));
    for (const l of withArchive) expect(uris).toContain(`${l.archive}/${l.path}`);
  });

  it('is byte-identical across two audits of the same file', async () => {
    for (const name of ['android/build/vulnerable-wallet.apk', 'ios/build/vulnerable-bank.ipa']) {
      const a = renderSarif(buildReport(await audit(fx(name)), { catalog, checks: allChecks }), allChecks);
      const b = renderSarif(buildReport(await audit(fx(name)), { catalog, checks: allChecks }), allChecks);
      expect(a).toBe(b);
    }
  });

  it('carries suppressions, expired suppressions, a baseline and the fixed findings', async () => {
    const path = fx('android/build/vulnerable-wallet.apk');
    const full = await auditOnce(path);
    // The current scan leaves one check out, so its baseline finding is "fixed" and its rule did not run.
    const current = await audit(path, { exclude: ['android.manifest.debuggable'] });
    const [first, second, third] = current.findings;
    expect(third).toBeDefined();
    const accepted: SuppressionInfo = { reason: 'Accepted until the 2.0 release', by: 'lab@example.org', expires: '2999-01-01', source: '.dfslab-suppressions.yaml:3' };
    const expired: SuppressionInfo = { reason: 'Old exception', by: 'lab@example.org', expires: '2000-01-01', source: '.dfslab-suppressions.yaml:9' };
    const suppressions = new Map([
      [first!.fingerprint, { active: accepted }],
      [second!.fingerprint, { expired }],
    ]);
    // The baseline does not know the third finding: it is new; the others are unchanged.
    const baseline = { file: 'baseline.json', findings: full.findings.filter((f) => f.fingerprint !== third!.fingerprint) };
    const model = buildReport(current, {
      catalog,
      checks: allChecks,
      suppressions,
      suppressionsFile: '.dfslab-suppressions.yaml',
      baseline,
      generatedAt: new Date('2025-01-02T03:04:05Z'),
    });
    const log = checkSarif(renderSarif(model, allChecks), model);
    const run = log.runs[0]!;
    const byFp = new Map(run.results.map((r) => [r.partialFingerprints[SARIF_FINGERPRINT_KEY]!, r]));

    expect(byFp.get(first!.fingerprint)!.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted', justification: accepted.reason })]);
    expect(byFp.get(second!.fingerprint)!.suppressions).toBeUndefined();
    expect(byFp.get(second!.fingerprint)!.properties.expiredSuppression).toEqual(expired);
    expect(byFp.get(third!.fingerprint)!.baselineState).toBe('new');
    expect(byFp.get(second!.fingerprint)!.baselineState).toBe('unchanged');

    const absent = run.results.filter((r) => r.baselineState === 'absent');
    expect(absent.length).toBe(model.fixed!.length);
    expect(absent.length).toBeGreaterThan(0);
    expect(absent.map((r) => r.partialFingerprints[SARIF_FINGERPRINT_KEY])).toEqual(model.fixed!.map((f) => f.fingerprint));
    expect(absent.every((r) => r.kind === 'pass' && r.level === 'none')).toBe(true);
    expect(absent.map((r) => r.ruleId)).toContain('android.manifest.debuggable');
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('android.manifest.debuggable');
    expect(model.scope.checksRun).not.toContain('android.manifest.debuggable');

    expect(run.invocations[0]!.endTimeUtc).toBe('2025-01-02T03:04:05.000Z');
  });

  it('reports failed checks as tool execution notifications', async () => {
    const result = await auditOnce(fx('android/build/hardened-wallet.apk'));
    const failedId = result.checks.run[0]!;
    const broken: AuditResult = {
      ...result,
      checks: { run: result.checks.run.slice(1), failed: [{ checkId: failedId, code: 'DFSLAB_E_INTERNAL', message: 'boom' }] },
    };
    const model = buildReport(broken, { catalog, checks: allChecks });
    const log = checkSarif(renderSarif(model, allChecks), model);
    const inv = log.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'error', associatedRule: { id: failedId } })]);
  });

  it('keeps odd archive paths relative and valid, and caps the locations', async () => {
    const result = await auditOnce(fx('android/build/hardened-wallet.apk'));
    const odd = ['/abs/x.xml', '../../etc/passwd', 'assets/a b#c?.txt', 'C:\\temp\\x'];
    const locations = [...odd.map((path) => ({ path })), ...Array.from({ length: 12 }, (_, i) => ({ path: `res/raw/f${i}.bin`, symbol: `s${i}` })), { class: 'a.B' }];
    const finding = { ...result.findings[0] ?? syntheticFinding(), locations, fingerprint: 'f'.repeat(32) };
    const model = buildReport({ ...result, findings: [finding] }, { catalog, checks: allChecks });
    const log = checkSarif(renderSarif(model, allChecks), model);
    const r = log.runs[0]!.results[0]!;
    expect(r.locations).toHaveLength(SARIF_MAX_LOCATIONS);
    expect(r.properties.moreLocations).toBe(locations.length - SARIF_MAX_LOCATIONS);
    expect(r.locations.slice(0, 4).map((l) => l.physicalLocation?.artifactLocation.uri)).toEqual(['abs/x.xml', '%2E%2E/%2E%2E/etc/passwd', 'assets/a%20b%23c%3F.txt', 'C%3A%5Ctemp%5Cx']);
  });

  describe('corpus', () => {
    const dir = corpusDir();
    const apps = dir ? readdirSync(dir).filter((f) => /\.(apk|ipa)$/.test(f)).sort() : [];
    if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
    for (const app of apps) {
      it(`is valid, consistent and deterministic for ${app}`, async () => {
        const model = buildReport(await audit(join(dir!, app)), { catalog, checks: allChecks });
        const text = renderSarif(model, allChecks);
        checkSarif(text, model);
        expect(renderSarif(model, allChecks)).toBe(text);
      });
    }
  });
});

function syntheticFinding(): AuditResult['findings'][number] {
  return {
    checkId: 'android.manifest.debuggable',
    title: 'App is debuggable',
    severity: 'high',
    confidence: 'high',
    message: 'synthetic',
    locations: [],
    evidence: [],
    remediation: '',
    references: { masvs: [], maswe: [], cwe: [], dfs: [] },
    fingerprint: '0'.repeat(32),
  };
}
