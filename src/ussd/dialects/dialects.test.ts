import { describe, expect, it } from 'vitest';
import { UssdError, UssdProtocolError } from '../../errors.js';
import type { UssdHop } from '../types.js';
import { inputsSoFar, dialWithInputs, bareServiceCode } from './hop.js';
import { DIALECTS, DIALECT_IDS, dialectById, africastalking, hubtel, madapi, nalo } from './index.js';

const hop = (over: Partial<UssdHop> = {}): UssdHop => ({
  sessionId: 's1',
  msisdn: '254711000001',
  serviceCode: '*384*12#',
  input: '',
  history: [],
  first: true,
  sequence: 1,
  ...over,
});

describe('dialect registry', () => {
  it('lists every built-in dialect under its own id', () => {
    expect(DIALECT_IDS).toEqual(['africastalking', 'arkesel', 'emergent', 'hubtel', 'madapi', 'nalo', 'truroute']);
    for (const id of DIALECT_IDS) expect(dialectById(id).id).toBe(id);
  });

  it('refuses an unknown id with the list of known ids', () => {
    expect(() => dialectById('hollatags')).toThrow(UssdError);
    expect(() => dialectById('hollatags')).toThrow(/africastalking, arkesel, emergent, hubtel, madapi, nalo, truroute/);
    expect(() => dialectById('__proto__')).toThrow(UssdError);
    expect(() => dialectById('toString')).toThrow(UssdError);
    try {
      dialectById('x');
    } catch (e) {
      expect((e as UssdError).code).toBe('DFSLAB_E_USSD_TARGET_INVALID');
    }
  });

  it('declares the session semantics of each gateway', () => {
    const table = Object.fromEntries(DIALECT_IDS.map((id) => [id, DIALECTS[id]!.semantics]));
    expect(table).toEqual({
      africastalking: { input: 'cumulative', keyedBy: 'session-id', dialStringOnFirstHop: false, hasRelease: false, maxScreenChars: 182 },
      arkesel: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 182 },
      emergent: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
      hubtel: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
      madapi: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: true, hasRelease: true, maxScreenChars: 182 },
      nalo: { input: 'per-hop', keyedBy: 'msisdn', dialStringOnFirstHop: true, hasRelease: false, maxScreenChars: 120 },
      truroute: { input: 'per-hop', keyedBy: 'session-id', dialStringOnFirstHop: false, hasRelease: true, maxScreenChars: 182 },
    });
    for (const id of DIALECT_IDS) {
      const d = DIALECTS[id]!;
      expect(typeof d.release === 'function').toBe(d.semantics.hasRelease);
    }
  });

  it('MADAPI declares its auth header for the transport', () => {
    expect(madapi.authHeader).toBe('x-api-key');
    expect(Object.keys(madapi.request(hop()).headers)).not.toContain('x-api-key');
  });
});

describe('hop helpers', () => {
  it('drops the dial hop\'s empty input from the path only when history has one entry per earlier hop', () => {
    expect(inputsSoFar(hop())).toEqual([]);
    expect(inputsSoFar(hop({ first: false, sequence: 2, history: [''], input: '1' }))).toEqual(['1']);
    expect(inputsSoFar(hop({ first: false, sequence: 2, history: [], input: '1' }))).toEqual(['1']);
    // Without the dial hop in history, an empty input the user sent on hop 2 is kept.
    expect(inputsSoFar(hop({ first: false, sequence: 3, history: [''], input: '5' }))).toEqual(['', '5']);
    expect(inputsSoFar(hop({ first: false, sequence: 3, history: ['', ''], input: '5' }))).toEqual(['', '5']);
    // A mid-session injection (no earlier hops at all) carries its input as given.
    expect(inputsSoFar(hop({ first: false, sequence: 4, history: [], input: '1*2*1234' }))).toEqual(['1*2*1234']);
  });

  it('builds dial strings with the inputs appended and bare service codes', () => {
    expect(dialWithInputs(hop({ serviceCode: '*415#' }))).toBe('*415#');
    expect(dialWithInputs(hop({ serviceCode: '*415#', first: false, sequence: 3, history: ['', '33'], input: '1' }))).toBe('*415*33*1#');
    expect(dialWithInputs(hop({ serviceCode: '*415#', extras: { dialString: '*415*33#' } }))).toBe('*415*33#');
    expect(bareServiceCode('*711*2#')).toBe('711*2');
    expect(bareServiceCode('711')).toBe('711');
  });
});

describe("Africa's Talking", () => {
  it('keeps a + already present and escapes separators an injection test sends', () => {
    const r = africastalking.request(hop({ msisdn: '+254711000001', first: false, sequence: 2, history: [''], input: '500*1&x=#' }));
    const p = new URLSearchParams(r.body);
    expect(p.get('phoneNumber')).toBe('+254711000001');
    expect(p.get('text')).toBe('500*1&x=#');
    expect([...p.keys()]).toEqual(['sessionId', 'serviceCode', 'phoneNumber', 'networkCode', 'text']);
  });

  it('omits errorMessage unless the session failed', () => {
    const n = { input: '1', lastResponse: 'x', durationMs: 1, hops: 2 };
    expect(new URLSearchParams(africastalking.notification!(hop(), { ...n, status: 'Incomplete' }).body).has('errorMessage')).toBe(false);
    expect(new URLSearchParams(africastalking.notification!(hop(), { ...n, status: 'Failed' }).body).has('errorMessage')).toBe(true);
  });
});

describe('Hubtel', () => {
  it('sends Sequence as a number and ClientState only from the extras', () => {
    const body = JSON.parse(hubtel.request(hop({ first: false, sequence: 4, input: '9', extras: { clientState: 'abc' } })).body!) as Record<string, unknown>;
    expect(body.Sequence).toBe(4);
    expect(body.ClientState).toBe('abc');
    expect(body.Type).toBe('Response');
  });
});

describe('parsers never trust the prototype chain', () => {
  it('does not read fields inherited through __proto__', () => {
    const res = { status: 200, headers: {}, body: '{"__proto__":{"MSG":"x","MSGTYPE":true}}' };
    expect(() => nalo.parse(res, hop())).toThrow(UssdProtocolError);
  });
});
