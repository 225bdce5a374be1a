/**
 * @module report/i18n
 * Message catalogs for reports, in the languages of the labs that use dfslab: English, French, Spanish.
 * Three kinds of text:
 * - UI strings (headings, labels, sentences of the report), keyed, in `ui.ts` (every language must have
 *   every key: the type says so);
 * - check titles and remediation, keyed by check id, in `checks.<lang>.ts` (English comes from the check's
 *   own metadata, the source of truth);
 * - catalog item titles and area names, keyed by item id / area, in `catalog.<lang>.ts` (English from the
 *   catalog YAML).
 * A finding's message (built from what the check saw) stays in English: it quotes code, keys and values.
 */
import { UI, type UiKey } from './ui.js';
import { CHECKS_FR } from './checks.fr.js';
import { CHECKS_ES } from './checks.es.js';
import { CATALOG_FR } from './catalog.fr.js';
import { CATALOG_ES } from './catalog.es.js';

export const LANGS = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(s: string): s is Lang {
  return (LANGS as readonly string[]).includes(s);
}

export type { UiKey };

export interface CheckText {
  title: string;
  remediation: string;
}

export interface CatalogText {
  items: Readonly<Record<string, { title: string; howToTest?: string }>>;
  areas: Readonly<Record<string, string>>;
}

export interface Messages {
  readonly lang: Lang;
  /** A UI string with `{name}` placeholders filled from `params`. */
  ui(key: UiKey, params?: Readonly<Record<string, string | number>>): string;
  /** Translated title and remediation of a check; undefined in English (use the check's metadata). */
  check(id: string): CheckText | undefined;
  /** Translated catalog item text; undefined in English (use the catalog). */
  item(id: string): { title: string; howToTest?: string } | undefined;
  /** Translated area name; undefined in English. */
  area(name: string): string | undefined;
}

const CHECKS: Record<Lang, Readonly<Record<string, CheckText>>> = { en: {}, fr: CHECKS_FR, es: CHECKS_ES };
const CATALOG: Record<Lang, CatalogText> = { en: { items: {}, areas: {} }, fr: CATALOG_FR, es: CATALOG_ES };

export function format(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m));
}

export function messagesFor(lang: Lang): Messages {
  const ui = UI[lang];
  const checks = CHECKS[lang];
  const catalog = CATALOG[lang];
  return {
    lang,
    ui: (key, params) => format(ui[key], params),
    check: (id) => (Object.hasOwn(checks, id) ? checks[id] : undefined),
    item: (id) => (Object.hasOwn(catalog.items, id) ? catalog.items[id] : undefined),
    area: (name) => (Object.hasOwn(catalog.areas, name) ? catalog.areas[name] : undefined),
  };
}
