/**
 * @module formats/arsc
 * resources.arsc: resource ids → names and per-configuration values (strings, booleans, integers, file paths
 * of res/xml files, bags).
 */
export { readResConfig, type ResConfig } from './res-config.js';
export { ResourceTable, type ResBagItem, type ResolvedValue, type ResourceName } from './resource-table.js';
