/**
 * @module fuzz/mutate
 * Seeded mutation fuzzing of whole apps, shared by the CI test (a few hundred cases) and `npm run fuzz`
 * (as many as you like). Mutations work at two levels: raw bytes of the archive (truncation, bit flips, ZIP
 * tricks), and inside entries (the manifest, DEX, resources, native libraries and signature files are
 * mutated and the archive re-written), because flipped bits in compressed data mostly stop at the CRC check
 * and would never reach the inner parsers.
 */
import { ZipArchive } from '../formats/zip/index.js';
import { buildZip, type TestZipEntry } from '../formats/zip/testing.js';

/** xorshift32: small, fast, and the same sequence on every machine for a given seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

export interface Mutation {
  kind: string;
  detail: string;
  bytes: Uint8Array;
}

/** Values that tend to break length and offset fields. */
const INTERESTING32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

function flipBits(src: Uint8Array, rng: Rng, count: number, from = 0, to = src.length): Uint8Array {
  const b = Uint8Array.from(src);
  for (let i = 0; i < count && to > from; i++) {
    const o = from + rng.int(to - from);
    b[o] = b[o]! ^ (1 << rng.int(8));
  }
  return b;
}

function smashInt(src: Uint8Array, rng: Rng): Uint8Array {
  const b = Uint8Array.from(src);
  if (b.length < 4) return b;
  const o = rng.int(b.length - 3);
  new DataView(b.buffer).setUint32(o, rng.pick(INTERESTING32), rng.int(2) === 0);
  return b;
}

function mutateBytes(src: Uint8Array, rng: Rng): { how: string; bytes: Uint8Array } {
  switch (rng.int(4)) {
    case 0: {
      const n = 1 + rng.int(32);
      return { how: `flip ${n} bits`, bytes: flipBits(src, rng, n) };
    }
    case 1: {
      const k = 1 + rng.int(8);
      let b = src;
      for (let i = 0; i < k; i++) b = smashInt(b, rng);
      return { how: `smash ${k} ints`, bytes: b };
    }
    case 2: {
      const cut = rng.int(src.length);
      return { how: `truncate at ${cut}`, bytes: src.slice(0, cut) };
    }
    default: {
      // flips concentrated in the first KiB, where headers and tables live
      const n = 1 + rng.int(16);
      return { how: `flip ${n} header bits`, bytes: flipBits(src, rng, n, 0, Math.min(src.length, 1024)) };
    }
  }
}

interface Unpacked {
  name: string;
  data: Uint8Array;
  method: 'store' | 'deflate';
}

function unpack(apk: Uint8Array): Unpacked[] {
  const z = ZipArchive.open(apk);
  return z.entries.filter((e) => !e.isDirectory).map((e) => ({ name: e.name, data: z.read(e), method: e.method === 0 ? 'store' : 'deflate' }));
}

const INNER_TARGETS = [
  /^AndroidManifest\.xml$/, /^classes\d*\.dex$/, /^resources\.arsc$/, /^lib\/.+\.so$/, /^META-INF\/.+/, /^res\/xml\/.+\.xml$/,
  // IPA: Info.plist, the provisioning profile and the executables (main binary, frameworks)
  /^Payload\/[^/]+\.app\/Info\.plist$/, /\.mobileprovision$/, /^Payload\/[^/]+\.app\/[^/.]+$/, /\.framework\/[^/.]+$/,
];

/** One mutated variant of `apk` for case number `index` of `seed`. Deterministic. */
export function mutateApk(apk: Uint8Array, seed: number, index: number): Mutation {
  const rng = new Rng((seed * 0x01000193) ^ (index * 0x9e3779b1));
  const family = rng.int(10);
  if (family < 3) {
    const m = mutateBytes(apk, rng);
    return { kind: 'archive-bytes', detail: m.how, bytes: m.bytes };
  }
  const entries = unpack(apk);
  if (family < 8) {
    const candidates = entries.filter((e) => INNER_TARGETS.some((re) => re.test(e.name)));
    const target = candidates.length ? rng.pick(candidates) : rng.pick(entries);
    const m = mutateBytes(target.data, rng);
    const rebuilt: TestZipEntry[] = entries.map((e) => ({ name: e.name, data: e === target ? m.bytes : e.data, method: e.method }));
    return { kind: 'entry-bytes', detail: `${target.name}: ${m.how}`, bytes: buildZip(rebuilt) };
  }
  // ZIP-level tricks on a well-formed archive
  const base: TestZipEntry[] = entries.map((e) => ({ name: e.name, data: e.data, method: e.method }));
  const trick = rng.int(6);
  switch (trick) {
    case 0: {
      const dup = rng.pick(entries);
      return { kind: 'zip-trick', detail: `duplicate ${dup.name}`, bytes: buildZip([...base, { name: dup.name, data: 'shadow' }]) };
    }
    case 1:
      return { kind: 'zip-trick', detail: 'path traversal names', bytes: buildZip([...base, { name: '../../evil.so', data: 'x' }, { name: '/abs/path', data: 'y' }]) };
    case 2: {
      const t = rng.pick(base);
      t.central = { uncompressedSize: 0xfffffff0 };
      return { kind: 'zip-trick', detail: `huge declared size on ${String(t.name)}`, bytes: buildZip(base) };
    }
    case 3: {
      const t = rng.pick(base);
      t.flags = 1;
      return { kind: 'zip-trick', detail: `encrypted flag on ${String(t.name)}`, bytes: buildZip(base) };
    }
    case 4:
      return { kind: 'zip-trick', detail: 'prepended data', bytes: buildZip(base, { prefix: new Uint8Array(1000 + rng.int(4000)).fill(0x41) }) };
    default: {
      const t = rng.pick(base);
      t.method = 12; // bzip2: not supported by Android either
      return { kind: 'zip-trick', detail: `unknown method on ${String(t.name)}`, bytes: buildZip(base) };
    }
  }
}
