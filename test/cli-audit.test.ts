/**
 * The `dfslab audit` command as a user runs it: on the bundled fixtures, with its flags, and on bad input.
 * Runs the CLI in-process through `run()` (the same function bin/dfslab.js calls), plus one real process
 * spawn of the built binary to prove the package entry point works.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';
import { repoRoot } from './corpus.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', 'android', 'build', name);


describe('dfslab audit', () => {
  it('prints a readable summary by severity with locations', async () => {
    const r = await cli(['audit', fixture('vulnerable-wallet.apk')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/org\.dfslab\.fixture\.vulnwallet/);
    expect(r.out).toMatch(/\d+ findings: \d+ critical, \d+ high/);
    expect(r.out).toMatch(/HIGH\n/);
    expect(r.out).toContain('[android.manifest.debuggable]');
    expect(r.out).toMatch(/at manifest\/application android:debuggable/);
    expect(r.err).toBe('');
  });

  it('gives deterministic JSON: two runs are byte-identical', async () => {
    const a = await cli(['audit', '--json', fixture('vulnerable-wallet.apk')]);
    const b = await cli(['audit', '--json', fixture('vulnerable-wallet.apk')]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const parsed = JSON.parse(a.out);
    expect(parsed.app.packageName).toBe('org.dfslab.fixture.vulnwallet');
    expect(parsed.findings.length).toBeGreaterThan(5);
    for (const f of parsed.findings) {
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(f.references.dfs.length).toBeGreaterThan(0);
    }
  });

  it('writes the JSON result to --output as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-cli-'));
    const out = join(dir, 'r.json');
    const r = await cli(['audit', '-o', out, fixture('hardened-wallet.apk')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).app.packageName).toMatch(/hardened|wallet/);
  });

  it('--fail-on exits 1 only when a finding reaches the threshold', async () => {
    const high = await cli(['audit', '--fail-on', 'high', fixture('vulnerable-wallet.apk')]);
    expect(high.code).toBe(1);
    const json = JSON.parse((await cli(['audit', '--json', fixture('hardened-wallet.apk')])).out);
    const hasCritical = json.findings.some((f: { severity: string }) => f.severity === 'critical');
    const crit = await cli(['audit', '--fail-on', 'critical', fixture('hardened-wallet.apk')]);
    expect(crit.code).toBe(hasCritical ? 1 : 0);
    const bad = await cli(['audit', '--fail-on', 'severe', fixture('hardened-wallet.apk')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--fail-on takes one of critical, high, medium, low, info/);
  });

  it('--checks and --exclude select checks by id, glob or family', async () => {
    const only = JSON.parse((await cli(['audit', '--json', '--checks', 'android.manifest.*', fixture('vulnerable-wallet.apk')])).out);
    expect(only.checks.run.every((id: string) => id.startsWith('android.manifest.'))).toBe(true);
    expect(only.findings.every((f: { checkId: string }) => f.checkId.startsWith('android.manifest.'))).toBe(true);
    const fam = JSON.parse((await cli(['audit', '--json', '--checks', 'signing', fixture('vulnerable-wallet.apk')])).out);
    expect(fam.checks.run.length).toBeGreaterThan(3);
    expect(fam.checks.run.every((id: string) => id.startsWith('android.signing.'))).toBe(true);
    const ex = JSON.parse((await cli(['audit', '--json', '--exclude', 'android.manifest.debuggable', fixture('vulnerable-wallet.apk')])).out);
    expect(ex.checks.run).not.toContain('android.manifest.debuggable');
    const unknown = await cli(['audit', '--checks', 'android.nope.*', fixture('vulnerable-wallet.apk')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/DFSLAB_E_CHECK_UNKNOWN: no check matches "android\.nope\.\*"/);
  });

  describe('one clear line and exit code 2 on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-bad-'));
    const cases: Array<[string, () => string, RegExp]> = [
      ['a missing file', () => join(dir, 'nope.apk'), /DFSLAB_E_INPUT_NOT_FOUND: no such file/],
      ['a directory', () => dir, /DFSLAB_E_INPUT_UNREADABLE: this is a directory/],
      ['an empty file', () => (writeFileSync(join(dir, 'empty.apk'), ''), join(dir, 'empty.apk')), /DFSLAB_E_INPUT_NOT_AN_APP: the file is empty/],
      ['a text file', () => (writeFileSync(join(dir, 't.apk'), 'hello world\n'.repeat(50)), join(dir, 't.apk')), /DFSLAB_E_INPUT_NOT_AN_APP: not an APK/],
      [
        'a truncated APK',
        () => {
          const b = readFileSync(fixture('vulnerable-wallet.apk'));
          writeFileSync(join(dir, 'trunc.apk'), b.subarray(0, Math.floor(b.length / 2)));
          return join(dir, 'trunc.apk');
        },
        /^dfslab: DFSLAB_E_[A-Z_]+: .+/,
      ],
      [
        'a ZIP that is not an app',
        () => {
          const zip = execFileSync('python3', ['-c', "import zipfile,io,sys\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('readme.txt','hi')\nz.close()\nsys.stdout.buffer.write(b.getvalue())"]);
          writeFileSync(join(dir, 'plain.zip'), zip);
          return join(dir, 'plain.zip');
        },
        /DFSLAB_E_INPUT_NOT_AN_APP: the ZIP file has no AndroidManifest\.xml/,
      ],
      [
        'an Android App Bundle',
        () => {
          const zip = execFileSync('python3', ['-c', "import zipfile,io,sys\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('base/manifest/AndroidManifest.xml','proto')\nz.writestr('BundleConfig.pb','')\nz.close()\nsys.stdout.buffer.write(b.getvalue())"]);
          writeFileSync(join(dir, 'app.aab'), zip);
          return join(dir, 'app.aab');
        },
        /DFSLAB_E_INPUT_NOT_AN_APP: this is an Android App Bundle \(\.aab\).*bundletool build-apks/,
      ],
      [
        'an IPA whose Info.plist is broken',
        () => {
          const zip = execFileSync('python3', ['-c', "import zipfile,io,sys\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('Payload/X.app/Info.plist','<plist/>')\nz.close()\nsys.stdout.buffer.write(b.getvalue())"]);
          writeFileSync(join(dir, 'x.ipa'), zip);
          return join(dir, 'x.ipa');
        },
        /^dfslab: DFSLAB_E_[A-Z_]+: the app's Info\.plist (is unreadable|is not a dictionary)/,
      ],
    ];
    for (const [name, make, re] of cases) {
      it(name, async () => {
        const r = await cli(['audit', make()]);
        expect(r.code).toBe(2);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(re);
        expect(r.err).not.toMatch(/\n\s+at /); // no stack trace without --debug
        expect(r.out).toBe('');
      });
    }
  });

  it('audits an IPA with the same command, output and exit codes', async () => {
    const ipa = join(repoRoot, 'fixtures', 'ios', 'build', 'vulnerable-bank.ipa');
    const summary = await cli(['audit', ipa]);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/org\.dfslab\.fixtures\.vulnerablebank/);
    expect(summary.out).toMatch(/ios\s+minimum 9\.0, main binary x86_64\+arm64/);
    expect(summary.out).toContain('[ios.entitlements.get-task-allow]');
    const a = await cli(['audit', '--json', ipa]);
    const b = await cli(['audit', '--json', ipa]);
    expect(a.out).toBe(b.out);
    const r = JSON.parse(a.out);
    expect(r.app.platform).toBe('ios');
    expect(r.checks.run.every((id: string) => id.startsWith('ios.'))).toBe(true);
    expect((await cli(['audit', '--fail-on', 'high', ipa])).code).toBe(1);
    // a selection naming only Android checks runs nothing on an IPA, and says so in checks.run
    const none = JSON.parse((await cli(['audit', '--json', '--checks', 'android.manifest.*', ipa])).out);
    expect(none.checks.run).toEqual([]);
  });

  it('audits a split set (.apks and .xapk) as one app', async () => {
    for (const f of ['manifest-edge.apks', 'manifest-edge.xapk']) {
      const r = JSON.parse((await cli(['audit', '--json', fixture(f)])).out);
      expect(r.app.container).toBe(f.endsWith('.apks') ? 'apks' : 'xapk');
      expect(r.app.splits.length).toBeGreaterThan(0);
    }
  });

  it('runs as a real process through bin/dfslab.js once built', () => {
    if (!existsSync(join(repoRoot, 'dist', 'dfslab.mjs'))) {
      execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
    }
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'dfslab.js'), 'audit', '--json', fixture('hardened-wallet.apk')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).tool.name).toBe('dfslab');
    const bad = spawnSync(process.execPath, [join(repoRoot, 'bin', 'dfslab.js'), 'audit', '/nonexistent.apk'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^dfslab: DFSLAB_E_INPUT_NOT_FOUND/);
    // the bundled CLI finds the catalog data and the package version too
    const cat = spawnSync(process.execPath, [join(repoRoot, 'bin', 'dfslab.js'), 'catalog', 'show', 'APP-41'], { encoding: 'utf8' });
    expect(cat.status).toBe(0);
    expect(cat.stdout).toMatch(/^APP-41 /);
    const version = spawnSync(process.execPath, [join(repoRoot, 'bin', 'dfslab.js'), '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  });
});

describe('APK Signature Scheme v4 (.idsig beside the APK)', () => {
  it.skipIf(!existsSync('/usr/bin/apksigner'))('reports a v4 signature file and whether it verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-v4-'));
    const apk = join(dir, 'app.apk');
    writeFileSync(apk, readFileSync(fixture('hardened-wallet.apk')));
    execFileSync('apksigner', ['sign', '--ks', join(repoRoot, 'fixtures/android/keys/release.p12'), '--ks-pass', 'pass:dfslab-fixture', '--v4-signing-enabled', 'true', apk], { stdio: 'ignore' });
    const ok = JSON.parse((await cli(['audit', '--json', apk])).out);
    expect(ok.app.signatureSchemes.v4).toBe(true);
    expect(ok.app.v4).toEqual({ file: 'app.apk.idsig', verified: true });
    // the .idsig signs the APK's size and Merkle root: beside another APK it must not verify
    writeFileSync(apk, readFileSync(fixture('vulnerable-wallet.apk')));
    const bad = JSON.parse((await cli(['audit', '--json', apk])).out);
    expect(bad.app.v4.verified).toBe(false);
    const none = JSON.parse((await cli(['audit', '--json', fixture('hardened-wallet.apk')])).out);
    expect(none.app.signatureSchemes.v4).toBe(false);
  });
});
