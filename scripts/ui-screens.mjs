// Writes full-page PNG screenshots of the lab platform's main pages to ui-screens/, at a laptop width (1366 px)
// and a tablet width (768 px), for a person to review the layout. Run it through `npm run ui:screens`, which
// builds first: it uses the built platform (dist/platform/server.js) on a temporary data directory with the
// embedded database, seeds a realistic lab through HTTP (the first admin, a user of every role, two providers,
// their apps, scans of the fixture APK/IPA and of one shared-corpus APK when ../shared/corpus or DFSLAB_CORPUS
// is there, a few triaged and released findings; an audit engagement taken through every phase, photographed
// in each; a third provider, compliance statuses confirmed for all three and proposals accepted, a campaign with
// a provider's self-assessment in progress, a resilience assessment with its risk profile and most domains
// answered, an AMBER advisory to the supervised providers and a GREEN one to the community, the lab's benchmark
// figures published), then opens each page in Chromium. It prints the files it wrote, and warns about any page
// wider than the window.
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
async function contextFor(email, width, height, lang) {
  const key = `${email ?? ''}@${width}@${lang ?? 'en'}`;
  if (!contexts.has(key)) {
    // The browser's language (Accept-Language) picks the pages' language, as for a reader who never used the switcher.
    const ctx = await browser.newContext({ viewport: { width, height }, baseURL: base, ...(lang ? { locale: lang } : {}) });
    if (email) {
      const page = await ctx.newPage();
      await page.goto('/login');
      // By the fields' names: the labels are in the context's language.
      await page.locator('main input[name="email"]').fill(email);
      await page.locator('main input[name="password"]').fill(PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('main button[type="submit"]').click()]);
      await page.close();
    }
    contexts.set(key, ctx);
  }
  return contexts.get(key);
}

/** Full-page screenshots of one page at every width, as `email` (logged out when undefined), in `lang` (English by default). */
async function shoot(n, name, path, email, lang) {
  for (const [label, width, height] of WIDTHS) {
    const ctx = await contextFor(email, width, height, lang);
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

  // --- Compliance: the sector heatmap and one provider's statuses ---------------------------------------------
  // A third provider, assessed by the lab on paper only, so that the benchmarks' minimum group (3) is reached.
  const { provider: kopapay } = await call('POST', '/api/v1/providers', { name: 'KopaPay', kind: 'fintech', country: 'Testland', licence: 'PSP-2023-031' });
  const confirm = (provider, itemId, status, evidence, expiresOn) =>
    call('POST', `/api/v1/providers/${provider.id}/compliance/${itemId}`, { status, evidence, ...(expiresOn ? { expiresOn } : {}) });
  // Statuses the lab confirmed from documents and interviews: the same few items for every provider, so the
  // heatmap rows compare and the benchmark groups fill.
  const confirmed = {
    [mobicash.id]: [
      ['GOV-21', 'compliant', 'Penetration-test report of March and its remediation plan filed with the supervisor (ref. CB/DFS/2026/114).', days(300)],
      ['GOV-22', 'partially', 'Two of the three unauthorised-access incidents of the year were reported; the SIM-swap incident of July was not.'],
      ['PLAT-04', 'compliant', 'Network diagram v7 and firewall rule review: the wallet back end sits in its own DMZ behind the USSD gateway.', days(180)],
      ['PLAT-35', 'partially', 'Availability report for Q2: 99.2 % against a 99.5 % target; no end-to-end test of the failover this year.'],
      ['SIM-01', 'non_compliant', 'Retail shops swap SIMs on a copy of the ID card alone; no call-back or waiting period (mystery shopping, 4 of 5 shops).'],
      ['USSD-10', 'partially', 'USSD sessions are encrypted between gateway and back end, not on the operator side of the aggregator link.'],
      ['SS7-01', 'compliant', 'Signalling firewall in blocking mode since May; monthly category 1–3 filtering report reviewed.', days(20)],
    ],
    [pesabank.id]: [
      ['GOV-21', 'compliant', 'Annual penetration test and remediation status reported in the quarterly risk return.', days(365)],
      ['GOV-22', 'compliant', 'Incident register matches the reports filed with the supervisor for the last twelve months.', days(365)],
      ['PLAT-04', 'partially', 'The mobile banking API shares a network segment with the internet-banking web servers.'],
      ['PLAT-35', 'compliant', 'Disaster-recovery test of June: core banking restored in 1 h 40 min, inside the two-hour tolerance.', days(200)],
      ['SIM-01', 'not_applicable', 'A bank, not a mobile operator: SIM swaps are the operators\' (one-time codes are bound to the device instead).'],
      ['USSD-10', 'non_compliant', 'The USSD banking menu sends the PIN in clear text to the aggregator (trace of 12 May).'],
    ],
    [kopapay.id]: [
      ['GOV-21', 'non_compliant', 'No penetration test since the licence was granted in 2023.'],
      ['GOV-22', 'partially', 'Incidents are reported, but weeks after the deadline.'],
      ['PLAT-04', 'compliant', 'Cloud architecture review: the ledger runs in a private subnet reachable only from the API gateway.', days(240)],
      ['PLAT-35', 'non_compliant', 'No recovery objective set; the only restore test failed (backup of the ledger incomplete).'],
      ['APP-01', 'partially', 'Own review of the merchant app: TLS 1.2 enforced, but a weak cipher suite is still accepted by the API.'],
      ['APP-10', 'compliant', 'The app uses Play Integrity and refuses to run on rooted devices (tested on a rooted Pixel 6).', days(180)],
      ['USSD-10', 'not_applicable', 'KopaPay offers no USSD channel.'],
    ],
  };
  for (const [providerId, list] of Object.entries(confirmed)) {
    for (const [itemId, status, evidence, expiresOn] of list) await confirm({ id: providerId }, itemId, status, evidence, expiresOn);
  }
  // The platform's proposals (from the scans and the engagement) accepted in bulk, a few left to decide.
  for (const provider of [mobicash, pesabank]) {
    const { compliance } = await call('GET', `/api/v1/providers/${provider.id}/compliance`);
    const proposed = compliance.items.filter((i) => i.proposal && i.proposal.status !== 'not_assessed' && !i.confirmed).map((i) => i.itemId);
    const accept = proposed.slice(0, Math.max(1, proposed.length - 3));
    if (accept.length) await call('POST', `/api/v1/providers/${provider.id}/compliance/accept`, { itemIds: accept, expiresOn: days(365) });
  }
  await shoot(34, 'compliance-heatmap', '/compliance', ADMIN);
  await shoot(35, 'provider-compliance', `/providers/${mobicash.id}/compliance`, ADMIN);
  await shoot(44, 'provider-compliance-attention', `/providers/${mobicash.id}/compliance?attention=1`, ADMIN);
  await shoot(45, 'provider-compliance-item', `/providers/${mobicash.id}/compliance/APP-02`, ADMIN);
  await shoot(46, 'compliance-heatmap.fr', '/compliance', ADMIN, 'fr-FR');

  // --- A compliance campaign, and the provider representative's self-assessment ---------------------------------
  const { campaign } = await call('POST', '/api/v1/campaigns', {
    title: 'Mobile app security self-assessment 2026',
    providerKind: 'all',
    profile: 'mobile-app-baseline',
    deadline: days(30),
  });
  const selfPath = `/campaigns/${campaign.id}/providers/${mobicash.id}`;
  const { selfAssessment: sa } = await call('GET', `/api/v1${selfPath}`);
  const REP_ANSWERS = [
    ['compliant', 'The release pipeline checks this on every build.', 'Build log of 2.4.1, step "mobsf-gate".'],
    ['partially', 'Done in the wallet app; the agent app follows in 2.5.', ''],
    ['non_compliant', 'Not yet: planned for the 2027 rebuild of the app.', ''],
    ['compliant', 'Confirmed by the external test of March (finding closed).', 'Pen-test report, section 4.2.'],
  ];
  const answers = sa.items.slice(0, 6).map((item, n) => {
    const [status, justification, evidence] = REP_ANSWERS[n % REP_ANSWERS.length];
    return { itemId: item.itemId, status, justification, ...(evidence ? { evidence } : {}) };
  });
  expectOk(await repSession.request('PUT', `/api/v1${selfPath}/answers`, { json: { answers } }), 'self-assessment answers');
  await shoot(36, 'provider-self-assessment', selfPath, REP);

  // --- A resilience assessment: the risk profile and several domains answered ---------------------------------
  const { bundledQuestionnaire } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const questionnaire = bundledQuestionnaire('dfs-critical-infrastructure');
  const reviewerUser = (await call('GET', '/api/v1/users')).users.find((u) => u.email === REVIEWER);
  const created = await call('POST', '/api/v1/resilience', {
    providerId: mobicash.id,
    questionnaireId: questionnaire.id,
    title: 'MobiCash cyber resilience 2026',
    period: 'Financial year 2025/26',
    reviewerId: reviewerUser.id,
  });
  const res = `/api/v1/resilience/${created.assessment.id}`;
  const resPage = `/resilience/${created.assessment.id}`;
  // A large mobile money operator: smartphone and USSD channels, an aggregator, a switch member.
  const profile = {
    'RP-CHANNELS': ['smartphone-app', 'ussd-stk', 'sms-commands'],
    'RP-VOLUME': '10m-50m',
    'RP-ACCOUNTS': '1m-5m',
    'RP-AGENTS': '10k-100k',
    'RP-DEPENDENCIES': ['colocation', 'aggregator'],
    'RP-INTERCONNECTION': 'switch-member',
    'RP-SIGNALLING': 'mno-own-firewall',
    'RP-SYSTEMIC': 'major',
  };
  const known = new Set(questionnaire.riskProfile.questions.map((q) => q.id));
  await call('PUT', `${res}/profile`, { answers: Object.fromEntries(Object.entries(profile).filter(([id]) => known.has(id))) });
  // How far each domain has come: the practices below this level are fully in place, those of the level largely,
  // the next level's partially, the rest not yet. Uneven on purpose, so the radar has a shape and the gap list
  // has entries; two domains are left unanswered, as in an assessment still in progress.
  const maturity = {
    'GOV-STRATEGY': 3, 'GOV-COORDINATION': 3, 'RISK-ASSETS': 2, 'RISK-THIRD-PARTY': 1, 'RISK-ACCESS': 4, 'RISK-CHANNELS': 2, 'RISK-MONITORING': 2,
    'RISK-FRAUD': 2, 'TEST-TECHNICAL': 3, 'TEST-EXERCISES': 1, 'AWARE-STAFF': 2, 'AWARE-CUSTOMERS': 1, 'RESP-HANDLING': 3, 'RESP-RECOVERY': 2,
  };
  const valueAt = (level, m) => (level < m ? 'fully-implemented' : level === m ? 'largely-implemented' : level === m + 1 ? 'partially-implemented' : 'not-implemented');
  const answeredDomains = [];
  for (const pillar of questionnaire.pillars) {
    for (const domain of pillar.domains) {
      const m = maturity[domain.id];
      if (m === undefined) continue;
      const entries = {};
      for (const q of domain.questions) {
        const value = valueAt(q.level, m);
        entries[q.id] = { value };
        if (value === 'fully-implemented' && q.level === 1) entries[q.id].evidence = [`Policy register, ${domain.title.toLowerCase()}`];
        if (value === 'partially-implemented') entries[q.id].comment = 'Started this year; not yet covering the USSD channel run with the aggregator.';
      }
      await call('PUT', `${res}/domains/${domain.id}/answers`, { answers: entries });
      answeredDomains.push(domain.id);
    }
  }
  if (!answeredDomains.includes('GOV-STRATEGY')) throw new Error('the resilience questionnaire has no GOV-STRATEGY domain any more: update the answers of ui-screens.mjs');
  // A second contributor sees one practice differently: a conflict for the reviewer to settle.
  const auditorSession = await sessionOf('tomas.ferreira@lab.test');
  const strategy = questionnaire.pillars.flatMap((p) => p.domains).find((d) => d.id === 'GOV-STRATEGY');
  const disputed = strategy.questions.find((q) => q.level === 3) ?? strategy.questions[0];
  expectOk(
    await auditorSession.request('PUT', `${res}/domains/GOV-STRATEGY/answers`, {
      json: { answers: { [disputed.id]: { value: 'partially-implemented', comment: 'The tolerance exists for the wallet only; the board has not set one for USSD.' } } },
    }),
    'second contributor answer',
  );
  await shoot(37, 'resilience-overview', resPage, LEAD);
  await shoot(47, 'resilience-overview.fr', resPage, LEAD, 'fr-FR');
  // The reviewer's view of a domain: everyone's answers, and the conflict to settle.
  await shoot(38, 'resilience-domain', `${resPage}/domains/GOV-STRATEGY`, REVIEWER);

  // --- Advisories: AMBER to the supervised providers, GREEN to the community ----------------------------------
  const { advisory: amber } = await call('POST', '/api/v1/advisories', {
    title: 'SIM-swap fraud ring targeting mobile money agents',
    summary:
      'Since September, a group has been obtaining SIM swaps at retail shops with forged ID cards, then resetting wallet PINs by SMS and emptying agent float accounts.\n\n' +
      '**What to do:** require a waiting period before a swapped SIM can reset a PIN, and check the swap date from your operator before any PIN reset.',
    channel: 'sms',
    severity: 'high',
    indicators: '- Swaps requested between 18:00 and 21:00 at shops in the northern district\n- PIN reset within 30 minutes of a SIM swap\n- Float moved to newly registered wallets',
    controls: ['SIM-01', 'USSD-01'],
    tlp: 'amber',
    scope: 'providers',
    ackDueOn: days(14),
  });
  const { advisory: green } = await call('POST', '/api/v1/advisories', {
    title: 'Android banking trojan abusing accessibility services on wallet apps',
    summary: 'A trojan sideloaded as a "battery saver" reads the wallet screen through accessibility services and confirms transfers. Apps that block accessibility overlays on the PIN screen resist it.',
    channel: 'android',
    severity: 'medium',
    indicators: '- Package name `com.battery.saverpro`\n- Accessibility service requested on first launch',
    controls: ['APP-10'],
    tlp: 'green',
    scope: 'community',
  });
  await shoot(39, 'advisories', '/advisories', ADMIN);
  await shoot(40, 'advisory-amber', `/advisories/${amber.id}`, ADMIN);
  await shoot(41, 'provider-advisories', '/advisories', REP);
  await shoot(42, 'provider-advisory-amber', `/advisories/${amber.id}`, REP);
  // The lab narrows the GREEN advisory to its own providers: the change and its reason stay in the history.
  await call('POST', `/api/v1/advisories/${green.id}/marking`, {
    tlp: 'amber',
    scope: 'providers',
    ackDueOn: days(21),
    reason: 'The trojan now targets our two largest wallets by name; the details stay with the supervised providers until they have patched.',
  });
  await shoot(48, 'advisory-marking-changed', `/advisories/${green.id}`, ADMIN);
  await shoot(49, 'advisory-amber.es', `/advisories/${amber.id}`, ADMIN, 'es-419');
  await shoot(50, 'account-email-delivery', '/account/email-delivery', LEAD);

  // --- Benchmarking: the lab's figures, published for the current quarter ------------------------------------
  const now = new Date();
  await call('POST', '/api/v1/benchmarks/publications', { period: `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}` });
  await shoot(43, 'benchmarks', '/benchmarks', ADMIN);
} finally {
  await browser.close();
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const f of written.sort()) process.stdout.write(`${f}\n`);
for (const w of warnings) process.stderr.write(`ui-screens: warning: ${w}\n`);
