/**
 * A fake SMTP server for the platform's e-mail tests (notifications, digests): plain SMTP on 127.0.0.1 at a
 * random port, no TLS or login. It accepts every message (un-dot-stuffed, kept in `messages`) except what it is
 * told to refuse: `mailReply` answers MAIL FROM (a 4xx makes the whole server fail), `refuse` lists recipients
 * refused with 550.
 */
import net from 'node:net';

/** A minimal SMTP server that accepts everything except what it is told to refuse, and keeps the messages. */
export async function fakeSmtp(): Promise<{ port: number; messages: Array<{ to: string; data: string }>; mailReply: string; refuse: Set<string>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const fake = {
    port: 0,
    messages: [] as Array<{ to: string; data: string }>,
    /** The reply to MAIL FROM (a 4xx makes the whole server fail for the round). */
    mailReply: '250 ok',
    /** Recipients refused with 550. */
    refuse: new Set<string>(),
    close: async () => undefined as void,
  };
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    let buffer = '';
    let data: string[] | undefined;
    let to = '';
    const say = (line: string) => s.write(`${line}\r\n`);
    s.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === '.') {
            fake.messages.push({ to, data: data.join('\n') });
            data = undefined;
            say('250 queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        if (verb === 'EHLO') say('250 fake.test');
        else if (verb === 'MAIL') say(fake.mailReply);
        else if (verb === 'RCPT') {
          to = /<(.*)>/.exec(line)?.[1] ?? '';
          say(fake.refuse.has(to) ? '550 no such user' : '250 ok');
        } else if (verb === 'DATA') {
          data = [];
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          s.end();
        } else say('502 unknown');
      }
    });
    say('220 fake.test ESMTP');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.port = (server.address() as net.AddressInfo).port;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}

/** The subject of a kept message. */
export function subjectOf(data: string): string {
  return /^Subject: (.*)$/m.exec(data)?.[1] ?? '';
}

/** The text of a kept message, decoded when it went as base64. */
export function bodyOf(data: string): string {
  const i = data.indexOf('\n\n');
  const head = data.slice(0, i);
  const body = data.slice(i + 2);
  return /^Content-Transfer-Encoding: base64$/im.test(head) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}
