/**
 * A tiny USSD application and a tiny Africa's-Talking-like dialect for the harness's own tests (loopback
 * only). The app is stateless like most AT apps: it re-derives the screen from the cumulative `text`. It has
 * what a crawler must cope with: a cycle ("0 Back"), a screen over 182 characters, a PIN prompt that must not
 * be crossed, a transfer flow ending in a confirmation, and a malformed answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UssdProtocolError } from '../errors.js';
import type { Dialect, UssdHop } from './types.js';

export const FAKE_PIN = '1234';

export const tinyDialect: Dialect = {
  id: 'tiny-at',
  name: 'tiny AT-like dialect (tests)',
  semantics: { input: 'cumulative', keyedBy: 'session-id', dialStringOnFirstHop: false, hasRelease: false, maxScreenChars: 182 },
  request(hop: UssdHop) {
    const text = hop.first ? '' : [...hop.history, hop.input].join('*');
    const body = new URLSearchParams({ sessionId: hop.sessionId, serviceCode: hop.serviceCode, phoneNumber: hop.msisdn, text }).toString();
    return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
  },
  parse(res) {
    if (res.status !== 200) throw new UssdProtocolError(`HTTP ${res.status}`);
    if (res.body.startsWith('CON ')) return { continue: true, text: res.body.slice(4) };
    if (res.body.startsWith('END ')) return { continue: false, text: res.body.slice(4) };
    throw new UssdProtocolError(`no CON/END marker: ${JSON.stringify(res.body.slice(0, 20))}`);
  },
};

export const ROOT_SCREEN = 'Welcome to TestPay\n1. Send money\n2. My account\n3. Terms\n4. Promotions\n0. Exit';
export const LONG_TERMS = `Terms: ${'By using TestPay you agree to the terms and conditions published by the provider. '.repeat(3)}\n0. Back`;

/** The screen for a cumulative `text`; `null` for the malformed answer. */
export function fakeScreen(text: string): string | null {
  const p = text === '' ? [] : text.split('*');
  const main = (rest: string[]): string | null => {
    if (rest.length === 0) return `CON ${ROOT_SCREEN}`;
    const [first, ...more] = rest;
    switch (first) {
      case '1': {
        if (more.length === 0) return 'CON Enter amount';
        if (more.length === 1) return 'CON Enter recipient phone number';
        if (more.length === 2) return `CON Send ${more[0]} to ${more[1]}?\n1. Confirm\n2. Cancel`;
        if (more[2] === '1') return 'END Money sent';
        return 'END Cancelled';
      }
      case '2': {
        if (more.length === 0) return 'CON My account\n1. Balance\n2. Change PIN\n0. Back';
        if (more[0] === '0') return main(more.slice(1));
        if (more[0] === '1') {
          if (more.length === 1) return 'CON Enter your PIN:';
          return more[1] === FAKE_PIN ? 'END Your balance is KES 1,000' : 'END Wrong PIN';
        }
        if (more[0] === '2') return more.length === 1 ? 'CON Enter current PIN' : 'END PIN changed';
        return 'END Invalid choice';
      }
      case '3':
        if (more.length === 0) return `CON ${LONG_TERMS}`;
        if (more[0] === '0') return main(more.slice(1));
        return 'END Invalid choice';
      case '4':
        return null;
      case '0':
        return 'END Goodbye';
      default:
        return 'END Invalid choice';
    }
  };
  return main(p);
}

export interface FakeApp {
  url: string;
  /** Every `text` the app received, in order. */
  texts: string[];
  close(): Promise<void>;
}

export async function startFakeApp(): Promise<FakeApp> {
  const texts: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const text = new URLSearchParams(body).get('text') ?? '';
      texts.push(text);
      const screen = fakeScreen(text);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(screen ?? 'HELLO this is not USSD');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/ussd`,
    texts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
