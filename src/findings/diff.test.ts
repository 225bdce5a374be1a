import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, type AndroidIdentity, type AuditResult, type IosIdentity } from '../audit.js';
import { ErrorCodes, ReportError } from '../errors.js';
import { Rng } from '../fuzz/mutate.js';
import { stableStringify } from '../report/stable-json.js';
import { repoRoot } from '../../test/corpus.js';
import { diffResults, loadResult, newFindingsAtOrAbove, type IdentityChange } from './diff.js';
import { fingerprintOf } from './fingerprint.js';
import type { Finding, Location, Severity } from './types.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', 'android', 'build', name);

function finding(checkId: string, severity: Severity, loc: Location = { path: 'AndroidManifest.xml', element: 'manifest/application' }): Finding {
  return {
    checkId,
    title: checkId,
    severity,
    confidence: 'high',
    message: `${checkId} message`,
    locations: [loc],
    evidence: [],
    remediation: '',
    references: { masvs: [], maswe: [], cwe: [], dfs: [] },
    fingerprint: fingerprintOf(checkId, [loc]),
  };
}

function androidApp(over: Partial<AndroidIdentity> = {}, inv: Partial<AndroidIdentity['inventory']> = {}): AndroidIdentity {
  return {
    platform: 'android',
    container: 'apk',
    packageName: 'org.example.wallet',
    versionName: '1.0',
    versionCode: 1,
    minSdk: 24,
    targetSdk: 33,
    maxSdk: undefined,
    splits: [],
    signatureSchemes: { v1: false, v2: true, v3: true, v31: false, v4: false },
    signatureVerified: true,
    signers: [{ subject: 'CN=Wallet', issuer: 'CN=Wallet', sha256: 'aa'.repeat(32), keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'SHA256withRSA', notAfter: '2050-01-01T00:00:00.000Z' }],
    dexFiles: 1,
    classes: 3,
    methods: 10,
    nativeLibraries: 0,
    files: 5,
    inventory: {
      permissions: ['android.permission.INTERNET'],
      components: [{ kind: 'activity', name: 'org.example.wallet.Main', exported: true }],
      nativeLibraries: [],
      debuggable: false,
      allowBackup: false,
      usesCleartextTraffic: false,
      ...inv,
    },
    ...over,
  };
}

function iosApp(over: Partial<IosIdentity> = {}, inv: Partial<IosIdentity['inventory']> = {}): IosIdentity {
  return {
    platform: 'ios',
    container: 'ipa',
    bundleId: 'org.example.wallet',
    displayName: 'Wallet',
    version: '1.0',
    build: '1',
    minimumOsVersion: '14.0',
    executables: [{ path: 'Payload/W.app/W', kind: 'main', cpus: ['arm64'], encrypted: false, signed: true }],
    signers: [],
    files: 4,
    inventory: {
      urlSchemes: ['wallet'],
      associatedDomains: [],
      ats: { present: false, allowsArbitraryLoads: false, allowsArbitraryLoadsForMedia: false, allowsArbitraryLoadsInWebContent: false, allowsLocalNetworking: false, exceptionDomains: [] },
      entitlements: ['application-identifier'],
      linkedLibraries: ['/usr/lib/libSystem.B.dylib'],
      frameworks: [],
      usageDescriptions: [],
      ...inv,
    },
    ...over,
  };
}

function result(app: AuditResult['app'], findings: Finding[], file = 'app.apk'): AuditResult {
  return {
    schemaVersion: 1,
    tool: { name: 'dfslab', version: 'test' },
    target: { file, size: 1, sha256: '00'.repeat(32), sha1: '', md5: '' },
    app,
    summary: { findings: findings.length, passes: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, checksRun: 0, checksFailed: 0 },
    findings,
    passes: [],
    anomalies: [],
    checks: { run: [], failed: [] },
  };
}

/** Identity changes without the values, for compact assertions. */
const brief = (cs: IdentityChange[]): string[] => cs.map((c) => `${c.change} ${c.field}${c.item === undefined ? '' : ` ${c.item}`}`);

describe('diffResults: findings', () => {
  it('sorts findings into new, fixed, unchanged and changed severity by fingerprint', () => {
    const keep = finding('a.keep', 'medium');
    const gone = finding('a.gone', 'high');
    const rerated = finding('a.rerated', 'low');
    const added = finding('a.added', 'critical');
    const addedLow = finding('a.added-low', 'low');
    const d = diffResults(result(androidApp(), [keep, gone, rerated]), result(androidApp(), [addedLow, keep, { ...rerated, severity: 'high' }, added]));
    expect(d.findings.new.map((f) => f.checkId)).toEqual(['a.added', 'a.added-low']); // worst first
    expect(d.findings.fixed.map((f) => f.checkId)).toEqual(['a.gone']);
    expect(d.findings.unchanged.map((f) => f.checkId)).toEqual(['a.keep']);
    expect(d.findings.changed).toEqual([{ finding: { ...rerated, severity: 'high' }, severityBefore: 'low', severityAfter: 'high' }]);
    expect(d.summary).toMatchObject({ new: 2, fixed: 1, changed: 1, unchanged: 1, identityChanges: 0 });
    expect(d.summary.newBySeverity).toEqual({ critical: 1, high: 0, medium: 0, low: 1, info: 0 });
    expect(newFindingsAtOrAbove(d, 'high').map((f) => f.checkId)).toEqual(['a.added']);
    expect(newFindingsAtOrAbove(d, 'info')).toHaveLength(2);
    expect(d.sameApp).toBe(true);
    expect(d.warnings).toEqual([]);
  });

  it('matches by fingerprint, not by message or pc: the same check on another method is new + fixed', () => {
    const at = (method: string, pc: number): Finding => finding('android.crypto.weak-hash', 'medium', { path: 'classes.dex', class: 'a.B', method, pc });
    const d1 = diffResults(result(androidApp(), [at('h()V', 2)]), result(androidApp(), [{ ...at('h()V', 40), message: 'reworded' }]));
    expect(d1.findings.unchanged).toHaveLength(1);
    expect(d1.findings.new).toHaveLength(0);
    const d2 = diffResults(result(androidApp(), [at('h()V', 2)]), result(androidApp(), [at('g()V', 2)]));
    expect(d2.findings.new).toHaveLength(1);
    expect(d2.findings.fixed).toHaveLength(1);
  });

  it('pairs duplicate fingerprints one to one', () => {
    const f = finding('x.dup', 'low');
    const d = diffResults(result(androidApp(), [f]), result(androidApp(), [f, f]));
    expect(d.findings.unchanged).toHaveLength(1);
    expect(d.findings.new).toHaveLength(1);
    const back = diffResults(result(androidApp(), [f, f]), result(androidApp(), [f]));
    expect(back.findings.fixed).toHaveLength(1);
  });
});

describe('diffResults: identity', () => {
  it('reports Android version, SDK, scheme, permission, component, native library and NSC changes', () => {
    const before = androidApp({}, {
      components: [
        { kind: 'activity', name: 'org.example.wallet.Main', exported: true },
        { kind: 'service', name: 'org.example.wallet.Sync', exported: false },
        { kind: 'provider', name: 'org.example.wallet.Data', exported: false },
      ],
      nativeLibraries: ['lib/arm64-v8a/libold.so'],
      networkSecurityConfig: { path: 'res/xml/nsc.xml', cleartextDomains: [], userCAsTrusted: false, pinnedDomains: ['api.example.org'], debugOverrides: [] },
    });
    const after = androidApp(
      { versionCode: 2, versionName: '1.1', minSdk: 26, signatureSchemes: { v1: false, v2: true, v3: true, v31: true, v4: false } },
      {
        permissions: ['android.permission.CAMERA', 'android.permission.INTERNET'],
        components: [
          { kind: 'activity', name: 'org.example.wallet.Main', exported: true },
          { kind: 'service', name: 'org.example.wallet.Sync', exported: true, permission: 'org.example.SYNC' },
          { kind: 'receiver', name: 'org.example.wallet.Push', exported: true },
        ],
        nativeLibraries: ['lib/arm64-v8a/libnew.so'],
        usesCleartextTraffic: true,
        networkSecurityConfig: { path: 'res/xml/nsc.xml', cleartextDomains: ['*.example.org'], userCAsTrusted: true, pinnedDomains: [], debugOverrides: [] },
      },
    );
    const d = diffResults(result(before, []), result(after, []));
    expect(brief(d.identity)).toEqual([
      'changed versionName',
      'changed versionCode',
      'changed minSdk',
      'changed signatureScheme.v31',
      'added permission android.permission.CAMERA',
      'removed component org.example.wallet.Data',
      'added component org.example.wallet.Push',
      'changed component.exported org.example.wallet.Sync',
      'added component.permission org.example.wallet.Sync',
      'removed nativeLibrary lib/arm64-v8a/libold.so',
      'added nativeLibrary lib/arm64-v8a/libnew.so',
      'changed usesCleartextTraffic',
      'added networkSecurityConfig.cleartextDomain *.example.org',
      'changed networkSecurityConfig.userCAsTrusted',
      'removed networkSecurityConfig.pinnedDomain api.example.org',
    ]);
    expect(d.identity[0]).toEqual({ field: 'versionName', change: 'changed', before: '1.0', after: '1.1' });
    expect(d.identity.find((c) => c.item === 'org.example.wallet.Push')?.after).toEqual({ kind: 'receiver', exported: true });
    expect(d.signerChanged).toBe(false);
    expect(d.identity.some((c) => c.important)).toBe(false);
  });

  it('flags a signer change as important, with a warning', () => {
    const other = { ...androidApp().signers[0]!, sha256: 'bb'.repeat(32), subject: 'CN=Someone else' };
    const d = diffResults(result(androidApp(), []), result(androidApp({ signers: [other] }), []));
    expect(d.signerChanged).toBe(true);
    expect(d.warnings.join('\n')).toMatch(/SIGNING CERTIFICATE CHANGED/);
    expect(brief(d.identity)).toEqual([`removed signer ${'aa'.repeat(32)}`, `added signer ${'bb'.repeat(32)}`]);
    expect(d.identity.every((c) => c.important)).toBe(true);
    const unsigned = diffResults(result(androidApp(), []), result(androidApp({ signers: [], signatureVerified: false }), []));
    expect(unsigned.warnings.join('\n')).toMatch(/NOT SIGNED/);
  });

  it('reports iOS version, ATS, URL scheme, entitlement, library and framework changes', () => {
    const after = iosApp(
      { build: '2', minimumOsVersion: '15.0' },
      {
        urlSchemes: ['wallet', 'walletpay'],
        ats: {
          present: true,
          allowsArbitraryLoads: true,
          allowsArbitraryLoadsForMedia: false,
          allowsArbitraryLoadsInWebContent: false,
          allowsLocalNetworking: false,
          exceptionDomains: [{ domain: 'legacy.example.org', includesSubdomains: true, allowsInsecureHTTPLoads: true, forwardSecrecyNotRequired: false }],
        },
        entitlements: ['application-identifier', 'get-task-allow'],
        linkedLibraries: ['/usr/lib/libSystem.B.dylib', '@rpath/Pay.framework/Pay'],
        frameworks: ['Frameworks/Pay.framework/Pay'],
        usageDescriptions: ['NSCameraUsageDescription'],
      },
    );
    const d = diffResults(result(iosApp(), [], 'w.ipa'), result(after, [], 'w.ipa'));
    expect(brief(d.identity)).toEqual([
      'changed build',
      'changed minimumOsVersion',
      'added urlScheme walletpay',
      'changed ats.present',
      'changed ats.allowsArbitraryLoads',
      'added ats.exceptionDomain legacy.example.org',
      'added entitlement get-task-allow',
      'added linkedLibrary @rpath/Pay.framework/Pay',
      'added framework Frameworks/Pay.framework/Pay',
      'added usageDescription NSCameraUsageDescription',
    ]);
  });

  it('still diffs another app or platform, with a prominent warning', () => {
    const other = diffResults(result(androidApp(), [finding('x', 'low')]), result(androidApp({ packageName: 'com.other' }), [finding('x', 'low')]));
    expect(other.sameApp).toBe(false);
    expect(other.warnings[0]).toMatch(/^DIFFERENT APPS: org\.example\.wallet vs com\.other/);
    expect(other.findings.unchanged).toHaveLength(1);
    const cross = diffResults(result(androidApp(), []), result(iosApp(), [], 'w.ipa'));
    expect(cross.sameApp).toBe(false);
    expect(cross.warnings[0]).toMatch(/^DIFFERENT PLATFORMS/);
    expect(cross.identity).toEqual([]);
  });

  it('compares identity only, with a warning, when a result has no inventory (older dfslab)', () => {
    const old = androidApp() as Partial<AndroidIdentity>;
    delete old.inventory;
    const d = diffResults(result(old as AndroidIdentity, []), result(androidApp({ versionCode: 3 }), []));
    expect(d.warnings.join('\n')).toMatch(/older result has no app inventory/);
    expect(brief(d.identity)).toEqual(['changed versionCode']);
  });
});

describe('diffResults on the diff-pair fixture (diff-v1.apk → diff-v2.apk)', () => {
  it('reports exactly the fixed debuggable, the new exported receiver, versionCode and the component', async () => {
    const [v1, v2] = await Promise.all([audit(fixture('diff-v1.apk')), audit(fixture('diff-v2.apk'))]);
    const d = diffResults(v1, v2);
    expect(d.sameApp).toBe(true);
    expect(d.signerChanged).toBe(false);
    expect(d.warnings).toEqual([]);
    expect(d.findings.new.map((f) => f.checkId)).toEqual(['android.manifest.exported-receiver']);
    expect(d.findings.new[0]!.locations[0]!.element).toBe('manifest/application/receiver[org.dfslab.fixture.diffpair.SyncReceiver]');
    expect(d.findings.fixed.map((f) => f.checkId)).toEqual(['android.manifest.debuggable']);
    expect(d.findings.changed).toEqual([]);
    // Everything else is the same finding in both (and there is plenty of it).
    expect(d.findings.unchanged.length).toBe(v1.findings.length - 1);
    expect(d.findings.unchanged.length).toBeGreaterThan(3);
    expect(d.identity).toEqual([
      { field: 'versionCode', change: 'changed', before: 1, after: 2 },
      { field: 'component', change: 'added', item: 'org.dfslab.fixture.diffpair.SyncReceiver', after: { kind: 'receiver', exported: true } },
      { field: 'debuggable', change: 'changed', before: true, after: false },
    ]);
    expect(diffResults(v2, v1).findings.new.map((f) => f.checkId)).toEqual(['android.manifest.debuggable']);
  });

  it('is deterministic and JSON-safe', async () => {
    const [v1, v2] = await Promise.all([audit(fixture('diff-v1.apk')), audit(fixture('diff-v2.apk'))]);
    const a = stableStringify(diffResults(v1, v2));
    const b = stableStringify(diffResults(structuredClone(v1), structuredClone(v2)));
    expect(a).toBe(b);
    expect(JSON.parse(a).diffVersion).toBe(1);
  });
});

describe('loadResult', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfslab-diff-'));
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      return (e as ReportError).code;
    }
  };

  it('reads a saved result back to the same diff', async () => {
    const [v1, v2] = await Promise.all([audit(fixture('diff-v1.apk')), audit(fixture('diff-v2.apk'))]);
    const p1 = write('v1.json', stableStringify(v1));
    const p2 = write('v2.json', stableStringify(v2));
    expect(stableStringify(diffResults(loadResult(p1), loadResult(p2)))).toBe(stableStringify(diffResults(v1, v2)));
  });

  it('gives RESULT_INVALID for missing, non-JSON and wrong-schema files', () => {
    expect(codeOf(() => loadResult(join(dir, 'absent.json')))).toBe(ErrorCodes.RESULT_INVALID);
    expect(codeOf(() => loadResult(write('bad.json', '{"schemaVersion": 1,')))).toBe(ErrorCodes.RESULT_INVALID);
    expect(codeOf(() => loadResult(write('v2schema.json', '{"schemaVersion": 2}')))).toBe(ErrorCodes.RESULT_INVALID);
    expect(codeOf(() => loadResult(write('array.json', '[]')))).toBe(ErrorCodes.RESULT_INVALID);
    expect(codeOf(() => loadResult(dir))).toBe(ErrorCodes.RESULT_INVALID);
  });

  it('never crashes on mutated results: a typed error or a JSON-safe diff', async () => {
    const base = JSON.parse(stableStringify(await audit(fixture('diff-v2.apk')))) as Record<string, unknown>;
    const good = loadResult(write('good.json', JSON.stringify(base)));
    const rng = new Rng(20241124);
    const hostile: unknown[] = [null, 0, -1, 1e308, 'x', true, [], {}, [1, 'a', null], { a: { b: [] } }, '__proto__'];
    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]): void => {
      paths.push(path);
      if (path.length > 6 || v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v as Record<string, unknown>).slice(0, 6)) walk(x, [...path, k]);
    };
    walk(base, []);
    let typedErrors = 0;
    let diffs = 0;
    for (let i = 0; i < 300; i++) {
      const doc = structuredClone(base);
      for (let n = 0; n <= rng.int(3); n++) {
        const path = rng.pick(paths);
        if (path.length === 0) continue;
        let parent: unknown = doc;
        for (const k of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[k] : undefined;
        if (parent === null || typeof parent !== 'object') continue;
        const key = path[path.length - 1]!;
        const target = parent as Record<string, unknown>;
        if (rng.int(4) === 0) delete target[key];
        else target[key] = structuredClone(rng.pick(hostile));
      }
      const p = write(`m${i}.json`, JSON.stringify(doc));
      let r: AuditResult;
      try {
        r = loadResult(p);
      } catch (e) {
        expect(e, `case ${i}`).toBeInstanceOf(ReportError);
        typedErrors++;
        continue;
      }
      for (const d of [diffResults(good, r), diffResults(r, good)]) {
        const text = stableStringify(d);
        expect(JSON.parse(text), `case ${i}`).toEqual(JSON.parse(JSON.stringify(d)));
      }
      diffs++;
    }
    // Both outcomes are exercised: the mutations are not all rejected, nor all harmless.
    expect(typedErrors).toBeGreaterThan(10);
    expect(diffs).toBeGreaterThan(10);
  });
});
