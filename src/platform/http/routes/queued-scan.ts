/**
 * @module platform/http/routes/queued-scan
 * The API's answer to a request that queued a scan (an upload, a USSD run): 202 with the scan and its links,
 * or, with `?wait=true` (at most `?timeout=` seconds, 900 at most), the finished scan with 200.
 */
import { getScan, scanForActor, type Scan } from '../../services/scans.js';
import { badRequest, type HandlerContext } from '../routes.js';

/** Longest `?wait=true` (seconds). */
const MAX_WAIT_SECONDS = 900;

/** A true/false query parameter (absent: false). */
export function queryFlag(query: Record<string, string>, name: string): boolean {
  const v = query[name];
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw badRequest(`"${name}" must be true or false`);
}

/** Where a scan's API resources are; a USSD run also has its transcript. */
export function scanLinks(base: string, scan: Pick<Scan, 'id' | 'kind'>): Record<string, string> {
  const id = scan.id;
  return {
    scan: `${base}/api/v1/scans/${id}`,
    page: `${base}/scans/${id}`,
    diff: `${base}/api/v1/scans/${id}/diff`,
    sarif: `${base}/api/v1/scans/${id}/report?format=sarif`,
    html: `${base}/api/v1/scans/${id}/report?format=html`,
    ...(scan.kind === 'ussd' ? { run: `${base}/api/v1/scans/${id}/ussd-run` } : {}),
  };
}

/** Answers with the queued scan, after waiting for it to finish when the caller asked to. */
export async function answerQueuedScan(c: HandlerContext, queued: Scan): Promise<unknown> {
  let scan = queued;
  if (queryFlag(c.query, 'wait')) {
    const timeout = Math.min(Number(c.query.timeout ?? MAX_WAIT_SECONDS) || MAX_WAIT_SECONDS, MAX_WAIT_SECONDS) * 1000;
    const until = Date.now() + timeout;
    while ((scan.status === 'queued' || scan.status === 'running') && Date.now() < until && !c.req.raw.socket.destroyed) {
      await new Promise((r) => setTimeout(r, 500));
      scan = await getScan(c.db, c.actor, scan.id);
    }
  }
  const finished = scan.status === 'done' || scan.status === 'failed';
  return c.reply
    .code(finished ? 200 : 202)
    .header('location', `/api/v1/scans/${scan.id}`)
    .send({ scan: scanForActor(c.actor, scan), urls: scanLinks(c.platform.config.publicUrl, scan) });
}
