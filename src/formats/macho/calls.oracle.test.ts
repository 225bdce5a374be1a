/**
 * Differential test of the call-site reader against LLVM: `llvm-objdump-14 --macho --indirect-symbols` gives the
 * stub → symbol table, `llvm-objdump-14 -d --macho` every `bl`/`b` and its target; each call whose target is a
 * stub must be found by MachOCallIndex with the same symbol, and nothing else. Runs on the arm64 slices of the
 * fixture IPAs and of the corpus IPAs; skipped when the tool or the corpus is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool, repoRoot } from '../../../test/corpus.js';
import { ZipArchive } from '../zip/index.js';
import { importStubs, isArm64Slice, isMachO, MachOCallIndex, readMachOFile } from './index.js';

const HAS_OBJDUMP = hasTool('llvm-objdump-14');
const SKIP = 'llvm-objdump-14 not installed (Debian package llvm-14); call-site oracle skipped';
const CORPUS = corpusDir();
const IPA_BINARY = /^Payload\/[^/]+\.app\/(?:[^/.]+|Frameworks\/[^/]+\.framework\/[^/.]+)$/;

const tmp = mkdtempSync(join(tmpdir(), 'dfslab-calls-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function binariesOf(ipa: string): Array<{ name: string; bytes: Uint8Array }> {
  const zip = ZipArchive.open(new Uint8Array(readFileSync(ipa)));
  return zip
    .entryNames()
    .filter((n) => IPA_BINARY.test(n))
    .map((n) => ({ name: n, bytes: zip.read(n) }))
    .filter((b) => isMachO(b.bytes));
}

function objdump(args: string[]): string {
  return execFileSync('llvm-objdump-14', args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** `address symbol` of every bl/b in __text whose target objdump's indirect-symbol table calls a stub. */
function objdumpCalls(path: string, arch: string): string[] {
  const stubs = new Map<number, string>();
  let inStubs = false;
  for (const line of objdump(['--macho', '--indirect-symbols', `--arch=${arch}`, path]).split('\n')) {
    if (line.startsWith('Indirect symbols for')) inStubs = /\(__TEXT,__(auth_)?stubs\)/.test(line);
    const m = /^0x([0-9a-f]+)\s+\d+\s+(\S+)$/.exec(line);
    if (inStubs && m) stubs.set(parseInt(m[1]!, 16), m[2]!);
  }
  const out: string[] = [];
  let inText = false;
  for (const line of objdump(['-d', '--macho', '--no-show-raw-insn', `--arch=${arch}`, path]).split('\n')) {
    if (/^\(__TEXT,/.test(line)) inText = line.startsWith('(__TEXT,__text)');
    const m = /^\s*([0-9a-f]+):\s+(bl|b)\s+0x([0-9a-f]+)/.exec(line);
    if (!inText || !m) continue;
    const symbol = stubs.get(parseInt(m[3]!, 16));
    if (symbol) out.push(`${parseInt(m[1]!, 16).toString(16)} ${m[2]} ${symbol}`);
  }
  return out.sort();
}

function ourCalls(bytes: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const slice of readMachOFile(bytes).slices) {
    const index = MachOCallIndex.open(bytes, slice);
    if (!index || !isArm64Slice(slice)) continue;
    const found: string[] = [];
    for (const symbol of new Set(importStubs(bytes, slice).map((s) => s.symbol))) {
      for (const c of index.callsTo(symbol, { maxCalls: 1_000_000 })) found.push(`${c.address.toString(16)} ${c.kind} ${symbol}`);
    }
    out.set(slice.cpu, found.sort());
  }
  return out;
}

function compare(label: string, bytes: Uint8Array): number {
  const path = join(tmp, label.replace(/[^\w.-]/g, '_'));
  writeFileSync(path, bytes);
  let total = 0;
  for (const [cpu, ours] of ourCalls(bytes)) {
    expect(ours, `${label} ${cpu}`).toEqual(objdumpCalls(path, cpu));
    total += ours.length;
  }
  return total;
}

describe.skipIf(!HAS_OBJDUMP)(`call sites vs llvm-objdump-14 on the fixture IPAs${HAS_OBJDUMP ? '' : ` (${SKIP})`}`, () => {
  for (const ipa of ['vulnerable-bank.ipa', 'hardened-bank.ipa']) {
    it(ipa, () => {
      let total = 0;
      for (const b of binariesOf(join(repoRoot, 'fixtures/ios/build', ipa))) total += compare(`${ipa}!${b.name}`, b.bytes);
      expect(total).toBeGreaterThan(10);
    });
  }
});

describe.skipIf(!HAS_OBJDUMP || !CORPUS)(`call sites vs llvm-objdump-14 on the corpus IPAs${!CORPUS ? ` (${CORPUS_SKIP_MESSAGE})` : !HAS_OBJDUMP ? ` (${SKIP})` : ''}`, () => {
  it('agrees on every arm64 slice', () => {
    let total = 0;
    for (const ipa of readdirSync(CORPUS!).filter((f) => f.endsWith('.ipa')).sort()) {
      for (const b of binariesOf(join(CORPUS!, ipa))) total += compare(`${ipa}!${b.name}`, b.bytes);
    }
    expect(total).toBeGreaterThan(100);
  });
});
