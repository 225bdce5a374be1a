/**
 * @module platform/web/layout
 * The page frame: skip link, navigation for the caller's role, the CSRF token for htmx and forms, main, and the
 * footer with the language switcher. The frame speaks the page's language (`lang`, English by default; see
 * web/i18n.ts).
 */
import { STAFF, type Actor, type Role } from '../types.js';
import { documentOf, h, type Child, type SafeHtml } from './jsx.js';
import { LANG_NAMES, LANGS, translator, type Lang, type Translate } from './i18n.js';

export interface PageOptions {
  title: string;
  actor: Actor | undefined;
  csrf?: string;
  /** The navigation entry to mark current. */
  nav?: string;
  /** A narrow page (the login, setup and invitation forms). */
  narrow?: boolean;
  /** The language of the page (`req.lang`); English when not given. */
  lang?: Lang;
  /**
   * The path the language switcher brings the reader back to (a GET URL showing this page). When not given,
   * `POST /language` goes back to the page the form was sent from (its Referer), else to the dashboard.
   */
  path?: string;
}

/** A role's name, in the page's language. */
export function roleLabel(t: Translate, role: Role): string {
  switch (role) {
    case 'admin':
      return t('Administrator');
    case 'lead':
      return t('Lead auditor');
    case 'auditor':
      return t('Auditor');
    case 'reviewer':
      return t('Reviewer');
    case 'provider':
      return t('Provider representative');
    case 'readonly':
      return t('Read-only');
  }
}

/** The main navigation; each entry lists the roles that see it (only what the role may open). */
const NAV: Array<{ id: string; href: string; label: (t: Translate) => string; roles: readonly Role[] }> = [
  { id: 'dashboard', href: '/', label: (t) => t('Dashboard'), roles: [...STAFF, 'provider'] },
  // Everyone: staff see their lab's engagements (an oversight reviewer those they are in), a provider's
  // representatives the audits delivered to them.
  { id: 'engagements', href: '/engagements', label: (t) => t('Engagements'), roles: [...STAFF, 'provider'] },
  { id: 'providers', href: '/providers', label: (t) => t('Providers'), roles: STAFF },
  { id: 'scans', href: '/scans', label: (t) => t('Scans'), roles: [...STAFF, 'provider'] },
  { id: 'findings', href: '/findings', label: (t) => t('Findings'), roles: [...STAFF, 'provider'] },
  { id: 'compliance', href: '/compliance', label: (t) => t('Compliance'), roles: STAFF },
  // Staff run campaigns; a provider's representatives fill in the self-assessments of those that target them.
  { id: 'campaigns', href: '/campaigns', label: (t) => t('Campaigns'), roles: [...STAFF, 'provider'] },
  { id: 'resilience', href: '/resilience', label: (t) => t('Resilience'), roles: STAFF },
  { id: 'advisories', href: '/advisories', label: (t) => t('Advisories'), roles: [...STAFF, 'provider'] },
  { id: 'library', href: '/library', label: (t) => t('Library'), roles: [...STAFF, 'provider'] },
  { id: 'users', href: '/users', label: (t) => t('Users'), roles: ['admin'] },
  { id: 'settings', href: '/settings', label: (t) => t('Settings'), roles: STAFF },
  { id: 'notifications', href: '/notifications', label: (t) => t('Notifications'), roles: [...STAFF, 'provider'] },
  // Staff reach these two from Settings; a provider representative has no settings page.
  { id: 'tokens', href: '/settings/tokens', label: (t) => t('API tokens'), roles: ['provider'] },
  { id: 'account', href: '/account', label: (t) => t('Your account'), roles: ['provider'] },
];

const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

/** A hidden CSRF field for forms. */
export function CsrfField(p: { csrf?: string | undefined }): SafeHtml {
  return <input type="hidden" name="_csrf" value={p.csrf ?? ''} />;
}

export function page(o: PageOptions, body: Child): string {
  const a = o.actor;
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  const nav = a ? NAV.filter((n) => n.roles.includes(a.role)) : [];
  return documentOf(
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {o.csrf ? <meta name="csrf-token" content={o.csrf} /> : null}
        <title>{o.title} · dfslab</title>
        {/* htmx would otherwise add an inline <style> for its indicators, which the CSP (rightly) blocks. */}
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('Skip to content')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            dfslab
          </a>
          {nav.length ? (
            <nav aria-label={t('Main')}>
              {nav.map((n) => (
                <a href={n.href} aria-current={o.nav === n.id ? 'page' : undefined}>
                  {n.label(t)}
                </a>
              ))}
            </nav>
          ) : null}
          {a ? (
            <div class="who">
              <a href="/account" class="me">
                {a.name}
              </a>
              <span class="role">{roleLabel(t, a.role)}</span>
              <form method="post" action="/logout">
                <CsrfField csrf={o.csrf} />
                <button class="secondary" type="submit">
                  {t('Log out')}
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main" tabindex="-1" class={o.narrow ? 'narrow' : undefined}>
          <h1>{o.title}</h1>
          {body}
        </main>
        <footer class="bottom">
          <LanguageSwitcher lang={lang} t={t} csrf={o.csrf} path={o.path} />
        </footer>
      </body>
    </html>,
  );
}

/**
 * One button per language, each named in its own language (and marked with it, for screen readers). It posts
 * to `POST /language` with the session's CSRF token when there is a session (a public form otherwise, like the
 * login form: the server then checks the Origin).
 */
function LanguageSwitcher(p: { lang: Lang; t: Translate; csrf: string | undefined; path: string | undefined }): SafeHtml {
  const { t } = p;
  return (
    <form class="inline" method="post" action="/language" aria-label={t('Language')}>
      <CsrfField csrf={p.csrf} />
      {p.path ? <input type="hidden" name="next" value={p.path} /> : null}
      <span>{t('Language:')}</span>
      {LANGS.map((l) => (
        <button type="submit" class="secondary" name="lang" value={l} lang={l} aria-current={l === p.lang ? 'true' : undefined}>
          {LANG_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
