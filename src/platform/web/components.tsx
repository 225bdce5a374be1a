/**
 * @module platform/web/components
 * Small pieces more than one page shows.
 */
import { h, type SafeHtml } from './jsx.js';

/** The severity as a labelled badge (the word is always there: colour is never the only cue). */
export function SeverityBadge(p: { severity: string }): SafeHtml {
  return <span class={`sev sev-${p.severity}`}>{p.severity}</span>;
}
