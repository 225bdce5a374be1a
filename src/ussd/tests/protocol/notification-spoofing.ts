/**
 * USSD-PROTO-02: Africa's Talking tells the application how a session ended in a separate callback. Does a
 * forged "Success" notification move money or change state?
 */
import { inputsSoFar } from '../../dialects/hop.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import type { UssdAccount } from '../../target.js';
import {
  balanceOnScreen,
  dataRoutes,
  declineKey,
  entryIds,
  pathLabel,
  quote,
  transferEntry,
  walkRoute,
  walkToConfirmation,
} from '../../flows.js';

/**
 * Where the notification goes when the target file does not say (`notificationPath`). Africa's Talking posts
 * it to a URL configured apart from the callback; `notify` below the callback path is the default.
 */
export const NOTIFICATION_PATH = 'notify';

/** A marker that must never come back in the answer to a notification. */
const MARKER = '<dfslab-notify-7f3a>';

async function balanceOf(ctx: UssdTestContext, account: UssdAccount): Promise<{ amount?: number; transcript: number[]; where?: string }> {
  const route = dataRoutes(ctx.menu!, ctx.target.prompts).find((r) => r.kind === 'balance');
  if (!route) return { transcript: [] };
  const { driver, outcome } = await walkRoute(ctx, route, account);
  if (!driver.ended) await driver.release('abort');
  const amount = outcome.screen ? balanceOnScreen(outcome.screen.text, { sameLine: true }) : undefined;
  return { ...(amount !== undefined ? { amount } : {}), transcript: driver.entries, where: pathLabel(route.path) };
}

export const notificationSpoofingTest = defineUssdTest({
  id: 'ussd.protocol.notification-spoofing',
  meta: {
    title: 'Forged end-of-session notification changes state',
    family: 'protocol',
    kind: 'control',
    severity: 'critical',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-345', 'CWE-287'], dfs: ['USSD-14', 'PLAT-40'] },
    description: [
      'For dialects with an end-of-session notification (Africa\'s Talking). Reads B\'s balance as B sees it',
      '(the balance screen, with B\'s PIN), then as account A walks the transfer flow of the menu map',
      '(recipient → amount → PIN, answered with B\'s number, the smallest amount and A\'s PIN) **up to the',
      'confirmation screen, and does not confirm**. It then forges the notification for that session with',
      '`status=Success` (and a marker in `lastAppResponse`) and posts it to the target file\'s `notificationPath` (default `<endpoint>/notify`), reads B\'s',
      'balance again, and cancels the transfer if the session still allows it.',
      '',
      'A finding is B\'s balance going up (the notification completed the pending transfer: critical), or the',
      'marker reflected in the answer. An unchanged balance is the control.',
      '',
      'Limits: needs `allowedAmount` (at most one unit moves, and only if the',
      'application is vulnerable), the second test account and a balance screen in the menu map.',
    ].join('\n'),
    manual: [
      'Start a transfer to a test account and stop at the confirmation screen. POST to the notification URL',
      '`sessionId=<that session>&status=Success&phoneNumber=…&input=…&lastAppResponse=…` (form-encoded, no',
      'gateway credentials beyond what the gateway sends). Check both balances and the transaction list.',
    ].join('\n'),
    remediation: [
      'Treat the end-of-session notification as information: authenticate it like the callback (gateway',
      'credentials, allow-list), use it only to close the session and cancel what was pending, and never to',
      'confirm a transaction; a transfer is confirmed only by the subscriber\'s own hop.',
    ].join('\n'),
    catalogueId: 'USSD-PROTO-02',
    destructive: true,
    movesMoney: true,
    needsSecondAccount: true,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const notify = ctx.dialect.notification;
    if (!notify) {
      ctx.inconclusive(`the ${ctx.dialect.id} dialect has no end-of-session notification`);
      return;
    }
    const b = ctx.b;
    if (!b) {
      ctx.inconclusive('needs the second test account (role B) as the payee');
      return;
    }
    if (!ctx.menu) {
      ctx.inconclusive('the menu map could not be built, so the transfer flow is unknown');
      return;
    }
    const start = transferEntry(ctx.menu, ctx.target.prompts);
    if (!start) {
      ctx.inconclusive('the menu map has no transfer flow (a recipient or amount prompt under a send/transfer option)');
      return;
    }
    const before = await balanceOf(ctx, b);
    const walk = await walkToConfirmation(ctx, start, ctx.a, b);
    if (!walk.confirm || walk.amount === undefined) {
      if (!walk.driver.ended) await walk.driver.release('abort');
      ctx.inconclusive(`could not prepare a pending transfer from ${pathLabel(start.path)}: ${walk.reason ?? 'no confirmation screen'}`, [...before.transcript, ...walk.driver.entries]);
      return;
    }
    const last = walk.driver.last!;
    const request = notify.call(ctx.dialect, { ...last, extras: { ...(last.extras ?? {}), date: '2026-01-15 09:00:00' } }, {
      status: 'Success',
      input: inputsSoFar(last).join('*'),
      lastResponse: `${walk.confirm.screen!.text}${MARKER}`,
      durationMs: 25_000,
      hops: walk.driver.entries.length,
    });
    const sent = await ctx.sendRaw(request, { path: ctx.target.notificationPath ?? NOTIFICATION_PATH });
    const after = await balanceOf(ctx, b);
    // Whatever happened, leave nothing pending: answer the confirmation with its cancel option when it is still open.
    let cancel: number[] = [];
    const key = declineKey(walk.confirm.screen!);
    if (key !== undefined) {
      const c = await walk.driver.send(key);
      cancel = entryIds(c);
    }
    const evidence = [...walk.driver.entries.filter((id) => !cancel.includes(id)), ...entryIds(sent.entry)];

    if (sent.status === undefined || sent.status === 404 || sent.status === 405) {
      ctx.inconclusive(`no notification endpoint at ${ctx.target.notificationPath ?? NOTIFICATION_PATH} (${sent.status !== undefined ? `HTTP ${sent.status}` : sent.error?.code ?? 'no answer'}); name the gateway's notification URL with "notificationPath" in the target file`, [...evidence, ...cancel]);
      return;
    }
    if (before.amount !== undefined && after.amount !== undefined && after.amount > before.amount) {
      ctx.report({
        message: `a forged status=Success notification for a transfer left at the confirmation screen moved money: B's balance went from ${before.amount} to ${after.amount} (${walk.amount} was pending, never confirmed by A)`,
        transcript: [...before.transcript, ...evidence, ...after.transcript],
        path: pathLabel(start.path),
        field: 'status',
      });
      return;
    }
    if (sent.body !== undefined && sent.body.includes(MARKER)) {
      ctx.report({
        message: `the answer to a forged notification reflects its lastAppResponse field (${JSON.stringify(sent.body.slice(0, 80))})`,
        transcript: entryIds(sent.entry),
        field: 'lastAppResponse',
        severity: 'medium',
      });
      return;
    }
    if (before.amount === undefined || after.amount === undefined) {
      ctx.inconclusive(`the forged notification was answered (HTTP ${sent.status}) but B's balance could not be read${before.where ? ` at ${before.where}` : ' (no balance screen in the menu map)'}`, [...before.transcript, ...evidence, ...after.transcript]);
      return;
    }
    ctx.pass({
      message: `a forged status=Success notification (HTTP ${sent.status}${sent.body ? ` ${quote({ continue: false, text: sent.body })}` : ''}) did not complete the pending transfer: B's balance stayed ${after.amount}`,
      transcript: [...before.transcript, ...evidence, ...after.transcript],
      path: pathLabel(start.path),
    });
  },
});
