/**
 * The wallet's client of the CAMARA SIM Swap API (reference §4.1): `POST {camaraUrl}/sim-swap/v1/check` with
 * `{ phoneNumber: '+E164', maxAge }`. Anything but a well-formed 200 answer is an error, and callers fail
 * closed on errors.
 */
import http from 'node:http';
import https from 'node:https';

export type SimSwapResult = 'swapped' | 'not-swapped' | 'error';

export const SIM_SWAP_MAX_AGE_HOURS = 72;

export function checkSimSwap(camaraUrl: string | undefined, msisdn: string, timeoutMs: number): Promise<SimSwapResult> {
  if (camaraUrl === undefined || camaraUrl === '') return Promise.resolve('error');
  let url: URL;
  try {
    url = new URL(`${camaraUrl.replace(/\/+$/, '')}/sim-swap/v1/check`);
  } catch {
    return Promise.resolve('error');
  }
  const body = JSON.stringify({ phoneNumber: `+${msisdn}`, maxAge: SIM_SWAP_MAX_AGE_HOURS });
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<SimSwapResult>((resolve) => {
    let settled = false;
    const done = (r: SimSwapResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = lib.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-correlator': `wallet-${msisdn}` } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 65_536) req.destroy();
          else chunks.push(c);
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return done('error');
          try {
            const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const swapped = (parsed as { swapped?: unknown } | null)?.swapped;
            if (typeof swapped !== 'boolean') return done('error');
            done(swapped ? 'swapped' : 'not-swapped');
          } catch {
            done('error');
          }
        });
        res.on('error', () => done('error'));
      },
    );
    const timer = setTimeout(() => {
      done('error');
      req.destroy();
    }, timeoutMs);
    req.on('error', () => done('error'));
    req.end(body);
  });
}
