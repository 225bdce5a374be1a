import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LANGS as REPORT_LANGS, isLang as reportIsLang } from '../../report/i18n/index.js';
import { CATALOG_PARTS, CATALOGS, fill, isLang, LANGS, negotiateLang, requestLang, translator } from './i18n.js';
import { page } from './layout.js';
import { h } from './jsx.js';
import { accountPage, invitePage, setupPage } from './pages/accounts.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PLATFORM = resolve(HERE, '..');
const I18N = resolve(HERE, 'i18n.js');

interface Use {
  key: string;
  where: string;
}

/**
 * Every `t(…)` call of the platform's sources that import web/i18n: the English literals, and the calls whose
 * first argument is not a literal (which no test could check).
 */
function scanSources(): { uses: Use[]; dynamic: string[]; files: string[] } {
  const uses: Use[] = [];
  const dynamic: string[] = [];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/^i18n\.(fr|es)\.ts$/.test(e.name)) scanFile(path);
    }
  };
  const scanFile = (path: string): void => {
    const src = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, src, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const importsI18n = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && resolve(dirname(path), s.moduleSpecifier.text) === I18N);
    if (!importsI18n) return;
    files.push(relative(PLATFORM, path));
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 't') {
        const where = `${relative(PLATFORM, path)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        const arg = n.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) uses.push({ key: arg.text, where });
        else dynamic.push(where);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  };
  walk(PLATFORM);
  return { uses, dynamic, files };
}

const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('the catalogs of the platform pages', () => {
  const { uses, dynamic, files } = scanSources();
  const used = new Set(uses.map((u) => u.key));

  it('finds the pages that adopted translation (the scan is not empty)', () => {
    expect(files).toEqual(expect.arrayContaining(['web/layout.tsx', 'web/pages/accounts.tsx', 'web/pages/dashboard.tsx', 'http/routes/accounts.ts']));
    expect(used).toContain('Skip to content');
    expect(used).toContain('Welcome, {name}. You are invited to {lab} as {email}. Choose a password to finish.');
  });

  it('translates every message a page uses, in French and in Spanish', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      const missing = uses.filter((u) => !Object.hasOwn(catalog, u.key)).map((u) => `${u.where}: ${JSON.stringify(u.key)}`);
      expect(missing, `no ${lang} translation`).toEqual([]);
    }
  });

  it('keeps no translation that no page uses any more', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).filter((k) => !used.has(k)), `unused ${lang} entries`).toEqual([]);
    }
  });

  it('keeps each key in one part of the catalogs, in both languages', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, { FR, ES }] of Object.entries(CATALOG_PARTS)) {
      expect(Object.keys(ES).filter((k) => !Object.hasOwn(FR, k)), `${part}: Spanish without French`).toEqual([]);
      expect(Object.keys(FR).filter((k) => !Object.hasOwn(ES, k)), `${part}: French without Spanish`).toEqual([]);
      for (const k of Object.keys(FR)) {
        const first = owner.get(k);
        if (first) twice.push(`${JSON.stringify(k)} in ${first} and ${part}`);
        else owner.set(k, part);
      }
    }
    expect(twice).toEqual([]);
  });

  it('calls t only with a literal, so that every message can be checked', () => {
    expect(dynamic).toEqual([]);
  });

  it('keeps the placeholders of the English in every translation, and translates to something', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      for (const [en, tr] of Object.entries(catalog)) {
        expect(placeholders(tr), `${lang}: ${en}`).toEqual(placeholders(en));
        expect(tr.trim(), `${lang}: ${en}`).not.toBe('');
      }
    }
  });
});

describe('translator', () => {
  it('gives the English key itself in English, with placeholders filled', () => {
    expect(translator()('Phase {n} of {total}', { n: 2, total: 5 })).toBe('Phase 2 of 5');
    expect(translator('en')('Dashboard')).toBe('Dashboard');
  });

  it('translates, and falls back to the English for a message the catalog does not have', () => {
    expect(translator('fr')('Dashboard')).toBe('Tableau de bord');
    expect(translator('es')('Dashboard')).toBe('Panel');
    expect(translator('fr')('{n} findings are past the due date.', { n: 3 })).toBe('3 constats ont dépassé leur échéance.');
    expect(translator('es')('Not in any catalog, {who}', { who: 'Ada' })).toBe('Not in any catalog, Ada');
    // Keys that look like Object.prototype members are not translations.
    expect(translator('fr')('constructor')).toBe('constructor');
    expect(translator('fr')('toString')).toBe('toString');
  });

  it('fills a sentence with markup, keeping the text escaped and the markup as markup', () => {
    const html = h('p', null, fill('Hello {name}, <b> is {x} and {missing}', { name: h('strong', null, 'A&B'), x: 1 })).html;
    expect(html).toBe('<p>Hello <strong>A&amp;B</strong>, &lt;b&gt; is 1 and {missing}</p>');
  });

  it('reuses the report languages rather than a copy of them', () => {
    expect(LANGS).toBe(REPORT_LANGS);
    expect(isLang).toBe(reportIsLang);
  });
});

describe('negotiateLang (Accept-Language)', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['fr-SN', 'fr'],
    ['es-419,es;q=0.9', 'es'],
    ['ES-mx', 'es'],
    ['en-US,en;q=0.9', 'en'],
    // q-values decide, not the order; a tie goes to the earlier entry.
    ['en;q=0.5, es;q=0.8, fr;q=0.7', 'es'],
    ['de, es;q=0.5, fr;q=0.5', 'es'],
    ['wo, fr;q=0.3', 'fr'],
    ['pt-BR, es;q=0.6, en;q=0.4', 'es'],
    ['fr;q=1.0, es', 'fr'],
    ['  es ; q = 0.7 ,fr;q=0.2', 'es'],
    // q=0 refuses; a malformed q-value drops its entry.
    ['fr;q=0, es;q=0.1', 'es'],
    ['fr;q=2, es;q=0.1', 'es'],
    ['fr;q=abc, en;q=0.1', 'en'],
    ['fr;q=0.1234, es;q=0.1', 'es'],
  ])('%s → %s', (header, lang) => {
    expect(negotiateLang(header)).toBe(lang);
  });

  it.each([undefined, '', '*', 'de-DE,de;q=0.9', 'fr;q=0', 'frr', 'f', ',,;;', 'x'.repeat(5000)])('%s names none of ours', (header) => {
    expect(negotiateLang(header)).toBeUndefined();
  });

  it('reads no further than the first 1000 characters', () => {
    expect(negotiateLang(`${'de;q=0.1,'.repeat(200)}fr`)).toBeUndefined();
  });
});

describe('requestLang', () => {
  it('prefers the cookie, then the header, then English', () => {
    expect(requestLang('es', 'fr-FR')).toBe('es');
    expect(requestLang(undefined, 'fr-FR')).toBe('fr');
    expect(requestLang('klingon', 'fr-FR')).toBe('fr');
    expect(requestLang('', undefined)).toBe('en');
    expect(requestLang(undefined, 'de')).toBe('en');
  });
});

describe('the page frame in each language', () => {
  it('says its language in <html lang> and translates the frame', () => {
    const fr = page({ title: 'T', actor: undefined, lang: 'fr', path: '/login' }, 'x');
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Aller au contenu');
    expect(fr).toContain('<input type="hidden" name="next" value="/login">');
    const es = page({ title: 'T', actor: { userId: 'u', orgId: 'o', role: 'lead', providerId: null, email: 'a@b', name: 'Ana', via: 'session' }, csrf: 'tok', lang: 'es' }, 'x');
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Cerrar sesión');
    expect(es).toContain('Auditor líder');
    expect(es).toContain('>Hallazgos</a>');
    // Without a language the frame is English, as before translation.
    const en = page({ title: 'T', actor: undefined }, 'x');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Skip to content');
    expect(en).not.toContain('name="next"');
  });

  it('offers every language, each in its own name, the current one marked', () => {
    const html = page({ title: 'T', actor: undefined, lang: 'es' }, 'x');
    expect(html).toContain('<form class="inline" method="post" action="/language" aria-label="Idioma">');
    expect(html).toContain('<button type="submit" class="secondary" name="lang" value="fr" lang="fr">Français</button>');
    expect(html).toContain('<button type="submit" class="secondary" name="lang" value="es" lang="es" aria-current="true">Español</button>');
  });
});

describe('the account pages in each language', () => {
  const actor = { userId: 'u', orgId: 'o', role: 'provider' as const, providerId: 'p', email: 'rep@bank.test', name: 'Rep', via: 'session' as const };

  it('translates the invitation, markup and all, escaping what the invitation carries', () => {
    const fr = invitePage({ token: 'tok', email: 'ada@lab.test', name: 'Ada <b>', orgName: 'Labo & co', lang: 'fr' });
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Bienvenue, Ada &lt;b&gt;. Vous êtes invité à rejoindre <strong>Labo &amp; co</strong> avec l’adresse <strong>ada@lab.test</strong>.');
    expect(fr).toContain('<input type="hidden" name="next" value="/invite?token=tok">');
    const en = invitePage({ token: 'tok', email: 'ada@lab.test', name: 'Ada', orgName: 'Lab' });
    expect(en).toContain('Welcome, Ada. You are invited to <strong>Lab</strong> as <strong>ada@lab.test</strong>. Choose a password to finish.');
  });

  it('translates the account and setup pages', () => {
    const es = accountPage({ actor, csrf: 'x', lang: 'es' });
    for (const s of ['<title>Su cuenta · dfslab</title>', 'Representante del proveedor', 'Cambie su contraseña', 'Contraseña actual', 'Sus tokens de API']) expect(es).toContain(s);
    const fr = setupPage({ token: 'a b', lang: 'fr' });
    for (const s of ['Configurer votre laboratoire', 'Nom du laboratoire', 'Créer le laboratoire', 'value="/setup?token=a%20b"']) expect(fr).toContain(s);
    expect(accountPage({ actor })).toContain('Change your password');
  });
});
