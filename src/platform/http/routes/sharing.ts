/**
 * @module platform/http/routes/sharing
 * Knowledge sharing between labs: the advisories' API and pages (list and full-text search, the "new advisory"
 * form, an advisory's page with its thread and acknowledgements, and exports). The routes let in everyone who
 * may come (provider representatives included where they may act); services/advisories.ts, through the sharing
 * policy, decides what each caller sees — an advisory the caller may not see answers 404 like a missing one.
 * Forms answer 303 back to the page, or show the page again with the refusal next to the form (400, 409).
 *
 * `newSharedItemRoutes` gives the "new item" form and its POST, `commentRoutes` the API and page routes that
 * comment on an item, and `markingRoutes` those that change an item's marking after publication (with a
 * reason), which every kind of shared item has alike (the library's routes use them too). The marking history
 * comes with the item (`markingHistory` in its API answer, a section of its page).
 */
import {
  acknowledgeAdvisory,
  acknowledgements,
  addAdvisoryComment,
  ADVISORY_EXPORT_FORMATS,
  advisoryComments,
  advisoryFormOptions,
  advisoryJson,
  canChangeAdvisoryMarking,
  changeAdvisoryMarking,
  createAdvisory,
  exportAdvisory,
  getAdvisory,
  listAdvisories,
  parseAdvisoryInput,
  type Advisory,
} from '../../services/advisories.js';
import type { Queryable } from '../../db/db.js';
import { markingChangeJson, markingHistory, type MarkingFormOptions, type SharedItemKind } from '../../services/sharing.js';
import { formatAllowed } from '../../services/sharing-policy.js';
import { MANAGERS, STAFF, type Actor, type Role } from '../../types.js';
import type { Lang } from '../../web/i18n.js';
import { advisoriesPage, advisoryPage, newAdvisoryPage, type AdvisoryPageError } from '../../web/pages/advisories.js';
import type { SharedFormValues } from '../../web/pages/sharing-fields.js';
import { badRequest, formMessage, formStatus, route, type AnyRoute, type HandlerContext, type ObjectKind } from '../routes.js';

/** `:advisoryId` names an advisory: a malformed id is refused with 404 before the handler. */
const advisoryParams = { advisoryId: 'advisory' } as const;

function queryText(query: Record<string, string> | undefined): string {
  const q = query?.q;
  if (q === undefined) return '';
  if (typeof q !== 'string') throw badRequest('"q" must be text');
  return q;
}

function limitOf(query: Record<string, string> | undefined): number | undefined {
  const l = query?.limit;
  if (l === undefined || l === '') return undefined;
  if (!/^\d{1,4}$/.test(String(l))) throw badRequest('"limit" must be a whole number from 1 to 200');
  return Number(l);
}

/**
 * The fields `names` of a form as they were sent, to fill it again: strings (cut at `maxText` characters) and
 * lists of strings (at most 200) only.
 */
export function sentFormValues(body: Record<string, unknown>, names: readonly string[], maxText: number): SharedFormValues {
  const out: SharedFormValues = {};
  for (const name of names) {
    const v = body[name];
    if (typeof v === 'string') out[name] = v.slice(0, maxText);
    else if (Array.isArray(v)) out[name] = v.filter((x): x is string => typeof x === 'string').slice(0, 200);
  }
  return out;
}

/** What a "new shared item" form page is drawn with. */
export interface NewItemPageData {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  options: MarkingFormOptions;
  error?: string | undefined;
  values?: SharedFormValues | undefined;
}

/**
 * The page route of a "new shared item" form (`GET <path>/new`) and the one it posts to (`POST <path>`): the
 * form with its marking choices; on success 303 to the new item's page, on a refused input the form again with
 * the reason and what was sent (the fields `fields`, text cut at `maxText`).
 */
export function newSharedItemRoutes<I>(o: {
  path: string;
  access: readonly Role[];
  summaries: { form: string; create: string };
  fields: readonly string[];
  maxText: number;
  options: (q: Queryable, actor: Actor) => Promise<MarkingFormOptions>;
  parse: (body: Record<string, unknown>, actor: Actor) => I;
  create: (q: Queryable, actor: Actor, input: I, ip: string) => Promise<{ id: string }>;
  page: (data: NewItemPageData) => string;
}): AnyRoute[] {
  return [
    route({
      method: 'GET', url: `${o.path}/new`, kind: 'page', access: o.access,
      summary: o.summaries.form,
      handler: async (c) => {
        const options = await o.options(c.db, c.actor);
        return c.reply.type('text/html').send(o.page({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, options }));
      },
    }),
    route({
      method: 'POST', url: o.path, kind: 'page', access: o.access,
      summary: o.summaries.create,
      handler: async (c) => {
        try {
          const input = o.parse(c.body, c.actor);
          const item = await c.db.tx((q) => o.create(q, c.actor, input, c.req.ip));
          return c.reply.redirect(`${o.path}/${item.id}`, 303);
        } catch (e) {
          const status = formStatus(e);
          if (status === undefined) throw e;
          const options = await o.options(c.db, c.actor);
          return c.reply.code(status).type('text/html').send(o.page({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, options, error: formMessage(e), values: sentFormValues(c.body, o.fields, o.maxText) }));
        }
      },
    }),
  ];
}

/** A text field as it was sent (cut at 10,000 characters), to fill a refused form again. */
export function sentText(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, 10_000) : undefined;
}

/**
 * The two routes that comment on a shared item (staff who can read it; body: Markdown in "body"): the API, which
 * answers 201 with the comment, and the form of the item's page, which answers 303 to the new comment or, on a
 * refused input, `refused` (the item's page again with the reason and the text sent). The item is named by the
 * URL parameter `param` of kind `kind`, under `path` (`/advisories`: `POST /api/v1/advisories/:advisoryId/comments`
 * and `POST /advisories/:advisoryId/comments`).
 */
export function commentRoutes(o: {
  path: string;
  param: string;
  kind: ObjectKind;
  summaries: { api: string; page: string };
  add: (q: Queryable, actor: Actor, itemId: string, body: unknown, ip: string) => Promise<{ id: number }>;
  refused: (c: HandlerContext, e: unknown, sent: string | undefined) => Promise<unknown>;
}): { api: AnyRoute; page: AnyRoute } {
  const params: Record<string, ObjectKind> = { [o.param]: o.kind };
  const add = (c: HandlerContext): Promise<{ id: number }> => c.db.tx((q) => o.add(q, c.actor, c.params[o.param]!, c.body.body, c.req.ip));
  return {
    api: route({
      method: 'POST', url: `/api/v1${o.path}/:${o.param}/comments`, kind: 'api', access: STAFF, params,
      summary: o.summaries.api,
      handler: async (c) => {
        const comment = await add(c);
        return c.reply.code(201).send({ comment });
      },
    }),
    page: route({
      method: 'POST', url: `${o.path}/:${o.param}/comments`, kind: 'page', access: STAFF, params,
      summary: o.summaries.page,
      handler: async (c) => {
        try {
          const comment = await add(c);
          return c.reply.redirect(`${o.path}/${c.params[o.param]!}#comment-${comment.id}`, 303);
        } catch (e) {
          return o.refused(c, e, sentText(c.body, 'body'));
        }
      },
    }),
  };
}

/** The fields of a "change the marking" form, sent back to fill it again after a refusal. */
export const MARKING_FORM_FIELDS = ['tlp', 'scope', 'peers', 'providers', 'recipients', 'ackDueOn', 'reason'] as const;

/**
 * The two routes that change a shared item's marking (`access`: who may try; the service decides, 404 unseen
 * and 403 for those it refuses): the API (`POST /api/v1<path>/:<param>/marking`, JSON: the marking fields as
 * at creation and `reason`), which answers 200 with what `answer` gives, and the form of the item's page
 * (`POST <path>/:<param>/marking`), which answers 303 to the marking history or, on a refused input,
 * `refused` (the page again with the reason and what was sent).
 */
export function markingRoutes(o: {
  path: string;
  param: string;
  kind: ObjectKind;
  access: readonly Role[];
  summaries: { api: string; page: string };
  /** Checks that the caller sees the item and may change it, then reads the body: a refusal never depends on the body. */
  change: (q: Queryable, actor: Actor, itemId: string, body: Record<string, unknown>, ip: string) => Promise<unknown>;
  answer: (c: HandlerContext) => Promise<Record<string, unknown>>;
  refused: (c: HandlerContext, e: unknown) => Promise<unknown>;
}): { api: AnyRoute; page: AnyRoute } {
  const params: Record<string, ObjectKind> = { [o.param]: o.kind };
  const change = async (c: HandlerContext): Promise<void> => {
    await c.db.tx((q) => o.change(q, c.actor, c.params[o.param]!, c.body, c.req.ip));
  };
  return {
    api: route({
      method: 'POST', url: `/api/v1${o.path}/:${o.param}/marking`, kind: 'api', access: o.access, params,
      summary: o.summaries.api,
      requestBody: {
        type: 'object',
        required: ['tlp', 'scope', 'reason'],
        properties: {
          tlp: { type: 'string', enum: ['clear', 'green', 'amber', 'amber+strict', 'red'] },
          scope: { type: 'string', enum: ['lab', 'peers', 'community', 'providers'] },
          peers: { type: 'array', items: { type: 'string', format: 'uuid' } },
          providers: { type: 'array', items: { type: 'string', format: 'uuid' } },
          recipients: { type: 'array', items: { type: 'string', format: 'uuid' } },
          ...(o.kind === 'advisory' ? { ackDueOn: { type: 'string', format: 'date' } } : {}),
          reason: { type: 'string', maxLength: 1000 },
        },
      },
      handler: async (c) => {
        await change(c);
        return o.answer(c);
      },
    }),
    page: route({
      method: 'POST', url: `${o.path}/:${o.param}/marking`, kind: 'page', access: o.access, params,
      summary: o.summaries.page,
      handler: async (c) => {
        try {
          await change(c);
          return c.reply.redirect(`${o.path}/${c.params[o.param]!}#marking-history`, 303);
        } catch (e) {
          return o.refused(c, e);
        }
      },
    }),
  };
}

/** The marking history of an item the caller sees, as the API returns it. */
export async function markingHistoryJson(c: HandlerContext, kind: SharedItemKind, item: { id: string; orgId: string }): Promise<Array<Record<string, unknown>>> {
  return (await markingHistory(c.db, kind, item.id)).map((m) => markingChangeJson(m, item, c.actor));
}

/** The advisory's page for the caller: the thread for staff, the acknowledgements the caller may see, the forms they may use. */
async function renderAdvisory(c: HandlerContext, a: Advisory, error?: AdvisoryPageError, values?: { body?: string | undefined; note?: string | undefined; marking?: SharedFormValues | undefined }): Promise<string> {
  const staff = c.actor.role !== 'provider';
  const acks = await acknowledgements(c.db, c.actor, a);
  const mine = c.actor.role === 'provider' ? acks.find((k) => k.providerId === c.actor.providerId) : undefined;
  return advisoryPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    advisory: a,
    comments: staff ? await advisoryComments(c.db, c.actor, a) : null,
    acknowledgements: acks,
    exports: ADVISORY_EXPORT_FORMATS.map((format) => ({ format, allowed: formatAllowed(a.tlp, format) })),
    canComment: staff,
    canAcknowledge: mine !== undefined && mine.acknowledgedAt === null,
    markingHistory: await markingHistory(c.db, 'advisory', a.id),
    markingOptions: canChangeAdvisoryMarking(c.actor, a) ? await advisoryFormOptions(c.db, c.actor) : null,
    error,
    values,
  });
}

async function refusedOnAdvisory(c: HandlerContext, e: unknown, at: AdvisoryPageError['at'], values: { body?: string | undefined; note?: string | undefined; marking?: SharedFormValues | undefined }): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const a = await getAdvisory(c.db, c.actor, c.params.advisoryId!);
  return c.reply.code(status).type('text/html').send(await renderAdvisory(c, a, { at, message: formMessage(e) }, values));
}

const advisoryCommentRoutes = commentRoutes({
  path: '/advisories',
  param: 'advisoryId',
  kind: 'advisory',
  summaries: { api: 'Comment in the advisory\'s thread (staff who can read it; body: Markdown)', page: 'Comment in the thread from the advisory\'s page' },
  add: addAdvisoryComment,
  refused: (c, e, body) => refusedOnAdvisory(c, e, 'comment', { body }),
});

const advisoryMarkingRoutes = markingRoutes({
  path: '/advisories',
  param: 'advisoryId',
  kind: 'advisory',
  access: MANAGERS,
  summaries: {
    api: "Change a published advisory's marking (the owner lab's managers): tlp, scope, peers, providers, recipients, ackDueOn (required when the scope newly includes providers) and reason; checked as at creation, recorded, and only the newly admitted are notified",
    page: "Change the advisory's marking from its page (with a reason); back to the page with the reason when refused",
  },
  change: changeAdvisoryMarking,
  answer: async (c) => {
    const a = await getAdvisory(c.db, c.actor, c.params.advisoryId!);
    return { advisory: advisoryJson(a, c.actor), markingHistory: await markingHistoryJson(c, 'advisory', a) };
  },
  refused: (c, e) => refusedOnAdvisory(c, e, 'marking', { marking: sentFormValues(c.body, MARKING_FORM_FIELDS, 1000) }),
});

export const sharingRoutes: AnyRoute[] = [
  // --- API ---
  route({
    method: 'GET', url: '/api/v1/advisories', kind: 'api', access: 'user', providerScoped: true,
    summary: 'Advisories the caller may read, newest first; with ?q= a full-text search (words, "phrases", or, -word), best match first; ?limit= 1..200',
    handler: async (c) => {
      const items = await listAdvisories(c.db, c.actor, { query: queryText(c.query), limit: limitOf(c.query) });
      return { advisories: items, count: items.length };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/advisories', kind: 'api', access: MANAGERS,
    summary: 'Publish an advisory for your lab (title, summary, channel, severity, indicators, controls, tlp, scope, peers, providers, recipients, ackDueOn); notifies its audience',
    requestBody: {
      type: 'object',
      required: ['title', 'summary', 'channel', 'severity', 'tlp', 'scope'],
      properties: {
        title: { type: 'string' },
        summary: { type: 'string', description: 'Markdown' },
        channel: { type: 'string' },
        severity: { type: 'string' },
        indicators: { type: 'string', description: 'Markdown' },
        controls: { type: 'array', items: { type: 'string' }, description: 'DFS catalog item ids' },
        tlp: { type: 'string', enum: ['clear', 'green', 'amber', 'amber+strict', 'red'] },
        scope: { type: 'string', enum: ['lab', 'peers', 'community', 'providers'] },
        peers: { type: 'array', items: { type: 'string', format: 'uuid' } },
        providers: { type: 'array', items: { type: 'string', format: 'uuid' } },
        recipients: { type: 'array', items: { type: 'string', format: 'uuid' } },
        ackDueOn: { type: 'string', format: 'date' },
      },
    },
    handler: async (c) => {
      const input = parseAdvisoryInput(c.body, c.actor);
      const a = await c.db.tx((q) => createAdvisory(q, c.actor, input, c.req.ip));
      return c.reply.code(201).send({ advisory: advisoryJson(a, c.actor) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/advisories/:advisoryId', kind: 'api', access: 'user', providerScoped: true, params: advisoryParams,
    summary: 'One advisory (404 when the caller may not read it), with its thread (staff) and acknowledgements (the owner lab, or the caller\'s own provider)',
    handler: async (c) => {
      const a = await getAdvisory(c.db, c.actor, c.params.advisoryId!);
      const staff = c.actor.role !== 'provider';
      return {
        advisory: advisoryJson(a, c.actor),
        ...(staff ? { comments: await advisoryComments(c.db, c.actor, a) } : {}),
        acknowledgements: await acknowledgements(c.db, c.actor, a),
        markingHistory: await markingHistoryJson(c, 'advisory', a),
      };
    },
  }),
  advisoryMarkingRoutes.api,
  route({
    method: 'GET', url: '/api/v1/advisories/:advisoryId/export', kind: 'api', access: 'user', providerScoped: true, params: advisoryParams,
    summary: 'The advisory as a file: ?format=json|markdown|csv (403 with the reason when its TLP forbids the format; 404 when the caller may not read it)',
    handler: async (c) => {
      const f = await exportAdvisory(c.db, c.actor, c.params.advisoryId!, String(c.query?.format ?? 'json'), c.req.ip);
      return c.reply.header('content-disposition', `attachment; filename="${f.fileName}"`).header('cache-control', 'no-store').type(f.contentType).send(f.body);
    },
  }),
  advisoryCommentRoutes.api,
  route({
    method: 'POST', url: '/api/v1/advisories/:advisoryId/acknowledgements', kind: 'api', access: ['provider'], providerScoped: true, params: advisoryParams,
    summary: "A provider's representative acknowledges the advisory for their provider, once (note: optional)",
    handler: async (c) => {
      const acknowledgement = await c.db.tx((q) => acknowledgeAdvisory(q, c.actor, c.params.advisoryId!, c.body.note, c.req.ip));
      return c.reply.code(201).send({ acknowledgement });
    },
  }),

  // --- Pages ---
  route({
    method: 'GET', url: '/advisories', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Advisories page: the ones the caller may read, and the full-text search (?q=)',
    handler: async (c) => {
      const query = queryText(c.query).slice(0, 200);
      const items = await listAdvisories(c.db, c.actor, { query });
      return c.reply.type('text/html').send(advisoriesPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, items, query }));
    },
  }),
  ...newSharedItemRoutes({
    path: '/advisories',
    access: MANAGERS,
    summaries: { form: 'The "write an advisory" form', create: 'Publish an advisory from the form; back to the form with the reason when refused' },
    fields: ['title', 'summary', 'channel', 'severity', 'indicators', 'controls', 'tlp', 'scope', 'peers', 'providers', 'recipients', 'ackDueOn'],
    maxText: 20_000,
    options: advisoryFormOptions,
    parse: parseAdvisoryInput,
    create: createAdvisory,
    page: newAdvisoryPage,
  }),
  route({
    method: 'GET', url: '/advisories/:advisoryId', kind: 'page', access: 'user', providerScoped: true, params: advisoryParams,
    summary: "An advisory's page: its TLP label, content, exports, acknowledgements and (staff) the thread",
    handler: async (c) => {
      const a = await getAdvisory(c.db, c.actor, c.params.advisoryId!);
      return c.reply.type('text/html').send(await renderAdvisory(c, a));
    },
  }),
  advisoryCommentRoutes.page,
  advisoryMarkingRoutes.page,
  route({
    method: 'POST', url: '/advisories/:advisoryId/acknowledgements', kind: 'page', access: ['provider'], providerScoped: true, params: advisoryParams,
    summary: "Acknowledge the advisory for the caller's provider from its page",
    handler: async (c) => {
      try {
        await c.db.tx((q) => acknowledgeAdvisory(q, c.actor, c.params.advisoryId!, c.body.note, c.req.ip));
        return c.reply.redirect(`/advisories/${c.params.advisoryId!}#acknowledgements`, 303);
      } catch (e) {
        return refusedOnAdvisory(c, e, 'acknowledge', { note: sentText(c.body, 'note') });
      }
    },
  }),
];
