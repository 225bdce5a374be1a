/**
 * Each weakness of the reference wallet, seen from outside through the dialect(s) it concerns: switched on
 * alone over the hardened profile it shows the flaw; in the hardened profile the control holds.
 */
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import tls from 'node:tls';
import { startCamaraMock, type CamaraMock } from '../../src/ussd/camara-mock.js';
import type { WalletOptions, WalletServer, WeaknessId } from '../../examples/ussd-wallet/src/index.js';
import {
  AMINA, AtSession, GRACE, HubtelSession, JANE, JOHN, LAB_CA, ManualClock, UNREGISTERED, at, atRaw, hubtel,
  hubtelRaw, notify, sid, stopAll, wallet,
} from './wallet-client.js';

afterAll(stopAll);

const mocks: CamaraMock[] = [];
afterEach(async () => {
  await stopAll();
  while (mocks.length > 0) await mocks.pop()?.stop();
});

/** Hardened, plus the one weakness when `on`. */
function target(id: WeaknessId, on: boolean, extra: Partial<WalletOptions> = {}): Promise<WalletServer> {
  return wallet({ profile: 'hardened', weaknesses: { [id]: on }, ...extra });
}

const ON_OFF = [true, false] as const;
const label = (on: boolean): string => (on ? 'on' : 'off (control)');

async function atWalk(w: WalletServer, msisdn: string, inputs: string[], id = sid()): Promise<{ s: AtSession; screens: string[] }> {
  const s = new AtSession(w, id, msisdn);
  const screens = [await s.dial()];
  for (const x of inputs) screens.push(await s.send(x));
  return { s, screens };
}

async function hubWalk(w: WalletServer, msisdn: string, inputs: string[], id = sid('HUB')): Promise<{ s: HubtelSession; screens: string[] }> {
  const s = new HubtelSession(w, id, msisdn);
  const screens = [(await s.dial()).Message];
  for (const x of inputs) screens.push((await s.send(x)).Message);
  return { s, screens };
}

const last = (xs: string[]): string => xs[xs.length - 1] ?? '';

describe('no-gateway-auth', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('no-gateway-auth', on);
    const r = await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false });
    const h = await hubtelRaw(w, { Mobile: JANE.msisdn, SessionId: sid('HUB'), Type: 'Initiation', Message: '*384#', Sequence: 1 }, { withKey: false });
    if (on) {
      expect(r.status).toBe(200);
      expect(r.body.startsWith('CON ')).toBe(true);
      expect(h.status).toBe(200);
    } else {
      expect(r.status).toBe(401);
      expect(h.status).toBe(401);
      const wrong = await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false, headers: { 'x-gateway-key': 'guess' } });
      expect([401, 403]).toContain(wrong.status);
      const good = await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' });
      expect(good.status).toBe(200);
    }
  });
});

describe('header-trust', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('header-trust', on);
    const spoofed: Record<string, string>[] = [{ 'user-agent': 'AfricasTalking/1.0' }, { 'x-forwarded-for': '52.48.80.7, 10.0.0.1' }];
    for (const headers of spoofed) {
      const r = await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false, headers });
      expect(r.status, JSON.stringify(headers)).toBe(on ? 200 : 401);
    }
    expect((await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }, { withKey: false })).status).toBe(401);
  });
});

describe('data-before-pin', () => {
  test.each(ON_OFF)('AT %s', async (on) => {
    const w = await target('data-before-pin', on);
    // The tester spoofs John's number: no secret of John's is used.
    const { screens } = await atWalk(w, JOHN.msisdn, ['1']);
    if (on) {
      expect(screens[0]).toContain(JOHN.name);
      expect(screens[1]).toContain('KES 8,000.00');
    } else {
      expect(screens[0]).not.toContain('JOHN');
      expect(screens[1]).toBe('CON Enter PIN');
    }
  });
  test.each(ON_OFF)('Hubtel statement %s', async (on) => {
    const w = await target('data-before-pin', on);
    const { screens } = await hubWalk(w, JOHN.msisdn, ['5', '1']);
    if (on) expect(screens[2]).toMatch(/Mini statement[\s\S]*Bal/);
    else {
      expect(screens[1]).toBe('Enter PIN');
      expect(screens[2]).toMatch(/^Wrong PIN/);
    }
  });
});

describe('session-msisdn-unbound', () => {
  test.each(ON_OFF)('AT %s', async (on) => {
    const w = await target('session-msisdn-unbound', on);
    const { s } = await atWalk(w, JANE.msisdn, ['1', JANE.pin]);
    s.phoneNumber = JOHN.msisdn;
    const home = await s.send('00');
    const bal = await s.send('1');
    if (on) expect(bal).toContain('KES 25,000.00');
    else {
      expect(home).toMatch(/^END .*does not belong/);
      expect(bal).not.toContain('25,000');
    }
  });
  test.each(ON_OFF)('Hubtel %s', async (on) => {
    const w = await target('session-msisdn-unbound', on);
    const { s } = await hubWalk(w, JANE.msisdn, ['1', JANE.pin]);
    s.mobile = JOHN.msisdn;
    await s.send('00');
    const bal = await s.send('1');
    if (on) expect(bal.Message).toContain('KES 25,000.00');
    else expect(bal.Message).not.toContain('25,000');
  });
});

describe('stateless-path', () => {
  const path = `2*${JOHN.msisdn}*500*${JANE.pin}*1`;
  test.each(ON_OFF)('AT deep path on a fresh session %s', async (on) => {
    const w = await target('stateless-path', on);
    const r = await at(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: path });
    if (on) {
      expect(r).toMatch(/^END Confirmed/);
      expect(w.balances()[JOHN.msisdn]).toBe(8_500);
    } else {
      expect(r).toMatch(/^END .*expired/);
      expect(w.balances()[JOHN.msisdn]).toBe(8_000);
    }
  });
  test.each(ON_OFF)('Hubtel Response without Initiation %s', async (on) => {
    const w = await target('stateless-path', on);
    const r = await hubtel(w, { Mobile: JANE.msisdn, SessionId: sid('HUB'), Type: 'Response', Message: path, Sequence: 5 });
    expect(r.Type).toBe('Release');
    if (on) expect(r.Message).toMatch(/^Confirmed/);
    else expect(r.Message).toMatch(/Session not found/);
    expect(w.balances()[JOHN.msisdn]).toBe(on ? 8_500 : 8_000);
  });
  test.each(ON_OFF)('Hubtel forged ClientState %s', async (on) => {
    const w = await target('stateless-path', on);
    const forged = Buffer.from(JSON.stringify({ st: 'main', c: {}, a: true })).toString('base64url');
    const r = await hubtel(w, { Mobile: JANE.msisdn, SessionId: sid('HUB'), Type: 'Response', Message: '1', Sequence: 2, ClientState: forged });
    if (on) expect(r.Message).toContain('KES 25,000.00');
    else expect(r.Message).not.toContain('25,000');
  });
});

describe('weak-session-ids', () => {
  const bad = ['', '1', 'x'.repeat(300), 'séssion-ü-日本'];
  test.each(ON_OFF)('malformed ids %s', async (on) => {
    const w = await target('weak-session-ids', on);
    for (const id of bad) {
      const r = await atRaw(w, { sessionId: id, phoneNumber: JANE.msisdn, text: '' });
      const h = await hubtelRaw(w, { Mobile: JANE.msisdn, SessionId: id, Type: 'Initiation', Message: '*384#', Sequence: 1 });
      if (on) {
        expect(r.status, id).toBe(200);
        expect(r.body.startsWith('CON ')).toBe(true);
        expect(h.status).toBe(200);
      } else {
        expect(r.status, id).toBe(400);
        expect(h.status).toBe(400);
      }
    }
  });
  test.each(ON_OFF)('reused id %s', async (on) => {
    const w = await target('weak-session-ids', on);
    const { s } = await atWalk(w, JANE.msisdn, ['1']);
    const again = await at(w, { sessionId: s.sessionId, phoneNumber: JANE.msisdn, text: '' });
    const h = new HubtelSession(w, sid('HUB'), JANE.msisdn);
    await h.dial();
    const re = await h.dial();
    if (on) {
      expect(again).toMatch(/^CON Welcome/);
      expect(re.Type).toBe('Response');
    } else {
      expect(again).toMatch(/^END Session error/);
      expect(re.Type).toBe('Release');
    }
  });
});

describe('no-idle-timeout', () => {
  test.each(ON_OFF)('AT and Hubtel %s', async (on) => {
    const clock = new ManualClock();
    const w = await target('no-idle-timeout', on, { now: clock.now });
    const { s } = await atWalk(w, JANE.msisdn, ['1', JANE.pin]);
    const h = await hubWalk(w, JANE.msisdn, ['1', JANE.pin]);
    clock.advance(179_000);
    expect(await s.send('00')).toMatch(/^CON /);
    expect((await h.s.send('00')).Type).toBe('Response');
    clock.advance(181_000);
    const a = await s.send('1');
    const b = await h.s.send('1');
    if (on) {
      expect(a).toContain('KES 25,000.00');
      expect(b.Message).toContain('KES 25,000.00');
    } else {
      expect(a).toMatch(/^END .*timed out/);
      expect(b.Message).toMatch(/timed out/);
    }
  });
});

describe('reuse-after-end', () => {
  test.each(ON_OFF)('Hubtel Release at confirm then continue %s', async (on) => {
    const w = await target('reuse-after-end', on);
    const { s, screens } = await hubWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin]);
    expect(last(screens)).toContain('1. Confirm');
    await s.release('Timeout');
    const r = await s.send('1');
    if (on) {
      expect(r.Message).toMatch(/^Confirmed/);
      expect(w.balances()[JOHN.msisdn]).toBe(8_500);
    } else {
      expect(r.Message).toMatch(/session has ended/);
      expect(w.balances()[JOHN.msisdn]).toBe(8_000);
      expect(w.ledger().filter((e) => e.channel === 'hubtel').map((e) => e.status)).toEqual(['cancelled']);
    }
  });
  test.each(ON_OFF)('AT hop after END %s', async (on) => {
    const w = await target('reuse-after-end', on);
    const { s, screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin, '2']);
    expect(last(screens)).toMatch(/^END Transaction cancelled/);
    const r = await s.send('1');
    if (on) expect(r).toMatch(/^CON /);
    else expect(r).toMatch(/^END .*session has ended/);
  });
});

describe('final-step-replay', () => {
  test.each(ON_OFF)('AT %s', async (on) => {
    const w = await target('final-step-replay', on);
    const { s, screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin, '1']);
    expect(last(screens)).toMatch(/^END Confirmed/);
    const again = await s.resend();
    await s.resend();
    expect(again).toMatch(/^END Confirmed/);
    expect(w.balances()[JOHN.msisdn]).toBe(on ? 9_500 : 8_500);
    if (!on) expect(again).toBe(last(screens));
  });
  test.each(ON_OFF)('Hubtel %s', async (on) => {
    const w = await target('final-step-replay', on);
    const { s } = await hubWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin, '1']);
    await s.resend('1');
    expect(w.balances()[JOHN.msisdn]).toBe(on ? 9_000 : 8_500);
  });
});

describe('parallel-confirm-race', () => {
  test.each(ON_OFF)('different sessions %s', async (on) => {
    const w = await target('parallel-confirm-race', on);
    // Grace has KES 1,000: only one transfer of 800 can be covered.
    const sessions = await Promise.all([0, 1, 2, 3, 4].map(async () => (await atWalk(w, GRACE.msisdn, ['2', JOHN.msisdn, '800', GRACE.pin])).s));
    const replies = await Promise.all(sessions.map((s) => s.send('1')));
    const ok = replies.filter((r) => r.startsWith('END Confirmed')).length;
    if (on) {
      expect(ok).toBeGreaterThan(1);
      expect(w.balances()[GRACE.msisdn]).toBeLessThan(0);
    } else {
      expect(ok).toBe(1);
      expect(w.balances()[GRACE.msisdn]).toBe(200);
    }
  });
  test.each(ON_OFF)('same session, simultaneous confirm hops %s', async (on) => {
    const w = await target('parallel-confirm-race', on);
    const { s } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin]);
    const text = `${s.text}*1`;
    await Promise.all([0, 1, 2, 3, 4].map(() => at(w, { sessionId: s.sessionId, phoneNumber: JANE.msisdn, text })));
    const debits = (25_000 - (w.balances()[JANE.msisdn] ?? 0)) / 500;
    if (on) expect(debits).toBeGreaterThan(1);
    else expect(debits).toBe(1);
  });
});

describe('PIN lockout and its scope', () => {
  async function wrongPins(w: WalletServer, msisdn: string, n: number): Promise<string> {
    const { s } = await atWalk(w, msisdn, ['1']);
    let r = '';
    for (let i = 0; i < n && !r.startsWith('END'); i++) r = await s.send('0000');
    return r;
  }
  test('hardened: locked after 3 wrong PINs across sessions and dialects', async () => {
    const w = await wallet({ profile: 'hardened' });
    expect(await wrongPins(w, JANE.msisdn, 2)).toMatch(/1 attempt left/);
    const { screens } = await hubWalk(w, JANE.msisdn, ['1', '1111']);
    expect(last(screens)).toMatch(/locked/);
    const { screens: after } = await atWalk(w, JANE.msisdn, ['1', JANE.pin]);
    expect(last(after)).toMatch(/^END .*locked/);
  });
  test('no-pin-lockout on: ten wrong PINs, then the right one still works', async () => {
    const w = await target('no-pin-lockout', true);
    const { s } = await atWalk(w, JANE.msisdn, ['1']);
    for (let i = 0; i < 10; i++) expect(await s.send('0000')).toBe('CON Wrong PIN.\nEnter PIN');
    expect(await s.send(JANE.pin)).toContain('KES 25,000.00');
  });
  test.each(ON_OFF)('pin-counter-per-session %s', async (on) => {
    const w = await target('pin-counter-per-session', on);
    expect(await wrongPins(w, JANE.msisdn, 2)).toMatch(/^CON Wrong PIN/);
    expect(await wrongPins(w, JANE.msisdn, 2)).toMatch(on ? /^CON Wrong PIN/ : /^END .*locked/);
    const { screens } = await atWalk(w, JANE.msisdn, ['1', JANE.pin]);
    if (on) expect(last(screens)).toContain('KES 25,000.00');
    else expect(last(screens)).toMatch(/locked/);
  });
  test.each(ON_OFF)('msisdn-canonicalisation %s', async (on) => {
    const w = await target('msisdn-canonicalisation', on);
    expect(await wrongPins(w, JANE.msisdn, 3)).toMatch(/locked/);
    for (const form of ['+254711000001', '0711000001']) {
      const { screens } = await atWalk(w, form, ['1', JANE.pin]);
      if (on) expect(last(screens), form).toContain('KES 25,000.00');
      else expect(last(screens), form).toMatch(/locked/);
    }
  });
});

describe('pin-echo', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('pin-echo', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin]);
    const cp = await hubWalk(w, JOHN.msisdn, ['6', JOHN.pin, '3948', '3948']);
    expect(last(cp.screens)).toMatch(/PIN has been changed/);
    if (on) {
      expect(last(screens)).toContain(JANE.pin);
      expect(last(cp.screens)).toContain('3948');
    } else {
      expect(screens.join('\n')).not.toContain(JANE.pin);
      expect(cp.screens.join('\n')).not.toContain('3948');
    }
  });
});

describe('pin-in-dial-string', () => {
  test.each(ON_OFF)('Hubtel %s', async (on) => {
    const w = await target('pin-in-dial-string', on);
    const h = new HubtelSession(w, sid('HUB'), JANE.msisdn);
    const r = await h.dial(`*384*1*${JANE.pin}#`);
    if (on) expect(r.Message).toContain('KES 25,000.00');
    else expect(r.Message).toBe('Enter PIN');
    // A route without a PIN is a legitimate shortcut in both.
    const nav = await new HubtelSession(w, sid('HUB'), JANE.msisdn).dial('*384*2#');
    expect(nav.Message).toBe('Send Money\nEnter recipient phone number');
  });
});

describe('weak-pin-accepted', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('weak-pin-accepted', on);
    for (const weak of ['0000', '1234', '1111', '1212', JANE.pin]) {
      const { screens } = await atWalk(w, JANE.msisdn, ['6', JANE.pin, weak]);
      if (on) expect(last(screens), weak).toBe('CON Confirm new PIN');
      else expect(last(screens), weak).toMatch(/too easy to guess/);
    }
    const { screens } = await atWalk(w, JANE.msisdn, ['6', JANE.pin, '3948', '3948']);
    expect(last(screens)).toMatch(/^END Your PIN has been changed/);
  });
});

describe('separator-smuggling', () => {
  test.each(ON_OFF)('AT %s', async (on) => {
    const w = await target('separator-smuggling', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, `500*${JANE.pin}*1`]);
    const { screens: atPin } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', `${JANE.pin}*1`]);
    if (on) {
      expect(last(screens)).toMatch(/^END Confirmed/);
      expect(last(atPin)).toMatch(/^END Confirmed/);
      expect(w.balances()[JOHN.msisdn]).toBe(9_000);
    } else {
      expect(last(screens)).toMatch(/^CON Invalid amount/);
      expect(last(atPin)).toMatch(/^CON Wrong PIN/);
      expect(w.balances()[JOHN.msisdn]).toBe(8_000);
    }
  });
});

describe('amount-validation', () => {
  test.each(ON_OFF)('odd amounts %s', async (on) => {
    const w = await target('amount-validation', on);
    for (const amount of ['-100', '0', '0.001', '0500 ']) {
      const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, amount]);
      if (on) expect(last(screens), amount).toBe('CON Enter PIN');
      else expect(last(screens), amount).toMatch(/^CON Invalid amount/);
    }
    const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '-100', JANE.pin, '1']);
    if (on) expect(w.balances()[JANE.msisdn]).toBe(25_100);
    else expect(w.balances()[JANE.msisdn]).toBe(25_000);
    void screens;
  });
  test.each(ON_OFF)('non-numeric and long input %s', async (on) => {
    const w = await target('amount-validation', on);
    for (const amount of ['abc', '9'.repeat(40)]) {
      const s = new AtSession(w, sid(), JANE.msisdn);
      await s.dial();
      await s.send('2');
      await s.send(JOHN.msisdn);
      const r = await atRaw(w, { sessionId: s.sessionId, phoneNumber: JANE.msisdn, text: `${s.text}*${amount}` });
      if (on) {
        expect(r.status).toBe(500);
        expect(r.body).toMatch(/TypeError[\s\S]*\n\s+at /);
      } else {
        expect(r.status).toBe(200);
        expect(r.body).toMatch(/^CON Invalid amount/);
      }
    }
    const h = await hubWalk(w, JANE.msisdn, ['2', JOHN.msisdn]);
    const r = await hubtelRaw(w, { Mobile: JANE.msisdn, SessionId: h.s.sessionId, Type: 'Response', Message: 'ten', Sequence: 9 });
    expect(r.status).toBe(on ? 500 : 200);
  });
});

describe('error-leak', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('error-leak', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['2', "2547' OR '1'='1"]);
    const caller = await at(w, { sessionId: sid(), phoneNumber: "254711000001'--", text: '' });
    const h = await hubWalk(w, JANE.msisdn, ['3', '400200', '12"; DROP TABLE accounts;--']);
    if (on) {
      expect(last(screens)).toMatch(/^END SQLITE_ERROR.*SELECT .* FROM accounts/);
      expect(caller).toMatch(/SQLITE_ERROR/);
      expect(last(h.screens)).toMatch(/SQLITE_ERROR/);
    } else {
      expect(last(screens)).toBe('CON Invalid phone number.\nEnter recipient phone number');
      expect(caller).toBe('END This service is not available for your number.');
      expect(last(h.screens)).toMatch(/^Invalid account number/);
    }
  });
});

describe('hidden-menu', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('hidden-menu', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['99', '1', JOHN.msisdn]);
    const h = await hubWalk(w, JANE.msisdn, ['0*0']);
    if (on) {
      expect(screens[1]).toMatch(/^CON Agent tools/);
      expect(last(screens)).toContain('30123456');
      expect(last(h.screens)).toMatch(/^Agent tools/);
    } else {
      expect(screens[1]).toMatch(/^CON Invalid choice/);
      expect(screens.join('\n')).not.toContain('30123456');
      expect(last(h.screens)).toMatch(/^Invalid choice/);
    }
  });
});

describe('idor-account', () => {
  test.each(ON_OFF)('mini statement of another number %s', async (on) => {
    const w = await target('idor-account', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['5', JANE.pin, '2', JOHN.msisdn]);
    if (on) expect(last(screens)).toMatch(/^CON Mini statement[\s\S]*KES 8,000.00/);
    else expect(last(screens)).toMatch(/^END You can only view the statement of your own account/);
  });
  test.each(ON_OFF)('loan pay bill with another number %s', async (on) => {
    const w = await target('idor-account', on);
    const { screens } = await hubWalk(w, JANE.msisdn, ['3', '222222', JOHN.msisdn]);
    if (on) expect(last(screens)).toContain('JOHN KAMAU OTIENO\nOutstanding KES 3,200.00');
    else expect(last(screens)).toMatch(/^Enter your own phone number/);
  });
});

describe('enumeration', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('enumeration', on);
    const reg = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn]);
    const unreg = await atWalk(w, JANE.msisdn, ['2', UNREGISTERED]);
    if (on) {
      expect(last(reg.screens)).toContain(JOHN.name);
      expect(last(unreg.screens)).toMatch(/^END .*not registered/);
    } else {
      expect(last(reg.screens)).toBe('CON Enter amount');
      expect(last(unreg.screens)).toBe(last(reg.screens));
    }
  });
});

describe('no-throttling', () => {
  test.each(ON_OFF)('sessions per number %s', async (on) => {
    const clock = new ManualClock();
    const w = await target('no-throttling', on, { now: clock.now });
    const replies: string[] = [];
    for (let i = 0; i < 21; i++) replies.push(await at(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' }));
    if (on) expect(replies.every((r) => r.startsWith('CON '))).toBe(true);
    else {
      expect(replies.slice(0, 20).every((r) => r.startsWith('CON '))).toBe(true);
      expect(replies[20]).toMatch(/^END Too many requests/);
      clock.advance(61_000);
      expect(await at(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' })).toMatch(/^CON /);
    }
  });
  test.each(ON_OFF)('PIN spraying across subscribers %s', async (on) => {
    const clock = new ManualClock();
    const accounts = Array.from({ length: 8 }, (_, i) => ({
      id: `25472200000${i}`, kind: 'subscriber' as const, name: `TEST USER ${i}`, msisdn: `25472200000${i}`, pin: '3948', balance: 100,
    }));
    const w = await target('no-throttling', on, { now: clock.now, accounts });
    for (const a of accounts.slice(0, 7)) {
      const { s } = await atWalk(w, a.msisdn, ['1']);
      await s.send('1111');
      await s.send('2222');
    }
    const { screens } = await atWalk(w, accounts[7]?.msisdn ?? '', ['1', '3948']);
    if (on) expect(last(screens)).toContain('KES 100.00');
    else expect(last(screens)).toMatch(/^END Service busy/);
  });
});

describe('oversize-screens', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('oversize-screens', on);
    const { screens } = await atWalk(w, JANE.msisdn, ['5', JANE.pin, '1']);
    const text = last(screens).slice(4);
    if (on) expect(text.length).toBeGreaterThan(182);
    else expect(text.length).toBeLessThanOrEqual(182);
  });
});

describe('notification-spoofing', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('notification-spoofing', on);
    const { s, screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin]);
    expect(last(screens)).toContain('1. Confirm');
    const r = await notify(w, {
      sessionId: s.sessionId, phoneNumber: JANE.msisdn, status: 'Success', input: `${s.text}*1`, serviceCode: '*384#',
      networkCode: '63902', durationInMillis: '9000', hopsCount: '6', cost: 'KES 0.00', date: '2026-11-24 09:00:00', lastAppResponse: 'END Confirmed',
    });
    expect(r.status).toBe(200);
    const entry = w.ledger().find((e) => e.sessionId === s.sessionId);
    if (on) {
      expect(w.balances()[JOHN.msisdn]).toBe(8_500);
      expect(entry?.status).toBe('completed');
    } else {
      expect(w.balances()[JOHN.msisdn]).toBe(8_000);
      expect(entry?.status).toBe('cancelled');
    }
  });
});

describe('plain-http', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const w = await target('plain-http', on);
    const r = await atRaw(w, { sessionId: sid(), phoneNumber: JANE.msisdn, text: '' });
    expect(r.status).toBe(200);
    if (on) {
      expect(w.url.startsWith('http://')).toBe(true);
      return;
    }
    expect(w.url.startsWith('https://')).toBe(true);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(r.tlsProtocol);
    const u = new URL(w.url);
    const old = await new Promise<string>((resolve) => {
      const sock = tls.connect({ host: u.hostname, port: Number(u.port), ca: LAB_CA, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => {
        resolve(`connected ${String(sock.getProtocol())}`);
        sock.destroy();
      });
      sock.on('error', () => resolve('refused'));
    });
    expect(old).toBe('refused');
  });
});

async function camara(opts: Parameters<typeof startCamaraMock>[0] = {}): Promise<CamaraMock> {
  const m = await startCamaraMock(opts);
  mocks.push(m);
  return m;
}

describe('no-channel-limits', () => {
  test.each(ON_OFF)('%s', async (on) => {
    const mock = await camara();
    const w = await target('no-channel-limits', on, { camaraUrl: mock.url });
    const big = await atWalk(w, AMINA.msisdn, ['2', JOHN.msisdn, '60000']);
    if (on) expect(last(big.screens)).toBe('CON Enter PIN');
    else expect(last(big.screens)).toMatch(/^CON Amount above the USSD limit of KES 50,000.00/);
    for (let i = 0; i < 3; i++) {
      const { screens } = await atWalk(w, AMINA.msisdn, ['2', JOHN.msisdn, '50000', AMINA.pin, '1']);
      expect(last(screens)).toMatch(/^END Confirmed/);
    }
    const { screens } = await atWalk(w, AMINA.msisdn, ['2', JOHN.msisdn, '1000']);
    if (on) expect(last(screens)).toBe('CON Enter PIN');
    else expect(last(screens)).toMatch(/^END .*daily USSD limit/);
  });
});

describe('no-sim-swap-check', () => {
  test.each(ON_OFF)('large transfer, swapped SIM %s', async (on) => {
    const mock = await camara({ swapped: (p) => p === '+254711000001' });
    const w = await target('no-sim-swap-check', on, { camaraUrl: mock.url });
    const small = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '500', JANE.pin, '1']);
    expect(last(small.screens)).toMatch(/^END Confirmed/);
    expect(mock.calls).toHaveLength(0);
    const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '15000', JANE.pin, '1']);
    if (on) {
      expect(last(screens)).toMatch(/^END Confirmed/);
      expect(mock.calls).toHaveLength(0);
    } else {
      expect(last(screens)).toMatch(/^END .*extra verification/);
      expect(mock.calls).toEqual([{ path: '/sim-swap/v1/check', body: { phoneNumber: '+254711000001', maxAge: 72 }, swapped: true }]);
      expect(w.balances()[JOHN.msisdn]).toBe(8_500);
    }
  });
  test.each(ON_OFF)('forgot PIN, swapped SIM %s', async (on) => {
    const mock = await camara({ swapped: () => true });
    const w = await target('no-sim-swap-check', on, { camaraUrl: mock.url });
    const { screens } = await hubWalk(w, JANE.msisdn, ['98', '7', JANE.id, JANE.dob]);
    if (on) expect(last(screens)).toBe('Enter new 4-digit PIN');
    else expect(last(screens)).toMatch(/could not verify your SIM/);
  });
  test.each(['500', 'timeout', 'no-url'] as const)('hardened fails closed when the API %s', async (mode) => {
    const mock = mode === 'no-url' ? undefined : await camara({ fail: mode });
    const w = await wallet({ profile: 'hardened', camaraTimeoutMs: 200, ...(mock === undefined ? {} : { camaraUrl: mock.url }) });
    const { screens } = await atWalk(w, JANE.msisdn, ['2', JOHN.msisdn, '15000', JANE.pin, '1']);
    expect(last(screens)).toMatch(/^END Service temporarily unavailable/);
    expect(w.balances()[JOHN.msisdn]).toBe(8_000);
    const fp = await atWalk(w, JANE.msisdn, ['7', JANE.id, JANE.dob]);
    expect(last(fp.screens)).toMatch(/^END Service temporarily unavailable/);
  });
});
