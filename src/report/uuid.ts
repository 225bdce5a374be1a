/**
 * @module report/uuid
 * Name-based UUIDs (version 5, RFC 4122 section 4.3: SHA-1 over namespace bytes + name) so that the OSCAL
 * documents carry the same identifiers every time they are rendered from the same input. A random UUID
 * would make two renders of one audit differ and break the byte-identical output dfslab promises.
 */
import { createHash } from 'node:crypto';

/** RFC 4122 appendix C: name space for fully-qualified domain names. */
export const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
/** RFC 4122 appendix C: name space for URLs. */
export const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * dfslab's own name space: `uuidV5('urn:dfslab', NAMESPACE_URL)`, written out so that it never depends on
 * code that could change (uuid.test.ts recomputes it). Never change it: every OSCAL uuid derives from it.
 */
export const DFSLAB_NAMESPACE = '099515b1-a6ee-5b7e-ac2d-cb7973842c0d';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Buffer {
  if (!UUID_TEXT.test(uuid)) throw new TypeError(`not a UUID: ${JSON.stringify(uuid)}`);
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The version-5 UUID of `name` (UTF-8) in `namespace` (default: dfslab's), in lower-case canonical form. */
export function uuidV5(name: string, namespace: string = DFSLAB_NAMESPACE): string {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const b = digest.subarray(0, 16);
  // RFC 4122 section 4.1.3 (version 5 in the high nibble of time_hi) and 4.1.1 (variant 10x).
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
