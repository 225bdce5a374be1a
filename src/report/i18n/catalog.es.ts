/** Catalog item titles and area names in es (English lives in the catalog YAML). */
import type { CatalogText } from './index.js';

export const CATALOG_ES: CatalogText = { items: {}, areas: {} };
