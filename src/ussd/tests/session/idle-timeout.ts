/**
 * USSD-SESS-05: does an authenticated USSD session end after the declared idle time?
 */
import { defineUssdTest } from '../types.js';
import { pathLabel, quote } from '../../flows.js';
import { authenticate, probeAuthenticatedContext } from './support.js';

/** In quick mode the test waits only when the declared timeout is at most this long. */
export const QUICK_MAX_WAIT_SECONDS = 5;

/** How far past the declared timeout the test waits: clocks and timers are not exact. */
export function idleWaitMs(timeoutSeconds: number): number {
  const margin = Math.max(2, Math.ceil(timeoutSeconds * 0.1));
  return (timeoutSeconds + margin) * 1000;
}

export const idleTimeoutTest = defineUssdTest({
  id: 'ussd.session.idle-timeout',
  meta: {
    title: 'Authenticated USSD session survives the idle timeout',
    family: 'session',
    kind: 'control',
    severity: 'medium',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-613'], dfs: ['USSD-32', 'USSD-22', 'USSD-30', 'PLAT-01'] },
    description: [
      'Authenticates a session as account A (a balance or statement screen behind the PIN, from the menu map),',
      'waits longer than the declared `policies.sessionTimeoutSeconds` (default 180 s, plus 10 % or at least 2 s),',
      'then goes on in the same session: the screen\'s "home"/"back" option, then the menu choices to the',
      'protected screen again. A finding is that screen shown again without a PIN prompt; the session ending',
      '(or the PIN being asked again) is the control.',
      '',
      'The test waits in real time. In quick mode it runs only when the declared timeout is at most',
      `${QUICK_MAX_WAIT_SECONDS} s, and is otherwise inconclusive. Real gateways drop idle sessions themselves`,
      '(often after 20–180 s); this test checks the application\'s own expiry, which is what protects a session',
      'id that leaks or is replayed.',
    ].join('\n'),
    manual: [
      'Dial, open the balance with the PIN, then wait past the policy timeout without answering and send the',
      'next hop with the same session id (gateway simulator). The session must be over, or ask for the PIN.',
    ].join('\n'),
    remediation: [
      'Record the time of each hop on the server and end any session idle for longer than the policy (ITU/MNO',
      'practice: at most 180 s), cancelling whatever was pending in it.',
    ].join('\n'),
    catalogueId: 'USSD-SESS-05',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: true,
  },
  async run(ctx) {
    const timeout = ctx.target.policies.sessionTimeoutSeconds;
    if (ctx.quick && timeout > QUICK_MAX_WAIT_SECONDS) {
      ctx.inconclusive(`quick mode: waiting past the declared idle timeout of ${timeout} s is skipped (run without quick, or declare a shorter policies.sessionTimeoutSeconds if the target really has one)`);
      return;
    }
    if (!ctx.menu) {
      ctx.inconclusive('the menu map could not be built, so no authenticated screen is known');
      return;
    }
    const auth = await authenticate(ctx, ctx.menu, ctx.a, ctx.quick ? 1 : 3);
    if ('reason' in auth) {
      ctx.inconclusive(auth.reason, auth.transcript);
      return;
    }
    const { route, driver, shown } = auth;
    const wait = idleWaitMs(timeout);
    await ctx.sleep(wait);
    const probe = await probeAuthenticatedContext(ctx, driver, route, shown, ctx.a, ctx.a.msisdn);
    if (!driver.ended) await driver.release('abort');
    const where = pathLabel(route.path);
    const after = `after ${Math.round(wait / 1000)} s idle (policy ${timeout} s)`;
    if (probe.verdict === 'context') {
      ctx.report({ message: `${after} the session went on and showed ${where} again without a PIN: ${quote(probe.screen)}`, transcript: driver.entries, path: where });
    } else if (probe.verdict === 'ended') {
      ctx.pass({ message: `${after} the session was over: ${quote(probe.screen)}`, transcript: driver.entries, path: where });
    } else if (probe.verdict === 'reauth') {
      ctx.pass({ message: `${after} the session went on but asked for the PIN again at ${where}`, transcript: driver.entries, path: where });
    } else {
      ctx.inconclusive(`${after} the session went on to ${quote(probe.screen)}, which is neither the protected screen nor a PIN prompt`, driver.entries);
    }
  },
});
