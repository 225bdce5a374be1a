/**
 * @module ussd/types
 * The vocabulary of dfslab's USSD harness. A USSD application is an HTTP service that a gateway (operator or
 * aggregator) calls once per screen; a **dialect** knows one gateway's request and response format and its
 * session semantics. The harness plays the gateway: it builds each hop with the dialect, sends it through the
 * transport (timeouts, size limits, rate limit, request budget, transcript), and reads the next screen.
 *
 * Layering: dialects are pure (build a request, parse a response; no I/O); the transport does the I/O; the
 * session driver and the crawler sit on both; test cases (`ussd/tests/`) use the driver and report findings
 * in the same model as app checks (`findings/types.ts`).
 */

/** One hop as the gateway would send it. */
export interface UssdHop {
  /** The gateway's session id (dialects that key sessions by number still send one when they have a field). */
  sessionId: string;
  /** The caller's number, international format without `+` (e.g. `254711000001`). */
  msisdn: string;
  /** The dialled service code, e.g. `*384*12#`. */
  serviceCode: string;
  /** What the user typed on this hop; '' on the first hop (the dial). */
  input: string;
  /** Inputs of the earlier hops of this session, oldest first (cumulative dialects join them). */
  history: readonly string[];
  /** True on the first hop of a session (the dial). */
  first: boolean;
  /** 1-based hop number within the session. */
  sequence: number;
  /**
   * Extra gateway fields some dialects carry: `networkCode`, `operator`, `imsi`, `cellId`, `language`,
   * `userId` (Nalo/Arkesel account id)… A dialect ignores what it does not know.
   */
  extras?: Readonly<Record<string, string>>;
}

/** What the harness sends over HTTP. The transport adds the target's base URL and its auth headers. */
export interface UssdHttpRequest {
  method: 'GET' | 'POST';
  /** Query parameters (GET dialects, or POST dialects that also use the query string). */
  query?: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export interface UssdHttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The screen the application answered with. */
export interface UssdScreen {
  /** True when the session continues (the app waits for input); false on the final screen. */
  continue: boolean;
  text: string;
  /** Dialect-specific hints, e.g. Emergent's `MaskNextRoute` (mask the next input). */
  hints?: Readonly<Record<string, string | boolean | number>>;
}

export type SessionInputMode =
  /** Every hop carries the whole path so far joined by `*` (Africa's Talking `text`). */
  | 'cumulative'
  /** Every hop carries only the latest input (Hubtel `Message`, Nalo `USERDATA`…). */
  | 'per-hop';

export interface DialectSemantics {
  input: SessionInputMode;
  /** What the *application* can use to tell sessions apart: the gateway's session id, or only the number. */
  keyedBy: 'session-id' | 'msisdn';
  /** The first hop carries the full dialled string (`*714*5*3#`), so a route can be pre-entered. */
  dialStringOnFirstHop: boolean;
  /** The dialect has an explicit abort/timeout/release message (Hubtel Release, MADAPI 4/5, TruRoute 3). */
  hasRelease: boolean;
  /** Longest screen text the gateway forwards (characters); screens beyond it are cut by real gateways. */
  maxScreenChars: number;
}

export interface Dialect {
  /** Stable id used in target files: `africastalking`, `hubtel`, `nalo`, `arkesel`, `emergent`, `truroute`, `madapi`, or a template's id. */
  readonly id: string;
  readonly name: string;
  readonly semantics: DialectSemantics;
  /** The HTTP request of one hop. */
  request(hop: UssdHop): UssdHttpRequest;
  /**
   * Reads the application's answer. Throws `UssdProtocolError` when the answer does not follow the dialect
   * (wrong status, no continue/end marker, malformed JSON/XML): that is itself a finding for conformance tests.
   */
  parse(response: UssdHttpResponse, hop: UssdHop): UssdScreen;
  /** The message a gateway sends when the user aborts or the session times out, if the dialect has one. */
  release?(hop: UssdHop, reason: 'abort' | 'timeout'): UssdHttpRequest;
  /** A separate end-of-session notification (Africa's Talking), if the dialect has one. */
  notification?(hop: UssdHop, n: { status: 'Success' | 'Incomplete' | 'Failed'; input: string; lastResponse: string; durationMs: number; hops: number }): UssdHttpRequest;
}

/** One exchange kept as evidence. */
export interface TranscriptEntry {
  /** Sequence number in the run, from 1. */
  id: number;
  /** Milliseconds since the run started (not wall-clock: transcripts stay comparable). */
  atMs: number;
  /** The test (or `crawl`) that sent it. */
  source: string;
  hop?: UssdHop;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string; truncated?: boolean };
  /** How long the answer took, in milliseconds. */
  elapsedMs: number;
  screen?: UssdScreen;
  /** A transport or protocol failure, with its error code. */
  error?: { code: string; message: string };
}
