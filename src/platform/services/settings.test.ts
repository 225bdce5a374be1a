import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/db.js';
import { HttpError } from '../http/routes.js';
import { DEFAULT_SLA_DAYS, getSlaDays, parseSlaDays } from './settings.js';

const GOOD = { critical: 7, high: 30, medium: 90, low: 180, info: 365 };

function refused(raw: unknown): string {
  try {
    parseSlaDays(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(400);
    return (e as HttpError).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

/** A Queryable that answers the settings query with the given rows. */
function rows(r: unknown[]): Queryable {
  return { query: async <T>() => r as T[], exec: async () => undefined };
}

describe('SLA days', () => {
  it('accepts whole days 1..3650, from JSON numbers or form text, in severity order', () => {
    expect(parseSlaDays(GOOD)).toEqual(GOOD);
    expect(parseSlaDays({ critical: '1', high: ' 1 ', medium: '1', low: '1', info: '3650' })).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 3650 });
    // Equal days for neighbouring severities are fine.
    expect(parseSlaDays({ critical: 30, high: 30, medium: 30, low: 30, info: 30 }).info).toBe(30);
  });

  it('refuses everything else with a message naming the problem', () => {
    expect(refused({ ...GOOD, critical: 0 })).toContain('critical');
    expect(refused({ ...GOOD, info: 3651 })).toContain('3650');
    expect(refused({ ...GOOD, info: '3651' })).toContain('3650');
    expect(refused({ ...GOOD, high: 2.5 })).toContain('high');
    expect(refused({ ...GOOD, high: '2.5' })).toContain('high');
    expect(refused({ ...GOOD, medium: '1e2' })).toContain('medium');
    expect(refused({ ...GOOD, medium: '-5' })).toContain('medium');
    expect(refused({ ...GOOD, low: Number.NaN })).toContain('low');
    expect(refused({ ...GOOD, low: true })).toContain('low');
    expect(refused({ ...GOOD, low: '' })).toContain('required');
    expect(refused({ critical: 7, high: 30, medium: 90, low: 180 })).toContain('info');
    expect(refused({ ...GOOD, severe: 3 })).toContain('not a severity');
    expect(refused({ ...GOOD, __proto__x: 3 })).toContain('not a severity');
    expect(refused({ ...GOOD, critical: 31 })).toContain('critical findings cannot get more days (31) than high');
    expect(refused({ ...GOOD, low: 400 })).toContain('low findings cannot get more days (400) than info');
    for (const raw of [undefined, null, 'x', 7, [7, 30, 90, 180, 365]]) refused(raw);
  });

  it('falls back to the defaults for a missing row or unusable stored values', async () => {
    expect(await getSlaDays(rows([]), 'org')).toEqual(DEFAULT_SLA_DAYS);
    expect(await getSlaDays(rows([{ sla_days: null }]), 'org')).toEqual(DEFAULT_SLA_DAYS);
    expect(await getSlaDays(rows([{ sla_days: { critical: 2, high: 'x', medium: 0, low: 1.5 } }]), 'org')).toEqual({ ...DEFAULT_SLA_DAYS, critical: 2 });
  });
});
