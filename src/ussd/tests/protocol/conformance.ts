/**
 * USSD-PROTO-01: does every answer follow the dialect (status, continue/end marker), fit on a handset screen
 * and arrive within the gateway's time budget?
 */
import { ErrorCodes } from '../../../errors.js';
import { SCREEN_MAX_CHARS, SCREEN_WARN_CHARS } from '../../crawler.js';
import type { TransportTranscriptEntry } from '../../transport.js';
import type { TranscriptEntry } from '../../types.js';
import type { Severity } from '../../../findings/types.js';
import { defineUssdTest } from '../types.js';
import { classifyScreen } from '../../prompts.js';
import { continues, dataRoutes, HopDriver, isNavigationLabel, kindOf, pathLabel, pathOfEntry } from '../../flows.js';

export interface ConformanceIssue {
  code: 'screen-too-long' | 'screen-long' | 'http-status' | 'no-marker' | 'slow' | 'timeout' | 'response-too-large' | 'transport-error';
  severity: Severity;
  message: string;
}

/** What is wrong with one answer. `strict` adds the checks that only ordinary traffic may be held to. */
export function issuesOf(entry: TranscriptEntry, opts: { budgetMs: number; maxChars: number; strict: boolean }): ConformanceIssue[] {
  const out: ConformanceIssue[] = [];
  const text = entry.screen?.text;
  if (text !== undefined) {
    const n = [...text].length;
    if (n > opts.maxChars) out.push({ code: 'screen-too-long', severity: 'medium', message: `${n} characters; gateways cut screens beyond ${opts.maxChars}, so the end of the screen (often its options) is lost` });
    else if (n > SCREEN_WARN_CHARS) out.push({ code: 'screen-long', severity: 'info', message: `${n} characters; many handsets show only ${SCREEN_WARN_CHARS} without scrolling` });
  }
  const timedOut = entry.error?.code === ErrorCodes.USSD_TIMEOUT;
  if (timedOut) out.push({ code: 'timeout', severity: 'medium', message: entry.error!.message });
  else if (entry.response && entry.elapsedMs > opts.budgetMs) out.push({ code: 'slow', severity: 'low', message: `answered in ${entry.elapsedMs} ms, beyond the ${opts.budgetMs} ms budget (the gateway may drop the session)` });
  if (!opts.strict) return out;
  const status = entry.response?.status;
  if (status !== undefined && status !== 200) out.push({ code: 'http-status', severity: 'medium', message: `HTTP ${status}; gateways expect 200 with the next screen` });
  else if (entry.error?.code === ErrorCodes.USSD_PROTOCOL) out.push({ code: 'no-marker', severity: 'medium', message: entry.error.message });
  if (entry.error?.code === ErrorCodes.USSD_RESPONSE_TOO_LARGE) out.push({ code: 'response-too-large', severity: 'medium', message: entry.error.message });
  else if (entry.error?.code === ErrorCodes.USSD_TRANSPORT) out.push({ code: 'transport-error', severity: 'medium', message: entry.error.message });
  return out;
}

export const conformanceTest = defineUssdTest({
  id: 'ussd.protocol.conformance',
  meta: {
    title: 'USSD answers break the gateway protocol',
    family: 'protocol',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-20'], dfs: ['USSD-02'] },
    description: [
      'Reads every answer the application gave to ordinary traffic: the crawl of the menu map, plus the screens',
      'behind the PIN prompts the crawl stopped at (this test enters account A\'s own PIN there and opens the',
      'first option of the screen behind it, up to four in a full run; it never answers an amount, recipient or',
      'confirmation). Each screen',
      'path is reported once per problem:',
      '',
      `- more than ${SCREEN_MAX_CHARS} characters (gateways cut the screen, so its last lines — often the options or`,
      `  the amount being confirmed — are lost); over ${SCREEN_WARN_CHARS} is reported at severity info;`,
      '- HTTP status other than 200, or an answer without the dialect\'s continue/end marker (the gateway ends',
      '  the session with an error);',
      '- an answer slower than `policies.responseBudgetMs` (default 10 s), or none before the transport timeout.',
      '',
      'Screens the other tests received (whatever they sent) are checked for length and time only: their',
      'status codes answer deliberately odd requests.',
    ].join('\n'),
    manual: [
      'Walk each reported path with a gateway simulator and look at the raw answer: its length in characters,',
      'its status and marker (`CON `/`END `, Hubtel `Type`), and its time.',
    ].join('\n'),
    remediation: [
      `Keep every screen within ${SCREEN_MAX_CHARS} characters (aim for ${SCREEN_WARN_CHARS}): paginate long lists (statements)`,
      'with a "more" option. Always answer HTTP 200 with the dialect\'s marker, including for errors (an',
      '`END` screen with a short message), and answer within the gateway\'s budget.',
    ].join('\n'),
    catalogueId: 'USSD-PROTO-01',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const budgetMs = ctx.target.policies.responseBudgetMs;
    const maxChars = Math.min(SCREEN_MAX_CHARS, ctx.dialect.semantics.maxScreenChars || SCREEN_MAX_CHARS);
    const own: number[] = [];
    if (ctx.menu) {
      const gates = dataRoutes(ctx.menu, ctx.target.prompts).filter((r) => r.viaPin).slice(0, ctx.quick ? 2 : 5).map((r) => r.path);
      for (const gate of gates) {
        const driver = new HopDriver(ctx, ctx.a.msisdn);
        const out = await driver.walk(gate);
        if (!continues(out) || kindOf(ctx, out.screen) !== 'pin' || driver.history.length !== gate.length) {
          own.push(...driver.entries);
          continue;
        }
        const behind = await driver.send(ctx.a.pin);
        own.push(...driver.entries);
        if (!continues(behind) || kindOf(ctx, behind.screen) !== 'menu') {
          if (!driver.ended) await driver.release('abort');
          continue;
        }
        if (!driver.ended) await driver.release('abort');
        const options = classifyScreen(behind.screen, ctx.target.prompts).options.filter((o) => !isNavigationLabel(o.label) && !/^(0|00|#|\*)$/.test(o.key));
        for (const option of options.slice(0, ctx.quick ? 1 : 4)) {
          const next = new HopDriver(ctx, ctx.a.msisdn);
          const o1 = await next.walk(gate);
          if (continues(o1) && kindOf(ctx, o1.screen) === 'pin') {
            const o2 = await next.send(ctx.a.pin);
            if (continues(o2)) await next.send(option.key);
          }
          own.push(...next.entries);
          if (!next.ended) await next.release('abort');
        }
      }
    }

    // Ordinary traffic: the crawl and this test's own walks. Everything else: length and time only.
    const ownSet = new Set(own);
    const issues = new Map<string, { path: string[]; issue: ConformanceIssue; transcript: number[] }>();
    let screens = 0;
    for (const entry of ctx.transport.transcript as readonly TransportTranscriptEntry[]) {
      const path = pathOfEntry(entry);
      if (!path) continue;
      if (entry.request.url.endsWith('/notify')) continue;
      const strict = entry.source === 'crawl' || ownSet.has(entry.id);
      if (entry.screen) screens++;
      for (const issue of issuesOf(entry, { budgetMs, maxChars, strict })) {
        const key = `${issue.code}|${JSON.stringify(path)}`;
        const seen = issues.get(key);
        if (seen) seen.transcript.push(entry.id);
        else issues.set(key, { path, issue, transcript: [entry.id] });
      }
    }
    if (screens === 0 && !ctx.menu) {
      ctx.inconclusive('no menu map and no screens in the transcript to check');
      return;
    }
    // Locations name PINs by role, never by their digits.
    const pins = new Map(ctx.target.accounts.map((a) => [a.pin, `PIN(${a.role})`]));
    const label = (path: string[]): string => pathLabel(path.map((p) => pins.get(p) ?? p));
    const sorted = [...issues.values()].sort((x, y) => (x.issue.code < y.issue.code ? -1 : x.issue.code > y.issue.code ? 1 : JSON.stringify(x.path) < JSON.stringify(y.path) ? -1 : 1));
    for (const { path, issue, transcript } of sorted) {
      ctx.report({ message: `${label(path)}: ${issue.message}`, transcript: transcript.slice(0, 5), path: label(path), field: issue.code, severity: issue.severity });
    }
    if (sorted.length === 0) ctx.pass({ message: `${screens} answers checked: all HTTP 200 with the dialect's marker, within ${maxChars} characters and the ${budgetMs} ms budget`, transcript: own.slice(0, 20) });
  },
});
