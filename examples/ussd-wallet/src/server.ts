/**
 * The HTTP(S) front of the wallet: routing, gateway authentication, body size limit, per-request timeout,
 * request log, and the mapping of failures to answers. Nothing a client sends may crash the process: this
 * service is also a fuzz target.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCOUNTS, Ledger, type LedgerEntry, type SeedAccount } from './accounts.js';
import { handleAtHop, handleAtNotification, MalformedRequest, parseForm, readAtHop, renderAtReply } from './africastalking.js';
import { checkSimSwap } from './camara-client.js';
import { Guards } from './guards.js';
import { handleHubtelHop, readHubtelHop, renderHubtelReply } from './hubtel.js';
import { SqlErrorLeak, StackTraceLeak } from './menu.js';
import type { FlowEnv, HopAnswer } from './session-flow.js';
import { SessionStore } from './sessions.js';
import { resolveWeaknesses, type WalletProfile, type WeaknessId, type WeaknessSet } from './weaknesses.js';

export const MAX_BODY_BYTES = 16 * 1024;
export const REQUEST_TIMEOUT_MS = 5_000;

export const WALLET_PATHS = {
  africastalking: '/ussd/at',
  africastalkingNotify: '/ussd/at/notify',
  hubtel: '/ussd/hubtel',
} as const;

export interface WalletOptions {
  profile: WalletProfile;
  weaknesses?: Partial<Record<WeaknessId, boolean>>;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** PEM key and certificate; when HTTPS is required and none is given, the bundled lab certificate is used. */
  tls?: { key: string; cert: string };
  /** The `X-Gateway-Key` value required when `no-gateway-auth` is off; a random one is made when absent. */
  gatewayKey?: string;
  /** Base URL of the CAMARA SIM Swap API (e.g. the dfslab mock). */
  camaraUrl?: string;
  /** How long to wait for the SIM Swap API before failing closed (default 2000 ms). */
  camaraTimeoutMs?: number;
  now?: () => number;
  accounts?: SeedAccount[];
}

export interface RequestLogEntry {
  /** The service's clock (`now`, which tests may fake). */
  atMs: number;
  /** Real arrival time (monotonic milliseconds), whatever `now` says: what rate limits are judged on. */
  receivedMs: number;
  path: string;
  remote: string;
  bytes: number;
}

export interface WalletServer {
  url: string;
  paths: typeof WALLET_PATHS;
  /** The key gateways must send as `X-Gateway-Key` (present even when the profile does not check it). */
  gatewayKey: string;
  weaknesses: WeaknessSet;
  requestLog: ReadonlyArray<RequestLogEntry>;
  ledger(): ReadonlyArray<LedgerEntry>;
  balances(): Record<string, number>;
  reset(): void;
  stop(): Promise<void>;
}

// Beside src/ in the repository; the build (dist/examples/ussd-wallet/) copies them to certs/ beside the code.
const LAB_CERT_DIR = [new URL('../certs/', import.meta.url), new URL('./certs/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((d) => existsSync(d)) ?? fileURLToPath(new URL('../certs/', import.meta.url));

function labTls(): { key: string; cert: string } {
  return {
    key: readFileSync(`${LAB_CERT_DIR}lab-localhost.key.pem`, 'utf8'),
    cert: readFileSync(`${LAB_CERT_DIR}lab-localhost.cert.pem`, 'utf8'),
  };
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The header-trust weakness: what ecosystem advice suggests instead of a secret (reference §1.5), and what
 * anyone can send. 52.48.80.x stands in for a gateway's published range in this lab.
 */
function looksLikeGateway(req: http.IncomingMessage): boolean {
  const ua = req.headers['user-agent'] ?? '';
  const xff = req.headers['x-forwarded-for'];
  const firstHop = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim() ?? '';
  return /AfricasTalking|Hubtel/i.test(ua) || firstHop.startsWith('52.48.80.');
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** Close the connection after answering (the request body may not have been read). */
  close?: boolean;
}

const text = (status: number, body: string): Answer => ({ status, contentType: 'text/plain; charset=utf-8', body });

export async function startWallet(opts: WalletOptions): Promise<WalletServer> {
  const w = resolveWeaknesses(opts.profile, opts.weaknesses);
  const now = opts.now ?? Date.now;
  const gatewayKey = opts.gatewayKey ?? randomBytes(18).toString('base64url');
  const camaraTimeoutMs = opts.camaraTimeoutMs ?? 2_000;
  const ledger = new Ledger(opts.accounts ?? DEFAULT_ACCOUNTS, now);
  const guards = new Guards(now);
  const store = new SessionStore();
  const env: FlowEnv = {
    w, ledger, guards, now, store,
    simSwap: (msisdn) => checkSimSwap(opts.camaraUrl, msisdn, camaraTimeoutMs),
  };
  const requestLog: RequestLogEntry[] = [];

  function errorAnswer(e: unknown, dialect: 'at' | 'hubtel'): Answer {
    if (e instanceof MalformedRequest) return text(400, `Bad request: ${e.message}`);
    if (e instanceof StackTraceLeak && w['amount-validation']) {
      return text(500, e.original.stack ?? String(e.original));
    }
    if (e instanceof SqlErrorLeak && w['error-leak']) {
      return dialect === 'at'
        ? text(200, `END ${e.message}`)
        : { status: 200, contentType: 'application/json', body: JSON.stringify({ Type: 'Release', Message: e.message, ClientState: '' }) };
    }
    const generic = 'Sorry, something went wrong. Please try again later.';
    return dialect === 'at'
      ? text(200, `END ${generic}`)
      : { status: 200, contentType: 'application/json', body: JSON.stringify({ Type: 'Release', Message: generic, ClientState: '' }) };
  }

  function answerOf(result: HopAnswer, dialect: 'at' | 'hubtel'): Answer {
    if ('refusal' in result) return text(result.refusal.status, result.refusal.text);
    if (dialect === 'at') return text(200, renderAtReply(result.reply));
    return { status: 200, contentType: 'application/json', body: renderHubtelReply(result.reply, result.session, env) };
  }

  async function route(path: string, body: string): Promise<Answer> {
    if (path === WALLET_PATHS.africastalking) {
      try {
        return answerOf(await handleAtHop(readAtHop(parseForm(body)), env), 'at');
      } catch (e) {
        return errorAnswer(e, 'at');
      }
    }
    if (path === WALLET_PATHS.africastalkingNotify) {
      try {
        handleAtNotification(parseForm(body), env);
        return text(200, 'OK');
      } catch (e) {
        return e instanceof MalformedRequest ? text(400, `Bad request: ${e.message}`) : text(500, 'Internal error');
      }
    }
    try {
      return answerOf(await handleHubtelHop(readHubtelHop(body), env), 'hubtel');
    } catch (e) {
      return errorAnswer(e, 'hubtel');
    }
  }

  function send(res: http.ServerResponse, a: Answer): void {
    if (res.headersSent || res.writableEnded) return;
    res.writeHead(a.status, {
      'content-type': a.contentType,
      'content-length': Buffer.byteLength(a.body),
      'cache-control': 'no-store',
      ...(a.close === true ? { connection: 'close' } : {}),
    });
    res.end(a.body);
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const remote = req.socket.remoteAddress ?? '';
    const known = Object.values(WALLET_PATHS).includes(path as (typeof WALLET_PATHS)[keyof typeof WALLET_PATHS]);
    // Refusals may leave an unread body behind: answer, then close rather than keep the connection.
    const fail = (a: Answer): void => send(res, { ...a, close: true });
    // Every request is logged, refused ones too (the harness uses it to see what reached the service).
    const declaredBytes = Number(req.headers['content-length'] ?? '0');
    const logEntry: RequestLogEntry = { atMs: now(), receivedMs: performance.now(), path, remote, bytes: Number.isFinite(declaredBytes) ? declaredBytes : 0 };
    requestLog.push(logEntry);
    if (requestLog.length > 100_000) requestLog.splice(0, requestLog.length - 100_000);
    const work = async (): Promise<void> => {
      if (!known) return send(res, text(404, 'Not found'));
      if (req.method !== 'POST') return send(res, text(405, 'Use POST'));
      if (!w['no-gateway-auth'] && !(w['header-trust'] && looksLikeGateway(req))) {
        const given = req.headers['x-gateway-key'];
        if (typeof given !== 'string' || given === '') return fail(text(401, 'Missing X-Gateway-Key'));
        if (!sameSecret(given, gatewayKey)) return fail(text(403, 'Invalid X-Gateway-Key'));
      }
      if (logEntry.bytes > MAX_BODY_BYTES) return fail(text(413, 'Request body too large'));
      let body: string;
      try {
        body = await readBody(req);
      } catch (e) {
        return fail(e instanceof BodyTooLarge ? text(413, 'Request body too large') : text(400, 'Bad request'));
      }
      logEntry.bytes = Buffer.byteLength(body);
      send(res, await route(path, body));
    };
    const timer = setTimeout(() => fail(text(503, 'Request timed out')), REQUEST_TIMEOUT_MS);
    work()
      .catch(() => send(res, text(500, 'Internal error')))
      .finally(() => clearTimeout(timer));
  };

  const useTls = !w['plain-http'];
  const server = useTls
    ? https.createServer({ ...(opts.tls ?? labTls()), minVersion: 'TLSv1.2' }, handler)
    : http.createServer(handler);
  server.requestTimeout = REQUEST_TIMEOUT_MS * 2;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${useTls ? 'https' : 'http'}://${urlHost}:${port}`,
    paths: WALLET_PATHS,
    gatewayKey,
    weaknesses: w,
    requestLog,
    ledger: () => ledger.allEntries(),
    balances: () => ledger.balances(),
    reset: () => {
      ledger.reset();
      guards.reset();
      store.clear();
      requestLog.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
