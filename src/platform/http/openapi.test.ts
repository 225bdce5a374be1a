import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { ALL_ROUTES } from './route-list.js';

type Operation = { parameters?: Array<{ name: string; in: string; schema: { type: string; format?: string } }>; summary: string };

describe('the OpenAPI document', () => {
  const doc = openApiDocument(ALL_ROUTES) as { paths: Record<string, Record<string, Operation>> };

  it('has every API route, and no page', () => {
    const api = ALL_ROUTES.filter((r) => r.kind === 'api');
    expect(api.length).toBeGreaterThan(50);
    for (const r of api) {
      const op = doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op!.summary).toBe(r.summary);
    }
    const pages = ALL_ROUTES.filter((r) => r.kind === 'page' && !r.url.startsWith('/api/'));
    for (const r of pages) expect(doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeUndefined();
  });

  it('describes each path parameter once, as a UUID only when the server requires one', () => {
    const seen = { uuid: 0, other: 0 };
    for (const r of ALL_ROUTES.filter((x) => x.kind === 'api')) {
      const op = doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]![r.method.toLowerCase()]!;
      const names = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
      expect((op.parameters ?? []).map((p) => p.name), `${r.method} ${r.url}`).toEqual(names);
      for (const p of op.parameters ?? []) {
        expect(p.in).toBe('path');
        if (r.params?.[p.name]) {
          expect(p.schema.format, `${r.url} ${p.name}`).toBe('uuid');
          seen.uuid++;
        } else {
          expect(p.schema.format, `${r.url} ${p.name}`).toBeUndefined();
          seen.other++;
        }
      }
    }
    expect(seen.uuid).toBeGreaterThan(50);
    // The catalog items (compliance, campaigns) and the questionnaire domains (resilience) are not UUIDs.
    expect(seen.other).toBeGreaterThan(0);
    const itemRoutes = Object.entries(doc.paths).filter(([path]) => path.includes('{itemId}') || path.includes('{domainId}'));
    expect(itemRoutes.length).toBeGreaterThan(0);
  });
});
