import { describe, expect, it } from 'vitest';
import { readMachOFile, type MachOAnomaly, type MachOFile } from './index.js';
import { demangleNominalType, demangleObjcClassName, swiftTypeNames, type SwiftTypeName } from './swift.js';
import { buildSwiftMachO, fixture, type SwiftMachOSpec } from './testing.js';

function names(spec: SwiftMachOSpec, max?: number): { types: SwiftTypeName[]; anomalies: MachOAnomaly[]; file: MachOFile } {
  const bytes = buildSwiftMachO(spec);
  const file = readMachOFile(bytes);
  const anomalies: MachOAnomaly[] = [];
  const types = swiftTypeNames(bytes, file.slices[0]!, { anomalies, ...(max === undefined ? {} : { max }) });
  return { types, anomalies, file };
}

const bank = { id: 'mod', kind: 0, name: 'MyBank' };

describe('swiftTypeNames', () => {
  it('names a class in a module', () => {
    const { types, anomalies, file } = names({ descriptors: [bank, { id: 'login', kind: 16, parent: 'mod', name: 'LoginViewController' }], types: ['login'] });
    expect(file.anomalies).toEqual([]);
    expect(types).toEqual([{ name: 'MyBank.LoginViewController', kind: 'class', module: 'MyBank' }]);
    expect(anomalies).toEqual([]);
  });

  it('qualifies nested types: module → struct → enum, and reads protocols', () => {
    const { types } = names({
      descriptors: [bank, { id: 'outer', kind: 17, parent: 'mod', name: 'Account' }, { id: 'inner', kind: 18, parent: 'outer', name: 'Status' }, { id: 'proto', kind: 3, parent: 'mod', name: 'PinValidating' }],
      types: ['outer', 'inner'],
      protos: ['proto'],
    });
    expect(types).toEqual([
      { name: 'MyBank.Account', kind: 'struct', module: 'MyBank' },
      { name: 'MyBank.Account.Status', kind: 'enum', module: 'MyBank' },
      { name: 'MyBank.PinValidating', kind: 'protocol', module: 'MyBank' },
    ]);
  });

  it('qualifies a type declared in an extension by the extended type', () => {
    const { types } = names({
      descriptors: [
        bank,
        { id: 'user', kind: 16, parent: 'mod', name: 'User' },
        { id: 'extSym', kind: 1, parent: 'mod', extended: { symbolic: 'user' } },
        { id: 'a', kind: 17, parent: 'extSym', name: 'Token' },
        { id: 'extUIKit', kind: 1, parent: 'mod', extended: 'So6UIViewC' },
        { id: 'b', kind: 18, parent: 'extUIKit', name: 'Style' },
        { id: 'extOdd', kind: 1, parent: 'mod', extended: 'yG_unreadable' },
        { id: 'c', kind: 17, parent: 'extOdd', name: 'Helper' },
        { id: 'anon', kind: 2, parent: 'mod' },
        { id: 'd', kind: 16, parent: 'anon', name: 'PrivateCache' },
      ],
      types: ['a', 'b', 'c', 'd'],
    });
    expect(types).toEqual([
      { name: 'MyBank.User.Token', kind: 'struct', module: 'MyBank' },
      { name: '__C.UIView.Style', kind: 'enum', module: 'MyBank' },
      { name: 'MyBank.Helper', kind: 'struct', module: 'MyBank' },
      { name: 'MyBank.PrivateCache', kind: 'class', module: 'MyBank' },
    ]);
  });

  it('follows indirect references through pointer slots (plain VM address and chained rebase); a bind leaves the binary', () => {
    const { types, anomalies } = names({
      descriptors: [
        bank,
        { id: 'viaSlot', kind: 16, parent: { indirect: 'mod' }, name: 'A' },
        { id: 'viaChain', kind: 17, parent: { indirect: 'mod', slot: 'chained' }, name: 'B' },
        { id: 'external', kind: 16, parent: { indirect: 'mod', slot: 'bind' }, name: 'C' },
        { id: 'indirectType', kind: 18, parent: 'mod', name: 'D' },
      ],
      types: ['viaSlot', 'viaChain', 'external', { indirect: 'indirectType' }],
    });
    expect(types).toEqual([
      { name: 'MyBank.A', kind: 'class', module: 'MyBank' },
      { name: 'MyBank.B', kind: 'struct', module: 'MyBank' },
      { name: 'C', kind: 'class', module: '' },
      { name: 'MyBank.D', kind: 'enum', module: 'MyBank' },
    ]);
    expect(anomalies).toEqual([]);
  });

  it('skips records whose pointers leave the file, and says so', () => {
    const { types, anomalies } = names({
      descriptors: [bank, { id: 'ok', kind: 16, parent: 'mod', name: 'Good' }, { id: 'badName', kind: 16, parent: 'mod', name: { raw: 0x7fff0000 } }, { id: 'badParent', kind: 16, parent: { raw: -0x40000000 }, name: 'X' }],
      types: ['ok', { raw: 0x7ffffff0 }, 'badName', 'badParent', { raw: 2 }],
    });
    expect(types.map((t) => t.name)).toEqual(['MyBank.Good']);
    expect(anomalies.map((a) => a.kind).sort()).toEqual(['swift-metadata-name', 'swift-metadata-unreadable']);
    expect(anomalies.find((a) => a.kind === 'swift-metadata-unreadable')!.message).toMatch(/^2 Swift metadata records skipped/);
  });

  it('survives a parent cycle and a self-parent', () => {
    const { types, anomalies } = names({
      descriptors: [bank, { id: 'x', kind: 16, parent: 'y', name: 'X' }, { id: 'y', kind: 17, parent: 'x', name: 'Y' }, { id: 'self', kind: 18, parent: 'self', name: 'S' }, { id: 'ok', kind: 18, parent: 'mod', name: 'Fine' }],
      types: ['x', 'y', 'self', 'ok'],
    });
    expect(types.map((t) => t.name)).toEqual(['MyBank.Fine']);
    expect(anomalies).toEqual([{ kind: 'swift-metadata-cycle', message: '3 Swift metadata records skipped: the parent chain loops' }]);
  });

  it('caps the chain depth', () => {
    const chain = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, kind: 17, parent: i === 0 ? 'mod' : `s${i - 1}`, name: `S${i}` }));
    const { types, anomalies } = names({ descriptors: [bank, ...chain], types: ['s39', 's3'] });
    expect(types.map((t) => t.name)).toEqual(['MyBank.S0.S1.S2.S3']);
    expect(anomalies.map((a) => a.kind)).toEqual(['swift-metadata-depth']);
  });

  it('rejects descriptors of the wrong kind in each section', () => {
    const { types, anomalies } = names({ descriptors: [bank, { id: 'p', kind: 3, parent: 'mod', name: 'P' }, { id: 'op', kind: 4, parent: 'mod' }], types: ['mod', 'p', 'op'], protos: ['mod'] });
    expect(types).toEqual([]);
    expect(anomalies).toEqual([{ kind: 'swift-metadata-kind', message: '4 Swift metadata records skipped: the descriptor kind is not a module, extension, protocol or nominal type' }]);
  });

  it('clamps a section size that lies, and caps the record count', () => {
    const lying = names({ descriptors: [bank, { id: 'a', kind: 16, parent: 'mod', name: 'A' }], types: ['a'], typesSize: 0x7ffffff0 });
    expect(lying.file.anomalies.map((a) => a.kind)).toContain('section-out-of-file');
    expect(lying.types.map((t) => t.name)).toEqual(['MyBank.A']);
    // The lying size swallows the protocol and __const bytes as records: they are skipped, never thrown on.
    expect(lying.anomalies.length).toBeGreaterThan(0);

    const many = Array.from({ length: 30 }, (_, i) => ({ id: `t${i}`, kind: 17, parent: 'mod', name: `T${i}` }));
    const capped = names({ descriptors: [bank, ...many], types: many.map((d) => d.id) }, 10);
    expect(capped.types).toHaveLength(10);
    expect(capped.anomalies).toEqual([{ kind: 'swift-records-truncated', message: '__swift5_types holds 30 records, 10 read' }]);
  });

  it('keeps each name once and skips Objective-C class records', () => {
    const { types } = names({ descriptors: [bank, { id: 'a', kind: 16, parent: 'mod', name: 'A' }], types: ['a', 'a', { raw: 0x12 }, { raw: 0x13 }] });
    expect(types.map((t) => t.name)).toEqual(['MyBank.A']);
  });

  it('reads nothing from an encrypted slice, and nothing from binaries without Swift', () => {
    expect(names({ descriptors: [bank, { id: 'a', kind: 16, parent: 'mod', name: 'A' }], types: ['a'], cryptid: 1 }).types).toEqual([]);
    expect(names({ descriptors: [bank, { id: 'a', kind: 16, parent: 'mod', name: 'A' }], types: ['a'], cryptid: 0 }).types).toHaveLength(1);
    const hello = fixture('hello.arm64.gz');
    expect(swiftTypeNames(hello, readMachOFile(hello).slices[0]!)).toEqual([]);
  });
});

describe('demangleObjcClassName', () => {
  it('reads the Swift class runtime names', () => {
    const cases: Array<[string, string]> = [
      ['_TtC6MyBank9LoginView', 'MyBank.LoginView'],
      ['_TtC6MyBank19LoginViewController', 'MyBank.LoginViewController'],
      ['_TtCC6MyBank5Outer5Inner', 'MyBank.Outer.Inner'],
      ['_TtCV6MyBank7Account6Status', 'MyBank.Account.Status'],
      ['_TtCs12_SwiftObject', 'Swift._SwiftObject'],
      ['_TtC6MyBankP33_0123456789ABCDEF0123456789ABCDEF9PinHelper', 'MyBank.PinHelper'],
      ['_TtP6MyBank8Delegate_', 'MyBank.Delegate'],
    ];
    for (const [mangled, plain] of cases) expect(demangleObjcClassName(mangled), mangled).toBe(plain);
  });
  // `_TtC7MyBank9LoginView` miscounts "MyBank" (6 letters): not a valid mangling, so it stays as it is.
  it('leaves everything else unchanged', () => {
    for (const n of ['LoginViewController', 'TSKPinningValidator', '_TtGC6MyBank4Box_Si_', '_TtC6MyBank', '_TtC6MyBank99Short', '_TtC7MyBank9LoginView', '_TtC6MyBank4Userx', '_TtP6MyBank8Delegate', '_TtV6MyBank4User', '_Tt', '_TtC0', '_TtCX6MyBank']) {
      expect(demangleObjcClassName(n), n).toBe(n);
    }
  });
});

describe('demangleNominalType', () => {
  it('reads simple nominal manglings and nothing more', () => {
    expect(demangleNominalType('6MyBank4UserC')).toEqual(['MyBank', 'User']);
    expect(demangleNominalType('6MyBank5OuterV5InnerO')).toEqual(['MyBank', 'Outer', 'Inner']);
    expect(demangleNominalType('So8NSObjectC')).toEqual(['__C', 'NSObject']);
    expect(demangleNominalType('SS')).toEqual(['Swift', 'String']);
    for (const n of ['6MyBank', '6MyBank4User', '6MyBank4UserCy', 'yG', '', 'SZ']) expect(demangleNominalType(n), n).toBeUndefined();
  });
});
