/**
 * @module platform/services/mailer
 * A small SMTP client (node:net / node:tls, no dependency) for the platform's notification e-mails: one plain
 * text message per connection.
 *
 * - `smtp://[user:pass@]host[:port]` (default port 587): STARTTLS when the server offers it; with credentials
 *   it is required (a password never crosses the network in clear).
 * - `smtps://[user:pass@]host[:port]` (default port 465): TLS from the first byte.
 *
 * EHLO, STARTTLS, AUTH PLAIN (or LOGIN), MAIL FROM, RCPT TO, DATA (dot-stuffed, CRLF line ends), QUIT. Any
 * 4xx/5xx reply is an `SmtpError` carrying the server's reply; the whole exchange has a time limit. Headers
 * are built here from checked values only: an address with a line break (or anything else odd) is refused,
 * line breaks in the subject become spaces, so nothing can add a header or a recipient.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { SmtpConfig } from '../http/context.js';

/** Where a failure happened: the stage of the exchange (for deciding whether to retry) and the server's reply. */
export type SmtpStage = 'config' | 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'timeout';

export class SmtpError extends Error {
  constructor(
    message: string,
    readonly stage: SmtpStage,
    /** The reply code (e.g. 550) when the server refused. */
    readonly code?: number,
    /** The server's reply text, all lines. */
    readonly reply?: string,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
  /** The server refused for good (5xx): sending the same message again will fail again. */
  get permanent(): boolean {
    return this.code !== undefined && this.code >= 500;
  }
  /** This recipient cannot get mail (a bad address, or the server refused it for good); others still may. */
  get recipientRefused(): boolean {
    return this.stage === 'rcpt' && (this.code === undefined || this.permanent);
  }
}

export interface SmtpTarget {
  secure: boolean;
  host: string;
  port: number;
  user?: string;
  pass?: string;
}

export function parseSmtpUrl(url: string): SmtpTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SmtpError('the SMTP URL is not a URL; write it like smtp://user:password@mail.example.org:587 or smtps://mail.example.org', 'config');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new SmtpError(`the SMTP URL must start with smtp:// or smtps://, not ${u.protocol}//`, 'config');
  if (!u.hostname) throw new SmtpError('the SMTP URL has no host', 'config');
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) throw new SmtpError('the SMTP URL is only smtp[s]://[user:password@]host[:port] (no path or query)', 'config');
  const secure = u.protocol === 'smtps:';
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const out: SmtpTarget = { secure, host, port: u.port ? Number(u.port) : secure ? 465 : 587 };
  if (u.username) out.user = decodeURIComponent(u.username);
  if (u.password) out.pass = decodeURIComponent(u.password);
  if (out.user !== undefined && out.pass === undefined) throw new SmtpError('the SMTP URL names a user but no password (smtp://user:password@host)', 'config');
  return out;
}

/** The URL with its password replaced by `***`, for logs and messages. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable SMTP URL)';
  }
}

// A plain address: no spaces, angle brackets, quotes or control characters, one @ with text on both sides.
const ADDRESS = /^[^\s<>()"\\,;:@\x00-\x1f\x7f]+@[^\s<>()"\\,;:@\x00-\x1f\x7f]+$/;

/** `Name <a@b.example>` or `a@b.example` → the display name (may be empty) and the address, checked. */
export function parseMailbox(s: string, what: string, stage: SmtpStage = 'config'): { name: string; address: string } {
  if (/[\r\n\0]/.test(s)) throw new SmtpError(`${what} contains a line break`, stage);
  const m = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/.exec(s);
  const address = (m?.[2] ?? m?.[3] ?? '').trim();
  if (!m || !ADDRESS.test(address) || address.length > 254) throw new SmtpError(`${what} is not an e-mail address: ${JSON.stringify(s.slice(0, 100))}`, stage);
  const name = (m[1] ?? '').replace(/^"(.*)"$/, '$1').trim();
  return { name, address };
}

/** RFC 2047 encoded-words for non-ASCII header text (in pieces short enough for one line each). */
function encodeHeaderText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  const words: string[] = [];
  let piece = '';
  for (const ch of s) {
    if (Buffer.byteLength(piece + ch) > 45) {
      words.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) words.push(piece);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

function mailboxHeader(mb: { name: string; address: string }): string {
  if (!mb.name) return mb.address;
  const name = /^[\x20-\x7e]*$/.test(mb.name) ? `"${mb.name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderText(mb.name);
  return `${name} <${mb.address}>`;
}

/**
 * The message as sent after DATA (before dot-stuffing): headers, blank line, body with CRLF line ends. ASCII
 * text with short lines goes as it is; anything else base64-encoded (safe through every server).
 */
export function buildMessage(from: { name: string; address: string }, to: string, subject: string, text: string, date = new Date()): string {
  const body = text.replace(/\r\n?/g, '\n');
  const plain = /^[\x20-\x7e\t\n]*$/.test(body) && body.split('\n').every((l) => l.length <= 998);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  const headers = [
    `From: ${mailboxHeader(from)}`,
    `To: ${to}`,
    `Subject: ${encodeHeaderText(subject.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '').trim())}`,
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${plain ? '7bit' : 'base64'}`,
    'Auto-Submitted: auto-generated',
  ];
  const encoded = plain ? body.split('\n') : (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []);
  return `${headers.join('\r\n')}\r\n\r\n${encoded.join('\r\n')}\r\n`;
}

/** A line starting with "." gets another (RFC 5321 §4.5.2), so that no line of the message ends the DATA. */
export function dotStuff(message: string): string {
  return message.replace(/(^|\r\n)\./g, '$1..');
}

export interface SmtpReply {
  code: number;
  lines: string[];
}
const replyText = (r: SmtpReply): string => r.lines.map((l, i) => `${r.code}${i === r.lines.length - 1 ? ' ' : '-'}${l}`).join('\n');

/** Reads the server's replies, a multi-line reply (`250-…` … `250 …`) as one. */
class ReplyReader {
  private buffer = '';
  private current: string[] = [];
  private readonly ready: SmtpReply[] = [];
  private waiter: { resolve(r: SmtpReply): void; reject(e: Error): void } | undefined;
  private failure: Error | undefined;

  push(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    if (this.buffer.length > 64 * 1024) return this.fail(new SmtpError('the SMTP server sent an over-long reply', 'greeting'));
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) return this.fail(new SmtpError(`the SMTP server sent something that is not a reply: ${JSON.stringify(line.slice(0, 200))}`, 'greeting'));
      this.current.push(m[3]!);
      if (m[2] !== '-') {
        this.deliver({ code: Number(m[1]), lines: this.current });
        this.current = [];
      }
    }
  }

  /** Nothing is waiting to be read (checked before STARTTLS: data sent before the handshake would be injected). */
  get empty(): boolean {
    return this.buffer === '' && this.current.length === 0 && this.ready.length === 0;
  }

  private deliver(r: SmtpReply): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve(r);
    } else this.ready.push(r);
  }

  fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failure);
  }

  next(): Promise<SmtpReply> {
    const r = this.ready.shift();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}

export interface SendOptions {
  /** Limit for the whole exchange, connection included (default 30 s). */
  timeoutMs?: number;
  /** Certificates to trust besides the system's (a private CA; tests). */
  ca?: string | Buffer;
  /** The name this client gives in EHLO (default: the machine's host name is not sent; `dfslab.localhost`). */
  clientName?: string;
}

/** Sends one plain-text message. Resolves once the server accepted it (250 after DATA). */
export async function sendMail(smtp: SmtpConfig, msg: { to: string; subject: string; text: string }, o: SendOptions = {}): Promise<void> {
  const target = parseSmtpUrl(smtp.url);
  const from = parseMailbox(smtp.from, 'the sender address (--smtp-from)');
  const to = parseMailbox(msg.to, 'the recipient address', 'rcpt');
  const message = buildMessage(from, to.address, msg.subject, msg.text);
  const reader = new ReplyReader();
  let socket: net.Socket;
  const timeoutMs = o.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const onData = (c: Buffer) => reader.push(c);
  const onError = (e: Error) => reader.fail(e instanceof SmtpError ? e : new SmtpError(`the SMTP connection to ${target.host}:${target.port} failed: ${e.message}`, 'connect'));
  const onClose = () => reader.fail(new SmtpError(`the SMTP server ${target.host}:${target.port} closed the connection`, 'connect'));
  const attach = (s: net.Socket) => {
    s.on('data', onData);
    s.on('error', onError);
    s.on('close', onClose);
  };
  const tlsOptions = (existing?: net.Socket): tls.ConnectionOptions => ({
    host: target.host,
    port: target.port,
    ...(net.isIP(target.host) ? {} : { servername: target.host }),
    ...(o.ca ? { ca: [...tls.rootCertificates, o.ca.toString()] } : {}),
    ...(existing ? { socket: existing } : {}),
  });
  socket = target.secure ? tls.connect(tlsOptions()) : net.connect({ host: target.host, port: target.port });
  attach(socket);
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmtpError(`the SMTP server ${target.host}:${target.port} did not answer within ${Math.round(timeoutMs / 1000)} s`, 'timeout')), timeoutMs);
  });
  timedOut.catch(() => undefined);

  let stage: SmtpStage = 'greeting';
  /** Sends a command (or nothing: the greeting) and reads the reply; any code outside `ok` is an error. */
  const step = async (line: string | undefined, ok: readonly number[], shown = line): Promise<SmtpReply> => {
    if (line !== undefined) socket.write(`${line}\r\n`);
    const r = await reader.next();
    if (!ok.includes(r.code)) {
      throw new SmtpError(`the SMTP server refused ${shown ?? 'the connection'}: ${replyText(r)}`, stage, r.code, replyText(r));
    }
    return r;
  };
  const clientName = o.clientName ?? 'dfslab.localhost';
  const ehlo = async (): Promise<Set<string>> => {
    stage = 'ehlo';
    const r = await step(`EHLO ${clientName}`, [250]);
    return new Set(r.lines.slice(1).map((l) => l.trim().toUpperCase()));
  };

  const exchange = async (): Promise<void> => {
    await step(undefined, [220]);
    let caps = await ehlo();
    if (!target.secure) {
      if (caps.has('STARTTLS')) {
        stage = 'starttls';
        await step('STARTTLS', [220]);
        if (!reader.empty) throw new SmtpError('the SMTP server sent data before the TLS handshake (refusing: it could be injected)', 'starttls');
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        const secured = tls.connect(tlsOptions(socket));
        attach(secured);
        await new Promise<void>((resolve, reject) => {
          secured.once('secureConnect', resolve);
          secured.once('error', (e) => reject(new SmtpError(`the TLS handshake with ${target.host} failed: ${e.message}`, 'starttls')));
        });
        socket = secured;
        caps = await ehlo();
      } else if (target.user !== undefined) {
        throw new SmtpError(`the SMTP server ${target.host} does not offer STARTTLS: refusing to send the password in clear (use an smtps:// URL or a server with STARTTLS)`, 'starttls');
      }
    }
    if (target.user !== undefined) {
      stage = 'auth';
      const auth = [...caps].find((c) => c.startsWith('AUTH ') || c.startsWith('AUTH='));
      const mechanisms = new Set((auth ?? '').slice(5).split(/\s+/));
      if (mechanisms.has('PLAIN')) {
        const token = Buffer.from(`\0${target.user}\0${target.pass ?? ''}`).toString('base64');
        await step(`AUTH PLAIN ${token}`, [235], 'the login (AUTH PLAIN)');
      } else if (mechanisms.has('LOGIN')) {
        await step('AUTH LOGIN', [334], 'the login (AUTH LOGIN)');
        await step(Buffer.from(target.user).toString('base64'), [334], 'the user name');
        await step(Buffer.from(target.pass ?? '').toString('base64'), [235], 'the login (AUTH LOGIN)');
      } else {
        throw new SmtpError(`the SMTP server ${target.host} offers no login this client knows (PLAIN or LOGIN); it offers: ${auth ?? 'none'}`, 'auth');
      }
    }
    stage = 'mail';
    await step(`MAIL FROM:<${from.address}>`, [250]);
    stage = 'rcpt';
    await step(`RCPT TO:<${to.address}>`, [250, 251]);
    stage = 'data';
    await step('DATA', [354]);
    await step(`${dotStuff(message)}.`, [250], 'the message');
    // The message is accepted; a failing QUIT changes nothing.
    socket.write('QUIT\r\n');
    await Promise.race([reader.next().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  };

  try {
    await Promise.race([exchange(), timedOut]);
  } finally {
    clearTimeout(timer);
    // Settles an exchange still waiting for a reply (after the time limit).
    reader.fail(new SmtpError('the SMTP exchange was ended', 'timeout'));
    socket.off('close', onClose);
    socket.on('error', () => undefined);
    socket.destroy();
  }
}
