/**
 * The committed iOS fixture IPAs are what their sources build: their hashes match fixtures/ios/build/SHA256SUMS,
 * they have the shape their READMEs promise (checked here with raw byte reads so this test does not depend on the
 * Mach-O/plist parsers it is meant to feed), and, when clang-14/lld-14/llvm-14/plistutil/openssl/zip are installed,
 * `scripts/build-ios-fixtures.sh --check` rebuilds them byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZipArchive } from '../src/formats/zip/index.js';
import { hasTool, repoRoot } from './corpus.js';

const build = join(repoRoot, 'fixtures', 'ios', 'build');
const sums = readFileSync(join(build, 'SHA256SUMS'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [hash, name] = line.split(/\s+\*?/);
    return { hash: hash!, name: name! };
  });

const FAT_MAGIC = 0xcafebabe;
const MH_MAGIC_64 = 0xfeedfacf;
const MH_PIE = 0x200000;
const LC_RPATH = 0x8000001c;
const LC_CODE_SIGNATURE = 0x1d;
const CPU_TYPE_ARM64 = 0x0100000c;
const CPU_TYPE_X86_64 = 0x01000007;

function openIpa(name: string): ZipArchive {
  return ZipArchive.open(readFileSync(join(build, name)));
}

/** Thin slices of a Mach-O as [cputype, bytes] (mach-o/fat.h: big-endian fat_header + fat_arch[]). */
function slices(bytes: Uint8Array): Array<[number, Buffer]> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.readUInt32BE(0) !== FAT_MAGIC) return [[b.readUInt32LE(4), b]];
  const out: Array<[number, Buffer]> = [];
  for (let i = 0; i < b.readUInt32BE(4); i++) {
    const at = 8 + i * 20;
    const offset = b.readUInt32BE(at + 8);
    out.push([b.readUInt32BE(at), b.subarray(offset, offset + b.readUInt32BE(at + 12))]);
  }
  return out;
}

/** Load commands of a thin 64-bit slice as [cmd, bytes] (mach-o/loader.h mach_header_64, load_command). */
function loadCommands(m: Buffer): Array<[number, Buffer]> {
  expect(m.readUInt32LE(0)).toBe(MH_MAGIC_64);
  const out: Array<[number, Buffer]> = [];
  let off = 32;
  for (let i = 0; i < m.readUInt32LE(16); i++) {
    const size = m.readUInt32LE(off + 4);
    out.push([m.readUInt32LE(off), m.subarray(off, off + size)]);
    off += size;
  }
  return out;
}

/** The XML of the Entitlements blob (0xfade7171) of a slice's embedded signature, or undefined. */
function signatureEntitlements(m: Buffer): string | undefined {
  const sig = loadCommands(m).find(([cmd]) => cmd === LC_CODE_SIGNATURE)?.[1];
  if (!sig) return undefined;
  const at = sig.readUInt32LE(8);
  for (let i = 0; i < m.readUInt32BE(at + 8); i++) {
    if (m.readUInt32BE(at + 12 + i * 8) !== 5) continue;
    const blob = at + m.readUInt32BE(at + 16 + i * 8);
    expect(m.readUInt32BE(blob)).toBe(0xfade7171);
    return m.toString('utf8', blob + 8, blob + m.readUInt32BE(blob + 4));
  }
  return undefined;
}

const importedNames = (m: Buffer): string => m.toString('latin1');

describe('iOS fixture apps', () => {
  it('match build/SHA256SUMS and stay small', () => {
    expect(sums.map((s) => s.name).sort()).toEqual(['hardened-bank.ipa', 'vulnerable-bank.ipa']);
    for (const { hash, name } of sums) {
      const bytes = readFileSync(join(build, name));
      expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(hash);
      expect(bytes.length, name).toBeLessThan(150 * 1024);
    }
  });

  it('are zipped reproducibly: sorted entries, one fixed timestamp, Payload/X.app layout', () => {
    for (const { name } of sums) {
      const zip = openIpa(name);
      const names = zip.entryNames();
      expect(names, name).toEqual([...names].sort());
      expect(names.every((n) => n.startsWith('Payload/')), name).toBe(true);
      expect(zip.anomalies, name).toEqual([]);
      // DOS time/date of every central-directory entry (APPNOTE 4.3.12: offsets 12/14) = 2020-01-01 00:00.
      const cd = Buffer.from(zip.bytes.buffer, zip.bytes.byteOffset + zip.centralDirectoryOffset, zip.centralDirectorySize);
      for (let off = 0, i = 0; i < names.length; i++) {
        expect(cd.readUInt32LE(off)).toBe(0x02014b50);
        expect([cd.readUInt16LE(off + 12), cd.readUInt16LE(off + 14)]).toEqual([0, ((2020 - 1980) << 9) | (1 << 5) | 1]);
        off += 46 + cd.readUInt16LE(off + 28) + cd.readUInt16LE(off + 30) + cd.readUInt16LE(off + 32);
      }
    }
  });

  it('vulnerable-bank: fat arm64+x86_64, no PIE, weak-crypto/unsafe imports, get-task-allow in the signature', () => {
    const zip = openIpa('vulnerable-bank.ipa');
    const app = 'Payload/VulnerableBank.app/';
    const exe = zip.read(app + 'VulnerableBank');
    const thin = slices(exe);
    expect(thin.map(([cpu]) => cpu).sort()).toEqual([CPU_TYPE_X86_64, CPU_TYPE_ARM64].sort());
    for (const [, m] of thin) {
      expect(m.readUInt32LE(24) & MH_PIE).toBe(0);
      const rpath = loadCommands(m).find(([cmd]) => cmd === LC_RPATH)?.[1];
      expect(rpath?.toString('utf8', rpath.readUInt32LE(8)).replace(/\0+$/, '')).toBe('@executable_path/Frameworks');
      const text = importedNames(m);
      for (const sym of ['_strcpy', '_sprintf', '_gets', '_CC_MD5', '_CC_SHA1', '_CCCrypt', '_rand', '_random', '_NSLog',
        '_SecItemAdd', '_kSecAttrAccessibleAlways', '_OBJC_CLASS_$_UIWebView', '@rpath/Helper.framework/Helper',
        'AKIAIOSFODNN7EXAMPLE', 'sk_live_', 'http://api.vulnerable-bank.example/', 'password: %@']) {
        expect(text, sym).toContain(sym);
      }
      expect(text).not.toContain('___stack_chk_fail');
      expect(signatureEntitlements(m)).toMatch(/<key>get-task-allow<\/key>\s*<true\/>/);
    }
    expect(Buffer.from(zip.read(app + 'Info.plist')).toString('latin1', 0, 8)).toBe('bplist00');
    const helper = slices(zip.read(app + 'Frameworks/Helper.framework/Helper'));
    expect(helper).toHaveLength(2);
    const profile = Buffer.from(zip.read(app + 'embedded.mobileprovision')).toString('latin1');
    expect(profile).toContain('<key>ProvisionedDevices</key>');
    expect(profile).toMatch(/<key>get-task-allow<\/key>\s*<true\/>/);
    expect(profile).toContain('<date>2020-01-01T00:00:00Z</date>');
  });

  it('hardened-bank: thin arm64, PIE, canary + ARC + resilience imports, stripped, App-Store-like profile', () => {
    const zip = openIpa('hardened-bank.ipa');
    const app = 'Payload/HardenedBank.app/';
    const thin = slices(zip.read(app + 'HardenedBank'));
    expect(thin.map(([cpu]) => cpu)).toEqual([CPU_TYPE_ARM64]);
    const m = thin[0]![1];
    expect(m.readUInt32LE(24) & MH_PIE).toBe(MH_PIE);
    const text = importedNames(m);
    for (const sym of ['___stack_chk_fail', '_objc_release', '_objc_autoreleasePoolPush', '_ptrace', '_sysctl', '_stat',
      '_fopen', '_access', '_CC_SHA256', '_SecRandomCopyBytes', '_kSecAttrAccessibleWhenUnlockedThisDeviceOnly',
      '_OBJC_CLASS_$_DCAppAttestService', '/Applications/Cydia.app', '/etc/apt', 'cydia://']) {
      expect(text, sym).toContain(sym);
    }
    for (const absent of ['_CC_MD5', '_strcpy', 'HBSecurityGuard attestationSupported]', '_hb_run_guards']) {
      expect(text, absent).not.toContain(absent);
    }
    const entitlements = signatureEntitlements(m);
    expect(entitlements).toMatch(/<key>get-task-allow<\/key>\s*<false\/>/);
    expect(entitlements).toContain('applinks:bank.example');
    const profile = Buffer.from(zip.read(app + 'embedded.mobileprovision')).toString('latin1');
    expect(profile).not.toContain('ProvisionedDevices');
    expect(profile).toContain('<date>2099-01-01T00:00:00Z</date>');
  });

  const tools = ['clang-14', 'ld64.lld-14', 'llvm-lipo-14', 'llvm-strip-14', 'llvm-objdump-14', 'llvm-nm-14', 'llvm-otool-14',
    'plistutil', 'openssl', 'zip', 'unzip'].every(hasTool);
  it.skipIf(!tools)('rebuild byte-for-byte from their sources (scripts/build-ios-fixtures.sh --check)', () => {
    const out = execFileSync('bash', [join(repoRoot, 'scripts', 'build-ios-fixtures.sh'), '--check'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/reproducible/);
  }, 120_000);
});
