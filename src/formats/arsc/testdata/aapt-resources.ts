/**
 * Test-only: reads `aapt dump --values resources` (aapt 1, ResTable::print) and compares it with a ResourceTable:
 * resource names, configurations, raw typed values, strings and bags.
 */
import type { ResourceTable } from '../resource-table.js';

export interface AaptValue {
  config: string;
  resId: number;
  name: string;
  type?: number;
  data?: number;
  /** The printed value line, e.g. `(string8) "DFS Fixture"`. */
  text?: string;
  bag?: { parent: number; count: number; items: Array<{ key: number; text: string }> };
}

export interface AaptDump {
  names: Map<number, string>;
  values: AaptValue[];
}

export function parseAaptResources(text: string): AaptDump {
  const names = new Map<number, string>();
  const values: AaptValue[] = [];
  let config = '';
  let last: AaptValue | undefined;
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^\s+spec resource 0x([0-9a-f]{8}) (\S+): flags=/.exec(line))) {
      names.set(parseInt(m[1]!, 16), m[2]!);
    } else if ((m = /^\s+config (.*):$/.exec(line))) {
      // Sparse chunks print as "config land flags=0x01 [sparse]:".
      const label = m[1]!.replace(/ flags=0x[0-9a-f]+.*$/, '');
      config = label === '(default)' ? 'default' : label;
      last = undefined;
    } else if ((m = /^\s+resource 0x([0-9a-f]{8}) (\S+): t=0x([0-9a-f]{2}) d=0x([0-9a-f]{8})/.exec(line))) {
      last = { config, resId: parseInt(m[1]!, 16), name: m[2]!, type: parseInt(m[3]!, 16), data: parseInt(m[4]!, 16) };
      values.push(last);
    } else if ((m = /^\s+resource 0x([0-9a-f]{8}) (\S+): <bag>$/.exec(line))) {
      last = { config, resId: parseInt(m[1]!, 16), name: m[2]!, bag: { parent: 0, count: 0, items: [] } };
      values.push(last);
    } else if (last?.bag && (m = /^\s+Parent=0x([0-9a-f]{8})\(Resolved=0x[0-9a-f]{8}\), Count=(\d+)$/.exec(line))) {
      last.bag.parent = parseInt(m[1]!, 16);
      last.bag.count = Number(m[2]);
    } else if (last?.bag && (m = /^\s+#\d+ \(Key=0x([0-9a-f]{8})\): (.*)$/.exec(line))) {
      last.bag.items.push({ key: parseInt(m[1]!, 16), text: m[2]! });
    } else if (last && !last.bag && last.text === undefined && /^\s+\(/.test(line)) {
      last.text = line.trim();
    }
  }
  return { names, values };
}

/** ResTable::normalizeForOutput. */
function normalize(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** The string of a printed value line, when it is one: `(string8) "…"` / `(string16) "…"`. */
function printedString(text: string | undefined): string | undefined {
  const m = text === undefined ? null : /^\(string(?:8|16)\) "(.*)"$/s.exec(text);
  return m ? m[1] : undefined;
}

/**
 * Equality of our string with aapt's printout. aapt prints pool bytes as they are, so strings that aapt2 stored as
 * CESU-8 (surrogate pairs as two 3-byte sequences) come out as invalid UTF-8; compare up to the first such char.
 */
function sameString(ours: string | undefined, printed: string): boolean {
  const bad = printed.indexOf('\ufffd');
  const mine = normalize(ours ?? '');
  return bad < 0 ? mine === printed : mine.startsWith(printed.slice(0, bad));
}

/** Differences between the table and aapt's dump (empty when they agree). */
export function compareWithAaptResources(table: ResourceTable, dump: string, limit = 20): string[] {
  const { names, values } = parseAaptResources(dump);
  const diffs: string[] = [];
  const add = (s: string): void => {
    if (diffs.length < limit) diffs.push(s);
  };
  if (names.size === 0) add('aapt printed no resources');
  for (const [id, name] of names) {
    const n = table.nameOf(id);
    const ours = n === undefined ? undefined : `${n.package}:${n.type}/${n.entry}`;
    if (ours !== name) add(`0x${id.toString(16)}: name ${name} vs ours ${ours}`);
  }
  const perId = new Map<number, number>();
  for (const v of values) perId.set(v.resId, (perId.get(v.resId) ?? 0) + 1);
  for (const [id, count] of perId) {
    const ours = table.resolve(id, { followReferences: false }).length;
    if (ours !== count) add(`0x${id.toString(16)}: ${count} configurations vs ours ${ours}`);
  }
  for (const v of values) {
    const at = `0x${v.resId.toString(16)} [${v.config}]`;
    const ours = table.resolve(v.resId, { followReferences: false }).find((r) => r.config.label === v.config);
    if (ours === undefined) {
      add(`${at}: no value for this configuration in ours (${table.resolve(v.resId).map((r) => r.config.label).join(', ')})`);
      continue;
    }
    if (v.bag) {
      if (!ours.bag) {
        add(`${at}: bag vs ours simple`);
        continue;
      }
      if (ours.bag.parent !== v.bag.parent) add(`${at}: bag parent ${v.bag.parent} vs ours ${ours.bag.parent}`);
      if (ours.bag.items.length !== v.bag.count) add(`${at}: bag count ${v.bag.count} vs ours ${ours.bag.items.length}`);
      v.bag.items.forEach((item, i) => {
        const o = ours.bag!.items[i];
        if (o?.name !== item.key) add(`${at}#${i}: key ${item.key} vs ours ${o?.name}`);
        const s = printedString(item.text);
        if (s !== undefined && !sameString(o?.string, s)) add(`${at}#${i}: string "${s}" vs ours "${o?.string}"`);
      });
      continue;
    }
    if (ours.value.type !== v.type || ours.value.data >>> 0 !== v.data) {
      add(`${at}: t=${v.type} d=${v.data} vs ours t=${ours.value.type} d=${ours.value.data >>> 0}`);
    }
    const s = printedString(v.text);
    if (s !== undefined && !sameString(ours.string, s)) add(`${at}: string "${s}" vs ours "${ours.string}"`);
  }
  return diffs;
}
