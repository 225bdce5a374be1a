/**
 * USSD-INJ-04: MSISDN canonicalisation. Gateways write the same subscriber as `+2547…`, `2547…`, `07…` or
 * `002547…`; an application that keys accounts, PIN counters or block lists on the raw string gives the same
 * person two identities, and a lock applied to one spelling does not hold for the other.
 */
import { normalizeText } from '../../prompts.js';
import type { UssdHop, UssdHttpRequest, UssdScreen } from '../../types.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { attemptsLeft, excerpt, loginPinPrompts, wrongPin } from '../../flows.js';

/** E.164 country codes of two digits (the rest of zones 2–9 use three; zones 1 and 7 use one). */
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '53', '54', '55', '56',
  '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** The country code of an international number (ITU-T E.164 assignment structure). */
export function countryCodeOf(msisdn: string): string {
  if (/^[17]/.test(msisdn)) return msisdn.slice(0, 1);
  if (TWO_DIGIT_CODES.has(msisdn.slice(0, 2))) return msisdn.slice(0, 2);
  return msisdn.slice(0, 3);
}

interface Format {
  name: string;
  /** The caller field exactly as sent; undefined = as the dialect writes it. */
  raw?: string;
}

/** Other spellings of the same subscriber, the national (trunk `0`) form first: it is the one apps most often miss. */
export function spellingsOf(msisdn: string, asSent: string): Format[] {
  const cc = countryCodeOf(msisdn);
  const national = msisdn.slice(cc.length);
  const all: Format[] = [
    { name: 'national (0…)', raw: `0${national}` },
    { name: 'international with +', raw: `+${msisdn}` },
    { name: 'international without +', raw: msisdn },
    { name: 'international prefix 00', raw: `00${msisdn}` },
    { name: 'with spaces', raw: `+${cc} ${national.slice(0, 3)} ${national.slice(3)}` },
  ];
  return all.filter((f) => f.raw !== asSent);
}

/** How the dialect writes the caller (`+254…` or `254…`), read from a request it built. */
function writtenCaller(req: UssdHttpRequest, msisdn: string): string | undefined {
  const hay = `${JSON.stringify(req.query ?? {})}\n${req.body ?? ''}`;
  const m = new RegExp(`(%2B|\\+)?(?<!\\d)${msisdn}(?!\\d)`).exec(hay);
  if (!m) return undefined;
  return m[1] ? `+${msisdn}` : msisdn;
}

/** The request with the caller field rewritten to `raw`, encoded for the body's format; undefined when it carries no caller. */
export function withCaller(req: UssdHttpRequest, msisdn: string, raw: string): UssdHttpRequest | undefined {
  const token = new RegExp(`("?)(?:%2B|\\+)?(?<!\\d)${msisdn}(?!\\d)`, 'g');
  let changed = false;
  const query = req.query
    ? Object.fromEntries(
        Object.entries(req.query).map(([k, v]) => {
          if (v.replace(/^\+/, '') !== msisdn) return [k, v];
          changed = true;
          return [k, raw];
        }),
      )
    : undefined;
  let body = req.body;
  if (body !== undefined) {
    const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const form = /x-www-form-urlencoded/i.test(type);
    const json = /json/i.test(type);
    body = body.replace(token, (_m, quote: string) => {
      changed = true;
      if (form) return `${quote}${encodeURIComponent(raw)}`;
      if (json) return quote ? `${quote}${JSON.stringify(raw).slice(1, -1)}` : JSON.stringify(raw);
      return `${quote}${raw.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`;
    });
  }
  if (!changed) return undefined;
  return { ...req, ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}) };
}

/** A session played with the caller field spelled one way. */
class SpelledSession {
  readonly ids: number[] = [];
  readonly screens: Array<UssdScreen | undefined> = [];
  private readonly sessionId: string;
  private readonly inputs: string[] = [];
  private last: UssdScreen | undefined;
  ended = false;
  unsupported = false;

  constructor(
    private readonly ctx: UssdTestContext,
    readonly format: Format,
  ) {
    this.sessionId = ctx.client.newSessionId();
    if (format.raw !== undefined) ctx.client.assertCaller(format.raw);
  }

  get screen(): UssdScreen | undefined {
    return this.last;
  }

  async hop(input: string, first: boolean): Promise<UssdScreen | undefined> {
    if (this.ended) return undefined;
    const state = this.last?.hints?.clientState;
    const extras = { ...this.ctx.target.extras, ...(typeof state === 'string' ? { clientState: state } : {}) };
    const hop: UssdHop = {
      sessionId: this.sessionId,
      msisdn: this.ctx.a.msisdn,
      serviceCode: this.ctx.target.serviceCode,
      input,
      history: [...this.inputs],
      first,
      sequence: this.screens.length + 1,
      ...(Object.keys(extras).length ? { extras } : {}),
    };
    const built = this.ctx.dialect.request(hop);
    const req = this.format.raw === undefined ? built : withCaller(built, this.ctx.a.msisdn, this.format.raw);
    if (!req) {
      this.unsupported = true;
      this.ended = true;
      return undefined;
    }
    const r = await this.ctx.sendRaw(req);
    if (r.entry.id > 0) this.ids.push(r.entry.id);
    if (!first) this.inputs.push(input);
    let screen: UssdScreen | undefined;
    if (r.status !== undefined && r.entry.response) {
      try {
        screen = this.ctx.dialect.parse({ status: r.status, headers: r.entry.response.headers, body: r.body ?? '' }, hop);
        r.entry.screen = screen;
      } catch {
        screen = undefined;
      }
    }
    this.screens.push(screen);
    this.last = screen;
    if (!screen || !screen.continue) this.ended = true;
    return screen;
  }

  /** Dials, then types `inputs` while the session lasts. */
  async run(inputs: readonly string[]): Promise<UssdScreen | undefined> {
    let s = await this.hop('', true);
    for (const i of inputs) {
      if (this.ended) break;
      s = await this.hop(i, false);
    }
    return s;
  }

  /** True when every input was answered. */
  reached(inputs: readonly string[]): boolean {
    return this.screens.length === inputs.length + 1 && this.screen !== undefined;
  }
}

/** Screen text with phone-number-like digit runs masked (a screen may echo the number in the spelling given). */
function maskPhones(text: string): string {
  return normalizeText(text).replace(/\+?\d[\d ]{5,}\d/g, '#');
}

export const msisdnFormatTest = defineUssdTest({
  id: 'ussd.input.msisdn-format',
  meta: {
    title: 'Caller number not canonicalised (two identities, lockout bypass)',
    family: 'input',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20', 'CWE-307'], dfs: ['USSD-34', 'PLAT-01', 'PLAT-07'] },
    description: [
      'Plays account A with the caller field spelled as the dialect writes it and as the other spellings of the same',
      'number: national `0…`, international with and without `+`, with the `00` prefix and with spaces.',
      '',
      '- Non-destructive part: the first screen of each spelling, and the screen after the correct PIN at a log-in',
      '  PIN prompt of the map (balance, statement) for two spellings, must be the same. Different screens for',
      '  continuing sessions (e.g. "not registered" for one spelling, or another name or balance) are a finding.',
      '  A spelling the service refuses outright is fine.',
      '- Counter part, only when destructive tests are allowed and the declared `lockoutThreshold` is at least 3:',
      '  one wrong PIN in the gateway\'s spelling, one in another spelling, then the correct PIN in both (which',
      '  clears the counters; the account never reaches its threshold). If the "attempts left" the service shows',
      '  did not go down across spellings, the failure counter (and so the lock) is per spelling: a finding.',
      '',
      'Limits: the counter part needs a service that says how many attempts are left; otherwise it is',
      'inconclusive (lock the account in one spelling by hand, see below). The caller is always a declared account.',
    ].join('\n'),
    manual: [
      'With the gateway simulator, enter a wrong PIN as `+254…` (your number), then a wrong PIN as `07…`: the',
      'second answer should show one attempt fewer. On a staging account, lock the PIN in one spelling and check',
      'that the correct PIN is refused in every other spelling.',
    ].join('\n'),
    remediation: [
      'Reduce every caller number to one canonical E.164 form at the edge (before any account look-up, PIN',
      'counter, lock, session binding or block list) and refuse numbers that cannot be canonicalised.',
    ].join('\n'),
    catalogueId: 'USSD-INJ-04',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const probe = ctx.dialect.request({ sessionId: ctx.client.newSessionId(), msisdn: ctx.a.msisdn, serviceCode: ctx.target.serviceCode, input: '', history: [], first: true, sequence: 1 });
    const asSent = writtenCaller(probe, ctx.a.msisdn);
    if (asSent === undefined) return ctx.inconclusive(`the ${ctx.dialect.id} dialect does not carry the caller number in a form the test can rewrite`);
    const gateway: Format = { name: `as the gateway writes it (${asSent})`, raw: undefined };
    const others = spellingsOf(ctx.a.msisdn, asSent);
    const pinNode = ctx.menu ? loginPinPrompts(ctx.menu)[0] : undefined;
    const path = pinNode?.path ?? [];
    const counting = pinNode !== undefined && ctx.safety.destructiveAllowed() && ctx.target.policies.lockoutThreshold >= 3;
    const firstScreens: Array<{ format: Format; screen: UssdScreen | undefined; id?: number }> = [];
    const record = (s: SpelledSession): void => {
      firstScreens.push({ format: s.format, screen: s.screens[0], ...(s.ids[0] !== undefined ? { id: s.ids[0] } : {}) });
    };

    // The counter part needs a second spelling the service accepts: the first one that opens a session.
    let wrongGateway: SpelledSession | undefined;
    let wrongOther: SpelledSession | undefined;
    let other: Format | undefined;
    const rest = [...others];
    // Control first: does the counter survive a new session with the same spelling at all? If not, a
    // counter that looks reset by another spelling is only reset by the new session (counter-scope's finding).
    let perSession = false;
    if (counting) {
      const c1 = new SpelledSession(ctx, gateway);
      await c1.run([...path, wrongPin(ctx.a.pin, 2)]);
      const c2 = new SpelledSession(ctx, gateway);
      await c2.run([...path, wrongPin(ctx.a.pin, 3)]);
      const k1 = c1.screen ? attemptsLeft(c1.screen.text) : undefined;
      const k2 = c2.screen ? attemptsLeft(c2.screen.text) : undefined;
      perSession = k1 !== undefined && k2 !== undefined && k2 >= k1;
      // The correct PIN clears the two failures before the comparison (the account must not lock).
      const reset = new SpelledSession(ctx, gateway);
      await reset.run([...path, ctx.a.pin]);
      if (perSession) {
        return ctx.inconclusive(
          `the PIN failure counter does not survive a new session even with the same spelling (${k1} then ${k2} attempts left; ussd.pin.counter-scope reports that), so its scope across spellings cannot be judged`,
          [...c1.ids, ...c2.ids, ...reset.ids],
        );
      }
      wrongGateway = new SpelledSession(ctx, gateway);
      await wrongGateway.run([...path, wrongPin(ctx.a.pin, 0)]);
      record(wrongGateway);
    }
    while (rest.length && other === undefined) {
      const f = rest.shift()!;
      const s = new SpelledSession(ctx, f);
      await s.run(counting ? [...path, wrongPin(ctx.a.pin, 1)] : []);
      record(s);
      if (s.unsupported) return ctx.inconclusive(`the ${ctx.dialect.id} request could not be rewritten with the caller spelled "${f.raw}"`);
      if (s.screens[0]?.continue) {
        other = f;
        wrongOther = counting ? s : undefined;
      }
    }
    for (const f of ctx.quick ? rest.slice(0, 2) : rest) {
      const s = new SpelledSession(ctx, f);
      await s.run([]);
      record(s);
    }

    // After the correct PIN (this also clears the failure counters the wrong PINs left).
    const afterPin: SpelledSession[] = [];
    if (pinNode) {
      for (const f of [gateway, ...(other ? [other] : [])]) {
        const s = new SpelledSession(ctx, f);
        await s.run([...path, ctx.a.pin]);
        if (f === gateway && !counting) record(s);
        afterPin.push(s);
      }
    } else if (!firstScreens.some((x) => x.format === gateway)) {
      const s = new SpelledSession(ctx, gateway);
      await s.run([]);
      record(s);
    }

    let findings = 0;
    const base = firstScreens.find((x) => x.format === gateway);
    if (base?.screen?.continue) {
      const differ = firstScreens.filter((x) => x.format !== gateway && x.screen?.continue && maskPhones(x.screen.text) !== maskPhones(base.screen!.text));
      if (differ.length) {
        findings++;
        ctx.report({
          message: `The same subscriber gets a different first screen depending on how the number is written: ${differ.map((d) => `${d.format.name} "${excerpt(d.screen!.text, 60)}"`).join('; ')} vs "${excerpt(base.screen.text, 60)}" ${gateway.name}.`,
          transcript: [base.id, ...differ.map((d) => d.id)].filter((x): x is number => x !== undefined),
          evidence: differ.map((d) => `${d.format.raw}: ${excerpt(d.screen!.text)}`),
          field: 'caller',
          path: 'first screen',
          severity: 'medium',
          confidence: 'medium',
        });
      }
    }
    const [pinA, pinB] = afterPin;
    if (pinA && pinB && pinA.reached([...path, ctx.a.pin]) && pinB.reached([...path, ctx.a.pin])) {
      const a = pinA.screen!;
      const b = pinB.screen!;
      if (a.continue === b.continue && normalizeText(a.text) !== normalizeText(b.text) && maskPhones(a.text) !== maskPhones(b.text)) {
        findings++;
        ctx.report({
          message: `After the correct PIN at ${path.join('>')}, the number written ${other!.name} shows "${excerpt(b.text, 80)}" where ${gateway.name} shows "${excerpt(a.text, 80)}": two account states for one subscriber.`,
          transcript: [...pinA.ids, ...pinB.ids],
          field: 'caller',
          path: `${path.join('>')}>pin`,
          confidence: 'medium',
        });
      }
    }

    if (counting && wrongGateway && wrongOther) {
      const l1 = wrongGateway.screen ? attemptsLeft(wrongGateway.screen.text) : undefined;
      const l2 = wrongOther.screen ? attemptsLeft(wrongOther.screen.text) : undefined;
      const ids = [...wrongGateway.ids, ...wrongOther.ids];
      if (l1 === undefined || l2 === undefined) {
        if (findings === 0) ctx.inconclusive(`the answers to a wrong PIN do not say how many attempts are left, so the counter's scope across spellings cannot be seen without locking the account (try it by hand on a staging account)`, ids);
        return;
      }
      if (l2 >= l1) {
        ctx.report({
          message: `A wrong PIN ${gateway.name} left ${l1} attempt(s); the next wrong PIN with the number written ${other!.name} left ${l2}: the PIN failure counter (and the lockout it drives) is kept per spelling of the number, so writing the number differently resets it.`,
          transcript: ids,
          evidence: [`${asSent}: ${excerpt(wrongGateway.screen!.text)}`, `${other!.raw}: ${excerpt(wrongOther.screen!.text)}`],
          field: 'caller',
          path: `${path.join('>')}>pin`,
        });
        return;
      }
      if (findings === 0) {
        ctx.pass({
          message: `The PIN failure counter is shared across spellings of the number (${l1} then ${l2} attempts left), and every spelling shows the same account.`,
          transcript: [...ids, ...afterPin.flatMap((s) => s.ids)],
          field: 'caller',
        });
      }
      return;
    }
    if (findings === 0) {
      const spelled = firstScreens.filter((x) => x.screen !== undefined).length;
      if (spelled < 2) return ctx.inconclusive('fewer than two spellings of the number got an answer', firstScreens.map((x) => x.id).filter((x): x is number => x !== undefined));
      ctx.pass({
        message: `${spelled} spellings of the caller number showed the same account${pinNode ? ' (also after the PIN)' : ''}${counting ? '' : '; the PIN counter across spellings was not tested (needs destructive tests allowed and a log-in PIN prompt)'}.`,
        transcript: firstScreens.map((x) => x.id).filter((x): x is number => x !== undefined),
        field: 'caller',
      });
    }
  },
});
