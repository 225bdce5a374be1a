/**
 * @module ussd/session
 * Plays the gateway for one subscriber: `UssdClient.dial` opens a session (first hop), `UssdSession.send`
 * carries each input, `release` sends the dialect's abort/timeout message. The dialect builds each request
 * from the hop (it joins `history` for cumulative gateways such as Africa's Talking, or sends only the latest
 * input for per-hop ones such as Hubtel), so a session only keeps the inputs in order.
 *
 * Safety: the client only calls as a number declared in the target file's `accounts` (tests that play
 * subscriber B use B's declared number), and session ids look like the gateway's own so that the
 * application sees ordinary traffic.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCodes, UssdError, UssdProtocolError, UsageError, isDfslabError } from '../errors.js';
import { sessionThrottled, withThrottleRetry, type ThrottleBackoff } from './throttle.js';
import type { SendResult, TransportTranscriptEntry, UssdTransport } from './transport.js';
import type { Dialect, TranscriptEntry, UssdHop, UssdScreen } from './types.js';

export interface UssdClientOptions {
  dialect: Dialect;
  transport: UssdTransport;
  /** The base service code, e.g. `*384*12#`. */
  serviceCode: string;
  /** Numbers the client may call as (the target's declared accounts). */
  callers: readonly string[];
  /** Default `source` of transcript entries (`crawl`, or the test id). */
  source?: string;
  /** Extras sent on every hop (network code, operator…), overridden per dial. */
  extras?: Readonly<Record<string, string>>;
  /** Random bytes for session ids; tests inject a seeded source. */
  random?: (n: number) => Uint8Array;
  /**
   * When set, a dial whose first answer is a throttle refusal (a throttle screen that ends the session, or
   * HTTP 429/503) is dialled again after each wait of the schedule. Only the first hop: once a session has
   * answered, the service's state may have changed, so later refusals are left to the caller. The test runner
   * sets this per test; the crawl retries whole paths itself and leaves it unset.
   */
  throttle?: ThrottleBackoff;
}

export interface DialOptions {
  sessionId?: string;
  /** The full dialled string (`*384*12*1#`); dialects that forward it read `extras.dialString`. */
  dialString?: string;
  extras?: Readonly<Record<string, string>>;
  /** Transcript source for this session (defaults to the client's). */
  source?: string;
}

/** One hop of a session as the harness saw it. */
export interface SessionExchange {
  hop: UssdHop;
  entry: TranscriptEntry;
  screen?: UssdScreen;
  error?: UssdError;
}

/** Same subscriber written differently (`+254…`, `254…`, `0…` local form) counts as the same declared number. */
export function sameSubscriber(a: string, b: string): boolean {
  const da = a.replace(/\D/g, '');
  const db = b.replace(/\D/g, '');
  if (!da || !db) return false;
  if (da === db) return true;
  const la = da.replace(/^0+/, '');
  const lb = db.replace(/^0+/, '');
  // A national number (leading 0 dropped) is the tail of the international one.
  const [short, long] = la.length <= lb.length ? [la, lb] : [lb, la];
  return short.length >= 7 && long.endsWith(short);
}

export class UssdClient {
  readonly dialect: Dialect;
  readonly transport: UssdTransport;
  readonly serviceCode: string;
  private readonly callers: readonly string[];
  private readonly source: string;
  private readonly extras: Readonly<Record<string, string>>;
  private readonly random: (n: number) => Uint8Array;
  private readonly throttle: ThrottleBackoff | undefined;

  constructor(opts: UssdClientOptions) {
    this.dialect = opts.dialect;
    this.transport = opts.transport;
    this.serviceCode = opts.serviceCode;
    this.callers = [...opts.callers];
    this.source = opts.source ?? 'crawl';
    this.extras = { ...(opts.extras ?? {}) };
    this.random = opts.random ?? ((n) => randomBytes(n));
    this.throttle = opts.throttle;
  }

  /** The same client writing another `source` into the transcript (one per test); the throttle retry is kept. */
  withSource(source: string): UssdClient {
    return this.with({ source });
  }

  /** The same client retrying throttled dials with `throttle` (or, with undefined, not retrying them). */
  withThrottleRetry(throttle: ThrottleBackoff | undefined): UssdClient {
    return this.with({ throttle });
  }

  private with(change: Partial<Pick<UssdClientOptions, 'source' | 'throttle'>>): UssdClient {
    const source = 'source' in change ? change.source : this.source;
    const throttle = 'throttle' in change ? change.throttle : this.throttle;
    return new UssdClient({
      dialect: this.dialect,
      transport: this.transport,
      serviceCode: this.serviceCode,
      callers: this.callers,
      ...(source !== undefined ? { source } : {}),
      extras: this.extras,
      random: this.random,
      ...(throttle ? { throttle } : {}),
    });
  }

  /** Throws unless `msisdn` is one of the target's declared accounts. */
  assertCaller(msisdn: string): void {
    if (!this.callers.some((c) => sameSubscriber(c, msisdn))) {
      throw new UssdError(
        ErrorCodes.USSD_SAFETY_STOP,
        `refusing to call as ${msisdn}: it is not one of the accounts declared in the target file (dfslab only plays the declared test subscribers)`,
      );
    }
  }

  /** A session id in the style of the dialect's gateway. */
  newSessionId(): string {
    const custom = (this.dialect as { newSessionId?: (random: (n: number) => Uint8Array) => string }).newSessionId;
    if (typeof custom === 'function') return custom.call(this.dialect, this.random);
    return sessionIdFor(this.dialect.id, this.random);
  }

  /**
   * Opens a session: sends the first hop (the dial) and reads the first screen. With a `throttle` schedule, a
   * refused dial is dialled again after each wait (a new session id each time, unless `opts.sessionId` names
   * one); when the refusals outlast the schedule, the last refusal is what the caller gets.
   */
  async dial(msisdn: string, opts: DialOptions = {}): Promise<UssdSession> {
    this.assertCaller(msisdn);
    const extras = { ...this.extras, ...(opts.extras ?? {}), ...(opts.dialString !== undefined ? { dialString: opts.dialString } : {}) };
    const once = async (): Promise<UssdSession> => {
      const session = new UssdSession(this, {
        sessionId: opts.sessionId ?? this.newSessionId(),
        msisdn,
        extras,
        source: opts.source ?? this.source,
      });
      await session.start();
      return session;
    };
    if (!this.throttle) return once();
    // A refusal may come as a screen (returned) or as a status the dialect rejects (thrown with the session).
    const settled = async (): Promise<{ session: UssdSession; error?: unknown }> => {
      try {
        return { session: await once() };
      } catch (e) {
        const session = UssdSession.failedDial(e);
        if (!session) throw e;
        return { session, error: e };
      }
    };
    const { result } = await withThrottleRetry(settled, (r) => sessionThrottled(r.session), this.throttle);
    if (result.error !== undefined) throw result.error;
    return result.session;
  }

  /**
   * Dials, then sends each input in turn; stops early when the session ends. Protocol and transport errors
   * are not thrown: they end the session and are kept in `session.error` (a crawler records them as findings).
   */
  async walk(msisdn: string, path: readonly string[], opts: DialOptions = {}): Promise<UssdSession> {
    this.assertCaller(msisdn);
    let session: UssdSession;
    try {
      session = await this.dial(msisdn, opts);
    } catch (e) {
      const failed = UssdSession.failedDial(e);
      if (!failed) throw e;
      return failed;
    }
    for (const input of path) {
      if (session.ended) break;
      try {
        await session.send(input);
      } catch (e) {
        if (!(e instanceof UssdError) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) throw e;
        break;
      }
    }
    return session;
  }

  /** Sends one hop through the transport and parses it with the dialect. Used by `UssdSession`. */
  async exchange(hop: UssdHop, source: string): Promise<{ result: SendResult; screen: UssdScreen }> {
    let request;
    try {
      request = this.dialect.request(hop);
    } catch (e) {
      throw asUssdError(e, `the ${this.dialect.id} dialect could not build the request`);
    }
    const result = await this.transport.send(request, { source, hop });
    try {
      const screen = this.dialect.parse(result.response, hop);
      result.entry.screen = screen;
      return { result, screen };
    } catch (e) {
      const err = e instanceof UssdError ? e : new UssdProtocolError(`the answer does not follow the ${this.dialect.id} dialect: ${(e as Error)?.message ?? String(e)}`);
      result.entry.error = { code: err.code, message: err.message };
      (err as UssdError & { entry?: TranscriptEntry }).entry = result.entry;
      throw err;
    }
  }
}

interface SessionInit {
  sessionId: string;
  msisdn: string;
  extras: Readonly<Record<string, string>>;
  source: string;
}

export class UssdSession {
  readonly sessionId: string;
  readonly msisdn: string;
  readonly source: string;
  private extras: Readonly<Record<string, string>>;
  private readonly inputs: string[] = [];
  private readonly log: SessionExchange[] = [];
  private last: UssdScreen | undefined;
  private done = false;
  private failure: UssdError | undefined;

  constructor(
    private readonly client: UssdClient | undefined,
    init: SessionInit,
  ) {
    this.sessionId = init.sessionId;
    this.msisdn = init.msisdn;
    this.extras = init.extras;
    this.source = init.source;
  }

  /** A session whose dial failed with a transport or protocol error (returned by `walk`). */
  static failedDial(e: unknown): UssdSession | undefined {
    if (!(e instanceof UssdError) || e.code === ErrorCodes.USSD_BUDGET_EXHAUSTED || e.code === ErrorCodes.USSD_SAFETY_STOP) return undefined;
    const s = (e as { session?: UssdSession }).session;
    return s;
  }

  /** The last screen (undefined before the first answer, or when the dial failed). */
  get screen(): UssdScreen | undefined {
    return this.last;
  }

  /** Inputs sent after the dial, oldest first. */
  get history(): readonly string[] {
    return this.inputs;
  }

  /** Every hop with its transcript entry and screen or error. */
  get exchanges(): readonly SessionExchange[] {
    return this.log;
  }

  /** True after a final screen, a release, or a failed hop. */
  get ended(): boolean {
    return this.done;
  }

  /** The transport or protocol error that ended the session, if any. */
  get error(): UssdError | undefined {
    return this.failure;
  }

  /** @internal Sends the first hop. */
  async start(): Promise<UssdScreen> {
    try {
      return await this.hop('', true);
    } catch (e) {
      (e as { session?: UssdSession }).session = this;
      throw e;
    }
  }

  /**
   * Sends one input. After the session ended this refuses (a real handset cannot), unless `afterEnd` is set:
   * post-END reuse is itself a test case (USSD-SESS-06).
   */
  async send(input: string, opts: { afterEnd?: boolean } = {}): Promise<UssdScreen> {
    if (this.done && !opts.afterEnd) {
      throw new UsageError(ErrorCodes.USAGE, `session ${this.sessionId} has ended; dial a new one (or pass afterEnd to test post-END reuse)`);
    }
    return this.hop(input, false);
  }

  /** Sends the dialect's release (abort or timeout) message, when it has one; the session is ended either way. */
  async release(reason: 'abort' | 'timeout'): Promise<UssdScreen | undefined> {
    const client = this.requireClient();
    const release = client.dialect.release;
    this.done = true;
    if (!release) return undefined;
    const hop = this.nextHop('', false);
    const request = release.call(client.dialect, hop, reason);
    const result = await client.transport.send(request, { source: this.source, hop });
    try {
      const screen = client.dialect.parse(result.response, hop);
      result.entry.screen = screen;
      this.log.push({ hop, entry: result.entry, screen });
      return screen;
    } catch {
      // Gateways ignore what the application answers to a release; so does the harness.
      this.log.push({ hop, entry: result.entry });
      return undefined;
    }
  }

  private requireClient(): UssdClient {
    if (!this.client) throw new UsageError(ErrorCodes.USAGE, 'this session has no client');
    return this.client;
  }

  private nextHop(input: string, first: boolean): UssdHop {
    // Gateways that carry application state (Hubtel's ClientState) echo what the last answer gave.
    const state = this.last?.hints?.clientState;
    if (typeof state === 'string') this.extras = { ...this.extras, clientState: state };
    return {
      sessionId: this.sessionId,
      msisdn: this.msisdn,
      serviceCode: this.requireClient().serviceCode,
      input,
      history: [...this.inputs],
      first,
      sequence: this.log.length + 1,
      ...(Object.keys(this.extras).length ? { extras: this.extras } : {}),
    };
  }

  private async hop(input: string, first: boolean): Promise<UssdScreen> {
    const client = this.requireClient();
    const hop = this.nextHop(input, first);
    try {
      const { result, screen } = await client.exchange(hop, this.source);
      if (!first) this.inputs.push(input);
      this.last = screen;
      this.log.push({ hop, entry: result.entry, screen });
      if (!screen.continue) this.done = true;
      return screen;
    } catch (e) {
      const err = asUssdError(e, 'the hop failed');
      if (err.code === ErrorCodes.USSD_BUDGET_EXHAUSTED) throw err;
      const entry = (err as { entry?: TranscriptEntry }).entry ?? lastEntryOf(client.transport, hop);
      if (entry) this.log.push({ hop, entry, error: err });
      if (!first) this.inputs.push(input);
      this.failure = err;
      this.done = true;
      throw err;
    }
  }
}

function lastEntryOf(t: UssdTransport, hop: UssdHop): TransportTranscriptEntry | undefined {
  const all = t.transcript;
  for (let i = all.length - 1; i >= 0; i--) if (all[i]!.hop === hop) return all[i];
  return undefined;
}

function asUssdError(e: unknown, what: string): UssdError {
  if (e instanceof UssdError) return e;
  if (isDfslabError(e)) return new UssdError(e.code, e.message, { cause: e });
  return new UssdError(ErrorCodes.USSD_PROTOCOL, `${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const digits = (b: Uint8Array, n: number): string => [...b].slice(0, n).map((x) => String(x % 10)).join('');

/**
 * Session ids as each gateway writes them, so the application's logs and any id-format checks see ordinary
 * traffic: Africa's Talking `ATUid_<hex>`, Hubtel/Emergent 32 hex digits, numeric ids for the XML/operator
 * gateways, UUIDs elsewhere.
 */
export function sessionIdFor(dialectId: string, random: (n: number) => Uint8Array): string {
  switch (dialectId) {
    case 'africastalking':
      return `ATUid_${hex(random(16))}`;
    case 'hubtel':
    case 'emergent':
      return hex(random(16));
    case 'nalo':
    case 'truroute':
    case 'madapi':
      return `${1 + (random(1)[0]! % 9)}${digits(random(15), 15)}`;
    default: {
      const h = hex(random(16));
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    }
  }
}
