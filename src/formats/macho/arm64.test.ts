/**
 * The A64 reader on hand-assembled words. Encodings were produced with `llvm-mc-14 -triple=arm64-apple-ios
 * -mattr=+v8.3a,+lse -show-encoding` and are written here as the little-endian u32 the CPU reads.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../fuzz/mutate.js';
import { Arm64Code, decodeBitmaskImmediate, simulate } from './arm64.js';

const W = {
  movW0_ff00ff00: 0x32089fe0, // mov w0, #0xff00ff00 (orr w0, wzr, #bitmask)
  movX1_5555: 0xb200f3e1, // mov x1, #0x5555555555555555
  movW2_7ffffffe: 0x321f77e2, // mov w2, #0x7ffffffe
  orrX3_fffe: 0xb27ffbe3, // orr x3, xzr, #0xfffffffffffffffe
  movW4_m1: 0x12800004, // mov w4, #-1 (movn)
  movX5_m2: 0x92800025, // mov x5, #-2 (movn)
  movnW6: 0x12a24686, // movn w6, #0x1234, lsl #16
  movzX7: 0xd2f7dde7, // movz x7, #0xbeef, lsl #48
  movkX7: 0xf2800027, // movk x7, #1
  movkW8: 0x72b579a8, // movk w8, #0xabcd, lsl #16
  movW9W8: 0x2a0803e9, // mov w9, w8
  movX1X9: 0xaa0903e1, // mov x1, x9
  movW2Wzr: 0x2a1f03e2, // mov w2, wzr
  orrW3W8_3: 0x32000503, // orr w3, w8, #0x3
  andX4X1_ff: 0x92401c24, // and x4, x1, #0xff
  eorW5W2_1: 0x52000045, // eor w5, w2, #0x1
  ldrX0: 0xf94007e0, // ldr x0, [sp, #8]
  ldpX1X2Post: 0xa8c10be1, // ldp x1, x2, [sp], #16
  strW1: 0xb90007e1, // str w1, [sp, #4]
  stpX3X4Pre: 0xa9bf13e3, // stp x3, x4, [sp, #-16]!
  addX0Sp: 0x910043e0, // add x0, sp, #16
  adrpX1: 0x90000001, // adrp x1, 0
  ret: 0xd65f03c0,
  blrX8: 0xd63f0100,
  nop: 0xd503201f,
  pacibsp: 0xd503237f,
  mrsX3: 0xd53bd043, // mrs x3, tpidr_el0
  ldrW5Lit: 0x18000805, // ldr w5, #0x100
  fmovW6S0: 0x1e260006, // fmov w6, s0
  ldaddW1W2: 0xb8210002, // ldadd w1, w2, [x0]
  movzW0: (imm: number) => (0x52800000 | (imm << 5)) >>> 0, // mov w0, #imm
  movzW: (rd: number, imm: number) => (0x52800000 | (imm << 5) | rd) >>> 0,
  bl: (from: number, to: number) => (0x94000000 | (((to - from) >> 2) & 0x3ffffff)) >>> 0,
  b: (from: number, to: number) => (0x14000000 | (((to - from) >> 2) & 0x3ffffff)) >>> 0,
  cbz: (from: number, to: number) => (0x34000000 | ((((to - from) >> 2) & 0x7ffff) << 5)) >>> 0,
};

function code(words: number[], address = 0x100004000): Arm64Code {
  const bytes = new Uint8Array(words.length * 4);
  const dv = new DataView(bytes.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return new Arm64Code(bytes, address);
}

function run(words: number[]): Array<bigint | undefined> {
  const regs = new Array<bigint | undefined>(31).fill(undefined);
  for (const w of words) simulate(w, regs);
  return regs;
}

describe('decodeBitmaskImmediate (DecodeBitMasks)', () => {
  const field = (w: number) => [(w >>> 22) & 1, (w >>> 16) & 0x3f, (w >>> 10) & 0x3f] as const;
  it('decodes the immediates llvm-mc encoded', () => {
    expect(decodeBitmaskImmediate(...field(W.movW0_ff00ff00), false)).toBe(0xff00ff00n);
    expect(decodeBitmaskImmediate(...field(W.movX1_5555), true)).toBe(0x5555555555555555n);
    expect(decodeBitmaskImmediate(...field(W.movW2_7ffffffe), false)).toBe(0x7ffffffen);
    expect(decodeBitmaskImmediate(...field(W.orrX3_fffe), true)).toBe(0xfffffffffffffffen);
    expect(decodeBitmaskImmediate(...field(W.andX4X1_ff), true)).toBe(0xffn);
    expect(decodeBitmaskImmediate(...field(W.orrW3W8_3), false)).toBe(3n);
  });
  it('rejects the reserved encodings', () => {
    expect(decodeBitmaskImmediate(0, 0, 0x3f, false)).toBeUndefined(); // len < 1
    expect(decodeBitmaskImmediate(0, 0, 0x1f, false)).toBeUndefined(); // all-ones 32-bit element
    expect(decodeBitmaskImmediate(1, 0, 0x3f, true)).toBeUndefined(); // all-ones 64-bit element
    expect(decodeBitmaskImmediate(1, 0, 0, false)).toBeUndefined(); // N=1 in a 32-bit instruction
  });
  it('every valid 64-bit encoding is a rotated, replicated run of ones', () => {
    const values = new Set<bigint>();
    for (let n = 0; n < 2; n++) {
      for (let immr = 0; immr < 64; immr++) {
        for (let imms = 0; imms < 64; imms++) {
          const v = decodeBitmaskImmediate(n, immr, imms, true);
          if (v === undefined) continue;
          values.add(v);
          expect(v).not.toBe(0n);
          expect(v).not.toBe(0xffffffffffffffffn);
        }
      }
    }
    // The A64 logical immediate space holds 5334 distinct 64-bit values.
    expect(values.size).toBe(5334);
  });
});

describe('simulate: constant tracking', () => {
  it('MOVZ/MOVN (32 and 64 bit, shifted) and MOVK on a known value', () => {
    const r = run([W.movW4_m1, W.movX5_m2, W.movnW6, W.movzX7, W.movkX7, W.movzW(8, 0x1234), W.movkW8]);
    expect(r[4]).toBe(0xffffffffn);
    expect(r[5]).toBe(0xfffffffffffffffen);
    expect(r[6]).toBe(0xedcbffffn);
    expect(r[7]).toBe(0xbeef000000000001n);
    expect(r[8]).toBe(0xabcd1234n);
  });
  it('MOVK on an unknown register stays unknown', () => {
    expect(run([W.movkW8])[8]).toBeUndefined();
  });
  it('ORR bitmask immediates (the mov alias and with a known source), AND, EOR', () => {
    const r = run([W.movW0_ff00ff00, W.movX1_5555, W.movW2_7ffffffe, W.orrX3_fffe, W.movzW(8, 0x10), W.orrW3W8_3, W.andX4X1_ff, W.eorW5W2_1]);
    expect(r[0]).toBe(0xff00ff00n);
    expect(r[1]).toBe(0x5555555555555555n);
    expect(r[2]).toBe(0x7ffffffen);
    expect(r[3]).toBe(0x13n);
    expect(r[4]).toBe(0x55n);
    expect(r[5]).toBe(0x7fffffffn);
  });
  it('register copies: mov w9, w8 truncates to 32 bits, mov x1, x9 copies, mov w2, wzr is 0', () => {
    const r = run([W.movX5_m2, 0x2a0503e8 /* mov w8, w5 */, W.movW9W8, W.movX1X9, W.movW2Wzr]);
    expect(r[8]).toBe(0xfffffffen);
    expect(r[9]).toBe(0xfffffffen);
    expect(r[1]).toBe(0xfffffffen);
    expect(r[2]).toBe(0n);
    expect(run([W.movW9W8])[9]).toBeUndefined();
  });
  it('loads, pair loads with writeback, ADD, ADRP, FMOV, MRS and literal loads make their destinations unknown', () => {
    const setAll = Array.from({ length: 9 }, (_, i) => W.movzW(i, 7));
    const r = run([...setAll, W.ldrX0, W.ldpX1X2Post, W.mrsX3, W.ldrW5Lit, W.fmovW6S0, W.adrpX1]);
    expect(r.slice(0, 9)).toEqual([undefined, undefined, undefined, undefined, 7n, undefined, undefined, 7n, 7n]);
    expect(run([W.movzW(0, 1), W.addX0Sp])[0]).toBeUndefined();
  });
  it('stores keep their source registers; atomics give up on everything', () => {
    const r = run([W.movzW(1, 5), W.movzW(3, 6), W.movzW(4, 7), W.strW1, W.stpX3X4Pre, W.nop, W.pacibsp]);
    expect([r[1], r[3], r[4]]).toEqual([5n, 6n, 7n]);
    expect(run([W.movzW(7, 5), W.ldaddW1W2])[7]).toBeUndefined();
  });
});

describe('Arm64Code.callsTo', () => {
  const base = 0x100004000;
  const stub = base + 0x100;
  const at = (i: number) => base + i * 4;

  it('finds BL and tail-call B to a stub with the arguments of the block', () => {
    const words = [W.ret, W.movzW(0, 0), W.movzW(1, 1), W.movzW(2, 3), W.bl(at(4), stub), W.movzW(1, 4), W.b(at(6), stub)];
    const calls = code(words).callsTo(new Set([stub]));
    expect(calls.map((c) => [c.address, c.kind])).toEqual([[at(4), 'bl'], [at(6), 'b']]);
    expect(calls[0]!.args).toEqual([0n, 1n, 3n, undefined, undefined, undefined, undefined, undefined]);
    // after a BL nothing from before it is known (the callee may change x0–x18)
    expect(calls[1]!.args).toEqual([undefined, 4n, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('resolves backward calls (negative offsets)', () => {
    const below = base - 0x40;
    const c = code([W.movzW(3, 9), W.bl(at(1), below)]).callsTo(new Set([below]));
    expect(c.map((x) => [x.address, x.target, x.args[3]])).toEqual([[at(1), below, 9n]]);
  });

  it('ignores calls to other addresses', () => {
    expect(code([W.movzW(1, 1), W.bl(at(1), stub + 12)]).callsTo(new Set([stub]))).toEqual([]);
  });

  it('stops at a branch target it can see, at BLR/RET and at the walk-back limit', () => {
    // cbz at 0 jumps to index 3: w1 set at 1..2 is not certain at the call (index 4)
    const joined = code([W.cbz(at(0), at(3)), W.movzW(1, 1), W.movzW(2, 2), W.movzW(3, 3), W.bl(at(4), stub)]).callsTo(new Set([stub]));
    expect(joined[0]!.args.slice(0, 4)).toEqual([undefined, undefined, undefined, 3n]);
    const afterBlr = code([W.movzW(1, 1), W.blrX8, W.movzW(2, 2), W.bl(at(3), stub)]).callsTo(new Set([stub]));
    expect(afterBlr[0]!.args.slice(0, 3)).toEqual([undefined, undefined, 2n]);
    const far = [W.movzW(1, 1), ...new Array<number>(40).fill(W.nop), W.bl(at(41), stub)];
    expect(code(far).callsTo(new Set([stub]))[0]!.args[1]).toBeUndefined();
    expect(code(far).callsTo(new Set([stub]), { maxBlockInstructions: 64 })[0]!.args[1]).toBe(1n);
  });

  it('a call that is itself a branch target knows nothing', () => {
    const c = code([W.movzW(1, 1), W.cbz(at(1), at(2)), W.bl(at(2), stub)]).callsTo(new Set([stub]));
    expect(c[0]!.args[1]).toBeUndefined();
  });

  it('an unknown write between the constant and the call wins', () => {
    const c = code([W.movzW(1, 1), 0x0b010021 /* add w1, w1, w1 */, W.bl(at(2), stub)]).callsTo(new Set([stub]));
    expect(c[0]!.args[1]).toBeUndefined();
  });

  it('never throws on garbage and truncated bytes, and caps the result', () => {
    const rng = new Rng(0xa64);
    for (let n = 0; n < 50; n++) {
      const bytes = new Uint8Array(rng.int(4096) + 1);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      const c = new Arm64Code(bytes, base);
      const targets = new Set(Array.from({ length: 8 }, () => base + rng.int(bytes.length) * 4));
      const calls = c.callsTo(targets);
      for (const s of calls) {
        expect(s.args).toHaveLength(8);
        expect(targets.has(s.target)).toBe(true);
      }
    }
    const many = code(new Array<number>(100).fill(0).map((_, i) => W.bl(at(i), stub)));
    expect(many.callsTo(new Set([stub]), { maxCalls: 10 })).toHaveLength(10);
    expect(new Arm64Code(new Uint8Array(3), base).callsTo(new Set([base]))).toEqual([]);
    expect(code([]).word(5)).toBe(0);
  });
});
