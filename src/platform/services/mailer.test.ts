/**
 * The SMTP client against a fake SMTP server written here (net/tls on 127.0.0.1, a random port) that records
 * the dialogue: plain delivery, dot-stuffing and CRLF, STARTTLS + AUTH PLAIN, AUTH LOGIN, TLS from the start,
 * a 550 refusal, a server that never answers, refused header injection, and `dfslab serve`'s SMTP options.
 *
 * The TLS tests use a self-signed certificate for localhost/127.0.0.1 made once with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=localhost
 * -addext subjectAltName=DNS:localhost,IP:127.0.0.1` (node:crypto cannot make certificates); its key is
 * for these tests only.
 */
import net from 'node:net';
import tls from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, type CliIO } from '../../cli/main.js';
import { buildMessage, dotStuff, parseMailbox, parseSmtpUrl, redactSmtpUrl, sendMail, SmtpError } from './mailer.js';

const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNLWM+jBt0TMXorFp
UEq9YYR1Q0aEgiq4yQuemQX4WkKhRANCAAS0nsBVtsHP+WHp/7oQ3SUfBciNpSiL
dQFj/X4RECveU/OWcUVfqBYCgG87aFUjAZzBuWC4VxEWjsvLbe2bJgbu
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUWuobk54dqgrOqmWaWlkgXCltUMowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTAxNTYwMVoYDzIxMjYxMTAx
MDE1NjAxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAS0nsBVtsHP+WHp/7oQ3SUfBciNpSiLdQFj/X4RECveU/OWcUVfqBYC
gG87aFUjAZzBuWC4VxEWjsvLbe2bJgbuo28wbTAdBgNVHQ4EFgQUnGKfN5M2bzN5
QgB+44H8dxjrAUAwHwYDVR0jBBgwFoAUnGKfN5M2bzN5QgB+44H8dxjrAUAwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhAIya9afWRtpHayYlrajNwTb+yjak75Xtr4n/e/aDffeMAiEA
rmAC4ZaN8hA5S4siZCwGR0f757xD1LRxYuqh7B0FESU=
-----END CERTIFICATE-----
`;

interface FakeOptions {
  /** EHLO capabilities after the first line, before and after TLS (default: 8BITMIME, and STARTTLS when `starttls`). */
  caps?: string[] | ((secure: boolean) => string[]);
  /** Offer STARTTLS (with the test certificate). */
  starttls?: boolean;
  /** TLS from the first byte (smtps). */
  implicitTls?: boolean;
  /** The reply to RCPT TO (default 250). */
  rcptReply?: string;
  /** Never send the greeting (a server that hangs). */
  hang?: boolean;
  /** The credentials AUTH accepts. */
  user?: string;
  pass?: string;
}

interface FakeSmtp {
  port: number;
  /** Every line, in order: `C: …` from the client, `S: …` from the server, `TLS` when the handshake is done. */
  dialogue: string[];
  /** The raw DATA of each accepted message (before un-stuffing), without the final `.` line. */
  messages: Array<{ from: string; to: string[]; data: string; tls: boolean }>;
  close(): Promise<void>;
}

const servers: FakeSmtp[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fakeSmtp(o: FakeOptions = {}): Promise<FakeSmtp> {
  const dialogue: string[] = [];
  const messages: FakeSmtp['messages'] = [];
  const sockets = new Set<net.Socket>();
  const serve = (plain: net.Socket, startsSecure: boolean) => {
    sockets.add(plain);
    let socket: net.Socket = plain;
    let secure = startsSecure;
    let buffer = '';
    let data: string[] | undefined;
    let from = '';
    let to: string[] = [];
    let login: 'user' | 'pass' | undefined;
    let loginUser = '';
    const say = (s: string) => {
      dialogue.push(`S: ${s}`);
      socket.write(`${s}\r\n`);
    };
    const onLine = (line: string): void => {
      if (data) {
        if (line === '.') {
          messages.push({ from, to, data: data.join('\r\n'), tls: secure });
          data = undefined;
          say('250 2.0.0 queued');
        } else data.push(line);
        return;
      }
      dialogue.push(`C: ${line}`);
      if (login === 'user') {
        loginUser = Buffer.from(line, 'base64').toString();
        login = 'pass';
        return say('334 UGFzc3dvcmQ6');
      }
      if (login === 'pass') {
        login = undefined;
        return say(loginUser === o.user && Buffer.from(line, 'base64').toString() === o.pass ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          const caps = typeof o.caps === 'function' ? o.caps(secure) : (o.caps ?? ['8BITMIME', ...(o.starttls && !secure ? ['STARTTLS'] : [])]);
          const lines = ['fake.test greets you', ...caps];
          lines.forEach((l, i) => say(`250${i === lines.length - 1 ? ' ' : '-'}${l}`));
          return;
        }
        case 'STARTTLS': {
          say('220 2.0.0 ready for TLS');
          plain.removeAllListeners('data');
          const secured = new tls.TLSSocket(plain, { isServer: true, key: TEST_KEY, cert: TEST_CERT });
          secured.on('secure', () => dialogue.push('TLS'));
          secured.on('data', onData);
          secured.on('error', () => undefined);
          socket = secured;
          secure = true;
          buffer = '';
          return;
        }
        case 'AUTH': {
          const [mech, initial] = arg.split(' ');
          if (mech === 'PLAIN') {
            const [, u, p] = Buffer.from(initial ?? '', 'base64').toString().split('\0');
            return say(u === o.user && p === o.pass ? '235 2.7.0 ok' : '535 5.7.8 bad credentials');
          }
          if (mech === 'LOGIN') {
            login = 'user';
            return say('334 VXNlcm5hbWU6');
          }
          return say('504 5.5.4 unknown mechanism');
        }
        case 'MAIL':
          from = arg;
          to = [];
          return say('250 2.1.0 ok');
        case 'RCPT':
          to.push(arg);
          return say(o.rcptReply ?? '250 2.1.5 ok');
        case 'DATA':
          data = [];
          return say('354 end with <CRLF>.<CRLF>');
        case 'QUIT':
          say('221 2.0.0 bye');
          socket.end();
          return;
        default:
          return say('502 5.5.2 unknown command');
      }
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    };
    plain.on('error', () => undefined);
    socket.on('data', onData);
    if (!o.hang) say('220 fake.test ESMTP');
  };
  const server = o.implicitTls
    ? tls.createServer({ key: TEST_KEY, cert: TEST_CERT }, (s) => serve(s, true))
    : net.createServer((s) => serve(s, false));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fake: FakeSmtp = {
    port: (server.address() as net.AddressInfo).port,
    dialogue,
    messages,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  servers.push(fake);
  return fake;
}

const FROM = 'DFS Lab <lab@regulator.test>';
const MSG = { to: 'ada@lab.test', subject: 'Review requested', text: 'Please review "TestPay".\nhttp://lab/engagements/1' };
const sentCommands = (f: FakeSmtp) => f.dialogue.filter((l) => l.startsWith('C: ')).map((l) => l.slice(3).split(' ')[0]);

describe('sendMail', () => {
  it('delivers a plain message: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, with CRLF line ends and safe headers', async () => {
    const f = await fakeSmtp();
    await sendMail({ url: `smtp://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000 });
    expect(sentCommands(f)).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(f.dialogue).toContain('C: MAIL FROM:<lab@regulator.test>');
    expect(f.dialogue).toContain('C: RCPT TO:<ada@lab.test>');
    expect(f.messages).toHaveLength(1);
    const data = f.messages[0]!.data;
    expect(data).toMatch(/^From: "DFS Lab" <lab@regulator\.test>\r\n/);
    expect(data).toContain('\r\nTo: ada@lab.test\r\n');
    expect(data).toContain('\r\nSubject: Review requested\r\n');
    expect(data).toContain('\r\nContent-Type: text/plain; charset=utf-8\r\n');
    expect(data).toContain('\r\n\r\nPlease review "TestPay".\r\nhttp://lab/engagements/1');
    // Every line break is CRLF: no bare LF reached the server.
    expect(data.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('dot-stuffs lines starting with a dot, so the message is not cut short', async () => {
    const f = await fakeSmtp();
    await sendMail({ url: `smtp://127.0.0.1:${f.port}`, from: FROM }, { ...MSG, text: 'first\n.\n..two\n.hidden\nlast' }, { timeoutMs: 5000 });
    expect(f.messages).toHaveLength(1);
    const body = f.messages[0]!.data.split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body).toBe('first\r\n..\r\n...two\r\n..hidden\r\nlast');
    expect(dotStuff('.a\r\nb\r\n.c')).toBe('..a\r\nb\r\n..c');
  });

  it('upgrades with STARTTLS when offered and logs in with AUTH PLAIN inside TLS', async () => {
    const h = await fakeSmtpWithAuth();
    await sendMail({ url: `smtp://lab:${encodeURIComponent('p@ss:word')}@127.0.0.1:${h.port}`, from: FROM }, MSG, { timeoutMs: 5000, ca: TEST_CERT });
    expect(sentCommands(h)).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    const tlsAt = h.dialogue.indexOf('TLS');
    const authAt = h.dialogue.findIndex((l) => l.startsWith('C: AUTH PLAIN '));
    expect(tlsAt).toBeGreaterThan(0);
    expect(authAt).toBeGreaterThan(tlsAt);
    expect(Buffer.from(h.dialogue[authAt]!.slice('C: AUTH PLAIN '.length), 'base64').toString()).toBe('\0lab\0p@ss:word');
    expect(h.messages[0]!.tls).toBe(true);
  });

  it('falls back to AUTH LOGIN when PLAIN is not offered, and reports a refused login', async () => {
    const ok = await fakeSmtpWithAuth(['LOGIN']);
    await sendMail({ url: `smtp://lab:${encodeURIComponent('p@ss:word')}@127.0.0.1:${ok.port}`, from: FROM }, MSG, { timeoutMs: 5000, ca: TEST_CERT });
    expect(ok.dialogue).toContain('C: AUTH LOGIN');
    expect(ok.messages).toHaveLength(1);
    const bad = await fakeSmtpWithAuth(['PLAIN']);
    const e = await sendMail({ url: `smtp://lab:wrong@127.0.0.1:${bad.port}`, from: FROM }, MSG, { timeoutMs: 5000, ca: TEST_CERT }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    expect((e as SmtpError).code).toBe(535);
    expect((e as SmtpError).stage).toBe('auth');
    // The error tells the server's reply, never the credentials.
    expect((e as SmtpError).message).toContain('535 5.7.8 bad credentials');
    expect((e as SmtpError).message).not.toMatch(/wrong|bGFi/);
    expect(bad.messages).toHaveLength(0);
  });

  it('refuses to send a password to a server without STARTTLS', async () => {
    const f = await fakeSmtp({ caps: ['AUTH PLAIN'] });
    const e = await sendMail({ url: `smtp://lab:secret@127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    expect((e as Error).message).toMatch(/does not offer STARTTLS/);
    expect(f.dialogue.some((l) => l.startsWith('C: AUTH'))).toBe(false);
  });

  it('speaks TLS from the first byte with smtps://, and checks the certificate', async () => {
    const f = await fakeSmtp({ implicitTls: true });
    await sendMail({ url: `smtps://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000, ca: TEST_CERT });
    expect(f.messages).toHaveLength(1);
    expect(f.messages[0]!.tls).toBe(true);
    // Without trusting the self-signed certificate the handshake fails.
    const e = await sendMail({ url: `smtps://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    expect(f.messages).toHaveLength(1);
  });

  it('turns a 550 into a typed error with the server\'s reply', async () => {
    const f = await fakeSmtp({ rcptReply: '550 5.1.1 <ada@lab.test>: no such user' });
    const e = await sendMail({ url: `smtp://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    const err = e as SmtpError;
    expect(err.code).toBe(550);
    expect(err.stage).toBe('rcpt');
    expect(err.permanent).toBe(true);
    expect(err.recipientRefused).toBe(true);
    expect(err.reply).toBe('550 5.1.1 <ada@lab.test>: no such user');
    expect(f.dialogue).not.toContain('C: DATA');
  });

  it('reads multi-line replies as one and fails on a 4xx among them', async () => {
    const f = await fakeSmtp({ rcptReply: '451-4.3.0 try again later\r\n451 4.3.0 (greylisted)' });
    const e = (await sendMail({ url: `smtp://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 5000 }).catch((x: unknown) => x)) as SmtpError;
    expect(e.code).toBe(451);
    expect(e.permanent).toBe(false);
    expect(e.reply).toBe('451-4.3.0 try again later\n451 4.3.0 (greylisted)');
  });

  it('gives up on a server that never answers, within the time limit', async () => {
    const f = await fakeSmtp({ hang: true });
    const started = Date.now();
    const e = await sendMail({ url: `smtp://127.0.0.1:${f.port}`, from: FROM }, MSG, { timeoutMs: 300 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    expect((e as SmtpError).stage).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails clearly when nothing listens', async () => {
    const f = await fakeSmtp();
    const port = f.port;
    await f.close();
    const e = await sendMail({ url: `smtp://127.0.0.1:${port}`, from: FROM }, MSG, { timeoutMs: 5000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmtpError);
    expect((e as Error).message).toMatch(/failed|closed/);
  });

  it('makes header injection impossible: line breaks in addresses are refused, in the subject removed', async () => {
    const f = await fakeSmtp();
    const url = `smtp://127.0.0.1:${f.port}`;
    for (const to of ['ada@lab.test\r\nBcc: eve@evil.test', 'ada@lab.test>\r\nRCPT TO:<eve@evil.test', 'not an address', 'a@b, eve@evil.test']) {
      await expect(sendMail({ url, from: FROM }, { ...MSG, to }, { timeoutMs: 5000 })).rejects.toBeInstanceOf(SmtpError);
    }
    await expect(sendMail({ url, from: 'lab@regulator.test\nBcc: eve@evil.test' }, MSG, { timeoutMs: 5000 })).rejects.toThrow(/line break/);
    expect(f.messages).toHaveLength(0);
    await sendMail({ url, from: FROM }, { ...MSG, subject: 'Hello\r\nBcc: eve@evil.test' }, { timeoutMs: 5000 });
    const data = f.messages[0]!.data;
    expect(data).toContain('\r\nSubject: Hello Bcc: eve@evil.test\r\n');
    expect(data).not.toMatch(/\r\nBcc:/i);
    expect(f.dialogue.filter((l) => l.startsWith('C: RCPT'))).toEqual(['C: RCPT TO:<ada@lab.test>']);
  });

  it('encodes non-ASCII subjects and bodies so that any server carries them', () => {
    const m = buildMessage({ name: 'Labo DFS', address: 'lab@regulator.test' }, 'ada@lab.test', 'Révision demandée', 'Évaluez « TestPay ».\n.fin', new Date('2026-01-02T03:04:05Z'));
    expect(m).toContain('Subject: =?UTF-8?B?');
    expect(m).toContain('Content-Transfer-Encoding: base64');
    expect(m).toContain('Date: Fri, 02 Jan 2026 03:04:05 +0000');
    const [, body] = m.split('\r\n\r\n');
    expect(Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString()).toBe('Évaluez « TestPay ».\n.fin');
    const subject = /Subject: (.*(?:\r\n .*)*)/.exec(m)![1]!;
    const decoded = subject.split('\r\n ').map((w) => Buffer.from(/=\?UTF-8\?B\?(.*)\?=/.exec(w)![1]!, 'base64')).reduce((a, b) => Buffer.concat([a, b]));
    expect(decoded.toString()).toBe('Révision demandée');
  });
});

/** A fake with STARTTLS that offers the given AUTH mechanisms only after the upgrade (as real servers do). */
function fakeSmtpWithAuth(mechanisms: string[] = ['PLAIN', 'LOGIN']): Promise<FakeSmtp> {
  return fakeSmtp({ starttls: true, user: 'lab', pass: 'p@ss:word', caps: (secure) => (secure ? [`AUTH ${mechanisms.join(' ')}`, '8BITMIME'] : ['STARTTLS', '8BITMIME']) });
}

describe('SMTP settings', () => {
  it('reads smtp:// and smtps:// URLs with their defaults, and redacts the password', () => {
    expect(parseSmtpUrl('smtp://mail.example.org')).toEqual({ secure: false, host: 'mail.example.org', port: 587 });
    expect(parseSmtpUrl('smtps://u%40x:p%3Aw@mail.example.org')).toEqual({ secure: true, host: 'mail.example.org', port: 465, user: 'u@x', pass: 'p:w' });
    expect(parseSmtpUrl('smtp://[::1]:2525').host).toBe('::1');
    expect(() => parseSmtpUrl('http://mail.example.org')).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => parseSmtpUrl('smtp://u@mail.example.org')).toThrow(/no password/);
    expect(() => parseSmtpUrl('smtp://mail.example.org/x?y')).toThrow(/no path/);
    expect(redactSmtpUrl('smtp://lab:hunter2@mail.example.org:587')).toBe('smtp://lab:***@mail.example.org:587');
    expect(parseMailbox('DFS Lab <lab@regulator.test>', 'from')).toEqual({ name: 'DFS Lab', address: 'lab@regulator.test' });
  });

  it('dfslab serve refuses an SMTP URL without a sender, and never prints the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-smtp-'));
    let out = '';
    const io: CliIO = { out: (s) => (out += s), err: (s) => (out += s), isTTY: false };
    try {
      expect(await run(['serve', '--data-dir', dir, '--port', '0', '--smtp-url', 'smtp://lab:hunter2@mail.example.org'], io)).toBe(2);
      expect(out).toMatch(/--smtp-url \(DFSLAB_SMTP_URL\) needs --smtp-from/);
      out = '';
      expect(await run(['serve', '--data-dir', dir, '--port', '0', '--smtp-url', 'ftp://lab:hunter2@mail.example.org', '--smtp-from', 'lab@x.test'], io)).toBe(2);
      expect(out).toMatch(/smtp:\/\/ or smtps:\/\//);
      out = '';
      expect(await run(['serve', '--help'], io)).toBe(0);
      expect(out).toContain('--smtp-url');
      expect(out + JSON.stringify(out)).not.toContain('hunter2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
