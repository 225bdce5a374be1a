/**
 * The iOS checks against the ground truth of the corpus IPAs (skipped when the corpus is absent): for each
 * ios_* category these checks answer, a verified weakness must produce a finding and a verified negative
 * must produce none. The expected values are read from the corpus's expected.json, not written here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IosApp } from '../../app/ios.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, loadExpected } from '../../../test/corpus.js';
import { iosChecks } from './index.js';
import { run } from './testing.test-support.js';

/** Ground-truth category → the check that answers it. */
const IOS_CATEGORY_CHECKS: Record<string, string> = {
  ios_no_pie: 'ios.binary.pie',
  ios_no_stack_canary: 'ios.binary.stack-canary',
  ios_no_arc: 'ios.binary.arc',
  ios_not_encrypted: 'ios.binary.not-encrypted',
  ios_symbols_not_stripped: 'ios.binary.symbols-not-stripped',
  ios_unsigned: 'ios.binary.unsigned',
  ios_get_task_allow: 'ios.entitlements.get-task-allow',
  ios_min_os_old: 'ios.config.min-os',
  ios_ats_arbitrary_loads: 'ios.ats.arbitrary-loads',
  ios_url_schemes: 'ios.config.url-schemes',
};


const dir = corpusDir();

describe.skipIf(!dir)('iOS checks on the corpus ground truth', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const expected = dir ? loadExpected(dir) : [];
  const apps = [...new Set(expected.filter((e) => e.app.endsWith('.ipa')).map((e) => e.app))];
  for (const file of apps) {
    it(file, async () => {
      const app = IosApp.open(readFileSync(join(dir!, file)), { label: file });
      const out = await run(app, iosChecks);
      const lines: string[] = [];
      let covered = 0;
      for (const e of expected) {
        const checkId = IOS_CATEGORY_CHECKS[e.key];
        if (e.app !== file || !checkId || typeof e.weakness_applies !== 'boolean') continue;
        covered++;
        const found = out.findings.some((f) => f.checkId === checkId);
        lines.push(`${e.key} (${checkId}): expected ${e.weakness_applies ? 'finding' : 'none'}, got ${found ? 'finding' : 'none'}`);
        expect(found, `${file} ${e.key} → ${checkId}`).toBe(e.weakness_applies);
      }
      console.log(`${file}\n  ${lines.join('\n  ')}`);
      expect(covered).toBe(Object.keys(IOS_CATEGORY_CHECKS).length);
    });
  }
});
