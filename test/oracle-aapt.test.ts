/**
 * Oracle test of the app model against `aapt dump badging` and `aapt dump xmltree` on every corpus APK and
 * fixture: package, version, SDK levels, permissions, debuggable flag and the component list must agree.
 * Skips when aapt is not installed (bash scripts/install-system-deps.sh installs it).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../src/app/android.js';
import { corpusDir, hasTool, repoRoot } from './corpus.js';

const haveAapt = hasTool('aapt');
const dir = corpusDir();
const apks = [
  ...readdirSync(join(repoRoot, 'fixtures', 'android', 'build'))
    .filter((f) => f.endsWith('.apk'))
    .map((f) => join(repoRoot, 'fixtures', 'android', 'build', f)),
  ...(dir ? readdirSync(dir).filter((f) => f.endsWith('.apk')).map((f) => join(dir, f)) : []),
];

function aapt(args: string[]): string {
  return execFileSync('aapt', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Fully qualified component names per tag from `aapt dump xmltree` (E: activity … A: android:name(0x01010003)="…"). */
function xmltreeComponents(tree: string, pkg: string): string[] {
  const out: string[] = [];
  const lines = tree.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)E: (activity|activity-alias|service|receiver|provider) /.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      const ind = l.length - l.trimStart().length;
      if (ind <= indent || l.trimStart().startsWith('E:')) break;
      const a = /A: android:name\(0x01010003\)="([^"]*)"/.exec(l);
      if (a) {
        const n = a[1]!;
        out.push(`${m[2]}:${n.startsWith('.') ? pkg + n : n.includes('.') ? n : `${pkg}.${n}`}`);
        break;
      }
    }
  }
  return out.sort();
}

describe.skipIf(!haveAapt)('app model agrees with aapt', () => {
  for (const file of apks) {
    it(file.split('/').pop()!, () => {
      const app = AndroidApp.open(readFileSync(file), { label: file });
      const m = app.manifest;
      const badging = aapt(['dump', 'badging', file]);
      const pkg = /package: name='([^']*)'(?: versionCode='([^']*)')?(?: versionName='([^']*)')?/.exec(badging)!;
      expect(m.packageName).toBe(pkg[1]);
      if (pkg[2]) expect(String(m.versionCode)).toBe(pkg[2]);
      if (pkg[3]) expect(m.versionName).toBe(pkg[3]);
      const sdk = /sdkVersion:'(\d+)'/.exec(badging);
      if (sdk) expect(m.minSdk).toBe(Number(sdk[1]));
      const target = /targetSdkVersion:'(\d+)'/.exec(badging);
      if (target) expect(m.targetSdk).toBe(Number(target[1]));
      expect(m.application.debuggable === true).toBe(/^application-debuggable/m.test(badging));
      const aaptPerms = [...badging.matchAll(/^uses-permission: name='([^']+)'/gm)].map((x) => x[1]!);
      // aapt adds permissions implied by old targetSdk levels ("uses-implied-permission"), not in the manifest.
      expect([...new Set(m.usesPermissions.map((p) => p.name))].sort()).toEqual([...new Set(aaptPerms)].sort());
      const tree = aapt(['dump', 'xmltree', file, 'AndroidManifest.xml']);
      expect(m.components.map((c) => `${c.type}:${c.name}`).sort()).toEqual(xmltreeComponents(tree, m.packageName));
    });
  }
});
