/**
 * @module ussd/camara-mock
 * A lab stand-in for the CAMARA SIM Swap API (GSMA Open Gateway; camaraproject/SimSwap `sim-swap.yaml`), so
 * a DFS under test can be pointed at it (test USSD-SIMSWAP-01): `POST /sim-swap/v1/check` and
 * `POST /sim-swap/v1/retrieve-date`, with CAMARA's validation and error body `{ status, code, message }`, and
 * switchable failure (500, or no answer at all) to see whether the caller fails closed. Loopback only.
 *
 * `GET /_dfslab/calls` lists the API calls received so far (path, phone number, the answer given), so a test
 * can see whether the service under test consulted the API during a flow (USSD-PIN-06: a reset on knowable
 * data is only acceptable after a SIM-swap check). It is not part of CAMARA and is not itself logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CamaraMockOptions {
  /** Loopback address to listen on (default 127.0.0.1); anything else is refused. */
  host?: string;
  port?: number;
  /** Whether the SIM of `phone` (E.164 with '+') changed within the asked window. Default: never. */
  swapped?: (phone: string) => boolean;
  /** RFC 3339 date of the latest SIM change, or null when none is known in the monitored window. */
  latestSimChange?: (phone: string) => string | null;
  /** '500': answer every call with a server error; 'timeout': never answer. */
  fail?: 'none' | '500' | 'timeout';
}

export interface CamaraMockCall {
  path: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** What the mock answered for `/check` (`swapped`), when it answered one. */
  swapped?: boolean;
}

/** One entry of `GET /_dfslab/calls`. */
export interface CamaraMockLogEntry {
  path: string;
  phoneNumber?: string;
  swapped?: boolean;
}

export const CAMARA_MOCK_LOG_PATH = '/_dfslab/calls';

export interface CamaraMock {
  url: string;
  calls: ReadonlyArray<CamaraMockCall>;
  stop(): Promise<void>;
}

const PHONE = /^\+[1-9][0-9]{4,14}$/;
const CORRELATOR = /^[a-zA-Z0-9\-_:;./<>{}]{0,256}$/;
const MAX_BODY = 16 * 1024;
/** How far back the mock operator keeps SIM changes (days), as reported in `monitoredPeriod`. */
const MONITORED_DAYS = 120;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startCamaraMock(opts: CamaraMockOptions = {}): Promise<CamaraMock> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The CAMARA mock listens on loopback only; "${host}" is not a loopback address.`);
  const swapped = opts.swapped ?? (() => false);
  const latest =
    opts.latestSimChange ??
    ((phone: string): string | null => (swapped(phone) ? new Date(Date.now() - 3_600_000).toISOString() : null));
  const fail = opts.fail ?? 'none';
  const calls: CamaraMockCall[] = [];

  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const correlator = req.headers['x-correlator'];
    if (typeof correlator === 'string' && CORRELATOR.test(correlator)) headers['x-correlator'] = correlator;
    const reply = (status: number, body: unknown): void => {
      if (res.headersSent) return;
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string): void => reply(status, { status, code, message });

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      let parsedOk = false;
      try {
        body = raw === '' ? {} : JSON.parse(raw);
        parsedOk = true;
      } catch {
        parsedOk = false;
      }
      if (path === CAMARA_MOCK_LOG_PATH && req.method === 'GET') {
        const log: CamaraMockLogEntry[] = calls.map((c) => {
          const phone = typeof c.body === 'object' && c.body !== null ? (c.body as { phoneNumber?: unknown }).phoneNumber : undefined;
          return { path: c.path, ...(typeof phone === 'string' ? { phoneNumber: phone } : {}), ...(c.swapped !== undefined ? { swapped: c.swapped } : {}) };
        });
        return reply(200, { calls: log });
      }
      const call: CamaraMockCall = { path, body };
      calls.push(call);
      if (fail === 'timeout') return; // hold the request until stop()
      if (fail === '500') return error(500, 'INTERNAL', 'Simulated server error');
      if (path !== '/sim-swap/v1/check' && path !== '/sim-swap/v1/retrieve-date') return error(404, 'NOT_FOUND', 'The requested resource does not exist.');
      if (req.method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
      if (size > MAX_BODY) return error(400, 'INVALID_ARGUMENT', 'Request body too large.');
      if (!parsedOk || typeof body !== 'object' || body === null || Array.isArray(body)) {
        return error(400, 'INVALID_ARGUMENT', 'Client specified an invalid argument, request body or query param.');
      }
      const b = body as { phoneNumber?: unknown; maxAge?: unknown };
      // With a 2-legged token (the lab's case) the phone number must be sent.
      if (b.phoneNumber === undefined) return error(422, 'MISSING_IDENTIFIER', 'The device cannot be identified.');
      if (typeof b.phoneNumber !== 'string' || !PHONE.test(b.phoneNumber)) {
        return error(400, 'INVALID_ARGUMENT', 'phoneNumber must be E.164 with a leading +.');
      }
      if (path === '/sim-swap/v1/check') {
        const maxAge = b.maxAge ?? 240;
        if (typeof maxAge !== 'number' || !Number.isInteger(maxAge)) return error(400, 'INVALID_ARGUMENT', 'maxAge must be an integer.');
        if (maxAge < 1 || maxAge > 2400) return error(400, 'OUT_OF_RANGE', 'maxAge must be between 1 and 2400 hours.');
        call.swapped = swapped(b.phoneNumber);
        return reply(200, { swapped: call.swapped });
      }
      return reply(200, { latestSimChange: latest(b.phoneNumber), monitoredPeriod: MONITORED_DAYS });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Reads the call log of a dfslab CAMARA mock (its own or one the lab runs), or undefined when the URL is not
 * such a mock or does not answer within `timeoutMs`. Loopback URLs only.
 */
export async function readCamaraMockLog(url: string, timeoutMs = 2_000): Promise<CamaraMockLogEntry[] | undefined> {
  let endpoint: URL;
  try {
    endpoint = new URL(`${url.replace(/\/+$/, '')}${CAMARA_MOCK_LOG_PATH}`);
  } catch {
    return undefined;
  }
  if (endpoint.protocol !== 'http:' || !LOOPBACK.has(endpoint.hostname.replace(/^\[|\]$/g, ''))) return undefined;
  try {
    const res = await fetch(endpoint, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return undefined;
    const text = await res.text();
    if (text.length > 4 * 1024 * 1024) return undefined;
    const parsed = JSON.parse(text) as { calls?: unknown };
    if (!Array.isArray(parsed.calls)) return undefined;
    return parsed.calls.flatMap((c: unknown): CamaraMockLogEntry[] => {
      if (typeof c !== 'object' || c === null) return [];
      const o = c as Record<string, unknown>;
      if (typeof o.path !== 'string') return [];
      return [{ path: o.path, ...(typeof o.phoneNumber === 'string' ? { phoneNumber: o.phoneNumber } : {}), ...(typeof o.swapped === 'boolean' ? { swapped: o.swapped } : {}) }];
    });
  } catch {
    return undefined;
  }
}
