/**
 * @module platform/http/routes
 * How a route is declared. Every route says who may call it (`access`) and which lab objects its URL
 * parameters name (`params`): the server enforces the first before the handler runs, the handler's queries
 * enforce the organisation (and, for provider representatives, the provider) of the second, and the
 * authorization-matrix test reads both to call every route as every role, on its own and on another
 * organisation's objects. A route without a declaration cannot be registered.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDfslabError } from '../../errors.js';
import type { Db } from '../db/db.js';
import type { Actor, Role } from '../types.js';
import type { PlatformContext } from './context.js';

/** `public`: no login; `user`: any logged-in user; a list: those roles only. */
export type Access = 'public' | 'user' | readonly Role[];

/** The kinds of lab object a URL parameter can name. */
export type ObjectKind = 'provider' | 'app' | 'scan' | 'finding' | 'user' | 'token' | 'ussdTarget' | 'engagement' | 'planRow' | 'evidence' | 'assessment' | 'advisory' | 'campaign' | 'benchmarkPublication' | 'document' | 'documentAttachment';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HandlerContext<A extends Actor | undefined = Actor> {
  req: FastifyRequest;
  reply: FastifyReply;
  actor: A;
  db: Db;
  platform: PlatformContext;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Form or JSON body, as an object of strings/values (multipart routes read `req` themselves). */
  body: Record<string, unknown>;
}

export interface RouteDef {
  method: Method;
  url: string;
  access: Access;
  params?: Record<string, ObjectKind>;
  /** One line for the OpenAPI document and the matrix report. */
  summary: string;
  /** `api`: JSON under /api/v1 (token or session); `page`: HTML for the browser (session only). */
  kind: 'api' | 'page';
  /** JSON schema of the body, for the OpenAPI document (validation is done by the handler's parser). */
  requestBody?: Record<string, unknown>;
  /** Multipart upload route (body streamed by the handler). */
  multipart?: boolean;
  /** Provider representatives may call it, but only on their provider's objects (enforced by the handler). */
  providerScoped?: boolean;
  handler(ctx: HandlerContext<Actor>): Promise<unknown>;
}

export interface PublicRouteDef extends Omit<RouteDef, 'handler' | 'access'> {
  access: 'public';
  handler(ctx: HandlerContext<Actor | undefined>): Promise<unknown>;
}

export type AnyRoute = RouteDef | PublicRouteDef;

export function allows(access: Access, actor: Actor | undefined): boolean {
  if (access === 'public') return true;
  if (!actor) return false;
  if (access === 'user') return true;
  return access.includes(actor.role);
}

/** A failure with an HTTP status and a stable code; the message is safe to show the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'not found'): HttpError => new HttpError(404, 'not_found', what);
export const forbidden = (what = 'you may not do this'): HttpError => new HttpError(403, 'forbidden', what);
export const badRequest = (what: string): HttpError => new HttpError(400, 'bad_request', what);
export const conflict = (what: string): HttpError => new HttpError(409, 'conflict', what);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/**
 * The status a refused form answers with when its page can show why (400, 409, 413), or undefined: anything else
 * goes to the error page. The engine's own errors are bad input (400); @fastify/multipart's limits (too many
 * files or fields) are 413s of its own error class.
 */
export function formStatus(e: unknown): number | undefined {
  let status = 0;
  if (e instanceof HttpError) status = e.status;
  else if (isDfslabError(e)) status = 400;
  else if ((e as { statusCode?: unknown } | null)?.statusCode === 413) status = 413;
  return status === 400 || status === 409 || status === 413 ? status : undefined;
}

/** What a page says of a refused form (`formStatus` decided it can be shown). */
export function formMessage(e: unknown): string {
  return e instanceof HttpError || isDfslabError(e) ? (e as Error).message : 'the upload is larger than this server accepts';
}

export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID.test(s);
}

/** A string field of a form or JSON body, trimmed; `undefined` when absent or empty. */
export function field(body: Record<string, unknown>, name: string, max = 500): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw badRequest(`"${name}" must be text`);
  const s = String(v).trim();
  if (s.length > max) throw badRequest(`"${name}" is longer than ${max} characters`);
  return s === '' ? undefined : s;
}

export function requiredField(body: Record<string, unknown>, name: string, max = 500): string {
  const v = field(body, name, max);
  if (v === undefined) throw badRequest(`"${name}" is required`);
  return v;
}

export function oneOf<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  const v = requiredField(body, name, 50);
  if (!(allowed as readonly string[]).includes(v)) throw badRequest(`"${name}" must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** Declares a route for logged-in callers (typed handler context). */
export function route(def: RouteDef): AnyRoute {
  return def;
}

/** Declares a route anyone may call; the handler's actor may be undefined. */
export function publicRoute(def: Omit<PublicRouteDef, 'access'>): AnyRoute {
  return { ...def, access: 'public' } as PublicRouteDef;
}
