/** Catalog item titles and area names in fr (English lives in the catalog YAML). */
import type { CatalogText } from './index.js';

export const CATALOG_FR: CatalogText = { items: {}, areas: {} };
