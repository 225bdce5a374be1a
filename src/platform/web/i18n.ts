/**
 * @module platform/web/i18n
 * The platform's pages in English, French and Spanish: the languages of the labs that use dfslab (the same
 * three as the reports, whose `LANGS`, `Lang` and `isLang` this module reuses from `report/i18n`).
 *
 * Which language a request gets. The `dfslab_lang` cookie when it names one of the languages (the
 * language switcher at the foot of every page posts to `POST /language`, which sets it for a year); else the
 * best of the `Accept-Language` header among en/fr/es (q-values honoured, region subtags ignored: `fr-SN`
 * is French, `es-419` Spanish); else English. The server resolves it once per request, in an `onRequest`
 * hook of `http/app.ts`, and puts it on the request as `req.lang`.
 *
 * How a page gets it: explicitly. A route passes `lang: req.lang` to its page function, which makes a
 * translator (`const t = translator(o.lang)`) and hands the language on to the frame (`page({ lang, ... })`).
 * We chose this over an AsyncLocalStorage scope around the handler because it stays light (one more field in
 * the options a page function already takes), it keeps page functions pure (a test renders a French page by
 * calling the function, with no scope to set up), and nothing depends on an async context surviving Fastify's
 * hook chain. `lang` is optional everywhere and defaults to English, so a page that has not adopted
 * translation yet compiles and renders as before.
 *
 * Messages, gettext style: the English text is the key, so a page adopts translation one string at a time,
 * `t('Skip to content')`, with `{name}` placeholders filled from parameters, `t('Phase {n} of {total}', { n,
 * total })`. The French and Spanish catalogs (`i18n.fr.ts`, `i18n.es.ts`) map the English text to its
 * translation. A missing translation falls back to the English text at run time (never a crash), and the
 * catalog test reads every source file that imports this module and fails when a `t('…')` literal has no
 * French or no Spanish entry, when a catalog keeps an entry no source uses any more, when `t` is called
 * with something other than a literal (it could not be checked), or when a translation drops or invents a
 * placeholder. A sentence with markup inside (a name in bold) is translated whole and the markup is put in
 * its placeholders with `fill`, so translators see the whole sentence and can move the parts.
 *
 * Counts that change the wording are separate keys chosen by the code (`'{n} finding'` / `'{n} findings'`):
 * French and Spanish use the singular for exactly one as well, which is all the pages need. Dates stay ISO
 * (2025-03-01), which every lab reads the same way.
 */
import { format, isLang, LANGS, type Lang } from '../../report/i18n/index.js';
import type { Child } from './jsx.js';
import { FR } from './i18n.fr.js';
import { ES } from './i18n.es.js';
import * as admin from './catalogs/admin.js';
import * as compliance from './catalogs/compliance.js';
import * as digests from './catalogs/digests.js';
import * as engagements from './catalogs/engagements.js';
import * as resilience from './catalogs/resilience.js';
import * as sharing from './catalogs/sharing.js';

export { isLang, LANGS, type Lang };

/** The cookie that remembers the language chosen with the switcher. */
export const LANG_COOKIE = 'dfslab_lang';

/** Each language in its own name, as the switcher shows it (so a reader finds theirs whatever the page's). */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', fr: 'Français', es: 'Español' };

export type MessageParams = Readonly<Record<string, string | number>>;

/** Translates an English message (the key) and fills its `{name}` placeholders. */
export type Translate = (english: string, params?: MessageParams) => string;

type Catalog = Readonly<Record<string, string>>;

/**
 * The catalogs in parts, so that the pages of one area keep their messages together: the frame and the first
 * pages in `i18n.fr.ts` / `i18n.es.ts`, each later area in `catalogs/<area>.ts`. A key belongs to one part
 * only (the catalog test checks it), so the merge below never has to choose between two translations.
 */
export const CATALOG_PARTS: Readonly<Record<string, { readonly FR: Catalog; readonly ES: Catalog }>> = {
  'i18n.{fr,es}.ts': { FR, ES },
  'catalogs/admin.ts': admin,
  'catalogs/compliance.ts': compliance,
  'catalogs/digests.ts': digests,
  'catalogs/engagements.ts': engagements,
  'catalogs/resilience.ts': resilience,
  'catalogs/sharing.ts': sharing,
};

const merged = (lang: 'FR' | 'ES'): Catalog => Object.assign({}, ...Object.values(CATALOG_PARTS).map((p) => p[lang])) as Catalog;

/** English text → translation, for each language but English (which is the key itself). */
export const CATALOGS: Readonly<Record<Exclude<Lang, 'en'>, Catalog>> = { fr: merged('FR'), es: merged('ES') };

/** The translator for a language (English when none is given). */
export function translator(lang: Lang = 'en'): Translate {
  if (lang === 'en') return (english, params) => format(english, params);
  const catalog = CATALOGS[lang];
  return (english, params) => format(Object.hasOwn(catalog, english) ? catalog[english]! : english, params);
}

/**
 * A translated sentence with markup in its placeholders: `fill(t('Welcome, {name}.'), { name: <strong>…</strong> })`.
 * Text between the placeholders stays text (escaped when rendered); a placeholder with no part is left as written.
 */
export function fill(template: string, parts: Readonly<Record<string, Child>>): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    const name = m[1]!;
    if (!Object.hasOwn(parts, name)) continue;
    if (m.index > last) out.push(template.slice(last, m.index));
    out.push(parts[name]);
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

/** The longest `Accept-Language` header we read; browsers send a few dozen characters. */
const MAX_ACCEPT_LANGUAGE = 1000;

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4), or undefined when it names
 * none of them. The primary subtag decides (`fr-CA` is French; a region we do not have is closer to the
 * language than English is); the highest q-value wins, the earlier entry on a tie; `q=0` means "not this
 * one" and a malformed q-value drops its entry. `*` says nothing about which language, so it leaves the
 * choice to the default.
 */
export function negotiateLang(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  let best: { lang: Lang; q: number } | undefined;
  for (const entry of header.slice(0, MAX_ACCEPT_LANGUAGE).split(',')) {
    const [tag = '', ...params] = entry.split(';').map((s) => s.trim());
    const primary = tag.split('-')[0]!.toLowerCase();
    if (!isLang(primary)) continue;
    let q = 1;
    for (const p of params) {
      if (!/^q\s*=/i.test(p)) continue;
      const m = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(p);
      q = m ? Number(m[1]) : NaN;
    }
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang;
}

/** The language of a request: the switcher's cookie, else the browser's preference, else English. */
export function requestLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie && isLang(cookie)) return cookie;
  return negotiateLang(acceptLanguage) ?? 'en';
}
