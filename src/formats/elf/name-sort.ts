/**
 * @module formats/elf/name-sort
 * Sorting symbol names in place in the string table bytes, without making strings first.
 *
 * Symbol tables hold thousands of names sharing long prefixes (`_ZNSt6__ndk1…`, `epoxy_gl…`,
 * `Java_com_…`); comparing them as JS strings dominated parse time. Multikey quicksort (Bentley and
 * Sedgewick, "Fast Algorithms for Sorting and Searching Strings", SODA 1997) looks at each prefix byte
 * about once instead of once per comparison; here it steps four bytes at a time. Pivots are chosen at
 * random so that no crafted table can force the quadratic case; the result does not depend on them.
 */

const INSERTION_SORT_BELOW = 12;

/**
 * The four name bytes from `depth` as one unsigned big-endian number, 0-padded past the end. Names come
 * from NUL-terminated strings and never contain 0, so the padding sorts a name before its extensions
 * and a key ending in 0 means the name ends inside this window.
 */
function keyAt(bytes: Uint8Array, start: number, length: number, depth: number): number {
  if (depth + 4 <= length) {
    const o = start + depth;
    return ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
  }
  let key = 0;
  for (let j = 0; j < 4; j++) key = key * 256 + (depth + j < length ? bytes[start + depth + j]! : 0);
  return key;
}

/**
 * Sorts `order` (indices into `starts`/`lengths`) so that the names `bytes[starts[i] .. +lengths[i]]` are
 * in ascending byte order (a proper prefix first). Names must not contain 0 bytes.
 */
export function sortNameIndices(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array, order: Int32Array): void {
  // Explicit stack of (lo, hi, depth), hi exclusive: recursion could go as deep as a name is long.
  const stack: number[] = [0, order.length, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo < 2) continue;
    if (hi - lo < INSERTION_SORT_BELOW) {
      insertionSort(bytes, starts, lengths, order, lo, hi, depth);
      continue;
    }
    const p = order[lo + Math.floor(Math.random() * (hi - lo))]!;
    const pivot = keyAt(bytes, starts[p]!, lengths[p]!, depth);
    // Three-way partition on the key at `depth`: [lo, lt) < pivot, [lt, gt) = pivot, [gt, hi) > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i < gt) {
      const k = order[i]!;
      const c = keyAt(bytes, starts[k]!, lengths[k]!, depth);
      if (c < pivot) {
        order[i++] = order[lt]!;
        order[lt++] = k;
      } else if (c > pivot) {
        order[i] = order[--gt]!;
        order[gt] = k;
      } else {
        i++;
      }
    }
    stack.push(lo, lt, depth, gt, hi, depth);
    // Equal keys ending in a 0 pad are equal names; the others continue four bytes further.
    if ((pivot & 0xff) !== 0) stack.push(lt, gt, depth + 4);
  }
}

/** Byte comparison of two names from `depth` on (earlier bytes are known equal). */
export function compareNames(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array, a: number, b: number, depth = 0): number {
  const la = lengths[a]!;
  const lb = lengths[b]!;
  const sa = starts[a]!;
  const sb = starts[b]!;
  const n = Math.min(la, lb);
  for (let d = depth; d < n; d++) {
    const diff = bytes[sa + d]! - bytes[sb + d]!;
    if (diff !== 0) return diff;
  }
  return la - lb;
}

function insertionSort(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array, order: Int32Array, lo: number, hi: number, depth: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = order[i]!;
    let j = i - 1;
    while (j >= lo && compareNames(bytes, starts, lengths, order[j]!, v, depth) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = v;
  }
}
