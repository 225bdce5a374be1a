/**
 * USSD-INJ-03: classic injection through a USSD callback. Whatever a subscriber types, and every field the
 * gateway fills in, reaches the application's look-ups; a payload that makes the answer show a database error,
 * a stack trace or an evaluated template (or a 5xx) shows input reaching an interpreter unescaped.
 */
import type { UssdHop, UssdHttpRequest } from '../../types.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { entryIds, excerpt, freshHop, kindOf, lastAnswer, promptsAt, sendOn, walk, type PromptAt } from '../../flows.js';
import { leakedInternals } from './support.js';

/** 40503 + 40502: a number no screen shows by chance, so its presence means the template was evaluated. */
const EVALUATED = '81005';

interface Payload {
  value: string;
  family: string;
}

const QUICK_PAYLOADS: readonly Payload[] = [
  { value: "1' OR '1'='1", family: 'SQL' },
  { value: '{{40503+40502}}', family: 'template' },
  { value: '{"$ne":null}', family: 'NoSQL' },
  { value: '%s%x%n%d', family: 'format string' },
];
const MORE_PAYLOADS: readonly Payload[] = [
  { value: '"); --', family: 'SQL' },
  { value: '${40503+40502}', family: 'template' },
  { value: '<%= 40503+40502 %>', family: 'template' },
  { value: '1\r\nX-Dfslab-Injected: 1', family: 'CRLF' },
];
const FIELD_PAYLOAD = "'\"{{40503+40502}}%s";

interface Observation {
  payload: string;
  family: string;
  what: string[];
  ids: number[];
  text: string;
}

/** What an answer gives away: a 5xx, leaked internals, or the evaluated template. */
function judge(status: number | undefined, body: string, payload: string): string[] {
  const what: string[] = [];
  if (status !== undefined && status >= 500) what.push(`HTTP ${status}`);
  what.push(...leakedInternals(body, [payload]));
  if (body.includes(EVALUATED) && !payload.includes(EVALUATED)) what.push(`template evaluated (${EVALUATED})`);
  return what;
}

export const injectionTest = defineUssdTest({
  id: 'ussd.input.injection',
  meta: {
    title: 'Injection payloads leak internals or are evaluated',
    family: 'input',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-89', 'CWE-94', 'CWE-200', 'CWE-20'], dfs: ['APP-30', 'PLAT-07', 'USSD-02'] },
    description: [
      'Types SQL, NoSQL, template, format-string and CRLF payloads (quick mode: one of each of the first four) at',
      'the free-text prompts of the menu map (recipient numbers, account and ID numbers; a session is reused while',
      'the app re-prompts), and puts a combined payload in every hop field the dialect carries besides the',
      'caller: `sessionId`, `serviceCode` and the gateway extras (`networkCode`, `operator`). For XML dialects an',
      'internal entity is declared and referenced.',
      '',
      'A finding is an answer with an SQL/NoSQL error or query text, a stack trace or exception name, the sum',
      `${EVALUATED} of a template payload, an expanded entity, or an HTTP 5xx. The payload is removed from the`,
      'answer before matching, so an echo is not a finding; a 4xx refusal is the expected control.',
      '',
      'The caller number is never changed (the harness only calls as declared accounts). Limits: blind injection',
      '(timing, out-of-band) is not tried, and prompts behind a PIN are reached only in a deep crawl.',
    ].join('\n'),
    manual: [
      'At a number prompt type a single quote `\'` (many handsets allow `*` and `#` only: use the gateway simulator).',
      'A hardened service answers "invalid number"; a vulnerable one shows a database error or ends the session with',
      'an internal error. Replay the gateway request with a quote in `sessionId` or `networkCode` and compare.',
    ].join('\n'),
    remediation: [
      'Use parameterised queries and safe templating for every value from the gateway, validate each field',
      'against its format (digits for numbers, the session-id pattern of the gateway) before any look-up, and map',
      'every exception to a generic "service unavailable" screen with HTTP 200 (log the details server-side).',
    ].join('\n'),
    catalogueId: 'USSD-INJ-03',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const payloads = ctx.quick ? QUICK_PAYLOADS : [...QUICK_PAYLOADS, ...MORE_PAYLOADS];
    const prompts = ctx.menu ? promptsAt(ctx.menu, ['recipient', 'input']).slice(0, ctx.quick ? 2 : 5) : [];
    let probed = 0;
    let reported = 0;
    const clean: number[] = [];

    for (const node of prompts) {
      const found = await probePrompt(ctx, node, payloads);
      if (found.probed === 0) continue;
      probed++;
      clean.push(...found.clean);
      if (found.observations.length) {
        reported++;
        const o = found.observations;
        ctx.report({
          message: `At the prompt "${excerpt(node.node.text, 60)}" (${node.path.join('>') || 'first screen'}) ${o.map((x) => `${x.family} payload ${JSON.stringify(x.payload)} → ${x.what.join(', ')}`).join('; ')}.`,
          transcript: o.flatMap((x) => x.ids),
          evidence: o.map((x) => `${JSON.stringify(x.payload)}: ${excerpt(x.text)}`),
          path: node.path.join('>'),
          field: 'input',
          ...(o.every((x) => x.what.every((w) => w.startsWith('HTTP '))) ? { severity: 'medium' as const, confidence: 'medium' as const } : {}),
        });
      }
    }

    for (const f of await probeFields(ctx)) {
      probed++;
      if (f.what.length) {
        reported++;
        ctx.report({
          message: `A payload in the gateway field ${f.field} gave ${f.what.join(', ')}.`,
          transcript: f.ids,
          evidence: [`${f.field}=${JSON.stringify(f.payload)}: ${excerpt(f.text)}`],
          field: f.field,
          ...(f.what.every((w) => w.startsWith('HTTP ')) ? { severity: 'medium' as const, confidence: 'medium' as const } : {}),
        });
      } else clean.push(...f.ids);
    }

    if (probed === 0) return ctx.inconclusive('no free-text prompt was found in the menu map and no hop field could be varied');
    if (reported === 0) {
      ctx.pass({
        message: `${payloads.length} payloads at ${prompts.length} prompt(s) and a payload in each gateway field gave no error text, no evaluated template and no 5xx.`,
        transcript: clean,
      });
    }
  },
});

async function probePrompt(ctx: UssdTestContext, node: PromptAt, payloads: readonly Payload[]): Promise<{ probed: number; observations: Observation[]; clean: number[] }> {
  const observations: Observation[] = [];
  const clean: number[] = [];
  let probed = 0;
  let session: Awaited<ReturnType<typeof walk>> | undefined;
  for (const p of payloads) {
    // Reuse the session while the app re-prompts the same screen (a refused value); else walk there again.
    if (!session || session.ended || kindOf(ctx, session.screen) !== node.node.kind) {
      session = await walk(ctx, ctx.a.msisdn, node.path);
      if (session.ended || kindOf(ctx, session.screen) !== node.node.kind) break;
    }
    await sendOn(session, p.value);
    probed++;
    const a = lastAnswer(session);
    const what = judge(a.status, a.body, p.value);
    if (what.length) observations.push({ payload: p.value, family: p.family, what, ids: entryIds(session), text: a.body });
    else if (a.entryId !== undefined) clean.push(a.entryId);
  }
  return { probed, observations, clean };
}

interface FieldResult {
  field: string;
  payload: string;
  what: string[];
  ids: number[];
  text: string;
}

async function probeFields(ctx: UssdTestContext): Promise<FieldResult[]> {
  const base = (): UssdHop => freshHop(ctx, ctx.a.msisdn);
  const serviceCodeWithPayload = ctx.target.serviceCode.replace(/#$/, '') + `${FIELD_PAYLOAD}#`;
  const variants: Array<{ field: string; hop: UssdHop }> = [
    { field: 'sessionId', hop: { ...base(), sessionId: `${ctx.client.newSessionId()}${FIELD_PAYLOAD}` } },
    { field: 'serviceCode', hop: { ...base(), serviceCode: serviceCodeWithPayload } },
    { field: 'networkCode/operator', hop: { ...base(), extras: { ...ctx.target.extras, networkCode: `63902${FIELD_PAYLOAD}`, operator: `MTN${FIELD_PAYLOAD}` } } },
  ];
  const reference = ctx.dialect.request(base());
  const out: FieldResult[] = [];
  for (const v of variants) {
    // A field the dialect does not carry leaves the request unchanged: sending it would test nothing.
    if (sameRequest(ctx.dialect.request(v.hop), reference, v.hop, base())) continue;
    const r = await ctx.sendHop(v.hop);
    const body = r.entry.response?.body ?? '';
    out.push({ field: v.field, payload: FIELD_PAYLOAD, what: judge(r.entry.response?.status, body, FIELD_PAYLOAD), ids: r.entry.id > 0 ? [r.entry.id] : [], text: body });
  }
  const xml = await probeXmlEntity(ctx, base());
  if (xml) out.push(xml);
  return out;
}

/** Does a variant hop produce the same request as the plain one, apart from its fresh session id? */
function sameRequest(a: UssdHttpRequest, b: UssdHttpRequest, ha: UssdHop, hb: UssdHop): boolean {
  const strip = (r: UssdHttpRequest, id: string): string => JSON.stringify({ q: r.query ?? {}, b: r.body ?? '' }).split(id).join('<id>');
  return strip(a, ha.sessionId) === strip(b, hb.sessionId);
}

/** XML dialects: declare an internal entity and reference it where the service code goes. */
async function probeXmlEntity(ctx: UssdTestContext, hop: UssdHop): Promise<FieldResult | undefined> {
  const marker = 'DFSLABENTITYREF';
  const req = ctx.dialect.request({ ...hop, serviceCode: `*${marker}#` });
  const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/xml/i.test(type) || !req.body?.includes(marker)) return undefined;
  const expanded = `dfslab${EVALUATED}x`;
  const doctype = `<!DOCTYPE dfslab [<!ENTITY dfslab "${expanded}">]>`;
  const withRef = req.body.split(marker).join('&dfslab;');
  const decl = /^<\?xml[^>]*\?>/.exec(withRef);
  const body = decl ? `${decl[0]}${doctype}${withRef.slice(decl[0].length)}` : `${doctype}${withRef}`;
  const r = await ctx.sendRaw({ ...req, body });
  const text = r.body ?? '';
  const what = judge(r.status, text, '').filter((w) => !w.startsWith('template'));
  if (text.includes(expanded)) what.push('XML entity expanded');
  return { field: 'xml-entity', payload: doctype, what: [...new Set(what)], ids: r.entry.id > 0 ? [r.entry.id] : [], text };
}
