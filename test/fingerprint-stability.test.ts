/**
 * Finding fingerprints survive a rebuild that lays the code out differently. The fingerprint-stability
 * fixture is one app built from the same smali twice: into a single classes.dex, and split across
 * classes.dex + classes2.dex with the classes in another order (fixtures/android/fingerprint-stability).
 * Both builds must give the same fingerprints; a finding that really moves (another method) must not.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit, type AuditResult } from '../src/audit.js';
import { diffResults } from '../src/findings/diff.js';
import { fingerprintOf } from '../src/findings/fingerprint.js';
import { repoRoot } from './corpus.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', 'android', 'build', name);

const codeFindings = (r: AuditResult): AuditResult['findings'] => r.findings.filter((f) => f.locations.some((l) => l.class !== undefined && l.method !== undefined));

describe('fingerprint stability across DEX layouts', async () => {
  const [single, split] = await Promise.all([audit(fixture('fingerprint-single-dex.apk')), audit(fixture('fingerprint-split-dex.apk'))]);

  it('the two builds really differ in their DEX layout', () => {
    expect(single.app.platform === 'android' && single.app.dexFiles).toBe(1);
    expect(split.app.platform === 'android' && split.app.dexFiles).toBe(2);
    expect(single.target.sha256).not.toBe(split.target.sha256);
  });

  it('several code findings, located in both DEX files of the split build', () => {
    const code = codeFindings(split);
    expect(code.length).toBeGreaterThanOrEqual(5);
    const dexPaths = new Set(code.flatMap((f) => f.locations.map((l) => l.path)));
    expect(dexPaths).toEqual(new Set(['classes.dex', 'classes2.dex']));
    expect(new Set(codeFindings(single).flatMap((f) => f.locations.map((l) => l.path)))).toEqual(new Set(['classes.dex']));
    expect(new Set(code.map((f) => f.checkId))).toEqual(
      new Set(['android.crypto.ecb-mode', 'android.crypto.hardcoded-key', 'android.crypto.insecure-random', 'android.crypto.weak-hash', 'android.logging.sensitive-data']),
    );
  });

  it('give the identical set of fingerprints', () => {
    const fps = (r: AuditResult): string[] => r.findings.map((f) => `${f.checkId} ${f.fingerprint}`).sort();
    expect(single.findings.length).toBeGreaterThan(8);
    expect(fps(split)).toEqual(fps(single));
    const d = diffResults(single, split);
    expect(d.findings.new).toEqual([]);
    expect(d.findings.fixed).toEqual([]);
    expect(d.findings.changed).toEqual([]);
    expect(d.findings.unchanged).toHaveLength(single.findings.length);
  });

  it('a finding that moves to another method gets another fingerprint', () => {
    // The fixture has the same check in two methods of one class: their fingerprints differ.
    const weak = split.findings.filter((f) => f.checkId === 'android.crypto.weak-hash');
    expect(weak.map((f) => f.locations[0]!.method).sort()).toEqual(['pinHash(Ljava/lang/String;)[B', 'receiptDigest(Ljava/lang/String;)[B']);
    expect(weak[0]!.fingerprint).not.toBe(weak[1]!.fingerprint);
    // Recomputed from the reported locations: the fingerprint is a function of check id + semantic location.
    const f = weak[0]!;
    expect(fingerprintOf(f.checkId, f.locations)).toBe(f.fingerprint);
    const elsewhere = f.locations.map((l) => ({ ...l, method: 'otherMethod()V' }));
    expect(fingerprintOf(f.checkId, elsewhere)).not.toBe(f.fingerprint);
    expect(fingerprintOf('android.crypto.weak-cipher', f.locations)).not.toBe(f.fingerprint);
    // …while what only explains the finding (instruction offset, DEX file name) does not count.
    const relaid = f.locations.map((l) => ({ ...l, pc: (l.pc ?? 0) + 100, path: 'classes7.dex' }));
    expect(fingerprintOf(f.checkId, relaid)).toBe(f.fingerprint);
  });
});
