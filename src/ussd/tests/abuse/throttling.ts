/**
 * USSD-RATE-01: throttling and velocity controls. Without a limit on new sessions per number and on PIN
 * failures across subscribers, an attacker with gateway access (or a SIM farm) can spray one PIN guess per
 * account over thousands of accounts, staying under every per-account lockout.
 */
import { normalizeText } from '../../prompts.js';
import type { UssdScreen } from '../../types.js';
import type { UssdAccount } from '../../target.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { entryIds, excerpt, kindOf, lastAnswer, loginPinPrompts, maskNumbers, reachedEnd, sendOn, walk, wrongPin } from '../../flows.js';

const BURST = { quick: 24, full: 40 };
const FAILURES = { quick: 15, full: 24 };

/** Words of a throttle, velocity or lock answer. */
const CONTROL_WORDS = /\b(?:too many|try again (?:later|in)|busy|limit\w*|locked|blocked|suspended|slow down|reessayer|trop de|bloque|suspendu|baadaye|imezuiwa|imefungwa|demasiad\w*|bloquead\w*|mas tarde|tente novamente)\b/;

interface Outcome {
  normal: boolean;
  why?: string;
  ids: number[];
  text?: string;
}

/** A throttle shows as a non-200 answer, an error, or a screen that differs from the usual one with control words. */
function judgeAnswer(status: number | undefined, screen: UssdScreen | undefined, usual: (s: UssdScreen) => boolean): { normal: boolean; why?: string } {
  if (status === undefined) return { normal: false, why: 'no answer' };
  if (status !== 200) return { normal: false, why: `HTTP ${status}` };
  if (!screen) return { normal: false, why: 'an answer outside the dialect' };
  if (usual(screen)) return { normal: true };
  if (CONTROL_WORDS.test(normalizeText(screen.text))) return { normal: false, why: `"${excerpt(screen.text, 70)}"` };
  return { normal: false, why: `an unusual screen "${excerpt(screen.text, 70)}"` };
}

export const throttlingTest = defineUssdTest({
  id: 'ussd.abuse.throttling',
  meta: {
    title: 'No throttling of sessions or PIN failures',
    family: 'abuse',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: { masvs: [], maswe: [], cwe: ['CWE-307'], dfs: ['PLAT-15', 'PLAT-01', 'USSD-34'] },
    description: [
      'Two bursts, as fast as the target\'s declared rate allows (the transport never exceeds it):',
      '',
      `1. **PIN failures across subscribers** (${FAILURES.quick} in quick mode, ${FAILURES.full} otherwise): at a log-in PIN prompt`,
      '   of the menu map, one wrong PIN at a time for A and B alternately (A only without B). Before an account',
      '   reaches its declared `lockoutThreshold`, its correct PIN is entered to clear its counter, so no account',
      '   is locked by the test and only a service-wide velocity control can stop the burst.',
      `2. **New sessions for one number** (${BURST.quick} in quick mode, ${BURST.full} otherwise): A dials again and again.`,
      '',
      'A control is observed when an answer stops being the usual one: HTTP 429/503 or another non-200 status, or a',
      'screen saying busy / too many / try later / locked. Each burst whose answers all stay normal is a finding',
      'that says the rate reached: **no control was observed at that rate**; a target may still throttle at',
      'higher rates, which the harness does not try (confidence medium).',
      '',
      'Destructive: it changes the PIN failure counters of A and B (and leaves them below the threshold).',
    ].join('\n'),
    manual: [
      'With the gateway simulator, script 30 dials from one number within a minute and 15 wrong PINs spread over',
      'several test accounts (each below its lockout); the service should start answering "too many requests" or',
      '"service busy", and the fraud monitoring should raise an alert.',
    ].join('\n'),
    remediation: [
      'Limit new sessions per number per minute, and watch PIN failures per subscriber, per gateway link and',
      'service-wide: past a threshold, slow down or refuse PIN verification and alert fraud monitoring (velocity',
      'rules, FIGI SIT "velocity analytics"). Lockout per account alone does not stop spraying across accounts.',
    ].join('\n'),
    catalogueId: 'USSD-RATE-01',
    destructive: true,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
    // The refusals are what this test looks for: the runner must not wait them away.
    observesThrottling: true,
  },
  async run(ctx) {
    const pinNode = ctx.menu ? loginPinPrompts(ctx.menu)[0] : undefined;
    if (pinNode) await pinSpray(ctx, pinNode.path);
    else ctx.inconclusive('no log-in PIN prompt in the menu map: the PIN-failure burst was not run');
    await sessionBurst(ctx);
  },
});

async function pinSpray(ctx: UssdTestContext, path: readonly string[]): Promise<void> {
  const accounts: UssdAccount[] = ctx.b ? [ctx.a, ctx.b] : [ctx.a];
  const target = ctx.quick ? FAILURES.quick : FAILURES.full;
  // Stay one failure below the declared lockout (at most 2 before a reset, to keep the bursts short).
  const perAccount = Math.max(1, Math.min(2, ctx.target.policies.lockoutThreshold - 1));
  const outstanding = new Map<string, number>();
  const wrongIds: number[] = [];
  let failures = 0;
  let turn = 0;
  const t0 = ctx.transport.requestsUsed;
  const started = performance.now();
  let usualText: string | undefined;

  while (failures < target) {
    const acct = accounts[turn % accounts.length]!;
    turn++;
    const full = [...path];
    const s = await walk(ctx, acct.msisdn, full);
    if (!reachedEnd(s, full) || kindOf(ctx, s.screen) !== 'pin') {
      // The PIN prompt did not come: a throttle or a lock (a control), or something the test cannot read.
      const a = lastAnswer(s);
      const j = judgeAnswer(a.status, a.screen, () => false);
      const controlled = a.status !== undefined && (a.status !== 200 || (a.screen !== undefined && CONTROL_WORDS.test(normalizeText(a.screen.text))));
      if (controlled) {
        ctx.pass({
          message: `A control answered during the PIN-failure burst after ${failures} wrong PIN(s) across ${accounts.length} account(s), before the PIN prompt: ${j.why}.`,
          transcript: [...wrongIds.slice(-4), ...entryIds(s)],
          field: 'pin-failures',
        });
      } else ctx.inconclusive(`the PIN prompt at ${path.join('>')} was not reached again during the PIN-failure burst (${j.why ?? 'unexpected screen'})`, entryIds(s));
      await clearCounters(ctx, path, outstanding, accounts);
      return;
    }
    const screen = await sendOn(s, wrongPin(acct.pin, failures));
    failures++;
    const a = lastAnswer(s);
    // The usual answer to a wrong PIN is the PIN prompt again, or the same "wrong PIN" screen as the first one.
    const j = judgeAnswer(a.status, screen, (sc) => {
      if (sc.continue && kindOf(ctx, sc) === 'pin') return true;
      const m = maskNumbers(sc.text);
      usualText ??= m;
      return m === usualText && !CONTROL_WORDS.test(normalizeText(sc.text));
    });
    if (!j.normal) {
      ctx.pass({
        message: `A control stopped the PIN-failure burst after ${failures} wrong PIN(s) across ${accounts.length} account(s): ${j.why}.`,
        transcript: [...wrongIds.slice(-4), ...entryIds(s)],
        field: 'pin-failures',
      });
      await clearCounters(ctx, path, outstanding, accounts);
      return;
    }
    wrongIds.push(...(a.entryId !== undefined ? [a.entryId] : []));
    const n = (outstanding.get(acct.msisdn) ?? 0) + 1;
    outstanding.set(acct.msisdn, n);
    if (n >= perAccount) {
      // Clear this account's counter with its correct PIN: in the same session when it re-prompts, else a new one.
      const ok = kindOf(ctx, screen) === 'pin' ? await sendOn(s, acct.pin) : (await walk(ctx, acct.msisdn, [...path, acct.pin])).screen;
      if (ok && ok.continue && kindOf(ctx, ok) !== 'pin') outstanding.set(acct.msisdn, 0);
      else if (ok && CONTROL_WORDS.test(normalizeText(ok.text))) {
        ctx.pass({
          message: `A control refused the correct PIN after ${failures} wrong PIN(s) across ${accounts.length} account(s): "${excerpt(ok.text, 80)}".`,
          transcript: [...wrongIds.slice(-4), ...entryIds(s)],
          field: 'pin-failures',
        });
        return;
      }
    }
  }
  const late = await clearCounters(ctx, path, outstanding, accounts);
  if (late) {
    ctx.pass({
      message: `A control refused the correct PIN after ${failures} wrong PIN(s) across ${accounts.length} account(s): "${excerpt(late.text, 80)}".`,
      transcript: [...wrongIds.slice(-4), ...late.ids],
      field: 'pin-failures',
    });
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  const requests = ctx.transport.requestsUsed - t0;
  ctx.report({
    message: `${failures} wrong PINs across ${accounts.length} account(s) in ${seconds.toFixed(1)} s (${requests} requests, about ${(requests / Math.max(seconds, 0.001)).toFixed(1)} requests/s) were all answered normally: no PIN-failure velocity control was observed at that rate.`,
    transcript: wrongIds,
    field: 'pin-failures',
  });
}

/**
 * Enters the correct PIN for every account that still has failures counted. Returns a control answer met on the
 * way (a velocity control may refuse even the correct PIN), if any.
 */
async function clearCounters(ctx: UssdTestContext, path: readonly string[], outstanding: Map<string, number>, accounts: readonly UssdAccount[]): Promise<{ text: string; ids: number[] } | undefined> {
  let control: { text: string; ids: number[] } | undefined;
  for (const acct of accounts) {
    if ((outstanding.get(acct.msisdn) ?? 0) === 0) continue;
    const s = await walk(ctx, acct.msisdn, [...path, acct.pin]);
    outstanding.set(acct.msisdn, 0);
    const text = s.screen?.text ?? '';
    if (!control && CONTROL_WORDS.test(normalizeText(text))) control = { text, ids: entryIds(s) };
  }
  return control;
}

async function sessionBurst(ctx: UssdTestContext): Promise<void> {
  const n = ctx.quick ? BURST.quick : BURST.full;
  const ids: number[] = [];
  const started = performance.now();
  let usual: string | undefined;
  for (let i = 0; i < n; i++) {
    const s = await walk(ctx, ctx.a.msisdn, []);
    const a = lastAnswer(s);
    const j = judgeAnswer(a.status, a.screen, (sc) => {
      const m = `${sc.continue}|${maskNumbers(sc.text)}`;
      usual ??= m;
      return m === usual;
    });
    if (!j.normal) {
      ctx.pass({
        message: `A control answered the ${i + 1}th new session of one number in a burst: ${j.why}.`,
        transcript: [...ids.slice(-3), ...entryIds(s)],
        field: 'sessions',
      });
      return;
    }
    if (a.entryId !== undefined) ids.push(a.entryId);
  }
  const seconds = (performance.now() - started) / 1000;
  ctx.report({
    message: `${n} new sessions for A in ${seconds.toFixed(1)} s (about ${(n / Math.max(seconds, 0.001)).toFixed(1)} sessions/s, the most the declared rate of ${ctx.target.budget.ratePerSecond} requests/s allows) were all answered normally: no per-number session throttling was observed at that rate.`,
    transcript: ids,
    field: 'sessions',
  });
}
