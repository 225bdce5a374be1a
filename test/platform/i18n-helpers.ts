/**
 * Helpers of the tests that read the platform's pages in French and Spanish through HTTP: choose the language with
 * the switcher as a reader would, fetch a page and check that it is served in that language (and passes the static
 * page rules of `page`), and check which words a page says and which English ones it no longer says.
 */
import { expect } from 'vitest';
import { page, text } from './page-helpers.js';
import type { Client } from './platform.js';

/** The language a page says it is in (`<html lang>`). */
export const htmlLang = (html: string): string | undefined => /<html lang="([^"]*)">/.exec(html)?.[1];
/** Where the language switcher of a page brings the reader back to. */
export const nextField = (html: string): string | undefined => /<input type="hidden" name="next" value="([^"]*)">/.exec(html)?.[1];

/** Chooses the language with the switcher, as a reader would. */
export async function useLang(c: Client, lang: string): Promise<void> {
  expect((await c.post('/language', { lang, next: '/' })).status).toBe(303);
}

/** The page in the chosen language: served, in that language, passing the static rules. */
export async function pageIn(c: Client, path: string, lang: string): Promise<{ html: string; words: string }> {
  const r = await page(c, path);
  expect(r.status, path).toBe(200);
  expect(htmlLang(r.html), path).toBe(lang);
  return { html: r.html, words: text(r.html) };
}

/** The page says each of `says` and none of `saysNot` (the English words the translation replaced). */
export function expectWords(words: string, says: readonly string[], saysNot: readonly string[], where: string): void {
  for (const s of says) expect(words, `${where} says ${s}`).toContain(s);
  for (const s of saysNot) expect(words, `${where} no longer says ${s}`).not.toContain(s);
}
