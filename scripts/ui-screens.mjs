// Writes full-page PNG screenshots of the lab platform's main pages to ui-screens/, at a laptop width (1366 px)
// and a tablet width (768 px), for a person to review the layout. Run it through `npm run ui:screens`, which
// builds first: it uses the built platform (dist/platform/server.js) on a temporary data directory with the
// embedded database, seeds a realistic lab through HTTP (the first admin, a user of every role, two providers,
// their apps, scans of the fixture APK/IPA and of one shared-corpus APK when ../shared/corpus or DFSLAB_CORPUS
// is there, a few triaged and released findings; an audit engagement taken through every phase, photographed
// in each), then opens each page in Chromium. It prints the files it
// wrote, and warns about any page wider than the window.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverJs = join(root, 'dist', 'platform', 'server.js');
if (!existsSync(serverJs)) {
  process.stderr.write('ui-screens: dist/ is missing; run `npm run build` first (or `npm run ui:screens`)\n');
  process.exit(2);
}
const { startPlatform } = await import(pathToFileURL(serverJs).href);
const { detectApp } = await import(pathToFileURL(join(root, 'dist', 'platform', 'services', 'uploads.js')).href);
const { runScanJob } = await import(pathToFileURL(join(root, 'dist', 'platform', 'jobs', 'scan-job.js')).href);

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) {
  process.stderr.write('ui-screens: no Chromium found; install Debian\'s "chromium" package or set CHROMIUM_PATH\n');
  process.exit(2);
}

const PASSWORD = 'correct horse battery staple';
const WIDTHS = [
  ['laptop', 1366, 768],
  ['tablet', 768, 1024],
];
const fixture = (p) => join(root, 'fixtures', p);
const corpusDir = process.env.DFSLAB_CORPUS ? resolve(process.env.DFSLAB_CORPUS) : join(root, '..', 'shared', 'corpus');
/** Corpus APKs, smallest first (the banking one is the most realistic scan page; the largest shows progress). */
const corpusApks = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((n) => n.endsWith('.apk'))
      .map((n) => ({ path: join(corpusDir, n), size: statSync(join(corpusDir, n)).size }))
      .sort((a, b) => a.size - b.size)
  : [];
const corpusBank = corpusApks.find((a) => /InsecureBank/i.test(a.path)) ?? corpusApks[0];

/** A cookie-keeping client that sends the page's CSRF token, like the browser (used until an API token exists). */
class Session {
  cookies = new Map();
  csrf = undefined;
  constructor(base) {
    this.base = base;
  }
  async request(method, path, { form, json } = {}) {
    const headers = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      const f = new URLSearchParams(form);
      if (this.csrf) f.set('_csrf', this.csrf);
      body = f.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (json !== undefined) {
      body = JSON.stringify(json);
      headers['content-type'] = 'application/json';
      if (this.csrf) headers['x-csrf-token'] = this.csrf;
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      this.cookies.set(kv.slice(0, i), kv.slice(i + 1));
    }
    const text = await res.text();
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, text };
  }
}

/** The JSON API with a bearer token (what a lab's scripts would use). */
function api(base, token) {
  return async (method, path, body) => {
    const headers = { authorization: `Bearer ${token}` };
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : {};
  };
}

const days = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const ADMIN = 'ada.okafor@lab.test';
const REP = 'grace.banda@mobicash.test';

const dataDir = mkdtempSync(join(tmpdir(), 'dfslab-ui-screens-'));
// No worker at first: the uploads wait in the queue until the page of a queued scan has been photographed.
const platform = await startPlatform({ dataDir, port: 0, worker: false, queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 } });
const base = platform.url;
const out = join(root, 'ui-screens');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const written = [];
const warnings = [];
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A browser context per (user, width), logged in through the login form. */
const contexts = new Map();
async function contextFor(email, width, height) {
  const key = `${email ?? ''}@${width}`;
  if (!contexts.has(key)) {
    const ctx = await browser.newContext({ viewport: { width, height }, baseURL: base });
    if (email) {
      const page = await ctx.newPage();
      await page.goto('/login');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Log in' }).click()]);
      await page.close();
    }
    contexts.set(key, ctx);
  }
  return contexts.get(key);
}

/** Full-page screenshots of one page at every width, as `email` (logged out when undefined). */
async function shoot(n, name, path, email) {
  for (const [label, width, height] of WIDTHS) {
    const ctx = await contextFor(email, width, height);
    const page = await ctx.newPage();
    try {
      const res = await page.goto(path, { waitUntil: 'load' });
      if (!res || res.status() >= 400) warnings.push(`${name} (${path}) answered ${res?.status()}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) warnings.push(`${name} at ${width} px is ${overflow} px wider than the window`);
      const png = join(out, `${String(n).padStart(2, '0')}-${name}.${label}.png`);
      await page.screenshot({ path: png, fullPage: true });
      written.push(png);
    } finally {
      await page.close();
    }
  }
}

try {
  // --- The lab, seeded through HTTP ------------------------------------------------------------------------
  const setupToken = new URL(platform.setupUrl).searchParams.get('token');
  const adminSession = new Session(base);
  const setup = await adminSession.request('POST', '/setup', {
    form: { token: setupToken, orgName: 'Central Bank of Testland — DFS Security Lab', country: 'Testland', name: 'Ada Okafor', email: ADMIN, password: PASSWORD },
  });
  if (setup.status !== 303) throw new Error(`setup failed: ${setup.status} ${setup.text.slice(0, 300)}`);
  await adminSession.request('GET', '/');
  const tokenRes = await adminSession.request('POST', '/api/v1/tokens', { json: { name: 'Lab seeding script', expiresInDays: 30 } });
  const call = api(base, JSON.parse(tokenRes.text).secret);

  const { provider: mobicash } = await call('POST', '/api/v1/providers', { name: 'MobiCash', kind: 'mno', country: 'Testland', licence: 'MNO-2019-004' });
  const { provider: pesabank } = await call('POST', '/api/v1/providers', { name: 'PesaBank', kind: 'bank', country: 'Testland', licence: 'BNK-1998-117' });

  const users = [
    ['Lena Mwangi', 'lena.mwangi@lab.test', 'lead'],
    ['Tomás Ferreira', 'tomas.ferreira@lab.test', 'auditor'],
    ['Priya Raman', 'priya.raman@lab.test', 'reviewer'],
    ['Omar Haddad', 'omar.haddad@lab.test', 'readonly'],
    ['Grace Banda', REP, 'provider', mobicash.id],
  ];
  for (const [name, email, role, providerId] of users) {
    const inv = await call('POST', '/api/v1/users', { name, email, role, ...(providerId ? { providerId } : {}) });
    const token = new URL(inv.inviteUrl).searchParams.get('token');
    const r = await new Session(base).request('POST', '/invite', { form: { token, password: PASSWORD, confirm: PASSWORD } });
    if (r.status !== 303) throw new Error(`accepting the invitation of ${email} failed: ${r.status}`);
  }
  // One invitation nobody has accepted yet, as a lab always has.
  await call('POST', '/api/v1/users', { name: 'Kofi Mensah', email: 'kofi.mensah@lab.test', role: 'auditor' });

  const apps = {};
  const addApp = async (key, provider, name, file) => {
    const detected = detectApp(readFileSync(file), basename(file));
    const { app } = await call('POST', `/api/v1/providers/${provider.id}/apps`, { name, platform: detected.kind, identifier: detected.identifier });
    apps[key] = { ...app, file };
  };
  await addApp('wallet', mobicash, 'MobiCash Wallet', fixture('android/build/vulnerable-wallet.apk'));
  await addApp('agent', mobicash, 'MobiCash Agent', fixture('android/build/hardened-wallet.apk'));
  await addApp('ios', pesabank, 'PesaBank for iPhone', fixture('ios/build/vulnerable-bank.ipa'));
  if (corpusBank) await addApp('corpus', pesabank, 'PesaBank Mobile (legacy)', corpusBank.path);
  await call('POST', `/api/v1/providers/${mobicash.id}/apps`, { name: 'MobiCash USSD menu', platform: 'ussd', identifier: '*384*12#' });

  const scans = {};
  for (const [key, app] of Object.entries(apps)) {
    const f = new FormData();
    f.set('file', new Blob([readFileSync(app.file)]), basename(app.file));
    scans[key] = (await call('POST', `/api/v1/apps/${app.id}/scans`, f)).scan;
  }

  // A scan in progress, while it waits for a worker. (A running scan cannot be caught: the audit runs on the
  // server's own thread, which answers no request until it ends.)
  await shoot(7, 'scan-queued', `/scans/${(scans.corpus ?? scans.wallet).id}`, ADMIN);
  await platform.queue.workScans((scanId) => runScanJob(platform.context, scanId), { concurrency: 1 });
  for (const [key, s] of Object.entries(scans)) {
    for (const until = Date.now() + 300_000; ; ) {
      const { scan } = await call('GET', `/api/v1/scans/${s.id}`);
      if (scan.status === 'done') break;
      if (scan.status === 'failed' || Date.now() > until) throw new Error(`the scan of ${key} ended ${scan.status}: ${scan.error ?? 'timed out'}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  // Triage: some confirmed and released to the provider, one false positive, one accepted risk, a comment.
  const findingsOf = async (scanId) => (await call('GET', `/api/v1/scans/${scanId}`)).findings;
  const act = (id, body) => call('POST', `/api/v1/findings/${id}/actions`, body);
  const [w0, w1, w2, w3, w4] = await findingsOf(scans.wallet.id);
  if (!w4) throw new Error('the vulnerable wallet fixture gave fewer findings than expected');
  await act(w0.id, { action: 'confirm' });
  await act(w0.id, { action: 'comment', body: 'Reproduced on a test device: the flag survives a release build.' });
  await act(w0.id, { action: 'assign_to_provider', dueAt: days(30) });
  await act(w1.id, { action: 'assign_to_provider' });
  await act(w2.id, { action: 'false_positive', reason: 'Only reachable from the instrumentation test APK, which is never shipped.' });
  await act(w3.id, { action: 'accept_risk', reason: 'Compensating control: the backend rejects requests from rooted devices.', until: days(180) });
  await act(w4.id, { action: 'confirm' });
  const [i0] = await findingsOf(scans.ios.id);
  if (i0) await act(i0.id, { action: 'confirm' });
  if (scans.corpus) for (const f of (await findingsOf(scans.corpus.id)).slice(0, 3)) await act(f.id, { action: 'confirm' });
  // The provider representative answers a finding released to them.
  const rep = new Session(base);
  await rep.request('POST', '/login', { form: { email: REP, password: PASSWORD } });
  await rep.request('GET', '/');
  await rep.request('POST', `/findings/${w0.id}/actions`, { form: { action: 'comment', body: 'Fixed in 2.4.1, which goes to the store next week.' } });

  // --- The pages -------------------------------------------------------------------------------------------
  await shoot(1, 'login', '/login', undefined);
  await shoot(2, 'dashboard', '/', ADMIN);
  await shoot(3, 'providers', '/providers', ADMIN);
  await shoot(4, 'provider', `/providers/${mobicash.id}`, ADMIN);
  await shoot(5, 'app', `/apps/${apps.wallet.id}`, ADMIN);
  await shoot(6, 'scan-done', `/scans/${(scans.corpus ?? scans.wallet).id}`, ADMIN);
  await shoot(8, 'scans', '/scans', ADMIN);
  await shoot(9, 'findings', '/findings', ADMIN);
  await shoot(10, 'finding', `/findings/${w0.id}`, ADMIN);
  await shoot(11, 'users', '/users', ADMIN);
  await shoot(12, 'settings', '/settings', ADMIN);
  await shoot(13, 'tokens', '/settings/tokens', ADMIN);
  await shoot(14, 'audit-log', '/audit', ADMIN);
  await shoot(15, 'account', '/account', ADMIN);
  await shoot(16, 'provider-dashboard', '/', REP);
  await shoot(17, 'provider-findings', '/findings', REP);
  await shoot(18, 'provider-finding', `/findings/${w0.id}`, REP);
  await shoot(19, 'provider-scan', `/scans/${scans.wallet.id}`, REP);

  // --- An engagement, photographed in each phase --------------------------------------------------------------
  const LEAD = 'lena.mwangi@lab.test';
  const REVIEWER = 'priya.raman@lab.test';
  const sessionOf = async (email) => {
    const s = new Session(base);
    await s.request('POST', '/login', { form: { email, password: PASSWORD } });
    await s.request('GET', '/');
    return s;
  };
  const expectOk = (r, what) => {
    if (r.status >= 400) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.text ? JSON.parse(r.text) : {};
  };
  const ussdApp = (await call('GET', `/api/v1/providers/${mobicash.id}/apps`)).apps.find((a) => a.platform === 'ussd');
  const { engagement } = await call('POST', '/api/v1/engagements', {
    title: 'MobiCash wallet and USSD audit 2026',
    providerId: mobicash.id,
    profile: 'mobile-app-baseline',
    channels: ['android', 'ussd'],
    apps: [{ appId: apps.wallet.id, version: '2.4.0' }, { appId: ussdApp.id }],
    startsOn: days(-20),
    endsOn: days(25),
    approvalsRequired: 1,
  });
  const eng = `/api/v1/engagements/${engagement.id}`;
  const engPage = `/engagements/${engagement.id}`;
  await call('POST', `${eng}/members`, { email: LEAD, role: 'lead' });
  await call('POST', `${eng}/members`, { email: 'tomas.ferreira@lab.test', role: 'auditor' });
  await call('POST', `${eng}/members`, { email: REVIEWER, role: 'reviewer' });
  await shoot(20, 'engagements', '/engagements', ADMIN);
  await shoot(21, 'engagement-new', '/engagements/new', ADMIN);
  await shoot(22, 'engagement-1-planning', engPage, LEAD);

  // Testing: the wallet's scan linked, two manual tests with evidence, the rest not tested.
  await call('POST', `${eng}/phase`, { phase: 'testing' });
  await call('POST', `${eng}/scans`, { scanId: scans.wallet.id });
  const manual = (await call('GET', `${eng}/plan`)).rows.filter((r) => r.mode === 'manual');
  const [failRow, passRow] = manual;
  await call('POST', `${eng}/rows/${failRow.id}/result`, { result: 'fail', severity: 'high', appId: apps.wallet.id, notes: 'The PIN screen can be captured by another app: screenshots are not blocked on the PIN entry.' });
  await call('POST', `${eng}/rows/${passRow.id}/result`, { result: 'pass', notes: 'Checked on a Pixel 7 with the store build.' });
  const evidence = new FormData();
  evidence.append('file', new Blob([readFileSync(fixture('android/build/SHA256SUMS'))], { type: 'text/plain' }), 'device-log.txt');
  evidence.append('file', new Blob([Buffer.from('12:00:00 PIN screen shown\n12:00:02 screenshot taken by com.example.capture\n')], { type: 'text/plain' }), 'capture-proof.txt');
  await call('POST', `${eng}/rows/${failRow.id}/evidence`, evidence);
  await shoot(23, 'engagement-2-testing', engPage, LEAD);
  await call('POST', `${eng}/rows/not-tested`, { reason: "Out of this audit's time box; planned for the next cycle." });
  await shoot(24, 'engagement-row', `${engPage}/rows/${failRow.id}`, LEAD);

  // Reporting and review: the reviewer asks for a change, the team fixes it, the reviewer approves.
  await call('POST', `${eng}/phase`, { phase: 'reporting' });
  await shoot(25, 'engagement-3-reporting', engPage, LEAD);
  await call('POST', `${eng}/phase`, { phase: 'review' });
  const reviewer = await sessionOf(REVIEWER);
  expectOk(await reviewer.request('POST', `${eng}/comments`, { json: { targetType: 'row', targetId: failRow.id, body: 'A captured PIN gives the whole account: rate it critical.' } }), 'comment');
  expectOk(await reviewer.request('POST', `${eng}/decisions`, { json: { decision: 'request_changes', body: 'Raise the PIN-screen failure to critical.' } }), 'request changes');
  await call('POST', `${eng}/rows/${failRow.id}/result`, { result: 'fail', severity: 'critical', appId: apps.wallet.id, notes: 'The PIN screen can be captured by another app: screenshots are not blocked on the PIN entry.' });
  await call('POST', `${eng}/phase`, { phase: 'review' });
  await shoot(26, 'engagement-4-review', engPage, LEAD);
  await shoot(27, 'engagement-review-page', `${engPage}/review`, REVIEWER);
  expectOk(await reviewer.request('POST', `${eng}/decisions`, { json: { decision: 'approve', body: 'Approved.' } }), 'approve');

  // Delivery, the provider's answer, the retest, closing.
  await call('POST', `${eng}/phase`, { phase: 'delivered' });
  await shoot(28, 'engagement-5-delivered', engPage, ADMIN);
  const engFindings = (await call('GET', `${eng}/findings`)).findings;
  const answered = engFindings.find((f) => f.source === 'scan' && f.status === 'assigned') ?? engFindings[0];
  const repSession = await sessionOf(REP);
  expectOk(
    await repSession.request('POST', `${eng}/findings/${answered.id}/responses`, { json: { plan: 'Fixed in 2.4.1: the release build no longer carries the flag.', fixed: true } }),
    'provider answer',
  );
  await shoot(29, 'engagement-6-remediation', engPage, ADMIN);
  await shoot(30, 'engagement-findings', `${engPage}/findings`, ADMIN);
  await shoot(31, 'provider-engagement', engPage, REP);
  await shoot(32, 'provider-engagement-finding', `${engPage}/findings/${answered.id}`, REP);
  await call('POST', `${eng}/findings/${answered.id}/retest`, { outcome: 'fixed', note: 'Verified on 2.4.1 from the store.' });
  for (const f of (await call('GET', `${eng}/findings`)).findings.filter((x) => ['open', 'confirmed', 'assigned'].includes(x.status))) {
    await act(f.id, { action: 'accept_risk', reason: 'Accepted by the provider until the 2027 rebuild; the supervisor agreed.', until: days(365) });
  }
  await call('POST', `${eng}/phase`, { phase: 'closed' });
  await shoot(33, 'engagement-7-closed', engPage, ADMIN);

} finally {
  await browser.close();
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const f of written.sort()) process.stdout.write(`${f}\n`);
for (const w of warnings) process.stderr.write(`ui-screens: warning: ${w}\n`);
