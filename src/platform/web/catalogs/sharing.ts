/**
 * @module platform/web/catalogs/sharing
 * French and Spanish for the sharing pages: English text (the key, as written in the page) → translation.
 * Merged with the other parts by web/i18n.ts; a key belongs to exactly one part (the catalog test says
 * which part already has it).
 */
export const FR: Readonly<Record<string, string>> = {};

export const ES: Readonly<Record<string, string>> = {};
