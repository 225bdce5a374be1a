/**
 * @module platform/web/layout
 * The page frame: skip link, navigation for the caller's role, the CSRF token for htmx and forms, and main.
 */
import { STAFF, type Actor, type Role } from '../types.js';
import { ROLE_LABEL } from './components.js';
import { documentOf, h, type Child, type SafeHtml } from './jsx.js';

export interface PageOptions {
  title: string;
  actor: Actor | undefined;
  csrf?: string;
  /** The navigation entry to mark current. */
  nav?: string;
  /** A narrow page (the login, setup and invitation forms). */
  narrow?: boolean;
}

/** The main navigation; each entry lists the roles that see it (only what the role may open). */
const NAV: Array<{ id: string; href: string; label: string; roles: readonly Role[] }> = [
  { id: 'dashboard', href: '/', label: 'Dashboard', roles: [...STAFF, 'provider'] },
  // Everyone: staff see their lab's engagements (an oversight reviewer those they are in), a provider's
  // representatives the audits delivered to them.
  { id: 'engagements', href: '/engagements', label: 'Engagements', roles: [...STAFF, 'provider'] },
  { id: 'providers', href: '/providers', label: 'Providers', roles: STAFF },
  { id: 'scans', href: '/scans', label: 'Scans', roles: [...STAFF, 'provider'] },
  { id: 'findings', href: '/findings', label: 'Findings', roles: [...STAFF, 'provider'] },
  { id: 'users', href: '/users', label: 'Users', roles: ['admin'] },
  { id: 'settings', href: '/settings', label: 'Settings', roles: STAFF },
  { id: 'notifications', href: '/notifications', label: 'Notifications', roles: [...STAFF, 'provider'] },
  // Staff reach these two from Settings; a provider representative has no settings page.
  { id: 'tokens', href: '/settings/tokens', label: 'API tokens', roles: ['provider'] },
  { id: 'account', href: '/account', label: 'Your account', roles: ['provider'] },
];

const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, allowScriptTags: false });

/** A hidden CSRF field for forms. */
export function CsrfField(p: { csrf?: string | undefined }): SafeHtml {
  return <input type="hidden" name="_csrf" value={p.csrf ?? ''} />;
}

export function page(o: PageOptions, body: Child): string {
  const a = o.actor;
  const nav = a ? NAV.filter((n) => n.roles.includes(a.role)) : [];
  return documentOf(
    <html lang="en">
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
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            dfslab
          </a>
          {nav.length ? (
            <nav aria-label="Main">
              {nav.map((n) => (
                <a href={n.href} aria-current={o.nav === n.id ? 'page' : undefined}>
                  {n.label}
                </a>
              ))}
            </nav>
          ) : null}
          {a ? (
            <div class="who">
              <a href="/account" class="me">
                {a.name}
              </a>
              <span class="role">{ROLE_LABEL[a.role]}</span>
              <form method="post" action="/logout">
                <CsrfField csrf={o.csrf} />
                <button class="secondary" type="submit">
                  Log out
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main" tabindex="-1" class={o.narrow ? 'narrow' : undefined}>
          <h1>{o.title}</h1>
          {body}
        </main>
      </body>
    </html>,
  );
}
