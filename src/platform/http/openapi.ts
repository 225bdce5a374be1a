/**
 * @module platform/http/openapi
 * The OpenAPI 3.1 document of the HTTP API, generated from the route declarations (so it cannot drift from
 * what the server serves): every `/api/v1` route with its summary, parameters, body and who may call it.
 */
import { VERSION } from '../../version.js';
import type { AnyRoute, ObjectKind } from './routes.js';

/**
 * A path parameter: a lab object's id is a UUID (the server answers 404 to anything else before the handler
 * runs); any other parameter (a catalog item such as `APP-01`, a resilience domain such as `GOV-STRATEGY`)
 * is a string the handler checks against its own list.
 */
function pathParameter(name: string, kind: ObjectKind | undefined): Record<string, unknown> {
  return kind
    ? { name, in: 'path', required: true, description: `the id of a ${kind}`, schema: { type: 'string', format: 'uuid' } }
    : { name, in: 'path', required: true, description: 'an identifier that is not a lab object (a catalog item, a questionnaire domain); unknown ones answer 404', schema: { type: 'string', maxLength: 100 } };
}

export function openApiDocument(routes: readonly AnyRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (r.kind !== 'api') continue;
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => pathParameter(m[1]!, r.params?.[m[1]!]));
    const who = r.access === 'public' ? 'anyone' : r.access === 'user' ? 'any logged-in user' : r.access.join(', ');
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      description: `Allowed: ${who}.${r.providerScoped ? ' Provider representatives see only their provider.' : ''}`,
      ...(params.length ? { parameters: params } : {}),
      ...(r.multipart
        ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: r.requestBody ?? { type: 'object' } } } } }
        : r.requestBody
          ? { requestBody: { required: true, content: { 'application/json': { schema: r.requestBody } } } }
          : {}),
      responses: {
        '200': { description: 'OK' },
        '400': { $ref: '#/components/responses/Error' },
        '401': { $ref: '#/components/responses/Error' },
        '403': { $ref: '#/components/responses/Error' },
        '404': { $ref: '#/components/responses/Error' },
      },
      ...(r.access === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'dfslab lab platform API', version: VERSION, description: 'Token auth: create a token under Settings, send `Authorization: Bearer dfs_…`.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: 'An error with a stable code and a message for the user',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } } } } },
        },
      },
    },
  };
}
