/**
 * Differential tests against LLVM's Mach-O tools (llvm-objdump-14 --macho --private-headers, llvm-nm-14,
 * llvm-otool-14 -L) on the committed fixtures and on every Mach-O inside the corpus IPAs, plus the facts
 * the corpus ground truth records about those binaries. Skipped when the tools or the corpus are absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { ZipArchive } from '../zip/index.js';
import { isMachO, readMachOFile, type MachOSlice } from './index.js';
import { fixture } from './testing.js';

const HAS_TOOLS = hasTool('llvm-objdump-14') && hasTool('llvm-nm-14') && hasTool('llvm-otool-14');
const CORPUS = corpusDir();
const TOOLS_SKIP = 'llvm-objdump-14 / llvm-nm-14 / llvm-otool-14 not installed; Mach-O oracle tests skipped';

/** Executables and framework binaries of an IPA: extension-less files at the bundle roots. */
const IPA_BINARY = /^Payload\/[^/]+\.app\/(?:[^/.]+|Frameworks\/[^/]+\.framework\/[^/.]+)$/;

function corpusBinaries(): Array<{ name: string; bytes: Uint8Array }> {
  if (!CORPUS) return [];
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const ipa of readdirSync(CORPUS).filter((f) => f.endsWith('.ipa')).sort()) {
    const zip = ZipArchive.open(new Uint8Array(readFileSync(join(CORPUS, ipa))));
    for (const entry of zip.entryNames().filter((n) => IPA_BINARY.test(n))) {
      const bytes = zip.read(entry);
      if (isMachO(bytes)) out.push({ name: `${ipa}!${entry}`, bytes });
    }
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'dfslab-macho-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
}

interface ObjdumpView {
  filetype: string;
  ncmds: number;
  flags: string[];
  commands: string[];
  rpaths: string[];
  cryptid?: number;
  minos?: string;
  sdk?: string;
}

/** Parses `llvm-objdump --macho --private-headers` for one architecture. */
function objdump(path: string, arch: string): ObjdumpView {
  const lines = run('llvm-objdump-14', ['--macho', '--private-headers', `--arch=${arch}`, path]).split('\n');
  const hi = lines.findIndex((l) => /^\s+magic\s+cputype/.test(l));
  const head = lines[hi + 1]!.trim().split(/\s+/);
  const view: ObjdumpView = { filetype: head[4]!, ncmds: Number(head[5]), flags: head.slice(7), commands: [], rpaths: [] };
  let current = '';
  for (const l of lines.slice(hi + 2)) {
    const m = /^\s+(\w+) (.*)$/.exec(l);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'cmd') {
      current = value.trim();
      view.commands.push(current);
    } else if (key === 'path' && current === 'LC_RPATH') view.rpaths.push(value.replace(/ \(offset \d+\)$/, ''));
    else if (key === 'cryptid') view.cryptid = Number(value);
    else if (key === 'minos' && current === 'LC_BUILD_VERSION') view.minos = value.trim();
    else if (key === 'version' && current.startsWith('LC_VERSION_MIN_')) view.minos ??= value.trim();
    else if (key === 'sdk' && (current === 'LC_BUILD_VERSION' || current.startsWith('LC_VERSION_MIN_'))) view.sdk ??= value.trim();
  }
  return view;
}

function compareSlice(path: string, s: MachOSlice, fat: boolean): void {
  const o = objdump(path, s.cpu);
  expect(s.fileType).toBe(o.filetype);
  expect(s.loadCommands.length).toBe(o.ncmds);
  expect(s.loadCommands.map((c) => c.name)).toEqual(o.commands);
  expect(s.pie).toBe(o.flags.includes('PIE'));
  expect(s.allowStackExecution).toBe(o.flags.includes('ALLOW_STACK_EXECUTION'));
  expect(s.rpaths).toEqual(o.rpaths);
  expect(s.encryption?.cryptid).toBe(o.cryptid);
  expect(s.minOs?.version).toBe(o.minos);
  expect(s.minOs?.sdk).toBe(o.sdk);

  // otool -L prints LC_ID_DYLIB first for a library, then every linked dylib with its versions. llvm-otool-14
  // ignores -arch for fat files, so those go through the same code in objdump (--dylibs-used --arch).
  const otool = (fat ? run('llvm-objdump-14', ['--macho', '--dylibs-used', `--arch=${s.cpu}`, path]) : run('llvm-otool-14', ['-L', path])).split('\n').filter((l) => l.startsWith('\t'));
  const ours = [
    ...(s.installName === undefined ? [] : [s.installName]),
    ...s.dylibs.map((d) => `${d.name} (compatibility version ${d.compatibilityVersion}, current version ${d.currentVersion}${d.kind === 'weak' ? ', weak' : d.kind === 'reexport' ? ', reexport' : d.kind === 'upward' ? ', upward' : ''})`),
  ];
  expect(otool.map((l) => l.trim().replace(/ \(compatibility version.*$/, ''))).toEqual(ours.map((x) => x.replace(/ \(compatibility version.*$/, '')));
  expect(otool.slice(s.installName === undefined ? 0 : 1).map((l) => l.trim())).toEqual(ours.slice(s.installName === undefined ? 0 : 1));

  const undefinedSyms = run('llvm-nm-14', ['-u', `--arch=${s.cpu}`, path]).split('\n').filter((l) => l.length > 0 && !l.endsWith(':'));
  expect(s.importedSymbols).toEqual([...new Set(undefinedSyms)].sort());
  const defined = run('llvm-nm-14', ['-g', '--defined-only', `--arch=${s.cpu}`, path])
    .split('\n')
    .map((l) => /^[0-9a-f]+ \w (.+)$/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);
  expect(s.exportedSymbols).toEqual([...new Set(defined)].sort());
}

function compareFile(name: string, bytes: Uint8Array): MachOSlice[] {
  const path = join(tmp, name.replace(/[^\w.-]/g, '_'));
  writeFileSync(path, bytes);
  const f = readMachOFile(bytes, { label: name });
  expect(f.anomalies).toEqual([]);
  for (const s of f.slices) compareSlice(path, s, f.fat);
  return f.slices;
}

describe.skipIf(!HAS_TOOLS)(`Mach-O fixtures vs LLVM tools${HAS_TOOLS ? '' : ` (${TOOLS_SKIP})`}`, () => {
  for (const name of ['hello.arm64.gz', 'hello.x86_64.gz', 'hello.fat.gz', 'Foo.gz']) {
    it(name, () => {
      compareFile(name.replace(/\.gz$/, ''), fixture(name));
    });
  }
});

describe.skipIf(!HAS_TOOLS || !CORPUS)(`corpus IPA binaries vs LLVM tools${!CORPUS ? ` (${CORPUS_SKIP_MESSAGE})` : !HAS_TOOLS ? ` (${TOOLS_SKIP})` : ''}`, () => {
  it('agrees on every Mach-O of every IPA and matches the recorded facts', () => {
    const binaries = corpusBinaries();
    expect(binaries.length).toBeGreaterThanOrEqual(2);
    for (const { name, bytes } of binaries) {
      const slices = compareFile(name, bytes);
      // Ground truth (expected.json evidence): FAT armv7 + arm64, decrypted (cryptid 0), signed.
      expect(slices.map((s) => s.cpu)).toEqual(['armv7', 'arm64']);
      for (const s of slices) {
        expect(s.encryption?.cryptid).toBe(0);
        expect(s.minOs).toMatchObject({ platform: 'ios', version: '8.0' });
        expect(s.codeSignature?.adhoc).toBe(false);
        expect(s.codeSignature?.cms?.certificates.length).toBeGreaterThan(0);
      }
      const getTaskAllow = /<key>get-task-allow<\/key>\s*<true\/>/.test(slices[0]!.codeSignature?.entitlementsXml ?? '');
      expect(getTaskAllow).toBe(name.includes('2017'));
    }
  });
});
