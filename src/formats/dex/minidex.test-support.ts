/**
 * A tiny DEX writer for tests that need files smali cannot make: DEX 041 containers (several parts in
 * one file, every offset counted from the start of the container) and precisely broken structures.
 * It lays out header, id tables and data in spec order ("Dalvik Executable format", "File layout");
 * strings are ASCII, every method is a direct method with code. Not used by the product code.
 */

export interface MiniMethod {
  /** Index returned by MiniDex.method(). */
  method: number;
  flags: number;
  registers: number;
  ins: number;
  outs: number;
  insns: number[];
}

export class MiniDex {
  private readonly strings: string[] = [];
  private readonly types: number[] = [];
  private readonly protos: { shorty: number; ret: number; params: number[] }[] = [];
  private readonly methods: { cls: number; proto: number; name: number }[] = [];
  private readonly classes: { type: number; superType: number; methods: MiniMethod[] }[] = [];

  str(s: string): number {
    const i = this.strings.indexOf(s);
    if (i >= 0) return i;
    this.strings.push(s);
    return this.strings.length - 1;
  }

  type(descriptor: string): number {
    const s = this.str(descriptor);
    const i = this.types.indexOf(s);
    if (i >= 0) return i;
    this.types.push(s);
    return this.types.length - 1;
  }

  method(cls: string, name: string, ret: string, params: string[] = []): number {
    const shortyOf = (t: string): string => (t.startsWith('L') || t.startsWith('[') ? 'L' : t);
    const proto = { shorty: this.str(shortyOf(ret) + params.map(shortyOf).join('')), ret: this.type(ret), params: params.map((p) => this.type(p)) };
    let p = this.protos.findIndex((x) => x.shorty === proto.shorty && x.ret === proto.ret && x.params.join() === proto.params.join());
    if (p < 0) p = this.protos.push(proto) - 1;
    const m = { cls: this.type(cls), proto: p, name: this.str(name) };
    const found = this.methods.findIndex((x) => x.cls === m.cls && x.proto === m.proto && x.name === m.name);
    return found >= 0 ? found : this.methods.push(m) - 1;
  }

  addClass(type: string, superType: string, methods: MiniMethod[]): void {
    // class_data_item lists methods by increasing method_idx (delta encoded).
    const sorted = [...methods].sort((x, y) => x.method - y.method);
    this.classes.push({ type: this.type(type), superType: this.type(superType), methods: sorted });
  }

  /** The file bytes; every offset written is `base` + the local offset (DEX 041 container parts). */
  build(version = 35, base = 0): Uint8Array {
    const headerSize = version >= 41 ? 0x78 : 0x70;
    const out: number[] = [];
    const u8 = (v: number): void => {
      out.push(v & 0xff);
    };
    const u16 = (v: number): void => {
      u8(v);
      u8(v >>> 8);
    };
    const u32 = (v: number): void => {
      u16(v & 0xffff);
      u16(v >>> 16);
    };
    const uleb = (v: number): void => {
      do {
        const b = v & 0x7f;
        v >>>= 7;
        u8(v ? b | 0x80 : b);
      } while (v);
    };
    const align4 = (): void => {
      while (out.length % 4) u8(0);
    };
    const patch32 = (at: number, v: number): void => {
      out[at] = v & 0xff;
      out[at + 1] = (v >>> 8) & 0xff;
      out[at + 2] = (v >>> 16) & 0xff;
      out[at + 3] = (v >>> 24) & 0xff;
    };

    for (let i = 0; i < headerSize; i++) u8(0);
    const stringIds = out.length;
    for (const _ of this.strings) u32(0);
    const typeIds = out.length;
    for (const t of this.types) u32(t);
    const protoIds = out.length;
    for (const p of this.protos) {
      u32(p.shorty);
      u32(p.ret);
      u32(0);
    }
    const methodIds = out.length;
    for (const m of this.methods) {
      u16(m.cls);
      u16(m.proto);
      u32(m.name);
    }
    const classDefs = out.length;
    for (const c of this.classes) {
      u32(c.type);
      u32(1);
      u32(c.superType);
      u32(0);
      u32(0xffffffff);
      u32(0);
      u32(0);
      u32(0);
    }
    const dataOff = out.length;
    this.strings.forEach((s, i) => {
      patch32(stringIds + 4 * i, base + out.length);
      uleb(s.length);
      for (let k = 0; k < s.length; k++) u8(s.charCodeAt(k));
      u8(0);
    });
    align4();
    this.protos.forEach((p, i) => {
      if (p.params.length === 0) return;
      align4();
      patch32(protoIds + 12 * i + 8, base + out.length);
      u32(p.params.length);
      for (const t of p.params) u16(t);
    });
    const codeOffs = this.classes.map((c) =>
      c.methods.map((m) => {
        align4();
        const at = out.length;
        u16(m.registers);
        u16(m.ins);
        u16(m.outs);
        u16(0);
        u32(0);
        u32(m.insns.length);
        for (const w of m.insns) u16(w);
        return base + at;
      }),
    );
    this.classes.forEach((c, i) => {
      patch32(classDefs + 32 * i + 24, base + out.length);
      uleb(0);
      uleb(0);
      uleb(c.methods.length);
      uleb(0);
      let prev = 0;
      c.methods.forEach((m, k) => {
        uleb(k === 0 ? m.method : m.method - prev);
        prev = m.method;
        uleb(m.flags);
        uleb(codeOffs[i]![k]!);
      });
    });
    align4();
    const mapOff = out.length;
    const sections: [number, number, number][] = [
      [0x0000, 1, 0], [0x0001, this.strings.length, stringIds], [0x0002, this.types.length, typeIds],
      [0x0003, this.protos.length, protoIds], [0x0005, this.methods.length, methodIds],
      [0x0006, this.classes.length, classDefs], [0x1000, 1, mapOff],
    ];
    u32(sections.length);
    for (const [type, size, off] of sections) {
      u16(type);
      u16(0);
      u32(size);
      u32(base + off);
    }

    const h = (at: number, v: number): void => patch32(at, v);
    const magic = `dex\n${String(version).padStart(3, '0')}\0`;
    for (let k = 0; k < 8; k++) out[k] = magic.charCodeAt(k);
    h(32, out.length);
    h(36, headerSize);
    h(40, 0x12345678);
    h(52, base + mapOff);
    const table = (at: number, n: number, off: number): void => {
      h(at, n);
      h(at + 4, n ? base + off : 0);
    };
    table(56, this.strings.length, stringIds);
    table(64, this.types.length, typeIds);
    table(72, this.protos.length, protoIds);
    table(80, 0, 0);
    table(88, this.methods.length, methodIds);
    table(96, this.classes.length, classDefs);
    h(104, out.length - dataOff);
    h(108, base + dataOff);
    if (version >= 41) {
      h(112, out.length); // container_size: the caller patches it when it appends more parts
      h(116, base);
    }
    return Uint8Array.from(out);
  }
}

/** Concatenates DEX 041 parts built with increasing `base`s and writes the final container_size into each. */
export function containerOf(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    new DataView(out.buffer).setUint32(at + 112, total, true);
    at += p.length;
  }
  return out;
}
