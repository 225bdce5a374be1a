import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { receiveFileParts, type MultipartPart, type MultipartRequest } from './uploads.js';

/** A request whose body is these parts, in order. */
function request(parts: MultipartPart[], multipart = true): MultipartRequest {
  return {
    isMultipart: () => multipart,
    parts: () =>
      (async function* () {
        for (const p of parts) yield p;
      })(),
  };
}
const file = (fieldname: string, text: string): MultipartPart => ({ type: 'file', fieldname, file: Readable.from([Buffer.from(text)]), filename: `${text}.txt`, mimetype: 'text/plain' });
const fieldPart = (fieldname: string, value: unknown): MultipartPart => ({ type: 'field', fieldname, value });

/** A store that keeps each file's text, and remembers what it discarded and which fields it was told of. */
function store(o: { noFile?: string; refuseField?: string } = {}) {
  const discarded: string[] = [];
  const fields: Array<[string, string]> = [];
  return {
    discarded,
    fields,
    store: {
      receive: async (p: { file: Readable; filename: string }) => {
        const chunks: Buffer[] = [];
        for await (const c of p.file) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString();
        return text === '' ? undefined : text;
      },
      discard: (r: string) => void discarded.push(r),
      ...(o.noFile === undefined ? {} : { noFile: o.noFile }),
      field: (name: string, value: string) => {
        if (name === o.refuseField) throw new Error(`refused ${name}`);
        fields.push([name, value]);
      },
    },
  };
}

describe('receiveFileParts', () => {
  it('receives every file of the "file" field and tells the store of each text field, in order', async () => {
    const s = store({ noFile: 'no file' });
    const got = await receiveFileParts(request([fieldPart('plan', 'patch it'), file('file', 'a'), fieldPart('fixed', true), file('file', 'b')]), 100, s.store);
    expect(got).toEqual(['a', 'b']);
    expect(s.fields).toEqual([
      ['plan', 'patch it'],
      ['fixed', 'true'],
    ]);
  });

  it('refuses a body with no file only when the store says how', async () => {
    await expect(receiveFileParts(request([fieldPart('plan', 'x'), file('file', '')]), 100, store({ noFile: 'send a file' }).store)).rejects.toThrow('send a file');
    const s = store();
    expect(await receiveFileParts(request([fieldPart('plan', 'x')]), 100, s.store)).toEqual([]);
    expect(s.fields).toEqual([['plan', 'x']]);
  });

  it('discards the files already received when a later part is refused', async () => {
    const wrongField = store();
    await expect(receiveFileParts(request([file('file', 'a'), file('evidence', 'b')]), 100, wrongField.store)).rejects.toThrow('field named "file"');
    expect(wrongField.discarded).toEqual(['a']);
    const refused = store({ refuseField: 'plan' });
    await expect(receiveFileParts(request([file('file', 'a'), fieldPart('plan', 'again')]), 100, refused.store)).rejects.toThrow('refused plan');
    expect(refused.discarded).toEqual(['a']);
  });

  it('refuses a body that is not multipart', async () => {
    await expect(receiveFileParts(request([], false), 100, store().store)).rejects.toThrow('multipart/form-data');
  });
});
