/**
 * @module platform/web/layout
 * The page frame: skip link, navigation for the caller's role, the CSRF token for htmx and forms, and main.
 */
import type { Actor } from '../types.js';
import { documentOf, h, type Child, type SafeHtml } from './jsx.js';

export interface PageOptions {
  title: string;
  actor: Actor | undefined;
  csrf?: string;
  /** The navigation entry to mark current. */
  nav?: string;
}

const NAV: Array<{ id: string; href: string; label: string; staff: boolean }> = [
  { id: 'dashboard', href: '/', label: 'Dashboard', staff: false },
  { id: 'providers', href: '/providers', label: 'Providers', staff: true },
  { id: 'scans', href: '/scans', label: 'Scans', staff: false },
  { id: 'findings', href: '/findings', label: 'Findings', staff: false },
  { id: 'users', href: '/users', label: 'Users', staff: true },
  { id: 'settings', href: '/settings', label: 'Settings', staff: true },
];

/** A hidden CSRF field for forms. */
export function CsrfField(p: { csrf?: string | undefined }): SafeHtml {
  return <input type="hidden" name="_csrf" value={p.csrf ?? ''} />;
}

export function page(o: PageOptions, body: Child): string {
  const a = o.actor;
  const nav = a ? NAV.filter((n) => !n.staff || a.role !== 'provider') : [];
  return documentOf(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {o.csrf ? <meta name="csrf-token" content={o.csrf} /> : null}
        <title>{o.title} · dfslab</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">dfslab</span>
          <nav aria-label="Main">
            {nav.map((n) => (
              <a href={n.href} aria-current={o.nav === n.id ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
          {a ? (
            <div class="who">
              <span>
                {a.name} <span class="muted">({a.role})</span>
              </span>
              <form method="post" action="/logout">
                <CsrfField csrf={o.csrf} />
                <button class="secondary" type="submit">
                  Log out
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main">
          <h1>{o.title}</h1>
          {body}
        </main>
      </body>
    </html>,
  );
}
