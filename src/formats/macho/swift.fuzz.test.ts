import { describe, expect, it } from 'vitest';
import { DfslabError } from '../../errors.js';
import { Rng } from '../../fuzz/mutate.js';
import { readMachOFile, type MachOAnomaly } from './index.js';
import { demangleObjcClassName, swiftTypeNames } from './swift.js';
import { buildSwiftMachO } from './testing.js';

/**
 * Seeded mutations of a binary with Swift metadata: the Mach-O reader may refuse a case with a DfslabError,
 * the Swift reader never throws at all. Time is bounded by construction (capped records, memoised and
 * depth-capped parent chains, capped name lengths), so no case can hang.
 */
describe('Swift metadata mutation fuzz', () => {
  const seed = buildSwiftMachO({
    descriptors: [
      { id: 'mod', kind: 0, name: 'MyBank' },
      { id: 'login', kind: 16, parent: 'mod', name: 'LoginViewController' },
      { id: 'acct', kind: 17, parent: 'mod', name: 'Account' },
      { id: 'status', kind: 18, parent: 'acct', name: 'Status' },
      { id: 'ext', kind: 1, parent: 'mod', extended: { symbolic: 'login' } },
      { id: 'token', kind: 17, parent: 'ext', name: 'Token' },
      { id: 'ext2', kind: 1, parent: 'mod', extended: 'So6UIViewC' },
      { id: 'style', kind: 18, parent: 'ext2', name: 'Style' },
      { id: 'anon', kind: 2, parent: 'mod' },
      { id: 'priv', kind: 16, parent: 'anon', name: 'Cache' },
      { id: 'ind', kind: 16, parent: { indirect: 'mod', slot: 'chained' }, name: 'Indirect' },
      { id: 'proto', kind: 3, parent: 'mod', name: 'PinValidating' },
    ],
    types: ['login', 'acct', 'status', 'token', 'style', 'priv', 'ind', { indirect: 'acct' }],
    protos: ['proto'],
    classNames: ['_TtC6MyBank19LoginViewController', '_TtCC6MyBank5Outer5Inner', 'NSObject'],
  });
  const INTERESTING = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0xffff, 0x10, 0x11, 0x12, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, 0xfffffff0];

  it('has a seed that reads cleanly', () => {
    const f = readMachOFile(seed);
    const anomalies: MachOAnomaly[] = [];
    expect(swiftTypeNames(seed, f.slices[0]!, { anomalies }).map((t) => t.name)).toEqual([
      'MyBank.LoginViewController', 'MyBank.Account', 'MyBank.Account.Status', 'MyBank.LoginViewController.Token', '__C.UIView.Style', 'MyBank.Cache', 'MyBank.Indirect', 'MyBank.PinValidating',
    ]);
    expect(anomalies).toEqual([]);
  });

  it('survives 500 seeded mutations', () => {
    const rng = new Rng(0x5357);
    const expected = JSON.stringify(swiftTypeNames(seed, readMachOFile(seed).slices[0]!));
    // The Swift metadata starts after the load commands; most mutations aim at it, some at the commands.
    const metaStart = 32 + 72 + 4 * 80 + 72 + 80;
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      let b: Uint8Array;
      const mode = rng.int(4);
      const from = rng.int(4) === 0 ? 0 : metaStart;
      if (mode === 0) {
        b = seed.subarray(0, from + rng.int(seed.length - from));
      } else if (mode === 1) {
        b = Uint8Array.from(seed);
        for (let k = 0; k < 1 + rng.int(6); k++) {
          const o = from + rng.int(seed.length - from);
          b[o] = b[o]! ^ (1 << rng.int(8));
        }
      } else {
        b = Uint8Array.from(seed);
        const o = from + (rng.int(Math.max(1, seed.length - from - 4)) & ~3);
        new DataView(b.buffer).setUint32(o, rng.pick(INTERESTING), mode === 2);
      }
      let file;
      try {
        file = readMachOFile(b);
      } catch (e) {
        if (!(e instanceof DfslabError)) throw new Error(`case ${i}: ${String(e)}`, { cause: e });
        changed++;
        continue;
      }
      for (const s of file.slices) {
        const anomalies: MachOAnomaly[] = [];
        let got;
        try {
          got = swiftTypeNames(b, s, { anomalies, max: 1000 });
        } catch (e) {
          throw new Error(`case ${i} (mode ${mode}): swiftTypeNames threw ${String(e)}`, { cause: e });
        }
        expect(anomalies.length).toBeLessThanOrEqual(8);
        for (const t of got) expect(t.name.length).toBeGreaterThan(0);
        if (JSON.stringify(got) !== expected || anomalies.length > 0) changed++;
      }
      for (const n of ['_TtC6MyBank19LoginViewController', String.fromCharCode(...b.subarray(metaStart, metaStart + 40))]) demangleObjcClassName(n);
    }
    // The mutations must reach the metadata, not only bytes nobody reads.
    expect(changed).toBeGreaterThan(150);
  });
});
