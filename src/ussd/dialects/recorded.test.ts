import { describe, expect, it } from 'vitest';
import { UssdProtocolError } from '../../errors.js';
import type { Dialect, UssdHttpRequest } from '../types.js';
import { DIALECTS, DIALECT_IDS } from './index.js';
import { loadExchanges, loadMalformed, recordedDialectIds, type RecordedExchange } from './recordings.test-support.js';

function produce(dialect: Dialect, ex: RecordedExchange): UssdHttpRequest {
  if (ex.call === 'request') return dialect.request(ex.hop);
  if (ex.call === 'release') {
    if (!dialect.release) throw new Error(`${dialect.id} has no release()`);
    return dialect.release(ex.hop, ex.reason ?? 'abort');
  }
  if (!dialect.notification || !ex.notification) throw new Error(`${dialect.id} has no notification()`);
  return dialect.notification(ex.hop, ex.notification);
}

/** Field-by-field view of a body, so that a failure says which field differs before the byte comparison. */
function fields(contentType: string | undefined, body: string | undefined): unknown {
  if (body === undefined) return undefined;
  if (contentType?.startsWith('application/json')) return Object.entries(JSON.parse(body) as Record<string, unknown>);
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return [...new URLSearchParams(body).entries()];
  return body;
}

describe('recorded gateway exchanges', () => {
  it('every built-in dialect has recordings, and every recording folder is a dialect', () => {
    expect(recordedDialectIds()).toEqual([...DIALECT_IDS]);
  });

  for (const id of DIALECT_IDS) {
    const dialect = DIALECTS[id]!;
    const exchanges = loadExchanges(id);

    describe(id, () => {
      it('covers a dial hop, a continuing hop, a final screen, the release/notification and malformed answers', () => {
        const hops = exchanges.filter((e) => e.call === 'request');
        expect(hops.some((e) => e.hop.first && e.screen?.continue === true)).toBe(true);
        expect(hops.some((e) => !e.hop.first && e.screen?.continue === true)).toBe(true);
        expect(hops.some((e) => e.screen?.continue === false)).toBe(true);
        if (dialect.semantics.hasRelease) {
          expect(exchanges.filter((e) => e.call === 'release').map((e) => e.reason).sort()).toEqual(['abort', 'timeout']);
        } else expect(dialect.release).toBeUndefined();
        if (dialect.notification) expect(exchanges.some((e) => e.call === 'notification')).toBe(true);
        expect(loadMalformed(id).length).toBeGreaterThanOrEqual(4);
      });

      for (const ex of exchanges) {
        it(`${ex.name}: request reproduces the recording (${ex.description})`, () => {
          const actual = produce(dialect, ex);
          expect(actual.method).toBe(ex.request.method);
          expect(actual.headers).toEqual(ex.request.headers);
          expect(actual.query).toEqual(ex.request.query);
          const ct = ex.request.headers['content-type'];
          expect(fields(ct, actual.body)).toEqual(fields(ct, ex.request.body));
          expect(actual.body).toBe(ex.request.body);
        });
        if (ex.reply && ex.screen) {
          it(`${ex.name}: parse() reads the recorded answer`, () => {
            expect(dialect.parse(ex.reply!, ex.hop)).toEqual(ex.screen);
          });
        }
      }

      for (const bad of loadMalformed(id)) {
        it(`refuses a malformed answer: ${bad.name}`, () => {
          const hop = exchanges[0]!.hop;
          let thrown: unknown;
          try {
            dialect.parse({ status: bad.status, headers: {}, body: bad.body }, hop);
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeInstanceOf(UssdProtocolError);
          expect((thrown as UssdProtocolError).code).toBe('DFSLAB_E_USSD_PROTOCOL');
          expect((thrown as Error).message).toContain(bad.error);
        });
      }
    });
  }
});
