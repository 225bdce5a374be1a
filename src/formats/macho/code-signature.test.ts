import { describe, expect, it } from 'vitest';
import { readCodeSignature } from './code-signature.js';
import { readMachOFile } from './index.js';
import { blob, buildThin, codeDirectory, concat, fixture, superBlob } from './testing.js';

const ENTITLEMENTS_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>get-task-allow</key><true/></dict></plist>\n';
// DER entitlements: SEQUENCE-free stand-in payload; the reader keeps the bytes as they are.
const DER = new Uint8Array([0x70, 0x03, 0x02, 0x01, 0x01]);

function collect(data: Uint8Array): { sig: ReturnType<typeof readCodeSignature>; kinds: string[] } {
  const kinds: string[] = [];
  const sig = readCodeSignature(data, (kind) => kinds.push(kind));
  return { sig, kinds };
}

describe('readCodeSignature', () => {
  const cms = fixture('cms-detached.der');
  const cd = codeDirectory({ flags: 0x10000, identifier: 'org.dfslab.fixture', teamId: 'TEAMID1234', execSegFlags: 0x11n });
  const altCd = codeDirectory({ flags: 0x10000, identifier: 'org.dfslab.fixture', hashType: 1 });
  const full = superBlob([
    [0, cd],
    [2, blob(0xfade0c01, new Uint8Array([0, 0, 0, 0]))],
    [5, blob(0xfade7171, new TextEncoder().encode(ENTITLEMENTS_XML))],
    [7, blob(0xfade7172, DER)],
    [0x1000, altCd],
    [0x10000, blob(0xfade0b01, cms)],
  ]);

  it('reads code directories, requirements, entitlements and the CMS certificates', () => {
    const { sig, kinds } = collect(full);
    expect(kinds).toEqual([]);
    expect(sig.codeDirectories).toEqual([
      { version: 0x20400, flags: 0x10000, hashType: 'sha256', identifier: 'org.dfslab.fixture', teamId: 'TEAMID1234', nSpecialSlots: 7, nCodeSlots: 3, execSegFlags: 0x11n },
      { version: 0x20400, flags: 0x10000, hashType: 'sha1', identifier: 'org.dfslab.fixture', nSpecialSlots: 7, nCodeSlots: 3, execSegFlags: 0n },
    ]);
    expect(sig.requirementsBytes?.length).toBe(12);
    expect(sig.entitlementsXml).toBe(ENTITLEMENTS_XML);
    expect(sig.entitlementsDer).toEqual(DER);
    expect(sig.cms?.certificates.map((c) => c.subject)).toEqual(["O=dfslab, OU=TEAMID1234, CN=dfslab test signer"]);
    expect(sig.adhoc).toBe(false);
  });

  it('is reached through LC_CODE_SIGNATURE of a slice', () => {
    const headerLen = 32 + 16;
    const lc = new Uint8Array(8);
    new DataView(lc.buffer).setUint32(0, headerLen, true);
    new DataView(lc.buffer).setUint32(4, full.length, true);
    const bytes = buildThin({ commands: [{ cmd: 0x1d, body: lc }], tail: full });
    const f = readMachOFile(bytes);
    expect(f.anomalies).toEqual([]);
    expect(f.slices[0]!.codeSignature?.entitlementsXml).toBe(ENTITLEMENTS_XML);
  });

  it('treats an empty CMS wrapper as ad hoc', () => {
    const { sig } = collect(superBlob([[0, cd], [0x10000, blob(0xfade0b01, new Uint8Array(0))]]));
    expect(sig.adhoc).toBe(true);
    expect(sig.cms).toBeUndefined();
  });

  it('records hostile counts, offsets and lengths instead of throwing', () => {
    expect(collect(superBlob([[0, cd]], 0x7fffffff)).kinds).toContain('code-signature-count');
    const outOfRange = superBlob([[0, cd]]);
    new DataView(outOfRange.buffer).setUint32(16, 0xfffffff0);
    expect(collect(outOfRange).kinds).toEqual(['code-signature-blob-out-of-range']);
    const badLength = superBlob([[0, cd]]);
    new DataView(badLength.buffer).setUint32(20 + 4, 0xffffffff);
    expect(collect(badLength).kinds).toEqual(['code-signature-blob-length']);
    expect(collect(new Uint8Array(3)).kinds).toEqual(['code-signature-bad-magic']);
    const brokenCms = superBlob([[0x10000, blob(0xfade0b01, concat([cms.subarray(0, 40)]))]]);
    const r = collect(brokenCms);
    expect(r.kinds).toEqual(['code-signature-cms']);
    expect(r.sig.adhoc).toBe(true);
  });
});
