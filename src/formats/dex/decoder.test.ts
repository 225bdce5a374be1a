import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DexFile } from './dex-file.js';
import { decodeAll, decodeInstruction, formatInstruction } from './decoder.js';
import { isUnusedOpcode, OPCODE_NAME } from './opcodes.js';
import { buildCodeIndex } from './index.js';

const u = (...units: number[]): Uint16Array => Uint16Array.from(units);

// Formats by opcode range, transcribed from the "Summary of bytecode set" table of the Dalvik bytecode
// spec (independently of opcodes.ts, so the table there is checked against it).
const SPEC_FORMATS: [number, number, string][] = [
  [0x00, 0x00, '10x'], [0x01, 0x01, '12x'], [0x02, 0x02, '22x'], [0x03, 0x03, '32x'], [0x04, 0x04, '12x'],
  [0x05, 0x05, '22x'], [0x06, 0x06, '32x'], [0x07, 0x07, '12x'], [0x08, 0x08, '22x'], [0x09, 0x09, '32x'],
  [0x0a, 0x0d, '11x'], [0x0e, 0x0e, '10x'], [0x0f, 0x11, '11x'], [0x12, 0x12, '11n'], [0x13, 0x13, '21s'],
  [0x14, 0x14, '31i'], [0x15, 0x15, '21h'], [0x16, 0x16, '21s'], [0x17, 0x17, '31i'], [0x18, 0x18, '51l'],
  [0x19, 0x19, '21h'], [0x1a, 0x1a, '21c'], [0x1b, 0x1b, '31c'], [0x1c, 0x1c, '21c'], [0x1d, 0x1e, '11x'],
  [0x1f, 0x1f, '21c'], [0x20, 0x20, '22c'], [0x21, 0x21, '12x'], [0x22, 0x22, '21c'], [0x23, 0x23, '22c'],
  [0x24, 0x24, '35c'], [0x25, 0x25, '3rc'], [0x26, 0x26, '31t'], [0x27, 0x27, '11x'], [0x28, 0x28, '10t'],
  [0x29, 0x29, '20t'], [0x2a, 0x2a, '30t'], [0x2b, 0x2c, '31t'], [0x2d, 0x31, '23x'], [0x32, 0x37, '22t'],
  [0x38, 0x3d, '21t'], [0x3e, 0x43, '10x'], [0x44, 0x51, '23x'], [0x52, 0x5f, '22c'], [0x60, 0x6d, '21c'],
  [0x6e, 0x72, '35c'], [0x73, 0x73, '10x'], [0x74, 0x78, '3rc'], [0x79, 0x7a, '10x'], [0x7b, 0x8f, '12x'],
  [0x90, 0xaf, '23x'], [0xb0, 0xcf, '12x'], [0xd0, 0xd7, '22s'], [0xd8, 0xe2, '22b'], [0xe3, 0xf9, '10x'],
  [0xfa, 0xfa, '45cc'], [0xfb, 0xfb, '4rcc'], [0xfc, 0xfc, '35c'], [0xfd, 0xfd, '3rc'], [0xfe, 0xff, '21c'],
];
const UNUSED = [[0x3e, 0x43], [0x73, 0x73], [0x79, 0x7a], [0xe3, 0xf9]];

describe('decodeInstruction: every opcode', () => {
  const formatOf = (op: number): string => SPEC_FORMATS.find(([a, b]) => op >= a && op <= b)![2];

  it.each(Array.from({ length: 256 }, (_, op) => op))('opcode 0x%s decodes with its format and width', (op) => {
    // Enough code units for the widest format; opcode 0x00 keeps a zero high byte (a nop, not a payload).
    const code = u(op | (op === 0 ? 0 : 0x2100), 0x0003, 0x4321, 0x0005, 0x0006);
    const insn = decodeInstruction(code, 0);
    const fmt = formatOf(op);
    expect(insn.format).toBe(fmt);
    expect(insn.width).toBe(Number(fmt[0]));
    expect(insn.name).toBe(OPCODE_NAME[op]);
    const unused = UNUSED.some(([a, b]) => op >= a! && op <= b!);
    expect(isUnusedOpcode(op)).toBe(unused);
    if (unused) expect(insn.name).toBe(`unused-${op.toString(16).padStart(2, '0')}`);
  });

  it('decodes the operands of each format', () => {
    // Encodings taken from dexdump output of real apps (see the comments for what dexdump printed).
    expect(decodeInstruction(u(0x0012 | 0x0100 | 0xf000), 0)).toMatchObject({ name: 'const/4', registers: [1], literal: -1 }); // const/4 v1, #-1
    expect(decodeInstruction(u(0x0213, 0x8000), 0)).toMatchObject({ name: 'const/16', registers: [2], literal: -32768 });
    expect(decodeInstruction(u(0x0114, 0x8000, 0x1000), 0)).toMatchObject({ name: 'const', literal: 0x10008000 });
    expect(decodeInstruction(u(0x0115, 0x8000), 0)).toMatchObject({ name: 'const/high16', literal: -2147483648 });
    expect(decodeInstruction(u(0x0b16, 0x03e8), 0)).toMatchObject({ name: 'const-wide/16', registers: [11], literal: 1000n });
    expect(decodeInstruction(u(0x0417, 0xafc8, 0x0000), 0)).toMatchObject({ name: 'const-wide/32', literal: 0xafc8n });
    // 1800 0000 0000 0040 8f40 -> const-wide v0, #double 1000 // #408f400000000000
    expect(decodeInstruction(u(0x0018, 0, 0, 0x4000, 0x408f), 0).literal).toBe(0x408f400000000000n);
    // 1900 f0bf -> const-wide/high16 v0, #long -4616189618054758400
    expect(decodeInstruction(u(0x0019, 0xbff0), 0).literal).toBe(-4616189618054758400n);
    // 1b05 b912 0100 -> const-string/jumbo v5, string@000112b9
    expect(decodeInstruction(u(0x051b, 0x12b9, 0x0001), 0)).toMatchObject({ registers: [5], index: 0x112b9, indexKind: 'string' });
    // 5410 5d00 -> iget-object v0, v1, field@005d
    expect(decodeInstruction(u(0x1054, 0x005d), 0)).toMatchObject({ name: 'iget-object', registers: [0, 1], index: 0x5d, indexKind: 'field' });
    // 7120 0400 1000 -> invoke-static {v0, v1}, method@0004
    expect(decodeInstruction(u(0x2071, 0x0004, 0x0010), 0)).toMatchObject({ registers: [0, 1], index: 4, indexKind: 'method' });
    // five registers: vG is the high nibble of the first unit's high byte
    expect(decodeInstruction(u(0x5a6e, 0x0001, 0x4321), 0).registers).toEqual([1, 2, 3, 4, 10]);
    // 7407 0603 0200 -> invoke-virtual/range {v2 .. v8}, method@0306
    expect(decodeInstruction(u(0x0774, 0x0306, 0x0002), 0)).toMatchObject({ registers: [2, 3, 4, 5, 6, 7, 8], index: 0x306 });
    // fa30 10b2 1002 ee02 -> invoke-polymorphic {v0, v1, v2}, method@b210, proto@02ee
    expect(decodeInstruction(u(0x30fa, 0xb210, 0x0210, 0x02ee), 0)).toMatchObject({ registers: [0, 1, 2], index: 0xb210, protoIndex: 0x2ee });
    expect(decodeInstruction(u(0x02fb, 0x0005, 0x0100, 0x0006), 0)).toMatchObject({ name: 'invoke-polymorphic/range', registers: [256, 257], protoIndex: 6 });
    expect(decodeInstruction(u(0x10fc, 0x0007, 0x0003), 0)).toMatchObject({ name: 'invoke-custom', registers: [3], index: 7, indexKind: 'call-site' });
    expect(decodeInstruction(u(0x00fe, 0x0002), 0)).toMatchObject({ indexKind: 'method-handle', index: 2 });
    expect(decodeInstruction(u(0x00ff, 0x0006), 0)).toMatchObject({ indexKind: 'proto', index: 6 });
    // branches: targets are absolute
    expect(decodeInstruction(u(0, 0, 0xf428), 2)).toMatchObject({ name: 'goto', target: 2 - 12 });
    expect(decodeInstruction(u(0x0029, 0x00f9), 0).target).toBe(0xf9);
    expect(decodeInstruction(u(0x002a, 0xffff, 0xffff), 0).target).toBe(-1);
    // 3230 f4ff at 000c -> if-eq v0, v3, 0000
    expect(decodeInstruction(u(...new Array<number>(12).fill(0), 0x3032, 0xfff4), 12)).toMatchObject({ registers: [0, 3], target: 0 });
    expect(decodeInstruction(u(0x0039, 0x0019), 0)).toMatchObject({ name: 'if-nez', registers: [0], target: 0x19 });
    expect(decodeInstruction(u(0x002b, 0x0038, 0x0000), 0)).toMatchObject({ name: 'packed-switch', target: 0x38 });
    // d800 00ff -> add-int/lit8 v0, v0, #-1 ; d908 0d01 -> rsub-int/lit8 v8, v13, #1
    expect(decodeInstruction(u(0x00d8, 0xff00), 0)).toMatchObject({ registers: [0, 0], literal: -1 });
    expect(decodeInstruction(u(0x08d9, 0x010d), 0)).toMatchObject({ name: 'rsub-int/lit8', registers: [8, 13], literal: 1 });
    expect(decodeInstruction(u(0x10d1, 0xfb2d), 0)).toMatchObject({ name: 'rsub-int', registers: [0, 1], literal: -1235 });
    // 310d 060b -> cmp-long v13, v6, v11
    expect(decodeInstruction(u(0x0d31, 0x0b06), 0).registers).toEqual([13, 6, 11]);
    expect(decodeInstruction(u(0x0003, 0x0101, 0x0102), 0)).toMatchObject({ name: 'move/16', registers: [257, 258] });
    expect(decodeInstruction(u(0x1305, 0x001c), 0)).toMatchObject({ name: 'move-wide/from16', registers: [19, 28] });
  });

  it('decodes and sizes the three payloads', () => {
    const packed = decodeInstruction(u(0x0100, 2, 5, 0, 0x10, 0, 0x20, 0), 0);
    expect(packed).toMatchObject({ name: 'packed-switch-payload', format: 'payload', width: 8 });
    expect(packed.payload).toEqual({ kind: 'packed-switch', firstKey: 5, targets: [0x10, 0x20] });
    const sparse = decodeInstruction(u(0x0200, 2, 0xffff, 0xffff, 100, 0, 3, 0, 4, 0), 0);
    expect(sparse).toMatchObject({ name: 'sparse-switch-payload', width: 10 });
    expect(sparse.payload).toEqual({ kind: 'sparse-switch', keys: [-1, 100], targets: [3, 4] });
    const arr = decodeInstruction(u(0x0300, 1, 3, 0, 0x0201, 0x0003), 0);
    expect(arr).toMatchObject({ name: 'fill-array-data-payload', width: 6 });
    expect(arr.payload).toMatchObject({ kind: 'fill-array-data', elementWidth: 1, size: 3, data: Uint8Array.from([1, 2, 3]) });
    // decodeAll steps over payloads by their size.
    expect(decodeAll(u(0x000e, 0x0000, 0x0300, 2, 1, 0, 0x1234)).map((i) => i.name)).toEqual(['return-void', 'nop', 'fill-array-data-payload']);
  });

  it('rejects instructions and payloads cut off by the end of the code, with a typed error', () => {
    for (const code of [u(0x0018, 0, 0), u(0x006e, 1), u(0x0100, 10, 0, 0), u(0x0300, 4, 0xffff, 0xffff), u(0x0300, 1)]) {
      expect(() => decodeAll(code)).toThrow(expect.objectContaining({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE' }));
    }
    expect(() => decodeInstruction(u(0x000e), 1)).toThrow(expect.objectContaining({ code: 'DFSLAB_E_DEX_BAD_STRUCTURE' }));
  });
});

describe('decoder on the smali opcode fixture', () => {
  const dex = DexFile.parse(readFileSync(new URL('./testdata/opcodes.dex', import.meta.url)), { label: 'opcodes.dex' });
  const index = buildCodeIndex([dex]);
  const body = index.methodBody('Lops/AllOps;', { name: 'all', descriptor: '(I)V' })!;
  const insns = body.instructions();

  it('meets every assigned opcode and every instruction format', () => {
    const seen = new Set(insns.map((i) => i.opcode));
    const missing: string[] = [];
    for (let op = 0; op < 256; op++) {
      if (isUnusedOpcode(op) || seen.has(op)) continue;
      // return / return-wide / return-object live in the small helper methods.
      if (op >= 0x0f && op <= 0x11) continue;
      missing.push(OPCODE_NAME[op]!);
    }
    expect(missing).toEqual([]);
    expect(new Set(insns.map((i) => i.format)).size).toBe(27); // 26 formats + payload
  });

  it('formats resolved operands like smali', () => {
    const text = insns.map((i) => formatInstruction(dex, i));
    expect(text).toContain('const-string v0, "s"');
    expect(text).toContain('invoke-static {v0, v1, v2, v3, v4}, Lops/AllOps;->five(IIIII)V');
    expect(text).toContain('sget-wide v0, Lops/AllOps;->sJ:J');
    expect(text).toContain('const-wide v0, #1311768467463790320');
    expect(text).toContain('invoke-polymorphic {v0, v1}, Ljava/lang/invoke/MethodHandle;->invoke([Ljava/lang/Object;)Ljava/lang/Object;, (I)V');
    expect(text).toContain('const-method-type v0, (I)V');
  });
});
