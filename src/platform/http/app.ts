/**
 * @module platform/http/app
 * The Fastify application of the lab platform. It resolves the caller (browser session cookie, or
 * `Authorization: Bearer` API token), checks the route's declared access before the handler runs, checks
 * CSRF on every state-changing browser request, sets strict security headers, resolves the language of the
 * pages (`req.lang`, see web/i18n.ts), and turns errors into one clear message (JSON under /api, an HTML page
 * elsewhere) without leaking internals.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { isDfslabError } from '../../errors.js';
import { esc } from '../../report/html-escape.js';
import { SCRIPT, STYLE } from '../web/assets.js';
import { VERSION } from '../../version.js';
import { resolveActor, SESSION_COOKIE } from '../auth/sessions.js';
import { sameSecret } from '../auth/secrets.js';
import type { Actor } from '../types.js';
import type { PlatformContext } from './context.js';
import { allows, HttpError, isUuid, notFound, type AnyRoute } from './routes.js';
import { ALL_ROUTES } from './route-list.js';
import { errorPage } from '../web/pages/error.js';
import { LANG_COOKIE, requestLang, type Lang } from '../web/i18n.js';
import { openApiDocument } from './openapi.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The CSRF token of the caller's browser session (for forms). */
    csrf?: string;
    /** The language of the pages for this request (cookie, else Accept-Language, else English); set by the onRequest hook. */
    lang: Lang;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route the server registered, with its declaration (the authorization matrix reads it). */
  routes: readonly AnyRoute[];
}

export async function buildApp(platform: PlatformContext, routes: readonly AnyRoute[] = ALL_ROUTES): Promise<BuiltApp> {
  const { db, config } = platform;
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // Error messages must not echo internals; ours are set in the error handler.
    return503OnClosing: true,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 20, fields: 50, fieldSize: 64 * 1024, parts: 80 } });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (config.secureCookies) reply.header('strict-transport-security', 'max-age=31536000');
    req.lang = requestLang(req.cookies[LANG_COOKIE], req.headers['accept-language']);
    // A page's language depends on these two headers; a cache between us and the browser must know it.
    if (!req.url.startsWith('/static/')) reply.header('vary', 'Accept-Language, Cookie');
    const resolved = await resolveActor(db, config, req);
    if (resolved) {
      req.actor = resolved.actor;
      if (resolved.csrf) req.csrf = resolved.csrf;
      if (resolved.refreshCookie) reply.setCookie(SESSION_COOKIE, resolved.refreshCookie.value, resolved.refreshCookie.options);
    }
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    let status = 500;
    let code = 'internal';
    let message = 'something went wrong on the server; the error was logged';
    if (err instanceof HttpError) {
      status = err.status;
      code = err.code;
      message = err.message;
    } else if (isDfslabError(err)) {
      status = 400;
      code = err.code;
      message = err.message;
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      code = err.code ?? 'bad_request';
      message = status === 413 ? 'the upload is larger than this server accepts' : err.message;
    } else if (req.raw.aborted || err.code === 'ECONNRESET' || err.message === 'aborted') {
      // The client went away mid-request (an upload cut off): nothing to log, nobody to answer.
      status = 400;
      code = 'aborted';
      message = 'the request was cut off before it was complete';
    } else {
      process.stderr.write(`dfslab: ${req.method} ${req.url}: ${err.stack ?? err.message}\n`);
    }
    return sendError(req, reply, status, code, message);
  });

  app.setNotFoundHandler(async (req, reply) => sendError(req, reply, 404, 'not_found', 'no such page'));

  const htmx = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
  app.get('/static/htmx.min.js', async (_req, reply) => reply.header('cache-control', 'public, max-age=86400').type('text/javascript').send(htmx));
  app.get('/static/app.css', async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/css').send(STYLE));
  app.get('/static/app.js', async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/javascript').send(SCRIPT));
  app.get('/healthz', async () => ({ ok: true, version: VERSION, database: db.kind }));
  app.get('/api/openapi.json', async () => openApiDocument(routes));

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (req, reply) => {
        const actor = req.actor;
        if (r.kind === 'page' && actor?.via === 'token') throw new HttpError(403, 'forbidden', 'API tokens are for /api routes');
        if (!allows(r.access, actor)) {
          if (!actor) {
            if (r.kind === 'page' && req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
            throw new HttpError(401, 'unauthenticated', 'log in first (or send an API token)');
          }
          throw new HttpError(403, 'forbidden', 'your role does not allow this');
        }
        // A parameter naming a lab object must look like one: anything else is "not found", never a database error.
        for (const name of Object.keys(r.params ?? {})) {
          if (!isUuid((req.params as Record<string, string>)[name])) throw notFound();
        }
        if (UNSAFE.has(req.method) && actor?.via === 'session') checkCsrf(req, config.publicUrl);
        else if (UNSAFE.has(req.method) && !actor) checkOrigin(req, config.publicUrl);
        const body = (req.isMultipart() ? {} : (req.body ?? {})) as Record<string, unknown>;
        if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'bad_request', 'the body must be an object');
        const out = await (r.handler as (c: unknown) => Promise<unknown>)({
          req,
          reply,
          actor,
          db,
          platform,
          params: req.params as Record<string, string>,
          query: req.query as Record<string, string>,
          body,
        });
        if (reply.sent) return reply;
        return out;
      },
    });
  }
  return { app, routes };
}

/** A state-changing browser request must carry the session's CSRF token and, when sent, a same-origin Origin. */
function checkCsrf(req: FastifyRequest, publicUrl: string): void {
  const sent = (req.headers['x-csrf-token'] as string | undefined) ?? ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ?? (req.query as Record<string, string>)._csrf;
  if (!req.csrf || typeof sent !== 'string' || !sameSecret(sent, req.csrf)) throw new HttpError(403, 'csrf', 'the form expired or came from another site; reload the page and try again');
  checkOrigin(req, publicUrl);
}

/** Refuses a request whose Origin header names another site (login CSRF, cross-site form posts). */
function checkOrigin(req: FastifyRequest, publicUrl: string): void {
  const origin = req.headers.origin;
  if (origin) {
    const host = req.headers.host;
    let ok = false;
    try {
      const o = new URL(origin);
      ok = o.host === host || o.origin === new URL(publicUrl).origin;
    } catch {
      ok = false;
    }
    if (!ok) throw new HttpError(403, 'csrf', 'cross-site request refused');
  }
}

function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  reply.code(status);
  const wantsJson = req.url.startsWith('/api/') || (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html');
  if (wantsJson) return reply.type('application/json').send({ error: { code, message } });
  if (req.headers['hx-request']) return reply.type('text/html').send(`<p class="error" role="alert">${esc(message)}</p>`);
  return reply.type('text/html').send(errorPage(status, message, req.actor, req.lang));
}
