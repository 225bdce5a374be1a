import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/routes.js';
import { parseAuditQuery } from './users.js';

function status(f: () => unknown): number | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as HttpError).status;
  }
}

describe('audit log query', () => {
  it('reads limit, before and an action prefix', () => {
    expect(parseAuditQuery({})).toEqual({ limit: 50 });
    expect(parseAuditQuery({}, 200)).toEqual({ limit: 200 });
    expect(parseAuditQuery({ limit: '200', before: '12', action: 'user.role_changed' })).toEqual({ limit: 200, before: 12, actionPrefix: 'user.role_changed' });
    expect(parseAuditQuery({ limit: '', before: '', action: '' })).toEqual({ limit: 50 });
  });

  it('refuses malformed values with a 400 (never a 500, never a silent default)', () => {
    for (const q of [{ limit: '0' }, { limit: '201' }, { limit: '-1' }, { limit: '1.5' }, { limit: ['1', '2'] }, { before: '0' }, { before: '99999999999999999' }, { before: 'x' }, { action: 'User.' }, { action: "user.%' or 1=1" }, { action: 'a'.repeat(61) }, { action: ['user.', 'token.'] }]) {
      expect(status(() => parseAuditQuery(q as Record<string, unknown>)), JSON.stringify(q)).toBe(400);
    }
  });
});
