/**
 * @module platform/http/routes/language
 * The language switcher's target: remembers the reader's choice of language in a cookie (anyone may choose,
 * logged in or not: the login page has the switcher too) and sends them back to the page they were on.
 */
import type { FastifyRequest } from 'fastify';
import { cookieOptions } from '../../auth/sessions.js';
import { isLang, LANG_COOKIE, LANGS } from '../../web/i18n.js';
import { badRequest, field, publicRoute, type AnyRoute } from '../routes.js';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * A path of this site to go back to, or undefined: it starts with one '/', holds no '//' and no '\'
 * anywhere (browsers read `/\evil.example` as another host), and only printable ASCII.
 */
export function sameSitePath(next: string | undefined): string | undefined {
  if (!next || !/^\/[\x21-\x7e]*$/.test(next) || next.includes('//') || next.includes('\\')) return undefined;
  return next;
}

/** The page the form was posted from, when the browser says so and it is ours (the switcher on a page that gave no `next`). */
function refererPath(req: FastifyRequest, publicUrl: string): string | undefined {
  const referer = req.headers.referer;
  if (!referer) return undefined;
  try {
    const u = new URL(referer);
    const ours = u.host === req.headers.host || u.origin === new URL(publicUrl).origin;
    return ours ? sameSitePath(u.pathname + u.search) : undefined;
  } catch {
    return undefined;
  }
}

export const languageRoutes: AnyRoute[] = [
  publicRoute({
    method: 'POST',
    url: '/language',
    kind: 'page',
    summary: 'Choose the language of the pages (a cookie for a year), then go back to the page given in "next"',
    async handler({ platform, body, req, reply }) {
      const lang = field(body, 'lang', 10);
      if (!lang || !isLang(lang)) throw badRequest(`"lang" must be one of ${LANGS.join(', ')}`);
      // A `next` that is not a path of this site (another site, a repeated field, too long) goes to the dashboard.
      const next = body.next === undefined || body.next === '' ? refererPath(req, platform.config.publicUrl) : typeof body.next === 'string' && body.next.length <= 2000 ? sameSitePath(body.next) : undefined;
      reply.setCookie(LANG_COOKIE, lang, cookieOptions(platform.config, ONE_YEAR_SECONDS));
      return reply.redirect(next ?? '/', 303);
    },
  }),
];
