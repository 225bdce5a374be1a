import { describe, expect, it } from 'vitest';
import { DFSLAB_NAMESPACE, NAMESPACE_DNS, NAMESPACE_URL, uuidV5 } from './uuid.js';

describe('uuidV5', () => {
  // Reference values from CPython's uuid.uuid5, an independent implementation of RFC 4122 section 4.3.
  it('matches known version-5 vectors', () => {
    expect(uuidV5('python.org', NAMESPACE_DNS)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('https://www.example.org/é', NAMESPACE_URL)).toBe('ace4c264-fbad-56a6-892b-9d9dd53f2fce');
    expect(uuidV5('', DFSLAB_NAMESPACE)).toBe('257be9bf-1909-538c-ad03-0caac9fd44c6');
  });

  it('defines the dfslab namespace as documented', () => {
    expect(uuidV5('urn:dfslab', NAMESPACE_URL)).toBe(DFSLAB_NAMESPACE);
    expect(uuidV5('x')).toBe(uuidV5('x', DFSLAB_NAMESPACE));
  });

  it('sets the version and variant bits', () => {
    for (const name of ['a', 'b', 'catalog', 'observation/1']) {
      expect(uuidV5(name)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
  });

  it('accepts an upper-case namespace and refuses a malformed one', () => {
    expect(uuidV5('python.org', NAMESPACE_DNS.toUpperCase())).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});
