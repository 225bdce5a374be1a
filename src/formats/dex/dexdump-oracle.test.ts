/**
 * Differential tests against AOSP `dexdump` (Debian package `dexdump`): header counts, number of methods
 * with code, and the disassembly of methods (opcode names, registers, literals, constant-pool indices,
 * branch targets, payload sizes). Runs on the committed fixtures, on the DEX files of the shared corpus
 * and on androguard's sample DEX files when those are installed; skips with a message otherwise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, hasTool } from '../../../test/corpus.js';
import { DexFile } from './dex-file.js';
import { decodeInstruction, type Instruction } from './decoder.js';
import { buildCodeIndex } from './index.js';

const HAVE_DEXDUMP = hasTool('dexdump');
const DEXDUMP_SKIP = 'dexdump not installed (Debian package "dexdump"); oracle tests skipped';
const ANDROGUARD_SAMPLES = '/usr/share/doc/androguard/examples';

function dexdump(args: string[], path: string): string {
  return execFileSync('dexdump', [...args, path], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
}

interface DumpedMethod {
  codeOff: number;
  lines: { pc: number; text: string }[];
}

/** Splits `dexdump -d` output into methods keyed by code_item offset ("|[0004d8] cls.name:proto"). */
function parseDisassembly(text: string): Map<number, DumpedMethod> {
  const methods = new Map<number, DumpedMethod>();
  let current: DumpedMethod | undefined;
  let last: { pc: number; text: string } | undefined;
  for (const line of text.split('\n')) {
    const bar = line.indexOf('|');
    if (bar < 0 || !/^[0-9a-f]{6}:/.test(line)) {
      // A string constant with line breaks continues the previous instruction's text up to its comment.
      if (last && last.text.startsWith('const-string') && !last.text.includes(' // string@')) last.text += `\n${line}`;
      continue;
    }
    const after = line.slice(bar + 1);
    const header = /^\[([0-9a-f]+)\] /.exec(after);
    if (header) {
      current = { codeOff: parseInt(header[1]!, 16), lines: [] };
      last = undefined;
      methods.set(current.codeOff, current);
      continue;
    }
    const m = /^([0-9a-f]{4,8}): (.*)$/s.exec(after);
    last = undefined;
    if (m && current) {
      last = { pc: parseInt(m[1]!, 16), text: m[2]! };
      current.lines.push(last);
    }
  }
  return methods;
}

const PAYLOAD_NAMES: Record<string, string> = {
  'packed-switch-payload': 'packed-switch-data',
  'sparse-switch-payload': 'sparse-switch-data',
  'fill-array-data-payload': 'array-data',
};
const INDEX_WORDS: Record<string, string> = {
  string: 'string', type: 'type', field: 'field', method: 'method', proto: 'proto', 'call-site': 'call_site',
  'method-handle': 'method_handle',
};

const sx = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

/** What dexdump's trailing "// #hex" says the literal is, decoded per format. */
function dumpedLiteral(insn: Instruction, hex: string): number | bigint {
  const v = parseInt(hex, 16);
  const wide = insn.opcode >= 0x16 && insn.opcode <= 0x19;
  switch (insn.format) {
    case '11n':
    case '22b':
      return sx(v, 8);
    case '21s':
    case '22s':
      return wide ? BigInt(sx(v, 16)) : sx(v, 16);
    case '21h':
      return wide ? BigInt.asIntN(64, BigInt(v) << 48n) : (v << 16) | 0;
    case '31i':
      return wide ? BigInt(v | 0) : v | 0;
    case '51l':
      return BigInt.asIntN(64, BigInt(`0x${hex}`));
    default:
      return NaN;
  }
}

/** Differences between our decoding of `insn` and dexdump's line for it (empty when they agree). */
function compareInstruction(insn: Instruction, dumped: string): string[] {
  const problems: string[] = [];
  const where = `${insn.pc.toString(16).padStart(4, '0')}: ${dumped}`;
  if (insn.format === 'payload') {
    const m = /^([a-z-]+) \((\d+) units\)/.exec(dumped);
    if (!m || m[1] !== PAYLOAD_NAMES[insn.name] || Number(m[2]) !== insn.width) problems.push(`payload ${insn.name}/${insn.width} vs ${where}`);
    return problems;
  }
  const space = dumped.indexOf(' ');
  const name = space < 0 ? dumped : dumped.slice(0, space);
  if (name !== insn.name) return [`name ${insn.name} vs ${where}`];
  const rest = space < 0 ? '' : dumped.slice(space + 1);
  const commentAt = rest.lastIndexOf(' // ');
  const operands = commentAt < 0 ? rest : rest.slice(0, commentAt);
  const comment = commentAt < 0 ? '' : rest.slice(commentAt + 4);

  let regs: number[];
  let tail: string[];
  if (operands.startsWith('{')) {
    const close = operands.indexOf('}');
    const inside = operands.slice(1, close).trim();
    regs = inside ? inside.split(', ').map((r) => Number(r.slice(1))) : [];
    tail = operands.slice(close + 1).split(', ').filter(Boolean);
  } else {
    const tokens = operands ? operands.split(', ') : [];
    let k = 0;
    while (k < tokens.length && /^v\d+$/.test(tokens[k]!)) k++;
    regs = tokens.slice(0, k).map((r) => Number(r.slice(1)));
    tail = tokens.slice(k);
  }
  if (regs.join() !== insn.registers.join()) problems.push(`registers [${insn.registers.join()}] vs ${where}`);

  if (insn.indexKind !== undefined) {
    const refs = [...dumped.matchAll(/(string|type|field|method|proto|call_site|method_handle)@([0-9a-f]+)/g)];
    const first = refs[0];
    if (!first || first[1] !== INDEX_WORDS[insn.indexKind] || parseInt(first[2]!, 16) !== insn.index) {
      problems.push(`index ${insn.indexKind}@${insn.index} vs ${where}`);
    }
    if (insn.protoIndex !== undefined && (refs[1]?.[1] !== 'proto' || parseInt(refs[1][2]!, 16) !== insn.protoIndex)) {
      problems.push(`proto@${insn.protoIndex} vs ${where}`);
    }
  }
  if (insn.target !== undefined) {
    // Absolute hex target, except goto/32 which dexdump prints as "#relative".
    const t = insn.format === '30t' ? insn.pc + (parseInt(tail[0]!.slice(1), 16) | 0) : parseInt(tail[0] ?? '', 16);
    if (t !== insn.target) problems.push(`target ${insn.target.toString(16)} vs ${where}`);
  }
  if (insn.literal !== undefined) {
    const m = /^#([0-9a-f]+)$/.exec(comment);
    if (!m || dumpedLiteral(insn, m[1]!) !== insn.literal) problems.push(`literal ${insn.literal} vs ${where}`);
  }
  return problems;
}

/**
 * Compares header counts, classes and methods with code (`dexdump -f`), then the disassembly of every
 * `every`-th method (`dexdump -d`; `every` 0 skips it, for files whose listing would be huge).
 */
function compareWithDexdump(path: string, every = 1): string[] {
  const bytes = new Uint8Array(readFileSync(path));
  const dex = DexFile.parse(bytes, { label: path });
  const problems: string[] = [];

  const header = dexdump(['-f'], path);
  const count = (field: string): number => Number(new RegExp(`^${field}\\s+: (\\d+)`, 'm').exec(header)?.[1]);
  const ours: [string, number][] = [
    ['string_ids_size', dex.stringCount], ['type_ids_size', dex.typeCount], ['proto_ids_size', dex.protoCount],
    ['field_ids_size', dex.fieldCount], ['method_ids_size', dex.methodCount], ['class_defs_size', dex.classDefCount],
  ];
  for (const [field, n] of ours) if (count(field) !== n) problems.push(`${field}: dexdump ${count(field)}, ours ${n}`);

  const members = dex.members();
  const withCode = [...members.codeOff].filter((o) => o !== 0);
  const dumpedWithCode = (header.match(/^ {6}insns size {4}:/gm) ?? []).length;
  if (dumpedWithCode !== withCode.length) problems.push(`methods with code: dexdump ${dumpedWithCode}, ours ${withCode.length}`);
  const classCount = (header.match(/^Class #\d+/gm) ?? []).length;
  if (classCount !== dex.classDefCount) problems.push(`classes: dexdump ${classCount}, ours ${dex.classDefCount}`);
  if (every === 0) return problems;

  const dumped = parseDisassembly(dexdump(['-d'], path));
  const codeOffs = [...new Set(withCode)];
  if (codeOffs.length !== dumped.size) problems.push(`code items: dexdump ${dumped.size}, ours ${codeOffs.length}`);

  // The index records exactly one entry per invoke (but invoke-custom), const-string and field access.
  const tally = { calls: 0, strings: 0, fields: 0, instructions: 0 };
  for (const m of dumped.values()) {
    for (const { text } of m.lines) {
      if (/^(packed-switch-data|sparse-switch-data|array-data) /.test(text)) continue;
      tally.instructions++;
      if (/^invoke-(?!custom)/.test(text)) tally.calls++;
      else if (text.startsWith('const-string')) tally.strings++;
      else if (/^[is](get|put)/.test(text)) tally.fields++;
    }
  }
  const stats = buildCodeIndex([dex]).stats;
  const indexed = { calls: stats.callSites, strings: stats.stringUses, fields: stats.fieldAccesses, instructions: stats.instructions };
  if (JSON.stringify(indexed) !== JSON.stringify(tally)) problems.push(`index counts ${JSON.stringify(indexed)} vs dexdump ${JSON.stringify(tally)}`);

  codeOffs.forEach((off, n) => {
    if (n % every !== 0) return;
    const method = dumped.get(off);
    if (!method) {
      problems.push(`code item at ${off.toString(16)} missing from dexdump`);
      return;
    }
    const code = dex.codeItem(off);
    let pc = 0;
    for (const line of method.lines) {
      if (line.pc !== pc) {
        problems.push(`${path} @${off.toString(16)}: dexdump at ${line.pc.toString(16)}, ours at ${pc.toString(16)}`);
        return;
      }
      const insn = decodeInstruction(code.insns, pc, code.insns.length, dex.label);
      for (const p of compareInstruction(insn, line.text)) problems.push(`${path} @${off.toString(16)} ${p}`);
      pc += insn.width;
    }
    if (pc !== code.insns.length) problems.push(`${path} @${off.toString(16)}: ${code.insns.length - pc} code units not listed by dexdump`);
  });
  return problems.slice(0, 20);
}

describe.skipIf(!HAVE_DEXDUMP)('dexdump oracle: committed fixtures', () => {
  for (const name of ['calls.dex', 'opcodes.dex', 'multidex-a.dex', 'multidex-b.dex']) {
    it(`agrees with dexdump on ${name}`, () => {
      expect(compareWithDexdump(join(import.meta.dirname, 'testdata', name))).toEqual([]);
    });
  }
});

const corpus = corpusDir();
const corpusTitle = corpus ? 'dexdump oracle: corpus apps' : `dexdump oracle: corpus apps — ${CORPUS_SKIP_MESSAGE}`;
describe.skipIf(!HAVE_DEXDUMP || !corpus || !hasTool('unzip'))(corpusTitle, () => {
  it('agrees with dexdump on every corpus DEX (disassembly sampled, and only for files under 4 MB)', () => {
    const work = mkdtempSync(join(tmpdir(), 'dfslab-dex-oracle-'));
    try {
      const problems: string[] = [];
      let files = 0;
      for (const apk of readdirSync(corpus!).filter((f) => f.endsWith('.apk'))) {
        const out = join(work, apk);
        try {
          execFileSync('unzip', ['-q', '-o', join(corpus!, apk), 'classes*.dex', '-d', out], { stdio: 'ignore' });
        } catch {
          continue; // no DEX in this APK
        }
        for (const f of readdirSync(out)) {
          const path = join(out, f);
          files++;
          problems.push(...compareWithDexdump(path, statSync(path).size > 4 << 20 ? 0 : 3));
        }
      }
      expect(files).toBeGreaterThan(10);
      expect(problems).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!HAVE_DEXDUMP || !existsSync(ANDROGUARD_SAMPLES))('dexdump oracle: androguard sample DEX files', () => {
  it('agrees with dexdump on every sample dexdump itself accepts', () => {
    const files = execFileSync('find', [ANDROGUARD_SAMPLES, '-name', '*.dex', '-size', '-4M']).toString().trim().split('\n').filter(Boolean);
    const problems: string[] = [];
    let compared = 0;
    for (const f of files) {
      try {
        dexdump(['-f'], f);
      } catch {
        // dexdump refuses it (e.g. version 036): we must still parse it or fail with a typed error.
        try {
          DexFile.parse(new Uint8Array(readFileSync(f)));
        } catch (e) {
          expect(e).toMatchObject({ code: expect.stringMatching(/^DFSLAB_E_DEX_/) });
        }
        continue;
      }
      compared++;
      problems.push(...compareWithDexdump(f, 2));
    }
    expect(compared).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
