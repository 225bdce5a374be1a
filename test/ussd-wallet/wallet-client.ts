/**
 * A minimal gateway for the reference wallet's tests: plays Africa's Talking (cumulative text) and Hubtel
 * (per-hop JSON) over HTTP or HTTPS against a started wallet. Loopback only.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWallet, type WalletOptions, type WalletServer } from '../../examples/ussd-wallet/src/index.js';

export const LAB_CA = readFileSync(fileURLToPath(new URL('../../examples/ussd-wallet/certs/lab-localhost.cert.pem', import.meta.url)), 'utf8');

export const JANE = { msisdn: '254711000001', pin: '4826', name: 'JANE WANJIRU MWANGI', id: '28765432', dob: '14031990' };
export const JOHN = { msisdn: '254711000002', pin: '7391', name: 'JOHN KAMAU OTIENO' };
export const AMINA = { msisdn: '254711000003', pin: '5067' };
export const GRACE = { msisdn: '254711000004', pin: '9153' };
export const UNREGISTERED = '254799000009';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  tlsProtocol?: string | null;
}

export function post(
  server: WalletServer,
  path: string,
  body: string,
  contentType: string,
  opts: { withKey?: boolean; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(path, server.url);
  const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...opts.headers };
  if (opts.withKey !== false) headers['x-gateway-key'] = server.gatewayKey;
  return new Promise((resolve, reject) => {
    const onRes = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const sock = res.socket as import('node:tls').TLSSocket;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          tlsProtocol: typeof sock.getProtocol === 'function' ? sock.getProtocol() : undefined,
        });
      });
      res.on('error', reject);
    };
    const req = url.protocol === 'https:'
      ? https.request(url, { method: 'POST', headers, ca: LAB_CA, agent: false }, onRes)
      : http.request(url, { method: 'POST', headers, agent: false }, onRes);
    req.on('error', reject);
    req.end(body);
  });
}

export interface AtFields {
  sessionId: string;
  phoneNumber: string;
  text: string;
  serviceCode?: string;
  networkCode?: string;
}

export function atRaw(server: WalletServer, f: AtFields, opts: { withKey?: boolean; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const body = new URLSearchParams({ serviceCode: '*384#', networkCode: '63902', ...f }).toString();
  return post(server, server.paths.africastalking, body, 'application/x-www-form-urlencoded', opts);
}

export async function at(server: WalletServer, f: AtFields): Promise<string> {
  const r = await atRaw(server, f);
  return r.body;
}

export function notify(server: WalletServer, fields: Record<string, string>): Promise<RawResponse> {
  return post(server, server.paths.africastalkingNotify, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
}

/** One Africa's Talking session: keeps the cumulative text like the real gateway. */
export class AtSession {
  private inputs: string[] = [];
  constructor(
    private readonly server: WalletServer,
    readonly sessionId: string,
    public phoneNumber: string,
  ) {}

  get text(): string {
    return this.inputs.join('*');
  }

  dial(): Promise<string> {
    this.inputs = [];
    return at(this.server, { sessionId: this.sessionId, phoneNumber: this.phoneNumber, text: '' });
  }

  async send(input: string): Promise<string> {
    this.inputs.push(input);
    return at(this.server, { sessionId: this.sessionId, phoneNumber: this.phoneNumber, text: this.text });
  }

  /** Sends the current text again (a replayed hop). */
  resend(): Promise<string> {
    return at(this.server, { sessionId: this.sessionId, phoneNumber: this.phoneNumber, text: this.text });
  }
}

export interface HubtelFields {
  Mobile: string;
  SessionId: string;
  Type: string;
  Message: string;
  ServiceCode?: string;
  Operator?: string;
  Sequence?: number;
  ClientState?: string;
}

export function hubtelRaw(server: WalletServer, f: HubtelFields | string, opts: { withKey?: boolean } = {}): Promise<RawResponse> {
  const body = typeof f === 'string' ? f : JSON.stringify({ ServiceCode: '*384#', Operator: 'MTN', ...f });
  return post(server, server.paths.hubtel, body, 'application/json', opts);
}

export interface HubtelReply {
  Type: string;
  Message: string;
  ClientState?: string;
}

export async function hubtel(server: WalletServer, f: HubtelFields): Promise<HubtelReply> {
  const r = await hubtelRaw(server, f);
  if (r.status !== 200) return { Type: `HTTP ${r.status}`, Message: r.body };
  return JSON.parse(r.body) as HubtelReply;
}

/** One Hubtel session: per-hop Message, increasing Sequence. */
export class HubtelSession {
  seq = 0;
  last: HubtelReply | undefined;
  constructor(
    private readonly server: WalletServer,
    readonly sessionId: string,
    public mobile: string,
  ) {}

  async dial(message = '*384#'): Promise<HubtelReply> {
    this.seq = 1;
    this.last = await hubtel(this.server, { Mobile: this.mobile, SessionId: this.sessionId, Type: 'Initiation', Message: message, Sequence: this.seq });
    return this.last;
  }

  async send(message: string): Promise<HubtelReply> {
    this.seq += 1;
    this.last = await hubtel(this.server, { Mobile: this.mobile, SessionId: this.sessionId, Type: 'Response', Message: message, Sequence: this.seq, ClientState: this.last?.ClientState ?? '' });
    return this.last;
  }

  resend(message: string): Promise<HubtelReply> {
    return hubtel(this.server, { Mobile: this.mobile, SessionId: this.sessionId, Type: 'Response', Message: message, Sequence: this.seq });
  }

  release(type: 'Release' | 'Timeout' = 'Release'): Promise<HubtelReply> {
    this.seq += 1;
    return hubtel(this.server, { Mobile: this.mobile, SessionId: this.sessionId, Type: type, Message: '', Sequence: this.seq });
  }
}

let counter = 0;
/** A well-formed, unique session id. */
export function sid(prefix = 'ATUid_'): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(8, '0')}abc`;
}

/** A clock the test moves by hand. */
export class ManualClock {
  t = Date.UTC(2026, 10, 24, 9, 0, 0);
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

const started: WalletServer[] = [];

export async function wallet(opts: WalletOptions): Promise<WalletServer> {
  const s = await startWallet(opts);
  started.push(s);
  return s;
}

export async function stopAll(): Promise<void> {
  while (started.length > 0) await started.pop()?.stop();
}
