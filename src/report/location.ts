/**
 * @module report/location
 * One readable line for a finding's location, shared by the CLI summary and every report format:
 * `archive!class.method @pc → call`, `element attribute`, `path key symbol`.
 */
import type { Location } from '../findings/types.js';

export function formatLocation(l: Location): string {
  const parts: string[] = [];
  if (l.archive) parts.push(`${l.archive}!`);
  if (l.class) {
    parts.push(l.method ? `${l.class}.${l.method}` : l.class);
    if (l.pc !== undefined) parts.push(`@${l.pc}`);
  } else if (l.element) {
    parts.push(l.element + (l.attribute ? ` ${l.attribute}` : ''));
  } else if (l.path) {
    parts.push(l.path + (l.key ? ` ${l.key}` : '') + (l.symbol ? ` ${l.symbol}` : ''));
  } else if (l.symbol) {
    parts.push(l.symbol);
  }
  if (l.call) parts.push(`→ ${l.call}`);
  if (l.library) parts.push('(library code)');
  return parts.join(' ');
}
