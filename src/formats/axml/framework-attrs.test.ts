import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../../../test/corpus.js';
import { FRAMEWORK_ATTR_TABLE, FRAMEWORK_ATTR_TABLE_DUMPED_UP_TO } from './framework-attr-table.js';
import { AndroidAttr, frameworkAttrId, frameworkAttrName } from './framework-attrs.js';

const FRAMEWORK_RES = '/usr/share/android-framework-res/framework-res.apk';

describe('framework attribute table', () => {
  it('is sorted by id, with unique ids, all in the android:attr range', () => {
    let prev = 0;
    for (const [id, name] of FRAMEWORK_ATTR_TABLE) {
      expect(id).toBeGreaterThan(prev);
      expect(id >>> 16).toBe(0x0101);
      expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      prev = id;
    }
    expect(FRAMEWORK_ATTR_TABLE.length).toBeGreaterThan(1400);
  });

  it('agrees with every named constant in AndroidAttr', () => {
    for (const [name, id] of Object.entries(AndroidAttr)) {
      expect(frameworkAttrName(id), name).toBe(name);
      expect(frameworkAttrId(name), name).toBe(id);
    }
  });

  it('knows the well-known ids', () => {
    expect(frameworkAttrName(0x01010003)).toBe('name');
    expect(frameworkAttrName(0x0101000f)).toBe('debuggable');
    expect(frameworkAttrName(0x0101063e)).toBe('dataExtractionRules');
    expect(frameworkAttrName(0x7f010000)).toBeUndefined();
    expect(frameworkAttrId('no-such-attribute')).toBeUndefined();
  });

  const canDump = hasTool('aapt') && existsSync(FRAMEWORK_RES);
  it.skipIf(!canDump)('matches `aapt dump resources framework-res.apk` (oracle; skipped without aapt or android-framework-res)', () => {
    const dump = execFileSync('aapt', ['dump', 'resources', FRAMEWORK_RES], { maxBuffer: 256 << 20 }).toString();
    const fromDump = new Map<number, string>();
    for (const m of dump.matchAll(/spec resource 0x(0101[0-9a-f]{4}) android:attr\/(\w+):/g)) {
      fromDump.set(parseInt(m[1]!, 16), m[2]!);
    }
    const ours = new Map(FRAMEWORK_ATTR_TABLE.filter(([id]) => id <= FRAMEWORK_ATTR_TABLE_DUMPED_UP_TO));
    expect(ours).toEqual(fromDump);
  });
});
