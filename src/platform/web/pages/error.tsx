/**
 * @module platform/web/pages/error
 * The error page of a page request (4xx/5xx): what went wrong in words, and the way back, in the reader's
 * language (`lang`, English when not given). The message itself is the service's, in English.
 */
import type { Actor } from '../../types.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { h } from '../jsx.js';
import { page } from '../layout.js';

/** The title of an error page: the status in words. */
function title(t: Translate, status: number): string {
  switch (status) {
    case 400:
      return t('Bad request');
    case 401:
      return t('Log in first');
    case 403:
      return t('Not allowed');
    case 404:
      return t('Not found');
    case 409:
      return t('Conflict');
    case 413:
      return t('Too large');
    case 429:
      return t('Too many attempts');
    default:
      return t('Error');
  }
}

export function errorPage(status: number, message: string, actor: Actor | undefined, lang?: Lang): string {
  const t = translator(lang);
  return page(
    { title: title(t, status), actor, lang: lang ?? 'en' },
    <div class="card">
      <p role="alert">{message}</p>
      <p>
        <a href="/">{t('Back to the dashboard')}</a>
      </p>
    </div>,
  );
}
