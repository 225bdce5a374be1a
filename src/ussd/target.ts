/**
 * @module ussd/target
 * The target file: what the lab was allowed to test and how to reach it (YAML, documented in docs/ussd.md).
 *
 * ```yaml
 * endpoint: https://staging.wallet.example/ussd/callback
 * dialect: africastalking          # or template: ./our-gateway.yaml
 * serviceCode: '*384*12#'
 * auth: { headers: { x-api-key: '${WALLET_API_KEY}' } }
 * tls: { ca: ./lab-ca.pem }        # or insecure: true for a self-signed lab target
 * accounts:
 *   - { msisdn: '254711000001', pin: '1234', role: A }
 *   - { msisdn: '254711000002', pin: '4321', role: B }
 * policies: { lockoutThreshold: 5, sessionTimeoutSeconds: 180, responseBudgetMs: 10000 }
 * budget: { maxRequests: 2000, ratePerSecond: 5, throttleBackoffSeconds: [5, 15, 30, 60] }
 * allowedAmount: 10
 * ```
 *
 * Every problem in the file is reported at once, each with `file:line:col` (`DFSLAB_E_USSD_TARGET_INVALID`).
 * The file also carries the safety rails (`SafetyRails`): declared callers only, the most money a test may
 * move, and no destructive test against production without a written authorisation.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { ErrorCodes, UssdError } from '../errors.js';
import { globToRegExp } from '../findings/suppress.js';
import type { PromptKind } from './prompts.js';
import { UssdClient } from './session.js';
import { DEFAULT_THROTTLE_BACKOFF_MS } from './throttle.js';
import { DEFAULT_MAX_REQUESTS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RATE_PER_SECOND, DEFAULT_TIMEOUT_MS, UssdTransport } from './transport.js';
import type { Dialect } from './types.js';

export interface UssdAccount {
  /** International format, digits only (a leading `+` in the file is dropped). */
  msisdn: string;
  pin: string;
  /** `A` is the tester's own account, `B` the second test account; other letters for more. */
  role: string;
  name?: string;
  nationalId?: string;
  /** YYYY-MM-DD. */
  dob?: string;
}

export interface UssdPolicies {
  lockoutThreshold: number;
  sessionTimeoutSeconds: number;
  perTransactionLimit?: number;
  dailyLimit?: number;
  responseBudgetMs: number;
  /** Transfers above this need a step-up (and the SIM-swap check): the SIM-swap test probes just above it. */
  highValueAmount: number;
}

export interface UssdBudget {
  maxRequests: number;
  ratePerSecond: number;
  /** Per-request timeout, covering the whole answer. */
  timeoutMs: number;
  maxResponseBytes: number;
  /**
   * Waits (seconds) before each retry of a request the service throttled ("too many requests", HTTP 429/503):
   * the crawl walks the refused path again, a test dials its refused first hop again. Default 5, 15, 30, 60.
   */
  throttleBackoffSeconds: number[];
}

export interface CrawlSettings {
  /** Go past PIN/amount/recipient prompts with the declared account, PIN and `allowedAmount` (never past a confirmation). */
  deep: boolean;
  maxDepth: number;
  maxNodes: number;
  /** Inputs tried on every menu besides its own options. */
  probes: string[];
  /** Role of the account the crawl calls as. */
  caller: string;
}

export interface UssdTarget {
  /** The target file (as given). */
  file: string;
  endpoint: string;
  dialect?: string;
  /** Absolute path of a user dialect template. */
  template?: string;
  serviceCode: string;
  auth: { headers: Record<string, string> };
  tls: { ca?: string; caPem?: string; insecure: boolean };
  accounts: UssdAccount[];
  policies: UssdPolicies;
  budget: UssdBudget;
  quick: boolean;
  tests: { include: string[]; exclude: string[] };
  prompts: Partial<Record<PromptKind, string[]>>;
  /** The most money (in the wallet's currency units) a test may move. Undefined: no test may move money. */
  allowedAmount?: number;
  production: boolean;
  authorised?: string;
  crawl: CrawlSettings;
  /** Gateway fields sent on every hop (`networkCode`, `operator`, `userId`…). */
  extras: Record<string, string>;
  /**
   * A CAMARA SIM Swap mock the harness starts on this machine for the run (the staging service is configured
   * to call it), for the SIM-swap step-up test. `url` is set once it is listening.
   */
  simSwapMock?: { port: number; swapped: 'all' | 'none' | string[]; fail: 'none' | '500' | 'timeout'; url?: string };
  /**
   * Where the gateway's end-of-session notification goes (Africa's Talking calls a separate URL): a path
   * on the endpoint's host (`/ussd/at/notify`) or below the endpoint (`notify`, the default).
   */
  notificationPath: string;
  /** `file:line:col` of each key that was present, for errors found after loading (unknown dialect…). */
  at: Record<string, string>;
}

export const DEFAULT_PROBES = ['0', '00', '98', '99', '#', '*', ''] as const;

const TOP_KEYS = [
  'endpoint', 'dialect', 'template', 'serviceCode', 'auth', 'tls', 'accounts', 'policies', 'budget', 'quick', 'tests',
  'prompts', 'allowedAmount', 'production', 'authorised', 'crawl', 'extras', 'simSwapMock', 'notificationPath',
] as const;
const MAX_FILE_BYTES = 1024 * 1024;

export interface ParseTargetOptions {
  /** Directory relative paths (`tls.ca`, `template`) are resolved against; defaults to the file's. */
  baseDir?: string;
  /** Environment for `${NAME}` references in auth header values; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads the CA file; tests inject one. */
  readFile?: (path: string) => string;
}

/** Reads and validates a target file; throws `UssdError` (`DFSLAB_E_USSD_TARGET_INVALID`) listing every problem. */
export function loadTarget(path: string, opts: ParseTargetOptions = {}): UssdTarget {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `the target file is ${buf.length} bytes; the limit is ${MAX_FILE_BYTES}`, { path });
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof UssdError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, code === 'ENOENT' ? 'no such target file; see docs/ussd.md "Target file" for the format' : `cannot read the target file (${code ?? String(e)})`, { path });
  }
  return parseTarget(text, path, { baseDir: dirname(resolve(path)), ...opts });
}

type At = (node: Node | null | undefined) => string;

class Problems {
  readonly list: string[] = [];
  constructor(readonly at: At) {}
  add(node: Node | null | undefined, msg: string): void {
    this.list.push(`${this.at(node)}: ${msg}`);
  }
}

export function parseTarget(text: string, file: string, opts: ParseTargetOptions = {}): UssdTarget {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at: At = (node) => {
    const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return `${file}:${pos.line}:${pos.col}`;
  };
  const p = new Problems(at);
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    p.list.push(`${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  const fail = (): never => {
    throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `invalid target file:\n  ${p.list.join('\n  ')}`, { path: file });
  };
  if (p.list.length) fail();
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    p.add(root, 'a target file is a mapping (endpoint, dialect, serviceCode, accounts…); see docs/ussd.md');
    fail();
  }
  const map = root as YAMLMap;
  const baseDir = opts.baseDir ?? dirname(resolve(file));
  const env = opts.env ?? process.env;
  const top = entries(map, TOP_KEYS, p, 'target file');
  const positions: Record<string, string> = {};
  for (const [k, pair] of top) positions[k] = at(pair.key as Node);

  const endpoint = requiredString(top, 'endpoint', p, map);
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      p.add(top.get('endpoint')!.value as Node, `"endpoint" must be the full callback URL (http:// or https://…), got "${endpoint}"`);
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') p.add(top.get('endpoint')!.value as Node, `"endpoint" must use http: or https: (got ${url.protocol})`);
  }
  const dialect = optionalString(top, 'dialect', p);
  const templateRaw = optionalString(top, 'template', p);
  if (dialect === undefined && templateRaw === undefined && !top.has('dialect') && !top.has('template')) {
    p.add(map, 'the target needs "dialect" (africastalking, hubtel, nalo, arkesel, emergent, truroute, madapi) or "template" (a dialect template file)');
  }
  if (dialect !== undefined && templateRaw !== undefined) p.add(top.get('template')!.key as Node, 'give either "dialect" or "template", not both');
  const serviceCode = requiredString(top, 'serviceCode', p, map);
  if (serviceCode !== undefined && !/^\*[0-9*]{1,38}#$/.test(serviceCode)) {
    p.add(top.get('serviceCode')!.value as Node, `"serviceCode" is what a subscriber dials, e.g. '*384*12#' (quote it: YAML reads a leading * as an alias); got "${serviceCode}"`);
  }

  // auth
  const authHeaders: Record<string, string> = {};
  const authNode = top.get('auth')?.value as Node | undefined;
  if (authNode !== undefined) {
    const auth = mapping(authNode, 'auth', p);
    if (auth) {
      const a = entries(auth, ['headers'], p, 'auth');
      const h = a.get('headers')?.value as Node | undefined;
      const hm = h === undefined ? undefined : mapping(h, 'auth.headers', p);
      if (hm) {
        for (const pair of hm.items) {
          const name = isScalar(pair.key) ? String(pair.key.value) : '';
          if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
            p.add(pair.key as Node, `"${name}" is not a valid HTTP header name`);
            continue;
          }
          const v = scalarText(pair.value as Node);
          if (v === undefined) {
            p.add((pair.value ?? pair.key) as Node, `header "${name}" needs a text value`);
            continue;
          }
          const expanded = expandEnv(v, env);
          if (expanded.missing) {
            p.add(pair.value as Node, `header "${name}" refers to the environment variable ${expanded.missing}, which is not set`);
            continue;
          }
          if (/[\r\n]/.test(expanded.value)) {
            p.add(pair.value as Node, `header "${name}" must fit on one line`);
            continue;
          }
          authHeaders[name.toLowerCase()] = expanded.value;
        }
      }
    }
  }

  // tls
  const tls: UssdTarget['tls'] = { insecure: false };
  const tlsNode = top.get('tls')?.value as Node | undefined;
  if (tlsNode !== undefined) {
    const tm = mapping(tlsNode, 'tls', p);
    if (tm) {
      const t = entries(tm, ['ca', 'insecure'], p, 'tls');
      const ca = optionalString(t, 'ca', p);
      if (ca !== undefined) {
        const caPath = resolve(baseDir, ca);
        try {
          const pem = (opts.readFile ?? ((f: string) => readFileSync(f, 'utf8')))(caPath);
          if (!pem.includes('-----BEGIN CERTIFICATE-----')) p.add(t.get('ca')!.value as Node, `${caPath} is not a PEM certificate file`);
          else {
            tls.ca = caPath;
            tls.caPem = pem;
          }
        } catch (e) {
          p.add(t.get('ca')!.value as Node, `cannot read the CA file ${caPath} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
      }
      const insecure = optionalBoolean(t, 'insecure', p);
      if (insecure !== undefined) tls.insecure = insecure;
    }
  }

  // accounts
  const accounts: UssdAccount[] = [];
  const accNode = top.get('accounts')?.value as Node | undefined;
  if (accNode === undefined || accNode === null) p.add(map, 'the target needs "accounts": the test subscribers (msisdn, pin, role) dfslab may call as');
  else if (!isSeq(accNode) || accNode.items.length === 0) p.add(accNode, '"accounts" is a non-empty list of { msisdn, pin, role }');
  else {
    const seenMsisdn = new Map<string, string>();
    const seenRole = new Map<string, string>();
    for (const item of accNode.items as Node[]) {
      const am = mapping(item, 'each account', p);
      if (!am) continue;
      const a = entries(am, ['msisdn', 'pin', 'role', 'name', 'nationalId', 'dob'], p, 'account');
      const msisdnRaw = requiredString(a, 'msisdn', p, am);
      const pin = requiredString(a, 'pin', p, am);
      const role = requiredString(a, 'role', p, am);
      let ok = msisdnRaw !== undefined && pin !== undefined && role !== undefined;
      const msisdn = msisdnRaw?.replace(/^\+/, '');
      if (msisdn !== undefined && !/^[1-9]\d{6,14}$/.test(msisdn)) {
        p.add(a.get('msisdn')!.value as Node, `"msisdn" is the international number without + or spaces (E.164, e.g. '254711000001'), got "${msisdnRaw}"`);
        ok = false;
      }
      if (pin !== undefined && !/^\d{3,12}$/.test(pin)) {
        p.add(a.get('pin')!.value as Node, `"pin" is the test account's PIN, 3 to 12 digits; quote it so YAML keeps leading zeros`);
        ok = false;
      }
      if (role !== undefined && !/^[A-Z][A-Z0-9]*$/.test(role)) {
        p.add(a.get('role')!.value as Node, `"role" is an upper-case letter (A = the tester's account, B = the second test account…), got "${role}"`);
        ok = false;
      }
      if (msisdn !== undefined && seenMsisdn.has(msisdn)) {
        p.add(a.get('msisdn')!.value as Node, `this number is already declared at ${seenMsisdn.get(msisdn)}`);
        ok = false;
      }
      if (role !== undefined && seenRole.has(role)) {
        p.add(a.get('role')!.value as Node, `role ${role} is already declared at ${seenRole.get(role)}`);
        ok = false;
      }
      const name = optionalString(a, 'name', p);
      const nationalId = optionalString(a, 'nationalId', p);
      const dob = optionalString(a, 'dob', p);
      if (dob !== undefined && !isIsoDate(dob)) {
        p.add(a.get('dob')!.value as Node, `"dob" is a date written YYYY-MM-DD (got "${dob}")`);
        ok = false;
      }
      if (!ok) continue;
      seenMsisdn.set(msisdn!, at(item));
      seenRole.set(role!, at(item));
      accounts.push({ msisdn: msisdn!, pin: pin!, role: role!, ...(name ? { name } : {}), ...(nationalId ? { nationalId } : {}), ...(dob ? { dob } : {}) });
    }
  }

  // policies
  const policies: UssdPolicies = { lockoutThreshold: 5, sessionTimeoutSeconds: 180, responseBudgetMs: 10_000, highValueAmount: 10_000 };
  const polNode = top.get('policies')?.value as Node | undefined;
  if (polNode !== undefined) {
    const pm = mapping(polNode, 'policies', p);
    if (pm) {
      const pol = entries(pm, ['lockoutThreshold', 'sessionTimeoutSeconds', 'perTransactionLimit', 'dailyLimit', 'responseBudgetMs', 'highValueAmount'], p, 'policies');
      assignNumber(pol, 'highValueAmount', p, { min: 0 }, (v) => (policies.highValueAmount = v));
      assignNumber(pol, 'lockoutThreshold', p, { integer: true, min: 1 }, (v) => (policies.lockoutThreshold = v));
      assignNumber(pol, 'sessionTimeoutSeconds', p, { integer: true, min: 1 }, (v) => (policies.sessionTimeoutSeconds = v));
      assignNumber(pol, 'perTransactionLimit', p, { min: 0 }, (v) => (policies.perTransactionLimit = v));
      assignNumber(pol, 'dailyLimit', p, { min: 0 }, (v) => (policies.dailyLimit = v));
      assignNumber(pol, 'responseBudgetMs', p, { integer: true, min: 1 }, (v) => (policies.responseBudgetMs = v));
    }
  }

  // budget
  const budget: UssdBudget = {
    maxRequests: DEFAULT_MAX_REQUESTS,
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    throttleBackoffSeconds: DEFAULT_THROTTLE_BACKOFF_MS.map((ms) => ms / 1000),
  };
  const budNode = top.get('budget')?.value as Node | undefined;
  if (budNode !== undefined) {
    const bm = mapping(budNode, 'budget', p);
    if (bm) {
      const b = entries(bm, ['maxRequests', 'ratePerSecond', 'timeoutMs', 'maxResponseBytes', 'throttleBackoffSeconds'], p, 'budget');
      assignNumber(b, 'maxRequests', p, { integer: true, min: 1, max: 1_000_000 }, (v) => (budget.maxRequests = v));
      // Above 100/s a tool is load-testing, which no target file here authorises — except the lab's own
      // service on this machine (the reference service in training and in tests), up to 1,000/s.
      const loopback = endpoint !== undefined && isLoopbackUrl(endpoint);
      assignNumber(b, 'ratePerSecond', p, { min: 0.01, max: loopback ? 1000 : 100 }, (v) => (budget.ratePerSecond = v));
      assignNumber(b, 'timeoutMs', p, { integer: true, min: 100, max: 600_000 }, (v) => (budget.timeoutMs = v));
      assignNumber(b, 'maxResponseBytes', p, { integer: true, min: 256, max: 16 * 1024 * 1024 }, (v) => (budget.maxResponseBytes = v));
      // An empty list turns the waits off; more than 8 waits (up to 10 minutes each) is no longer slowing down.
      const backoff = numberList(b, 'throttleBackoffSeconds', p, { min: 0, max: 600, maxItems: 8 });
      if (backoff) budget.throttleBackoffSeconds = backoff;
    }
  }

  const quick = optionalBoolean(top, 'quick', p) ?? false;

  // tests
  const tests = { include: [] as string[], exclude: [] as string[] };
  const testsNode = top.get('tests')?.value as Node | undefined;
  if (testsNode !== undefined) {
    const tm = mapping(testsNode, 'tests', p);
    if (tm) {
      const t = entries(tm, ['include', 'exclude'], p, 'tests');
      for (const k of ['include', 'exclude'] as const) {
        const l = stringList(t, k, p);
        if (l) tests[k] = l;
      }
    }
  }

  // prompts
  const prompts: Partial<Record<PromptKind, string[]>> = {};
  const prNode = top.get('prompts')?.value as Node | undefined;
  if (prNode !== undefined) {
    const pm = mapping(prNode, 'prompts', p);
    if (pm) {
      const pr = entries(pm, ['pin', 'amount', 'recipient', 'confirm'], p, 'prompts');
      for (const k of ['pin', 'amount', 'recipient', 'confirm'] as const) {
        const l = stringList(pr, k, p);
        if (l) prompts[k] = l;
      }
    }
  }

  let allowedAmount: number | undefined;
  assignNumber(top, 'allowedAmount', p, { min: 0 }, (v) => (allowedAmount = v));
  const production = optionalBoolean(top, 'production', p) ?? false;
  const authorised = optionalString(top, 'authorised', p);
  if (authorised !== undefined && authorised.trim().length < 10) {
    p.add(top.get('authorised')!.value as Node, '"authorised" is the written authorisation for testing production (who, when, reference); a few words are not enough');
  }

  // crawl
  const crawl: CrawlSettings = { deep: false, maxDepth: 6, maxNodes: 200, probes: [...DEFAULT_PROBES], caller: 'A' };
  let callerDeclared = false;
  const crNode = top.get('crawl')?.value as Node | undefined;
  if (crNode !== undefined) {
    const cm = mapping(crNode, 'crawl', p);
    if (cm) {
      const c = entries(cm, ['deep', 'maxDepth', 'maxNodes', 'probes', 'caller'], p, 'crawl');
      const deep = optionalBoolean(c, 'deep', p);
      if (deep !== undefined) crawl.deep = deep;
      assignNumber(c, 'maxDepth', p, { integer: true, min: 1, max: 50 }, (v) => (crawl.maxDepth = v));
      assignNumber(c, 'maxNodes', p, { integer: true, min: 1, max: 100_000 }, (v) => (crawl.maxNodes = v));
      const probes = stringList(c, 'probes', p, true);
      if (probes) {
        const bad = probes.find((x) => !/^[0-9*#]{0,8}$/.test(x));
        if (bad !== undefined) p.add(c.get('probes')!.value as Node, `a probe is what a handset could type (digits, * and #, at most 8), got "${bad}"`);
        else crawl.probes = probes;
      }
      const caller = optionalString(c, 'caller', p);
      if (caller !== undefined) {
        crawl.caller = caller;
        callerDeclared = true;
        if (accounts.length && !accounts.some((a) => a.role === caller)) p.add(c.get('caller')!.value as Node, `no declared account has role ${caller}`);
      }
    }
  }
  if (crawl.deep && allowedAmount === undefined && top.has('crawl')) {
    p.add(top.get('crawl')!.key as Node, 'deep crawling enters amounts: declare "allowedAmount" (the most a test may move) first');
  }
  if (!callerDeclared && accounts.length && !accounts.some((a) => a.role === 'A')) crawl.caller = accounts[0]!.role;

  // extras
  const extras: Record<string, string> = {};
  const exNode = top.get('extras')?.value as Node | undefined;
  if (exNode !== undefined) {
    const em = mapping(exNode, 'extras', p);
    if (em) {
      for (const pair of em.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const v = scalarText(pair.value as Node);
        if (!k || v === undefined) p.add((pair.value ?? pair.key) as Node, 'each extra is a gateway field name with a text value (networkCode: "63902")');
        else extras[k] = v;
      }
    }
  }

  // simSwapMock
  let simSwapMock: UssdTarget['simSwapMock'];
  const ssNode = top.get('simSwapMock')?.value as Node | undefined;
  if (ssNode !== undefined) {
    const sm = mapping(ssNode, 'simSwapMock', p);
    if (sm) {
      const e = entries(sm, ['port', 'swapped', 'fail'], p, 'simSwapMock');
      const mock: NonNullable<UssdTarget['simSwapMock']> = { port: 0, swapped: 'all', fail: 'none' };
      if (!e.has('port')) p.add(sm, '"simSwapMock" needs the "port" the staging service is configured to call');
      assignNumber(e, 'port', p, { integer: true, min: 1, max: 65535 }, (v) => (mock.port = v));
      const sw = e.get('swapped')?.value as Node | undefined;
      if (sw !== undefined) {
        if (isSeq(sw)) mock.swapped = sw.items.map((x) => scalarText(x as Node) ?? '').filter(Boolean);
        else {
          const t = scalarText(sw);
          if (t === 'all' || t === 'none') mock.swapped = t;
          else p.add(sw, '"swapped" is all, none, or a list of account roles ([A])');
        }
        if (Array.isArray(mock.swapped)) {
          for (const r of mock.swapped) if (!accounts.some((a) => a.role === r)) p.add(sw, `"swapped" names role ${r}, which no declared account has`);
        }
      }
      const fl = e.get('fail')?.value as Node | undefined;
      if (fl !== undefined) {
        const t = scalarText(fl);
        if (t === 'none' || t === '500' || t === 'timeout') mock.fail = t;
        else p.add(fl, '"fail" is none, 500 or timeout (to see whether the service fails closed)');
      }
      simSwapMock = mock;
    }
  }

  let notificationPath = 'notify';
  const npNode = top.get('notificationPath')?.value as Node | undefined;
  if (npNode !== undefined) {
    const t = scalarText(npNode);
    if (t === undefined || t === '' || /\s|\?|#|:\/\//.test(t)) p.add(npNode, '"notificationPath" is a path on the endpoint\'s host (/ussd/notify) or below the endpoint (notify), without spaces, query or host');
    else notificationPath = t;
  }

  if (p.list.length) fail();
  const template = templateRaw === undefined ? undefined : resolve(baseDir, templateRaw);
  return {
    file,
    endpoint: endpoint!,
    ...(dialect !== undefined ? { dialect } : {}),
    ...(template !== undefined ? { template } : {}),
    serviceCode: serviceCode!,
    auth: { headers: authHeaders },
    tls,
    accounts,
    policies,
    budget,
    quick,
    tests,
    prompts,
    ...(allowedAmount !== undefined ? { allowedAmount } : {}),
    production,
    ...(authorised !== undefined ? { authorised } : {}),
    crawl,
    extras,
    ...(simSwapMock ? { simSwapMock } : {}),
    notificationPath,
    at: positions,
  };
}

/** The target's dialect: a built-in one by id, or the user's template compiled. Loaded lazily. */
export async function resolveDialect(target: UssdTarget): Promise<Dialect> {
  if (target.template !== undefined) {
    const { compileTemplateDialect } = await import('./dialects/template.js');
    let text: string;
    try {
      text = readFileSync(target.template, 'utf8');
    } catch (e) {
      throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `${target.at.template ?? target.file}: cannot read the dialect template ${target.template} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { path: target.file });
    }
    return compileTemplateDialect(text, target.template);
  }
  const { dialectById } = await import('./dialects/index.js');
  try {
    return dialectById(target.dialect!);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `${target.at.dialect ?? target.file}: ${msg}`, { path: target.file });
  }
}

/** Whether the target's `tests.include`/`exclude` select a test id (ids or globs; include empty = all). */
/** Whether a test runs: `ids` are its names (the dfslab id `ussd.auth.off-gateway` and its catalogue id `USSD-AUTH-01`). */
export function testSelected(target: UssdTarget, ...ids: string[]): boolean {
  const match = (list: readonly string[]): boolean => list.some((g) => ids.some((id) => globToRegExp(g).test(id)));
  if (target.tests.include.length && !match(target.tests.include)) return false;
  return !match(target.tests.exclude);
}

/** The account with `role`, or undefined. */
export function accountByRole(target: UssdTarget, role: string): UssdAccount | undefined {
  return target.accounts.find((a) => a.role === role);
}

/**
 * The rails every test goes through. `observeAmount` is called by tests (and the deep crawler) with each
 * amount they are about to send or see moved; beyond `allowedAmount` the whole run stops.
 */
export class SafetyRails {
  private moved = 0;
  constructor(private readonly target: Pick<UssdTarget, 'allowedAmount' | 'production' | 'authorised'>) {}

  /** Total of the amounts observed so far. */
  get observedTotal(): number {
    return this.moved;
  }

  /**
   * Records an amount a test sends or sees moved. Throws `DFSLAB_E_USSD_SAFETY_STOP` when the amount, or the
   * total so far, is beyond `allowedAmount` (or any money moves while `allowedAmount` is not declared).
   */
  observeAmount(amount: number, context: string): void {
    const limit = this.target.allowedAmount;
    if (!Number.isFinite(amount)) throw new UssdError(ErrorCodes.USSD_SAFETY_STOP, `${context}: the amount ${amount} is not a number; stopping the run`);
    if (amount <= 0) return;
    this.moved += amount;
    if (limit === undefined) {
      throw new UssdError(ErrorCodes.USSD_SAFETY_STOP, `${context}: ${amount} would move but the target declares no "allowedAmount"; the run stops (check the test account's balance)`);
    }
    if (amount > limit || this.moved > limit) {
      throw new UssdError(ErrorCodes.USSD_SAFETY_STOP, `${context}: ${amount} moved (${this.moved} in this run) beyond allowedAmount ${limit}; the run stops (check the test accounts and reverse what moved)`);
    }
  }

  /** Throws unless a destructive test (lockout, transfers, PIN change…) may run against this target. */
  assertDestructiveAllowed(testId: string): void {
    if (this.target.production && !this.target.authorised) {
      throw new UssdError(ErrorCodes.USSD_SAFETY_STOP, `${testId} changes state (it may lock or debit accounts) and the target is declared production without "authorised"; add the written authorisation or run against staging`);
    }
  }

  /** Whether destructive tests may run (the non-throwing form, for planning). */
  destructiveAllowed(): boolean {
    return !this.target.production || this.target.authorised !== undefined;
  }
}

export interface ConnectOptions {
  source?: string;
  clock?: () => number;
  random?: (n: number) => Uint8Array;
  /** An already resolved dialect (tests, or a caller that resolved it before). */
  dialect?: Dialect;
}

export interface Connection {
  target: UssdTarget;
  dialect: Dialect;
  transport: UssdTransport;
  client: UssdClient;
  safety: SafetyRails;
}

/** Transport, client and rails for a loaded target: what every USSD command starts with. */
export async function connectTarget(target: UssdTarget, opts: ConnectOptions = {}): Promise<Connection> {
  const dialect = opts.dialect ?? (await resolveDialect(target));
  const transport = new UssdTransport({
    endpoint: target.endpoint,
    authHeaders: target.auth.headers,
    tls: { ...(target.tls.caPem ? { ca: target.tls.caPem } : {}), insecure: target.tls.insecure },
    timeoutMs: target.budget.timeoutMs,
    maxResponseBytes: target.budget.maxResponseBytes,
    ratePerSecond: target.budget.ratePerSecond,
    maxRequests: target.budget.maxRequests,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const client = new UssdClient({
    dialect,
    transport,
    serviceCode: target.serviceCode,
    callers: target.accounts.map((a) => a.msisdn),
    source: opts.source ?? 'crawl',
    extras: target.extras,
    ...(opts.random ? { random: opts.random } : {}),
  });
  return { target, dialect, transport, client, safety: new SafetyRails(target) };
}

// ---- YAML reading helpers (each reports into Problems and returns undefined on a bad value) ----

function entries(map: YAMLMap, allowed: readonly string[], p: Problems, what: string): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key)) {
      p.add(pair.key as Node, `unknown key "${key}" in ${what} (expected ${allowed.join(', ')})`);
      continue;
    }
    out.set(key, pair);
  }
  return out;
}

function mapping(node: Node | null | undefined, what: string, p: Problems): YAMLMap | undefined {
  if (isMap(node)) return node;
  p.add(node, `${what} must be a mapping`);
  return undefined;
}

/** A scalar's text; numbers keep their source spelling (`0123` stays `0123`). */
function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  if (typeof node.value === 'number' && typeof node.source === 'string') return node.source;
  if (typeof node.value === 'boolean') return undefined;
  return String(node.value);
}

function optionalString(m: Map<string, Pair>, key: string, p: Problems): string | undefined {
  const pair = m.get(key);
  if (!pair) return undefined;
  const v = scalarText(pair.value as Node);
  if (v === undefined || v.trim() === '') {
    p.add((pair.value ?? pair.key) as Node, `"${key}" needs a non-empty text value`);
    return undefined;
  }
  return v.trim();
}

function requiredString(m: Map<string, Pair>, key: string, p: Problems, parent: Node): string | undefined {
  if (!m.has(key)) {
    p.add(parent, `"${key}" is required`);
    return undefined;
  }
  return optionalString(m, key, p);
}

function optionalBoolean(m: Map<string, Pair>, key: string, p: Problems): boolean | undefined {
  const pair = m.get(key);
  if (!pair) return undefined;
  const v = pair.value as Node;
  if (!isScalar(v) || typeof v.value !== 'boolean') {
    p.add((v ?? pair.key) as Node, `"${key}" is true or false`);
    return undefined;
  }
  return v.value;
}

function assignNumber(m: Map<string, Pair>, key: string, p: Problems, rule: { integer?: boolean; min?: number; max?: number }, set: (v: number) => void): void {
  const pair = m.get(key);
  if (!pair) return;
  const v = pair.value as Node;
  const n = isScalar(v) && typeof v.value === 'number' ? v.value : undefined;
  const what = `${rule.integer ? 'a whole number' : 'a number'}${rule.min !== undefined ? ` ≥ ${rule.min}` : ''}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''}`;
  if (n === undefined || !Number.isFinite(n) || (rule.integer && !Number.isInteger(n)) || (rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
    p.add((v ?? pair.key) as Node, `"${key}" must be ${what}`);
    return;
  }
  set(n);
}

function numberList(m: Map<string, Pair>, key: string, p: Problems, rule: { min: number; max: number; maxItems: number }): number[] | undefined {
  const pair = m.get(key);
  if (!pair) return undefined;
  const v = pair.value as Node;
  if (!isSeq(v)) {
    p.add((v ?? pair.key) as Node, `"${key}" is a list of numbers`);
    return undefined;
  }
  if (v.items.length > rule.maxItems) {
    p.add(v, `"${key}" has at most ${rule.maxItems} entries (got ${v.items.length})`);
    return undefined;
  }
  const out: number[] = [];
  for (const item of v.items as Node[]) {
    const n = isScalar(item) && typeof item.value === 'number' ? item.value : undefined;
    if (n === undefined || !Number.isFinite(n) || n < rule.min || n > rule.max) {
      p.add(item, `each item of "${key}" is a number ≥ ${rule.min} and ≤ ${rule.max}`);
      return undefined;
    }
    out.push(n);
  }
  return out;
}

function stringList(m: Map<string, Pair>, key: string, p: Problems, allowEmptyItems = false): string[] | undefined {
  const pair = m.get(key);
  if (!pair) return undefined;
  const v = pair.value as Node;
  if (!isSeq(v)) {
    p.add((v ?? pair.key) as Node, `"${key}" is a list`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of v.items as Node[]) {
    const s = isScalar(item) && item.value === '' ? '' : scalarText(item);
    if (s === undefined || (!allowEmptyItems && s.trim() === '')) {
      p.add(item, `each item of "${key}" is a text value`);
      return undefined;
    }
    out.push(allowEmptyItems ? s : s.trim());
  }
  return out;
}

function expandEnv(v: string, env: Readonly<Record<string, string | undefined>>): { value: string; missing?: string } {
  let missing: string | undefined;
  const value = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const x = env[name];
    if (x === undefined) {
      missing ??= name;
      return '';
    }
    return x;
  });
  return missing ? { value, missing } : { value };
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** True for a URL whose host is this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}
