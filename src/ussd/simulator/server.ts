/**
 * @module ussd/simulator/server
 * `dfslab ussd simulate`: a phone in the browser. A small local web server serves one self-contained page
 * (`page.ts`) and a JSON API that plays each session through the target's dialect with the harness's own
 * `UssdClient`, so the simulator goes through every rail a test does: declared callers only, the rate limit
 * and the request budget of the target file, the transport's timeouts and size limits, and its redaction of
 * auth header values.
 *
 * API (every answer is JSON; errors are `{ error: { code, message } }` with a dfslab error code):
 * - `GET  /api/info`  target file name, endpoint (no query), dialect, service code, declared callers (numbers
 *                     and roles only, never PINs or header values), limits;
 * - `POST /api/dial { caller?, dialString? }` opens a session (first hop);
 * - `POST /api/send { sessionId, input }` sends one input;
 * - `POST /api/end  { sessionId }` hangs up (the dialect's release message when it has one).
 *
 * The server drives a live financial service with the target's credentials, so it defends itself like one:
 * it binds loopback unless told otherwise, answers only to its own Host name (DNS rebinding) and its own
 * Origin, takes only `application/json` POSTs (a cross-site form cannot send that without a CORS preflight,
 * which is never granted), caps body sizes and live sessions, and expires idle sessions.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { ErrorCodes, UsageError, UssdError, isDfslabError } from '../../errors.js';
import type { UssdSession, SessionExchange } from '../session.js';
import { sameSubscriber } from '../session.js';
import type { Connection } from '../target.js';
import { renderSimulatorPage } from './page.js';

/** Live sessions at once; a tester needs a few, and each one may hold a gateway session open on the target. */
export const SIM_MAX_SESSIONS = 20;
/** A session untouched this long is dropped (gateways time out idle sessions after 20 s to 3 min). */
export const SIM_IDLE_MS = 5 * 60_000;
/** Longest text field the API accepts (inputs, caller, dial string). */
export const SIM_MAX_FIELD_CHARS = 200;
/** Handsets show at most 182 characters of a USSD screen (3GPP TS 23.090); longer screens are cut. */
export const HANDSET_SCREEN_CHARS = 182;
export const DEFAULT_SIM_PORT = 8090;
const MAX_BODY_BYTES = 4096;
const SWEEP_EVERY_MS = 30_000;
const REDACTED = '<redacted>';
/** Errors that are bugs in dfslab, not bad requests (same code as the check runner uses). */
const INTERNAL = 'DFSLAB_E_INTERNAL';

export interface SimulatorOptions {
  conn: Connection;
  /** Default 127.0.0.1. A non-loopback address also needs `allowNonLoopback` (the CLI sets it for an explicit `--host`). */
  host?: string;
  /** Default 8090; 0 picks a free port. */
  port?: number;
  /** The declared account the page calls as by default: a role (`A`) or its number. Default: the crawl caller. */
  caller?: string;
  allowNonLoopback?: boolean;
  maxSessions?: number;
  idleMs?: number;
  /** Milliseconds clock for idle expiry; tests inject a fake one. */
  now?: () => number;
}

export interface SimulatorServer {
  /** Where the page is, e.g. `http://127.0.0.1:8090/`. */
  url: string;
  stop(): Promise<void>;
}

/** What the page and `GET /api/info` show about the target: nothing secret. */
export interface SimulatorInfo {
  /** The target file's name (without its folder). */
  target: string;
  /** The callback URL without credentials, query or fragment. */
  endpoint: string;
  dialect: { id: string; name: string; input: string; keyedBy: string; hasRelease: boolean };
  serviceCode: string;
  callers: Array<{ role: string; msisdn: string }>;
  /** The number the page calls as unless the user picks another declared one. */
  defaultCaller: string;
  /** The screen length beyond which the page warns (the smaller of the handset and the dialect limit). */
  maxScreenChars: number;
  limits: { maxSessions: number; idleSeconds: number; maxFieldChars: number; ratePerSecond: number; maxRequests: number };
}

/** One hop as the page shows it. */
export interface SimulatorHop {
  id: number;
  kind: 'dial' | 'input' | 'release';
  input: string;
  atMs: number;
  elapsedMs: number;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string; truncated?: boolean };
  screen?: { text: string; continue: boolean };
  error?: { code: string; message: string };
}

export interface SimulatorResult {
  sessionId: string;
  /** The gateway's session id the target saw. */
  gatewaySessionId: string;
  caller: string;
  ended: boolean;
  screen?: { text: string; continue: boolean; chars: number };
  /** The transport or protocol failure that ended the session. */
  error?: { code: string; message: string };
  /** The hops of this call only. */
  transcript: SimulatorHop[];
  budget: { used: number; left: number };
}

interface LiveSession {
  id: string;
  session: UssdSession;
  lastUsed: number;
  busy: boolean;
  /** Exchanges already returned to the page. */
  shown: number;
}

/** An error the API answers with a status; everything else is a dfslab error mapped by code, or a bug. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorServer> {
  const { conn } = opts;
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_SIM_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(ErrorCodes.USAGE, `the port must be a whole number from 0 to 65535 (got ${port})`);
  if (isIP(host) === 0 && host !== 'localhost') throw new UsageError(ErrorCodes.USAGE, `"${host}" is not an IP address; give the address to listen on, e.g. 127.0.0.1`);
  if (!isLoopback(host) && !opts.allowNonLoopback) {
    throw new UsageError(ErrorCodes.USAGE, `refusing to listen on ${host}: the simulator has no login and calls the target with its credentials; it listens on 127.0.0.1 unless --host is given explicitly`);
  }
  const maxSessions = opts.maxSessions ?? SIM_MAX_SESSIONS;
  const idleMs = opts.idleMs ?? SIM_IDLE_MS;
  const now = opts.now ?? Date.now;
  const defaultCaller = resolveCaller(conn, opts.caller ?? conn.target.crawl.caller);
  const info = simulatorInfo(conn, defaultCaller, maxSessions, idleMs);
  const scrub = secretScrubber(conn.target.auth.headers);
  const sessions = new Map<string, LiveSession>();
  let opening = 0;

  function sweep(): void {
    const t = now();
    for (const [id, s] of sessions) {
      if (s.busy || t - s.lastUsed < idleMs) continue;
      sessions.delete(id);
      // A gateway tells the application that an abandoned session timed out, when its dialect can.
      if (!s.session.ended && conn.dialect.release) void s.session.release('timeout').catch(() => undefined);
    }
  }

  function resultOf(live: Pick<LiveSession, 'id' | 'shown'>, session: UssdSession, release = false): SimulatorResult {
    const fresh = session.exchanges.slice(live.shown);
    live.shown = session.exchanges.length;
    const screen = session.screen;
    const error = session.error;
    return {
      sessionId: live.id,
      gatewaySessionId: session.sessionId,
      caller: session.msisdn,
      ended: session.ended,
      ...(screen && !release ? { screen: { text: scrub(screen.text), continue: screen.continue, chars: [...screen.text].length } } : {}),
      ...(error ? { error: { code: error.code, message: scrub(error.message) } } : {}),
      transcript: fresh.map((x) => hopView(x, release, scrub)),
      budget: { used: conn.transport.requestsUsed, left: conn.transport.requestsLeft },
    };
  }

  function take(id: string): LiveSession {
    const live = sessions.get(id);
    if (!live) throw new ApiError(404, ErrorCodes.USAGE, 'no such session (it ended, expired after being idle, or the simulator restarted); dial again');
    if (live.busy) throw new ApiError(409, ErrorCodes.USAGE, 'this session is still waiting for the target\'s answer; wait for the screen');
    return live;
  }

  async function dial(body: Record<string, unknown>): Promise<SimulatorResult> {
    const callerField = optionalText(body, 'caller');
    const dialString = optionalText(body, 'dialString');
    const caller = callerField === undefined || callerField === '' ? defaultCaller : resolveCaller(conn, callerField);
    const serviceCode = conn.target.serviceCode;
    if (dialString !== undefined && dialString !== serviceCode) {
      const base = serviceCode.replace(/#$/, '');
      if (!/^\*[0-9*]{1,38}#$/.test(dialString) || !dialString.startsWith(`${base}*`)) {
        throw new ApiError(400, ErrorCodes.USAGE, `dial the target's service code ${serviceCode} (optionally followed by *choices, e.g. ${base}*1#)`);
      }
    }
    if (sessions.size + opening >= maxSessions) {
      throw new ApiError(429, ErrorCodes.USAGE, `${maxSessions} sessions are open already; end one (or wait ${Math.round(idleMs / 1000)} s for idle ones to expire)`);
    }
    opening++;
    const id = randomBytes(16).toString('hex');
    let session: UssdSession;
    try {
      session = await conn.client.dial(caller, dialString !== undefined && dialString !== serviceCode ? { dialString } : {});
    } catch (e) {
      const failed = (e as { session?: UssdSession }).session;
      if (!failed || !isDfslabError(e) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
      // The target failed the dial: that is a result to show, not an API error.
      return resultOf({ id, shown: 0 }, failed);
    } finally {
      opening--;
    }
    const live: LiveSession = { id, session, lastUsed: now(), busy: false, shown: 0 };
    const result = resultOf(live, session);
    if (!session.ended) sessions.set(id, live);
    return result;
  }

  async function send(body: Record<string, unknown>): Promise<SimulatorResult> {
    const id = requiredSessionId(body);
    const input = requiredText(body, 'input');
    const live = take(id);
    live.busy = true;
    try {
      await live.session.send(input);
    } catch (e) {
      if (!isDfslabError(e) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED) throw e;
      // Transport and protocol failures end the session and are kept in it; the result shows them.
    } finally {
      live.busy = false;
      live.lastUsed = now();
    }
    const result = resultOf(live, live.session);
    if (live.session.ended) sessions.delete(live.id);
    return result;
  }

  async function end(body: Record<string, unknown>): Promise<SimulatorResult> {
    const live = take(requiredSessionId(body));
    sessions.delete(live.id);
    live.busy = true;
    let failure: { code: string; message: string } | undefined;
    try {
      if (!live.session.ended) await live.session.release('abort');
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      failure = { code: e.code, message: scrub(e.message) };
    }
    const result = resultOf(live, live.session, true);
    return { ...result, ended: true, ...(failure ? { error: failure } : {}) };
  }

  let allowedHosts: Set<string> | undefined;
  let origin = '';

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const hostHeader = req.headers.host ?? '';
    if (allowedHosts && !allowedHosts.has(hostHeader.toLowerCase())) {
      return sendJson(res, 421, errorBody(ErrorCodes.USAGE, `this simulator answers to ${[...allowedHosts].join(' or ')} only`));
    }
    if (path === '/' || path === '/index.html') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, errorBody(ErrorCodes.USAGE, 'use GET'));
      const nonce = randomBytes(16).toString('base64');
      const html = renderSimulatorPage(info, nonce);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'content-security-policy': pageCsp(nonce),
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (!path.startsWith('/api/')) return sendJson(res, 404, errorBody(ErrorCodes.USAGE, 'not found; open / for the phone'));
    sweep();
    if (path === '/api/info') {
      if (req.method !== 'GET') return sendJson(res, 405, errorBody(ErrorCodes.USAGE, 'use GET'));
      return sendJson(res, 200, info);
    }
    const route = path === '/api/dial' ? dial : path === '/api/send' ? send : path === '/api/end' ? end : undefined;
    if (!route) return sendJson(res, 404, errorBody(ErrorCodes.USAGE, 'unknown API path; the API is /api/info, /api/dial, /api/send, /api/end'));
    if (req.method !== 'POST') return sendJson(res, 405, errorBody(ErrorCodes.USAGE, 'use POST with a JSON body'));
    const from = req.headers.origin;
    if (from !== undefined && from !== origin && from !== `http://${hostHeader}`) {
      return sendJson(res, 403, errorBody(ErrorCodes.USAGE, 'requests from other web pages are refused'));
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendJson(res, 415, errorBody(ErrorCodes.USAGE, 'send the request body as application/json'));
    const raw = await readBody(req);
    if (raw === undefined) {
      sendJson(res, 413, errorBody(ErrorCodes.USAGE, `the request body is over ${MAX_BODY_BYTES} bytes`));
      res.on('finish', () => req.destroy());
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, errorBody(ErrorCodes.USAGE, 'the request body is not valid JSON'));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return sendJson(res, 400, errorBody(ErrorCodes.USAGE, 'the request body is a JSON object'));
    const allowed = path === '/api/dial' ? ['caller', 'dialString'] : path === '/api/send' ? ['sessionId', 'input'] : ['sessionId'];
    const unknown = Object.keys(body).find((k) => !allowed.includes(k));
    if (unknown !== undefined) return sendJson(res, 400, errorBody(ErrorCodes.USAGE, `unknown field "${clip(unknown)}" (expected ${allowed.join(', ')})`));
    sendJson(res, 200, await route(body as Record<string, unknown>));
  };

  const server = http.createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      const [status, code, message] = statusOf(e);
      if (!res.headersSent) sendJson(res, status, errorBody(code, scrub(message)));
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 10_000;
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        e.code === 'EADDRINUSE'
          ? new UsageError(ErrorCodes.USAGE, `port ${port} on ${host} is in use; pick another with --port`)
          : new UsageError(ErrorCodes.USAGE, `cannot listen on ${host}:${port} (${e.code ?? e.message})`),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${bound}`;
  // On a wildcard address the names the page is reached by are unknown, so the Host check cannot apply.
  if (host !== '0.0.0.0' && host !== '::') {
    allowedHosts = new Set([`${urlHost}:${bound}`.toLowerCase()]);
    if (isLoopback(host)) for (const h of ['127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${h}:${bound}`);
  }
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();
  let stopped: Promise<void> | undefined;
  return {
    url: `${origin}/`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        clearInterval(sweeper);
        sessions.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** The account number for a role (`A`) or a declared number; anything else is refused like the harness refuses it. */
export function resolveCaller(conn: Pick<Connection, 'target'>, value: string): string {
  const accounts = conn.target.accounts;
  const byRole = accounts.find((a) => a.role === value);
  if (byRole) return byRole.msisdn;
  const byNumber = /^\+?[0-9 ]{3,20}$/.test(value) ? accounts.find((a) => sameSubscriber(a.msisdn, value)) : undefined;
  if (byNumber) return byNumber.msisdn;
  throw new UssdError(
    ErrorCodes.USSD_SAFETY_STOP,
    `refusing to call as ${JSON.stringify(clip(value))}: it is not a role or number declared in the target file's accounts (${accounts.map((a) => a.role).join(', ')})`,
  );
}

/** What the page may know about the target. Built from an allow-list, so new secret fields never leak into it. */
export function simulatorInfo(conn: Pick<Connection, 'target' | 'dialect'>, defaultCaller: string, maxSessions = SIM_MAX_SESSIONS, idleMs = SIM_IDLE_MS): SimulatorInfo {
  const { target, dialect } = conn;
  let endpoint = target.endpoint;
  try {
    const u = new URL(target.endpoint);
    endpoint = `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // connectTarget validated it; keep the text as a last resort.
  }
  return {
    target: basename(target.file),
    endpoint,
    dialect: { id: dialect.id, name: dialect.name, input: dialect.semantics.input, keyedBy: dialect.semantics.keyedBy, hasRelease: dialect.semantics.hasRelease },
    serviceCode: target.serviceCode,
    callers: target.accounts.map((a) => ({ role: a.role, msisdn: a.msisdn })),
    defaultCaller,
    maxScreenChars: Math.min(HANDSET_SCREEN_CHARS, dialect.semantics.maxScreenChars || HANDSET_SCREEN_CHARS),
    limits: {
      maxSessions,
      idleSeconds: Math.round(idleMs / 1000),
      maxFieldChars: SIM_MAX_FIELD_CHARS,
      ratePerSecond: target.budget.ratePerSecond,
      maxRequests: target.budget.maxRequests,
    },
  };
}

/**
 * The page may load nothing from anywhere: its one style and one script carry the response's nonce, and it
 * may only talk to this server.
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

function hopView(x: SessionExchange, release: boolean, scrub: (s: string) => string): SimulatorHop {
  const e = x.entry;
  const failure = x.error ?? e.error;
  const headers = (h: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k of Object.keys(h).sort()) out[k] = scrub(h[k]!);
    return out;
  };
  return {
    id: e.id,
    kind: release ? 'release' : x.hop.first ? 'dial' : 'input',
    input: x.hop.input,
    atMs: e.atMs,
    elapsedMs: e.elapsedMs,
    request: { method: e.request.method, url: scrub(e.request.url), headers: headers(e.request.headers), ...(e.request.body !== undefined ? { body: scrub(e.request.body) } : {}) },
    ...(e.response
      ? { response: { status: e.response.status, headers: headers(e.response.headers), body: scrub(e.response.body), ...(e.response.truncated ? { truncated: true } : {}) } }
      : {}),
    ...(x.screen ? { screen: { text: scrub(x.screen.text), continue: x.screen.continue } } : {}),
    ...(failure ? { error: { code: failure.code, message: scrub(failure.message) } } : {}),
  };
}

/**
 * The transport already writes `<redacted>` for auth headers; this also hides their values wherever else they
 * might show up (a template dialect that copies a key into the body, a target that echoes it back).
 */
function secretScrubber(authHeaders: Readonly<Record<string, string>>): (s: string) => string {
  const secrets = Object.values(authHeaders)
    .filter((v) => v.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (!secrets.length) return (s) => s;
  return (s) => {
    let out = s;
    for (const v of secrets) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function statusOf(e: unknown): [number, string, string] {
  if (e instanceof ApiError) return [e.status, e.code, e.message];
  if (isDfslabError(e)) {
    const status =
      e.code === ErrorCodes.USSD_SAFETY_STOP ? 403
      : e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED ? 429
      : e.code === ErrorCodes.USAGE ? 400
      : 502;
    return [status, e.code, e.message];
  }
  return [500, INTERNAL, `internal error in the simulator: ${(e as Error)?.message ?? String(e)} (this is a bug; please report it)`];
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
  res.end(body);
}

/** The body as text, or undefined when it is over the limit (reading stops there). */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    req.on('error', (e) => {
      if (!done) {
        done = true;
        reject(new UsageError(ErrorCodes.USAGE, `the request broke off (${e.message})`));
      }
    });
  });
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Control and format characters have no key on a handset and no place in a gateway field. */
const UNPRINTABLE = /\p{C}/u;

function optionalText(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, ErrorCodes.USAGE, `"${key}" must be a string`);
  if ([...v].length > SIM_MAX_FIELD_CHARS) throw new ApiError(400, ErrorCodes.USAGE, `"${key}" is longer than ${SIM_MAX_FIELD_CHARS} characters`);
  if (UNPRINTABLE.test(v)) throw new ApiError(400, ErrorCodes.USAGE, `"${key}" may only hold printable characters`);
  return v;
}

function requiredText(body: Record<string, unknown>, key: string): string {
  const v = optionalText(body, key);
  if (v === undefined) throw new ApiError(400, ErrorCodes.USAGE, `"${key}" is required`);
  return v;
}

function requiredSessionId(body: Record<string, unknown>): string {
  const v = requiredText(body, 'sessionId');
  if (!/^[0-9a-f]{32}$/.test(v)) throw new ApiError(400, ErrorCodes.USAGE, '"sessionId" is the id /api/dial returned (32 hex digits)');
  return v;
}
