/**
 * @module ussd/transport
 * The harness's only door to the network. It sends one `UssdHttpRequest` to the target's callback URL and
 * keeps every exchange as evidence, with the defences a tool pointed at someone else's service needs:
 *
 * - one timer covers the whole exchange (connect, headers and body), so a slow-loris answer cannot hold a hop;
 * - the body is read up to a size limit and then the socket is dropped (`DFSLAB_E_USSD_RESPONSE_TOO_LARGE`);
 * - redirects are recorded and refused, never followed (a gateway does not follow them either, and following
 *   one could take the harness off the declared target);
 * - a strict rate limit (requests started per second, also under concurrency) and a total request budget
 *   (`DFSLAB_E_USSD_BUDGET_EXHAUSTED`), because the target is a live financial service;
 * - TLS with a lab CA or `insecure` for self-signed lab targets; the negotiated version and the certificate
 *   subject are written into the transcript (USSD-TLS-01 reads them).
 *
 * Every failure is a `UssdError` with a stable code; nothing untyped escapes `send`.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { ErrorCodes, UssdError, type ErrorCode } from '../errors.js';
import type { TranscriptEntry, UssdHop, UssdHttpRequest, UssdHttpResponse } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_RATE_PER_SECOND = 5;
export const DEFAULT_MAX_REQUESTS = 2000;

export interface TransportTls {
  /** PEM text of the CA that signed a lab target's certificate (added to Node's default roots). */
  ca?: string;
  /** Accept any certificate (self-signed lab targets). The transcript still records what was presented. */
  insecure?: boolean;
}

export interface TransportOptions {
  /** The application's callback URL (`http:` or `https:`). */
  endpoint: string;
  /** Headers the target needs on every request (e.g. `x-api-key`); their values are redacted in the transcript. */
  authHeaders?: Readonly<Record<string, string>>;
  tls?: TransportTls;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Requests started per second, never exceeded. */
  ratePerSecond?: number;
  /** Total requests this transport may send. */
  maxRequests?: number;
  /** Milliseconds clock for `atMs`/`elapsedMs`; defaults to `performance.now`. Tests inject a fake one. */
  clock?: () => number;
}

export interface SendContext {
  /** The test id (or `crawl`) recorded as the entry's `source`. */
  source: string;
  hop?: UssdHop;
  /** Send without the target's auth headers (tests of what an unauthenticated caller gets). */
  omitAuth?: boolean;
  /** Another path on the same host: absolute (`/ussd/notify`) or below the endpoint (`notify`). */
  path?: string;
}

export interface SendResult {
  response: UssdHttpResponse;
  /** The transcript entry of this exchange; callers add the parsed `screen` or a protocol `error` to it. */
  entry: TranscriptEntry;
}

/** What the transcript records of the TLS session (USSD-TLS-01 evidence). */
export interface TlsEvidence {
  protocol: string | null;
  subject?: string;
  issuer?: string;
  authorized: boolean;
  authorizationError?: string;
}

/** Transcript entries of https exchanges carry `tls`; the field is optional so plain entries stay unchanged. */
export type TransportTranscriptEntry = TranscriptEntry & { tls?: TlsEvidence };

/**
 * Strict spacing limiter: request starts are at least `1000 / rate` ms apart, measured from the moment the
 * previous one actually started. This is a token bucket of capacity one; a larger bucket would let a burst
 * exceed the declared rate inside a one-second window, which is exactly what the target's owner forbade.
 */
class RateLimiter {
  private readonly intervalMs: number;
  private chain: Promise<void> = Promise.resolve();
  private last = -Infinity;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  acquire(): Promise<void> {
    const turn = this.chain.then(async () => {
      // Real time, not the injectable clock: the limit protects the target whatever the transcript says.
      let wait = this.last + this.intervalMs - this.now();
      while (wait > 0) {
        await new Promise((r) => setTimeout(r, Math.ceil(wait)));
        wait = this.last + this.intervalMs - this.now();
      }
      this.last = this.now();
    });
    this.chain = turn;
    return turn;
  }
}

const REDACTED = '<redacted>';

export class UssdTransport {
  readonly endpoint: URL;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly ratePerSecond: number;
  readonly maxRequests: number;
  private readonly authHeaders: Readonly<Record<string, string>>;
  private readonly tls: TransportTls;
  private readonly clock: () => number;
  private readonly startedAt: number;
  private readonly limiter: RateLimiter;
  private readonly entries: TransportTranscriptEntry[] = [];
  private reserved = 0;

  constructor(opts: TransportOptions) {
    let url: URL;
    try {
      url = new URL(opts.endpoint);
    } catch {
      throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `the endpoint "${opts.endpoint}" is not a URL; write the full callback URL, e.g. https://lab.example/ussd`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `the endpoint must be an http: or https: URL (got ${url.protocol})`);
    }
    this.endpoint = url;
    this.timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxResponseBytes = positive(opts.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes');
    this.ratePerSecond = positive(opts.ratePerSecond, DEFAULT_RATE_PER_SECOND, 'ratePerSecond');
    this.maxRequests = positive(opts.maxRequests, DEFAULT_MAX_REQUESTS, 'maxRequests');
    this.authHeaders = { ...(opts.authHeaders ?? {}) };
    this.tls = { ...(opts.tls ?? {}) };
    this.clock = opts.clock ?? (() => performance.now());
    this.startedAt = this.clock();
    this.limiter = new RateLimiter(this.ratePerSecond, () => performance.now());
  }

  /** Every exchange so far, in the order the requests were sent. */
  get transcript(): readonly TransportTranscriptEntry[] {
    return this.entries;
  }

  /** Requests sent or about to be sent (the budget is taken when a request is queued). */
  get requestsUsed(): number {
    return this.reserved;
  }

  get requestsLeft(): number {
    return this.maxRequests - this.reserved;
  }

  /**
   * Sends one request and resolves with the response, whatever its status (a 500 is the dialect's business).
   * Rejects with a `UssdError`: `_BUDGET_EXHAUSTED` (nothing sent), `_TIMEOUT`, `_RESPONSE_TOO_LARGE`,
   * `_TRANSPORT` (connection refused/reset, malformed HTTP, TLS failure, a redirect).
   */
  async send(req: UssdHttpRequest, ctx: SendContext): Promise<SendResult> {
    if (this.reserved >= this.maxRequests) {
      throw new UssdError(ErrorCodes.USSD_BUDGET_EXHAUSTED, `the request budget of ${this.maxRequests} requests is spent; raise budget.maxRequests in the target file if the target's owner agrees`);
    }
    this.reserved++;
    await this.limiter.acquire();
    const url = this.urlFor(req, ctx.path);
    const auth = ctx.omitAuth ? {} : lowerKeys(this.authHeaders);
    const headers: Record<string, string> = { ...lowerKeys(req.headers), ...auth };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const recorded: Record<string, string> = { ...headers };
    for (const k of Object.keys(auth)) recorded[k] = REDACTED;
    const start = this.clock();
    const entry: TransportTranscriptEntry = {
      id: this.entries.length + 1,
      atMs: Math.round(start - this.startedAt),
      source: ctx.source,
      ...(ctx.hop ? { hop: ctx.hop } : {}),
      request: { method: req.method, url: url.toString(), headers: sortedRecord(recorded), ...(req.body !== undefined ? { body: req.body } : {}) },
      elapsedMs: 0,
    };
    this.entries.push(entry);
    const outcome = await this.exchange(url, req, headers);
    entry.elapsedMs = Math.round(this.clock() - start);
    if (outcome.tls) entry.tls = outcome.tls;
    if (outcome.response) {
      entry.response = {
        status: outcome.response.status,
        headers: sortedRecord(outcome.response.headers),
        body: outcome.response.body,
        ...(outcome.truncated ? { truncated: true } : {}),
      };
    }
    if (outcome.error) {
      entry.error = { code: outcome.error.code, message: outcome.error.message };
      // The entry travels with the error, so a test that records failures can cite it as evidence.
      (outcome.error as UssdError & { entry?: TranscriptEntry }).entry = entry;
      throw outcome.error;
    }
    return { response: outcome.response!, entry };
  }

  private urlFor(req: UssdHttpRequest, path?: string): URL {
    const url = new URL(this.endpoint.toString());
    // A dialect may name a path below the endpoint (a separate notification URL, for instance).
    const extraPath = path ?? (req as { path?: unknown }).path;
    if (typeof extraPath === 'string' && extraPath.startsWith('/')) {
      url.pathname = extraPath;
    } else if (typeof extraPath === 'string' && extraPath !== '') {
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/${extraPath.replace(/^\/+/, '')}`;
    }
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
    return url;
  }

  private exchange(url: URL, req: UssdHttpRequest, headers: Record<string, string>): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let tls: TlsEvidence | undefined;
      const finish = (o: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (tls) o.tls = tls;
        resolve(o);
        // Whatever is left (a never-ending body, a half-open socket) is dropped now, not left to the peer.
        request.destroy();
      };
      const fail = (code: ErrorCode, message: string, partial?: Partial<Outcome>): void =>
        finish({ ...partial, error: new UssdError(code, message, { path: url.toString() }) });
      const options: https.RequestOptions = {
        method: req.method,
        headers,
        agent: false,
        // Node would otherwise answer a huge header block with its own error; keep the limit explicit.
        maxHeaderSize: 16 * 1024,
      };
      if (url.protocol === 'https:') {
        if (this.tls.ca) options.ca = this.tls.ca;
        options.rejectUnauthorized = this.tls.insecure !== true;
        // SNI only for names: RFC 6066 forbids an IP address as server name.
        if (isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0) options.servername = url.hostname;
      }
      let request: http.ClientRequest;
      try {
        request = (url.protocol === 'https:' ? https : http).request(url, options);
      } catch (e) {
        resolve({ error: new UssdError(ErrorCodes.USSD_TRANSPORT, `cannot build the request: ${(e as Error).message}`, { path: url.toString() }) });
        return;
      }
      const timer = setTimeout(() => {
        fail(ErrorCodes.USSD_TIMEOUT, `no complete answer within ${this.timeoutMs} ms; the gateway would have dropped this session (raise budget.timeoutMs only if the target is known to be slow)`, partialOf());
      }, this.timeoutMs);
      let status = 0;
      let resHeaders: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let gotResponse = false;
      const partialOf = (truncated = false): Partial<Outcome> =>
        gotResponse ? { response: { status, headers: resHeaders, body: Buffer.concat(chunks).toString('utf8') }, truncated } : {};
      request.on('socket', (socket) => {
        if (url.protocol !== 'https:') return;
        socket.once('secureConnect', () => {
          tls = tlsEvidence(socket as TLSSocket);
        });
      });
      request.on('response', (res) => {
        gotResponse = true;
        status = res.statusCode ?? 0;
        resHeaders = flattenHeaders(res.headers);
        if (status >= 300 && status < 400) {
          const to = resHeaders.location ? ` to ${resHeaders.location}` : '';
          fail(ErrorCodes.USSD_TRANSPORT, `the target answered HTTP ${status}, a redirect${to}; dfslab does not follow redirects: put the final callback URL in the target file`, partialOf());
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = this.maxResponseBytes - size;
          if (chunk.length > room) {
            if (room > 0) chunks.push(chunk.subarray(0, room));
            size = this.maxResponseBytes;
            fail(ErrorCodes.USSD_RESPONSE_TOO_LARGE, `the answer is larger than ${this.maxResponseBytes} bytes (a USSD screen is under 200 characters); reading stopped`, partialOf(true));
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => finish({ response: { status, headers: resHeaders, body: Buffer.concat(chunks).toString('utf8') } }));
        res.on('error', (e) => fail(ErrorCodes.USSD_TRANSPORT, `the answer broke off: ${describe(e)}`, partialOf()));
        res.on('aborted', () => fail(ErrorCodes.USSD_TRANSPORT, 'the target closed the connection in the middle of its answer', partialOf()));
      });
      request.on('error', (e) => {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const tlsHint = /CERT|SELF_SIGNED|TLS|SSL|ERR_SSL/i.test(code) || /certificate|ssl|tls/i.test(e.message)
          ? '; for a lab target with its own CA set tls.ca, or tls.insecure: true for a self-signed one'
          : '';
        fail(ErrorCodes.USSD_TRANSPORT, `${describe(e)}${tlsHint}`, partialOf());
      });
      if (req.body !== undefined) request.end(req.body);
      else request.end();
    });
  }
}

interface Outcome {
  response?: UssdHttpResponse;
  truncated?: boolean;
  tls?: TlsEvidence;
  error?: UssdError;
}

function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${code}: ${e.message}` : e.message;
}

function tlsEvidence(socket: TLSSocket): TlsEvidence {
  const cert = socket.getPeerCertificate();
  const name = (x: unknown): string | undefined => {
    if (!x || typeof x !== 'object') return undefined;
    const parts = Object.entries(x as Record<string, unknown>).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
    return parts.length ? parts.join(', ') : undefined;
  };
  const subject = name(cert?.subject);
  const issuer = name(cert?.issuer);
  const err = socket.authorizationError;
  return {
    protocol: socket.getProtocol(),
    ...(subject ? { subject } : {}),
    ...(issuer ? { issuer } : {}),
    authorized: socket.authorized,
    ...(err ? { authorizationError: String(err) } : {}),
  };
}

function positive(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `${name} must be a positive number (got ${v})`);
  return v;
}

function lowerKeys(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function sortedRecord(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(h).sort()) out[k] = h[k]!;
  return out;
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}
