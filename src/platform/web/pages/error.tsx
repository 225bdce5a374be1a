/**
 * @module platform/web/pages/error
 * The error page of a page request (4xx/5xx): what went wrong in words, and the way back.
 */
import type { Actor } from '../../types.js';
import { h } from '../jsx.js';
import { page } from '../layout.js';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Log in first', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 429: 'Too many attempts' };

export function errorPage(status: number, message: string, actor: Actor | undefined): string {
  return page(
    { title: TITLES[status] ?? 'Error', actor },
    <div class="card">
      <p role="alert">{message}</p>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </div>,
  );
}
