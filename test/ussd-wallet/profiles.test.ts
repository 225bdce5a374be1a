/**
 * Profile-level properties of the reference wallet: a weakness switched on alone changes only its own
 * behaviour; the vulnerable profile with one weakness switched off shows that control; every hardened screen
 * fits in 182 characters; the CLI parses its arguments.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  WEAKNESS_IDS, WEAKNESSES, DEFAULT_ACCOUNTS, resolveWeaknesses, type WeaknessId, type WalletServer,
} from '../../examples/ussd-wallet/src/index.js';
import { parseWalletArgs, runWalletCli } from '../../examples/ussd-wallet/src/cli.js';
import { AtSession, HubtelSession, JANE, JOHN, at, atRaw, sid, stopAll, wallet } from './wallet-client.js';

afterEach(stopAll);

/** The everyday flows a subscriber runs, recorded screen by screen (Hubtel ClientState left out). */
async function everyday(w: WalletServer): Promise<{ screens: string[]; balances: Record<string, number> }> {
  const screens: string[] = [];
  const a = new AtSession(w, 'ATUid_everyday0001', JANE.msisdn);
  screens.push(await a.dial());
  for (const x of ['1', JANE.pin, '00', '2', JOHN.msisdn, '500', JANE.pin, '1']) screens.push(await a.send(x));
  const h = new HubtelSession(w, 'HUB_everyday0001', JOHN.msisdn);
  screens.push((await h.dial()).Message);
  for (const x of ['5', '7391', '1', '00', '3', '400200', '12345678', '200', '7391', '1']) screens.push((await h.send(x)).Message);
  return { screens, balances: w.balances() };
}

/** Weaknesses that, by design, show in the everyday flows themselves. */
const VISIBLE_IN_EVERYDAY: readonly WeaknessId[] = ['data-before-pin', 'enumeration', 'pin-echo', 'oversize-screens'];

describe('each weakness toggled alone changes only its own behaviour', () => {
  test('every id is documented once', () => {
    expect(WEAKNESSES.map((x) => x.id)).toEqual([...WEAKNESS_IDS]);
    for (const info of WEAKNESSES) expect(info.harnessTest).toMatch(/^USSD-[A-Z]+-\d\d/);
    expect(() => resolveWeaknesses('hardened', { 'no-such-thing': true })).toThrow(/Unknown weakness/);
  });

  test('everyday flows are identical to hardened unless the weakness lives in them', async () => {
    const base = await everyday(await wallet({ profile: 'hardened' }));
    expect(base.screens.every((s) => s.length > 0)).toBe(true);
    for (const id of WEAKNESS_IDS) {
      const got = await everyday(await wallet({ profile: 'hardened', weaknesses: { [id]: true } }));
      if (VISIBLE_IN_EVERYDAY.includes(id)) expect(got.screens, id).not.toEqual(base.screens);
      else expect(got.screens, id).toEqual(base.screens);
      expect(got.balances, id).toEqual(base.balances);
      await stopAll();
    }
  });
});

describe('vulnerable profile with one weakness switched off', () => {
  test('enumeration off: recipient name hidden, other flaws remain', async () => {
    const w = await wallet({ profile: 'vulnerable', weaknesses: { enumeration: false } });
    const s = new AtSession(w, sid(), JANE.msisdn);
    expect(await s.dial()).toContain(JANE.name); // data-before-pin still on
    await s.send('2');
    expect(await s.send(JOHN.msisdn)).toBe('CON Enter amount');
  });
  test('hidden-menu off', async () => {
    const w = await wallet({ profile: 'vulnerable', weaknesses: { 'hidden-menu': false } });
    expect(await at(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '99' })).toMatch(/^CON Invalid choice/);
  });
  test('no-gateway-auth off', async () => {
    const w = await wallet({ profile: 'vulnerable', weaknesses: { 'no-gateway-auth': false } });
    expect(w.url.startsWith('http://')).toBe(true);
    expect((await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false })).status).toBe(401);
  });
  test('final-step-replay off, race on: a replayed confirm hop is answered from cache', async () => {
    const w = await wallet({ profile: 'vulnerable', weaknesses: { 'final-step-replay': false } });
    const s = new AtSession(w, sid(), JANE.msisdn);
    await s.dial();
    for (const x of ['2', JOHN.msisdn, '500', JANE.pin, '1']) await s.send(x);
    await s.resend();
    expect(w.balances()[JOHN.msisdn]).toBe(8_500);
  });
  test('vulnerable profile: the deep-path attack from a spoofed number works end to end', async () => {
    const w = await wallet({ profile: 'vulnerable' });
    const r = await at(w, { sessionId: '', phoneNumber: '+254711000001', text: `2*${JOHN.msisdn}*500*${JANE.pin}*1` });
    expect(r).toMatch(/^END Confirmed/);
    expect(w.balances()[JOHN.msisdn]).toBe(8_500);
  });
});

describe('screen length', () => {
  async function longestScreens(profile: 'hardened' | 'vulnerable'): Promise<number> {
    let t = Date.UTC(2026, 10, 24, 9);
    const w = await wallet({ profile, now: () => (t += 1_000) });
    const options = ['1', '2', '3', '5', '98', '00', '99', JANE.pin];
    let longest = 0;
    const paths: string[][] = [[]];
    for (let depth = 0; depth < 3; depth++) {
      for (const p of paths.filter((x) => x.length === depth)) for (const o of options) paths.push([...p, o]);
    }
    for (const path of paths) {
      w.reset();
      const s = new HubtelSession(w, sid('HUB'), JANE.msisdn);
      const screens = [(await s.dial()).Message];
      for (const x of path) screens.push((await s.send(x)).Message);
      for (const x of screens) longest = Math.max(longest, x.length);
    }
    return longest;
  }
  test('hardened: every crawled screen fits in 182 characters; vulnerable: some do not', async () => {
    expect(await longestScreens('hardened')).toBeLessThanOrEqual(182);
    expect(await longestScreens('vulnerable')).toBeGreaterThan(182);
  });
});

describe('accounts', () => {
  test('default accounts: 3+ subscribers with PIN, ID and DOB, one unregistered number, billers', () => {
    const subs = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber');
    expect(subs.length).toBeGreaterThanOrEqual(3);
    for (const a of subs) {
      expect(a.msisdn).toMatch(/^254\d{9}$/);
      expect(a.pin).toMatch(/^\d{4}$/);
      expect(a.nationalId).toBeDefined();
      expect(a.dob).toMatch(/^\d{8}$/);
    }
    expect(DEFAULT_ACCOUNTS.filter((a) => a.kind === 'unregistered')).toHaveLength(1);
    expect(DEFAULT_ACCOUNTS.some((a) => a.kind === 'biller')).toBe(true);
  });
  test('an unregistered number can register and then use its PIN', async () => {
    const w = await wallet({ profile: 'hardened' });
    const s = new AtSession(w, sid(), '254711000009');
    expect(await s.dial()).toMatch(/not registered/);
    for (const x of ['1', 'Mary Njeri', '29123456', '05051995']) await s.send(x);
    expect(await s.send('1995')).toMatch(/too easy/);
    await s.send('3948');
    expect(await s.send('3948')).toMatch(/^END Welcome MARY NJERI/);
    const b = new AtSession(w, sid(), '254711000009');
    await b.dial();
    await b.send('1');
    expect(await b.send('3948')).toContain('KES 0.00');
  });
});

describe('server handle', () => {
  test('requestLog, ledger, balances and reset', async () => {
    const w = await wallet({ profile: 'hardened' });
    const before = w.balances();
    await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false });
    const s = new AtSession(w, sid(), JANE.msisdn);
    await s.dial();
    for (const x of ['2', JOHN.msisdn, '500', JANE.pin]) await s.send(x);
    expect(await s.send('1')).toMatch(/^END Confirmed MW\d{6}/);
    expect(w.requestLog.length).toBe(7);
    expect(w.requestLog[0]).toMatchObject({ path: '/ussd/at', remote: '127.0.0.1' });
    expect(w.requestLog.every((e) => e.bytes > 0)).toBe(true);
    const mine = w.ledger().filter((e) => e.sessionId === s.sessionId);
    expect(mine).toMatchObject([{ type: 'send', from: JANE.msisdn, to: JOHN.msisdn, amount: 500, status: 'completed', channel: 'africastalking' }]);
    expect(w.balances()[JANE.msisdn]).toBe((before[JANE.msisdn] ?? 0) - 500);
    w.reset();
    expect(w.balances()).toEqual(before);
    expect(w.requestLog).toHaveLength(0);
    expect(w.ledger().some((e) => e.sessionId === s.sessionId)).toBe(false);
  });
});

describe('cli', () => {
  test('parses profile, port and toggles, and refuses unknown ids', () => {
    const o = parseWalletArgs(['--profile', 'hardened', '--port=0', '--enable', 'pin-echo,enumeration', '--disable', 'plain-http']);
    expect(o.profile).toBe('hardened');
    expect(o.port).toBe(0);
    expect(o.weaknesses).toEqual({ 'pin-echo': true, enumeration: true, 'plain-http': false });
    expect(() => parseWalletArgs(['--enable', 'nope'])).toThrow(/Unknown weakness id "nope"/);
    expect(() => parseWalletArgs(['--profile', 'medium'])).toThrow(/--profile/);
    expect(() => parseWalletArgs(['--port'])).toThrow(/needs a value/);
  });
  test('runWalletCli starts the service and prints its URLs', async () => {
    const lines: string[] = [];
    const w = await runWalletCli(['--profile', 'vulnerable', '--disable', 'hidden-menu'], { out: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).toContain(`${w.url}/ussd/at`);
      expect(lines.join('\n')).toContain(`${w.url}/ussd/hubtel`);
      expect(lines.join('\n')).not.toMatch(/on \(\d+\):.*hidden-menu/);
      expect(await at(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' })).toMatch(/^CON /);
    } finally {
      await w.stop();
    }
  });
});
