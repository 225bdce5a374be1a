/**
 * @module findings/fingerprint
 * A finding's identity. It must survive a rebuild of the same code, so it is built only from the check id and
 * the semantic parts of the locations (archive path, class, method, call, manifest element, attribute,
 * symbol, key) — never from byte offsets, instruction offsets (`pc`) or DEX file order.
 */
import { createHash } from 'node:crypto';
import type { Location } from './types.js';

const SEMANTIC_KEYS = ['archive', 'path', 'class', 'method', 'call', 'element', 'attribute', 'symbol', 'key'] as const;

/** `classesN.dex` names depend on how the build split the code, so they are normalised away. */
function semanticPath(p: string): string {
  return p.replace(/(^|[/!])classes\d*\.dex$/, '$1classes.dex');
}

export function canonicalLocation(loc: Location): string {
  const parts: string[] = [];
  for (const k of SEMANTIC_KEYS) {
    const v = loc[k];
    if (v === undefined) continue;
    parts.push(`${k}=${k === 'path' ? semanticPath(v) : v}`);
  }
  return parts.join(';');
}

export function fingerprintOf(checkId: string, locations: readonly Location[]): string {
  const canon = [...new Set(locations.map(canonicalLocation))].sort();
  return createHash('sha256').update(`${checkId}\n${canon.join('\n')}`).digest('hex').slice(0, 32);
}
