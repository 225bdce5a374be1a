import { afterEach, describe, expect, test } from 'vitest';
import { readCamaraMockLog, startCamaraMock, type CamaraMock } from './camara-mock.js';

const started: CamaraMock[] = [];
afterEach(async () => {
  while (started.length > 0) await started.pop()?.stop();
});

async function mock(opts: Parameters<typeof startCamaraMock>[0] = {}): Promise<CamaraMock> {
  const m = await startCamaraMock(opts);
  started.push(m);
  return m;
}

async function call(m: CamaraMock, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 400);
  try {
    const r = await fetch(`${m.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body), signal: ctrl.signal,
    });
    return { status: r.status, json: await r.json(), headers: r.headers };
  } finally {
    clearTimeout(timer);
  }
}

describe('CAMARA SIM Swap mock', () => {
  test('check answers swapped per phone and records the calls', async () => {
    const m = await mock({ swapped: (p) => p === '+254711000001' });
    expect((await call(m, '/sim-swap/v1/check', { phoneNumber: '+254711000001', maxAge: 72 })).json).toEqual({ swapped: true });
    expect((await call(m, '/sim-swap/v1/check', { phoneNumber: '+254711000002' })).json).toEqual({ swapped: false });
    expect(m.calls).toEqual([
      { path: '/sim-swap/v1/check', body: { phoneNumber: '+254711000001', maxAge: 72 }, swapped: true },
      { path: '/sim-swap/v1/check', body: { phoneNumber: '+254711000002' }, swapped: false },
    ]);
  });

  test('lists its calls at /_dfslab/calls, even while failing, without logging the read', async () => {
    const m = await mock({ swapped: () => true });
    expect(await readCamaraMockLog(m.url)).toEqual([]);
    await call(m, '/sim-swap/v1/check', { phoneNumber: '+254711000001' });
    await call(m, '/sim-swap/v1/retrieve-date', { phoneNumber: '+254711000001' });
    await call(m, '/sim-swap/v1/check', 'not json');
    expect(await readCamaraMockLog(`${m.url}/`)).toEqual([
      { path: '/sim-swap/v1/check', phoneNumber: '+254711000001', swapped: true },
      { path: '/sim-swap/v1/retrieve-date', phoneNumber: '+254711000001' },
      { path: '/sim-swap/v1/check' },
    ]);
    const hanging = await mock({ fail: 'timeout' });
    void call(hanging, '/sim-swap/v1/check', { phoneNumber: '+254711000001' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(await readCamaraMockLog(hanging.url)).toEqual([{ path: '/sim-swap/v1/check', phoneNumber: '+254711000001' }]);
  });

  test('readCamaraMockLog gives undefined for anything that is not a loopback dfslab mock', async () => {
    const m = await mock();
    expect(await readCamaraMockLog('not a url')).toBeUndefined();
    expect(await readCamaraMockLog('http://192.0.2.1:9')).toBeUndefined();
    expect(await readCamaraMockLog('http://127.0.0.1:1', 300)).toBeUndefined();
    expect(await readCamaraMockLog(`${m.url}/sim-swap/v1`)).toBeUndefined();
  });

  test('retrieve-date gives latestSimChange and monitoredPeriod', async () => {
    const m = await mock({ latestSimChange: (p) => (p === '+254711000001' ? '2026-11-23T10:00:00Z' : null) });
    expect((await call(m, '/sim-swap/v1/retrieve-date', { phoneNumber: '+254711000001' })).json).toEqual({ latestSimChange: '2026-11-23T10:00:00Z', monitoredPeriod: 120 });
    expect((await call(m, '/sim-swap/v1/retrieve-date', { phoneNumber: '+254711000002' })).json).toMatchObject({ latestSimChange: null });
  });

  test('validates like CAMARA: E.164, maxAge range, missing identifier, bad JSON; echoes x-correlator', async () => {
    const m = await mock();
    const bad = await call(m, '/sim-swap/v1/check', { phoneNumber: '254711000001' }, { 'x-correlator': 'abc-123' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(bad.headers.get('x-correlator')).toBe('abc-123');
    expect((await call(m, '/sim-swap/v1/check', { phoneNumber: '+254711000001', maxAge: 2401 })).json).toMatchObject({ code: 'OUT_OF_RANGE' });
    expect((await call(m, '/sim-swap/v1/check', { maxAge: 24 })).json).toMatchObject({ status: 422, code: 'MISSING_IDENTIFIER' });
    expect((await call(m, '/sim-swap/v1/check', '{oops')).status).toBe(400);
    expect((await call(m, '/sim-swap/v2/other', {})).status).toBe(404);
  });

  test('fail=500 and fail=timeout', async () => {
    const m500 = await mock({ fail: '500' });
    expect((await call(m500, '/sim-swap/v1/check', { phoneNumber: '+254711000001' })).status).toBe(500);
    const slow = await mock({ fail: 'timeout' });
    await expect(call(slow, '/sim-swap/v1/check', { phoneNumber: '+254711000001' })).rejects.toThrow();
    expect(slow.calls).toHaveLength(1);
  });

  test('loopback only', async () => {
    await expect(startCamaraMock({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
