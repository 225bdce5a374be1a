/**
 * The platform's pages in French and Spanish, through HTTP like a browser, on both databases: the language
 * comes from the `dfslab_lang` cookie, else from Accept-Language, else English; `POST /language` sets the
 * cookie (anyone, logged in or not, with the same CSRF rules as the other forms) and goes back only to a path
 * of this site; the login page and the dashboard speak the chosen language and say so in `<html lang>`. Every
 * page served passes the static page rules (labels, no inline script, handler or style).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { page, postForm, staticProblems, text } from './page-helpers.js';
import { Client, PASSWORD, setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';

const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';
const langCookie = (r: { headers: Headers }): string | undefined => r.headers.getSetCookie().find((c) => c.startsWith('dfslab_lang='));
const htmlLang = (html: string): string | undefined => /<html lang="([^"]*)">/.exec(html)?.[1];

describe.each(BACKENDS)('pages in English, French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let admin: Client;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    // Secure cookies, as behind https: the language cookie must follow the platform's cookie flags.
    t = await startTestPlatform(backend, { worker: false, config: { secureCookies: true } });
    admin = await setUpAdmin(t);
    expect((await admin.post('/providers', { name: 'MobiCash', kind: 'mno', country: 'Testland' })).status).toBe(303);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('shows the login page in the language of the browser, English by default', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = await page(new Client(t.url), '/login');
    expect(en.status).toBe(200);
    expect(htmlLang(en.html)).toBe('en');
    expect(text(en.html)).toContain('Skip to content');
    for (const [header, lang, says] of [
      ['fr-SN,fr;q=0.9,en;q=0.5', 'fr', 'Mot de passe'],
      ['es-419,es;q=0.9', 'es', 'Contraseña'],
      ['en;q=0.4, es;q=0.8', 'es', 'Iniciar sesión'],
      ['de-DE,de;q=0.9', 'en', 'Password'],
    ] as const) {
      const r = await new Client(t.url).request('GET', '/login', { headers: { 'accept-language': header } });
      expect(r.status, header).toBe(200);
      expect(htmlLang(r.text_), header).toBe(lang);
      expect(text(r.text_), header).toContain(says);
      expect(r.headers.get('vary') ?? '', header).toMatch(/accept-language/i);
      expect(staticProblems(r.text_), header).toEqual([]);
    }
  });

  it('sets the language cookie for anyone and goes back to the page given in next', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const anon = new Client(t.url);
    const login = await page(anon, '/login?next=%2Fproviders');
    // The switcher sits on the login page and brings the reader back to it.
    expect(login.html).toContain('action="/language"');
    expect(login.html).toContain('<input type="hidden" name="next" value="/login?next=%2Fproviders">');
    const r = await anon.post('/language', { lang: 'fr', next: '/login?next=%2Fproviders' });
    expect(r.status).toBe(303);
    expect(location(r)).toBe('/login?next=%2Fproviders');
    const cookie = langCookie(r)!;
    expect(cookie).toMatch(/^dfslab_lang=fr;/);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);

    // The cookie wins over the browser's header.
    const fr = await anon.request('GET', '/login?next=%2Fproviders', { headers: { 'accept-language': 'es' } });
    expect(htmlLang(fr.text_)).toBe('fr');
    const words = text(fr.text_);
    for (const s of ['Aller au contenu', 'Se connecter', 'Adresse e-mail', 'Mot de passe', 'Langue :']) expect(words).toContain(s);
    expect(words).not.toContain('Password');
    expect(fr.text_).toContain('<button type="submit" class="secondary" name="lang" value="fr" lang="fr" aria-current="true">Français</button>');

    // A refused login says so in French too, and the form stays French.
    const wrong = await anon.post('/login', { email: 'admin@lab.test', password: 'not the password at all', next: '/providers' });
    expect(wrong.status).toBe(401);
    expect(htmlLang(wrong.text_)).toBe('fr');
    expect(text(wrong.text_)).toContain('adresse e-mail ou mot de passe incorrect');
    expect(staticProblems(wrong.text_)).toEqual([]);

    // Spanish, then back to English.
    expect((await anon.post('/language', { lang: 'es', next: '/login' })).status).toBe(303);
    expect(text((await page(anon, '/login')).html)).toContain('Correo electrónico');
    expect((await anon.post('/language', { lang: 'en', next: '/login' })).status).toBe(303);
    const back = await page(anon, '/login');
    expect(htmlLang(back.html)).toBe('en');
    expect(text(back.html)).toContain('E-mail');
  });

  it('sends next back to a path of this site only', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const anon = new Client(t.url);
    for (const next of ['//evil.example/x', '/\\evil.example', '\\\\evil.example', 'https://evil.example/', 'evil.example', 'javascript:alert(1)', '/a//b', '/a\\b', '/caf\u00e9', '/a b', ' /x', `/${'a'.repeat(2100)}`]) {
      const r = await anon.post('/language', { lang: 'es', next });
      expect(r.status, next).toBe(303);
      expect(location(r), next).toBe('/');
      expect(langCookie(r), next).toMatch(/^dfslab_lang=es;/);
    }
    for (const next of ['/', '/findings?status=unresolved&severity=high', '/engagements/123#plan']) {
      expect(location(await anon.post('/language', { lang: 'es', next })), next).toBe(next);
    }
    // Two next fields are not a path either.
    const twice = await anon.request('POST', '/language', { body: 'lang=fr&next=%2Fa&next=%2Fb', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(location(twice)).toBe('/');
    // Without next: back to the page the form came from when it is ours, else the dashboard.
    const host = new URL(t.url).host;
    expect(location(await anon.request('POST', '/language', { form: { lang: 'fr' }, headers: { referer: `http://${host}/login?next=%2Fscans` } }))).toBe('/login?next=%2Fscans');
    expect(location(await anon.request('POST', '/language', { form: { lang: 'fr' }, headers: { referer: 'https://evil.example/login' } }))).toBe('/');
    expect(location(await anon.request('POST', '/language', { form: { lang: 'fr' }, headers: { referer: `http://${host}//evil.example` } }))).toBe('/');
    expect(location(await anon.post('/language', { lang: 'fr' }))).toBe('/');
  });

  it('refuses an unknown language, and a form from another site', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const anon = new Client(t.url);
    for (const form of [{ lang: 'de', next: '/' }, { next: '/' }, { lang: 'FR' }, { lang: 'en-US' }] as Array<Record<string, string>>) {
      const r = await anon.post('/language', form);
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(text(r.text_)).toContain('"lang" must be one of en, fr, es');
      expect(langCookie(r)).toBeUndefined();
    }
    // Logged out: the Origin is checked, as on the login form.
    const cross = await anon.request('POST', '/language', { form: { lang: 'fr', next: '/' }, headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(langCookie(cross)).toBeUndefined();
    // Logged in: the session's CSRF token is required, as on every form.
    const noToken = await admin.request('POST', '/language', { form: { lang: 'fr', next: '/' }, csrf: false });
    expect(noToken.status).toBe(403);
    expect(langCookie(noToken)).toBeUndefined();
  });

  it('shows the dashboard and the frame in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = await page(admin, '/');
    expect(en.status).toBe(200);
    expect(htmlLang(en.html)).toBe('en');
    expect(text(en.html)).toContain('Unresolved findings by provider and severity');

    // The switcher on the dashboard posts with the session's token and comes back to it.
    expect(en.html).toContain('<input type="hidden" name="next" value="/">');
    const toFr = await postForm(admin, '/language', [['lang', 'fr'], ['next', '/']]);
    expect(toFr.status).toBe(303);
    expect(location(toFr)).toBe('/');
    const fr = await page(admin, '/');
    expect(fr.status).toBe(200);
    expect(htmlLang(fr.html)).toBe('fr');
    const frText = text(fr.html);
    for (const s of ['Tableau de bord', 'Constats non résolus par fournisseur et par sévérité', 'MobiCash', 'Dépassements de délai (SLA)', 'Aucun constat n’a dépassé son échéance.', 'Constats par statut', 'Analyses récentes', 'Aucune analyse pour l’instant.', 'Administrateur', 'Se déconnecter', 'Fournisseurs', 'critique', 'élevée', 'Risque accepté']) {
      expect(frText).toContain(s);
    }
    expect(frText).not.toMatch(/Unresolved|Findings by status|Log out/);
    expect(fr.html).toContain('<nav aria-label="Menu principal">');

    expect((await postForm(admin, '/language', [['lang', 'es'], ['next', '/']])).status).toBe(303);
    const es = await page(admin, '/');
    expect(htmlLang(es.html)).toBe('es');
    const esText = text(es.html);
    for (const s of ['Panel', 'Hallazgos sin resolver por proveedor y severidad', 'Incumplimientos de plazo (SLA)', 'Ningún hallazgo ha superado su fecha límite.', 'Hallazgos por estado', 'Análisis recientes', 'Cerrar sesión', 'Proveedores', 'crítica', 'Riesgo aceptado', 'Ir al contenido']) {
      expect(esText).toContain(s);
    }
    expect(esText).not.toMatch(/Unresolved|Findings by status|Log out/);

    // Logging out keeps the language: it belongs to the browser, not to the session.
    expect((await admin.post('/logout')).status).toBe(303);
    const loggedOut = await page(admin, '/login');
    expect(htmlLang(loggedOut.html)).toBe('es');
    expect((await admin.post('/login', { email: 'admin@lab.test', password: PASSWORD })).status).toBe(303);
    await admin.get('/');
  });
});
