import { describe, expect, it } from 'vitest';
import {
  complianceRecord,
  effectiveStatus,
  evidenceExpired,
  proposeStatuses,
  type AppEvidence,
  type ConfirmedStatus,
  type PlanRowEvidence,
  type ProviderEvidence,
  type ScanEvidence,
  type ScanFindingEvidence,
} from './compliance-proposals.js';

const finding = (checkId: string, severity: ScanFindingEvidence['severity'], status: ScanFindingEvidence['status'], items: string[] = ['APP-07']): ScanFindingEvidence => ({
  checkId,
  severity,
  status,
  items,
});

const scan = (scanId: string, date: string, parts: Partial<ScanEvidence> = {}): ScanEvidence => ({
  scanId,
  kind: 'android',
  date,
  version: '2.4.0',
  findings: [],
  concluded: [],
  ...parts,
});

const wallet = (...scans: ScanEvidence[]): AppEvidence => ({ appId: 'app-wallet', name: 'MobiCash Wallet', scans });

const row = (parts: Partial<PlanRowEvidence> = {}): PlanRowEvidence => ({
  engagementId: 'eng-1',
  engagementTitle: 'Audit 2026',
  rowId: 'row-1',
  itemId: 'APP-07',
  result: 'pass',
  decidedBy: 'team',
  date: '2026-10-01T09:00:00Z',
  ...parts,
});

/** The proposal for APP-07 only. */
const propose = (evidence: Partial<ProviderEvidence>) => {
  const [p] = proposeStatuses({ apps: [], rows: [], ...evidence }, ['APP-07']);
  return p!;
};

describe('proposeStatuses', () => {
  it('proposes non-compliant for an open high finding, naming the finding, the scan and the app', () => {
    const p = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('android.manifest.debuggable', 'high', 'open')] }))] });
    expect(p.status).toBe('non_compliant');
    expect(p.reasons).toEqual(['open high finding android.manifest.debuggable in the scan of 2026-11-02 of MobiCash Wallet 2.4.0']);
    expect(p.sources).toEqual([
      { kind: 'scan', id: 's1', appId: 'app-wallet', label: 'the scan of 2026-11-02 of MobiCash Wallet 2.4.0', date: '2026-11-02T10:00:00.000Z', verdict: 'non_compliant' },
    ]);
    expect(p.basedOn).toBe('2026-11-02T10:00:00.000Z');
  });

  it.each([
    ['confirmed', 'critical'],
    ['assigned', 'high'],
    ['accepted', 'high'],
    ['accepted', 'critical'],
  ] as const)('a %s %s finding is non-compliant', (status, severity) => {
    expect(propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('c', severity, status)] }))] }).status).toBe('non_compliant');
  });

  it('proposes partially compliant when only medium or low findings are unresolved', () => {
    const p = propose({
      apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('a.medium', 'medium', 'open'), finding('b.low', 'low', 'accepted')], concluded: [{ checkId: 'c.pass', items: ['APP-07'] }] }))],
    });
    expect(p.status).toBe('partially');
    expect(p.reasons).toEqual([
      'accepted-risk low finding b.low in the scan of 2026-11-02 of MobiCash Wallet 2.4.0',
      'open medium finding a.medium in the scan of 2026-11-02 of MobiCash Wallet 2.4.0',
      'check c.pass ran in the scan of 2026-11-02 of MobiCash Wallet 2.4.0 with nothing unresolved',
    ]);
  });

  it('proposes compliant when the covering checks ran to a conclusion with nothing unresolved', () => {
    const p = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { concluded: [{ checkId: 'b.check', items: ['APP-07'] }, { checkId: 'a.check', items: ['APP-07', 'APP-08'] }] }))] });
    expect(p.status).toBe('compliant');
    expect(p.reasons).toEqual(['checks a.check, b.check ran in the scan of 2026-11-02 of MobiCash Wallet 2.4.0 with nothing unresolved']);
  });

  it('does not count fixed or false-positive findings against the item', () => {
    const fixed = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'critical', 'fixed')] }))] });
    expect(fixed.status).toBe('compliant');
    expect(fixed.reasons[0]).toContain('fixed critical finding x');
    const falsePositive = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'false_positive')] }))] });
    expect(falsePositive.status).toBe('not_assessed');
    expect(falsePositive.reasons).toEqual(['false-positive high finding x in the scan of 2026-11-02 of MobiCash Wallet 2.4.0 does not count (not a weakness)']);
    const withCheck = propose({
      apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'false_positive')], concluded: [{ checkId: 'x', items: ['APP-07'] }] }))],
    });
    expect(withCheck.status).toBe('compliant');
  });

  it('treats an info finding as a note: it neither fails nor passes the item', () => {
    expect(propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'info', 'open')] }))] }).status).toBe('not_assessed');
    expect(
      propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'info', 'open')], concluded: [{ checkId: 'x', items: ['APP-07'] }] }))] }).status,
    ).toBe('compliant');
  });

  it('ignores findings and checks of other items', () => {
    const p = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'open', ['APP-08'])], concluded: [{ checkId: 'y', items: ['APP-09'] }] }))] });
    expect(p).toEqual({ itemId: 'APP-07', status: 'not_assessed', reasons: [], sources: [], basedOn: null });
  });

  it('lets the newest scan of an app and channel win over older ones, whatever the input order', () => {
    const old = scan('s-old', '2026-09-01T10:00:00Z', { version: '2.3.0', findings: [finding('x', 'high', 'open')] });
    const fresh = scan('s-new', '2026-11-02T10:00:00Z', { concluded: [{ checkId: 'x', items: ['APP-07'] }] });
    for (const scans of [[old, fresh], [fresh, old]]) {
      const p = propose({ apps: [wallet(...scans)] });
      expect(p.status).toBe('compliant');
      expect(p.sources.map((s) => s.id)).toEqual(['s-new']);
    }
    // The other way round: a newer scan finds what an older one did not.
    const regressed = propose({ apps: [wallet(scan('s-old', '2026-09-01T10:00:00Z', { concluded: [{ checkId: 'x', items: ['APP-07'] }] }), scan('s-new', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'open')] }))] });
    expect(regressed.status).toBe('non_compliant');
  });

  it('falls back to an older scan of the channel when the newest says nothing about the item', () => {
    const p = propose({
      apps: [wallet(scan('s-old', '2026-09-01T10:00:00Z', { version: '2.3.0', findings: [finding('x', 'medium', 'open')] }), scan('s-new', '2026-11-02T10:00:00Z', { concluded: [{ checkId: 'y', items: ['APP-99'] }] }))],
    });
    expect(p.status).toBe('partially');
    expect(p.reasons).toEqual(['open medium finding x in the scan of 2026-09-01 of MobiCash Wallet 2.3.0']);
  });

  it('counts every channel of an app and every app: the worst decides', () => {
    const android = scan('s-a', '2026-11-02T10:00:00Z', { concluded: [{ checkId: 'x', items: ['APP-07'] }] });
    const ios = scan('s-i', '2026-10-02T10:00:00Z', { kind: 'ios', version: null, findings: [finding('ios.x', 'low', 'open')] });
    const p = propose({ apps: [wallet(android, ios)] });
    expect(p.status).toBe('partially');
    expect(p.sources.map((s) => [s.id, s.verdict])).toEqual([
      ['s-i', 'partially'],
      ['s-a', 'compliant'],
    ]);
    expect(p.reasons[0]).toBe('open low finding ios.x in the scan of 2026-10-02 of MobiCash Wallet');
    expect(p.basedOn).toBe('2026-11-02T10:00:00.000Z');

    const ussd: AppEvidence = {
      appId: 'app-ussd',
      name: 'MobiCash *144#',
      scans: [scan('r1', '2026-11-03T10:00:00Z', { kind: 'ussd', version: null, findings: [finding('ussd.pin-echo', 'critical', 'open')] })],
    };
    const both = propose({ apps: [wallet(android), ussd] });
    expect(both.status).toBe('non_compliant');
    expect(both.reasons[0]).toBe('open critical finding ussd.pin-echo in the USSD run of 2026-11-03 of MobiCash *144#');
    expect(both.sources[0]).toMatchObject({ kind: 'ussd_run', id: 'r1', appId: 'app-ussd' });
  });

  it('proposes non-compliant for a failed manual test, whatever its severity, and names the severity', () => {
    const p = propose({ rows: [row({ result: 'fail', severity: 'low' })] });
    expect(p.status).toBe('non_compliant');
    expect(p.reasons).toEqual(['manual test failed (severity low) in engagement "Audit 2026" on 2026-10-01']);
    expect(p.sources).toEqual([{ kind: 'engagement', id: 'eng-1', rowId: 'row-1', label: 'engagement "Audit 2026"', date: '2026-10-01T09:00:00.000Z', verdict: 'non_compliant' }]);
    expect(propose({ rows: [row({ result: 'fail' })] }).reasons).toEqual(['manual test failed in engagement "Audit 2026" on 2026-10-01']);
    expect(propose({ rows: [row({ result: 'fail', severity: 'high', findingStatus: 'accepted' })] }).reasons[0]).toMatch(/risk was accepted$/);
  });

  it('reads a failed row whose finding was fixed as compliant, and one marked a false positive as saying nothing', () => {
    expect(propose({ rows: [row({ result: 'fail', severity: 'high', findingStatus: 'fixed' })] }).status).toBe('compliant');
    expect(propose({ rows: [row({ result: 'fail', severity: 'high', findingStatus: 'false_positive' })] }).status).toBe('not_assessed');
    // The withdrawn fail leaves the older row of another engagement as the newest evidence.
    const p = propose({
      rows: [
        row({ engagementId: 'eng-2', engagementTitle: 'Follow-up', rowId: 'row-2', result: 'fail', findingStatus: 'false_positive', date: '2026-11-01T09:00:00Z' }),
        row({ result: 'pass' }),
      ],
    });
    expect(p.status).toBe('compliant');
    expect(p.sources.map((s) => s.id)).toEqual(['eng-1']);
  });

  it('lets the newest row the team decided win across engagements', () => {
    const older = row({ result: 'fail', severity: 'high' });
    const newer = row({ engagementId: 'eng-2', engagementTitle: 'Retest 2026', rowId: 'row-2', result: 'pass', date: '2026-11-20T09:00:00Z' });
    for (const rows of [[older, newer], [newer, older]]) {
      const p = propose({ rows });
      expect(p.status).toBe('compliant');
      expect(p.reasons).toEqual(['manual test passed in engagement "Retest 2026" on 2026-11-20']);
    }
  });

  it('leaves out rows decided by the linked scans, rows not tested and rows without a result', () => {
    const p = propose({
      rows: [
        row({ rowId: 'a', result: 'fail', decidedBy: 'scans', date: '2026-11-05T00:00:00Z' }),
        row({ rowId: 'b', result: 'not_tested', date: '2026-11-04T00:00:00Z' }),
        row({ rowId: 'c', result: null, decidedBy: null, date: '2026-11-03T00:00:00Z' }),
      ],
    });
    expect(p.status).toBe('not_assessed');
    expect(p.sources).toEqual([]);
  });

  it('proposes not applicable only when every source says so', () => {
    expect(propose({ rows: [row({ result: 'not_applicable' })] }).status).toBe('not_applicable');
    const mixed = propose({ rows: [row({ result: 'not_applicable' })], apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { concluded: [{ checkId: 'x', items: ['APP-07'] }] }))] });
    expect(mixed.status).toBe('compliant');
  });

  it('keeps the worst of a passed manual test and a scan finding', () => {
    const p = propose({ rows: [row({ result: 'pass', date: '2026-11-20T00:00:00Z' })], apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'medium', 'open')] }))] });
    expect(p.status).toBe('partially');
    expect(p.reasons).toEqual(['open medium finding x in the scan of 2026-11-02 of MobiCash Wallet 2.4.0', 'manual test passed in engagement "Audit 2026" on 2026-11-20']);
    expect(p.basedOn).toBe('2026-11-20T00:00:00.000Z');
  });

  it('proposes not assessed with no evidence, one proposal per listed item in order', () => {
    const evidence: ProviderEvidence = { apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'open', ['APP-07', 'USSD-12'])] }))], rows: [row({ itemId: 'GOV-02' })] };
    const listed = proposeStatuses(evidence, ['USSD-01', 'APP-07']);
    expect(listed.map((p) => [p.itemId, p.status])).toEqual([
      ['USSD-01', 'not_assessed'],
      ['APP-07', 'non_compliant'],
    ]);
    // Without a list: every item that some evidence mentions, in catalog order.
    expect(proposeStatuses(evidence).map((p) => [p.itemId, p.status])).toEqual([
      ['APP-07', 'non_compliant'],
      ['USSD-12', 'non_compliant'],
      ['GOV-02', 'compliant'],
    ]);
    expect(proposeStatuses({ apps: [], rows: [] })).toEqual([]);
  });

  it('refuses evidence with an unreadable date rather than guessing its age', () => {
    expect(() => proposeStatuses({ apps: [wallet(scan('s1', 'yesterday'))], rows: [] })).toThrow(/not a date/);
  });
});

describe('effectiveStatus', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const proposal = propose({ apps: [wallet(scan('s1', '2026-11-02T10:00:00Z', { findings: [finding('x', 'high', 'open')] }))] });
  const confirmed = (parts: Partial<ConfirmedStatus> = {}): ConfirmedStatus => ({
    status: 'compliant',
    by: 'Awa Diallo',
    at: '2026-11-10',
    evidence: 'Pen-test report PT-2026-14',
    expires: '2027-05-31',
    ...parts,
  });

  it('keeps the confirmed status while its evidence is valid', () => {
    expect(effectiveStatus(confirmed({ at: '2026-10-01' }), proposal, now)).toEqual({ status: 'compliant', confirmation: 'confirmed', label: 'Compliant', newerProposal: true });
    expect(effectiveStatus(confirmed(), proposal, now).newerProposal).toBe(false);
    expect(effectiveStatus(confirmed({ expires: null }), null, new Date('2099-01-01T00:00:00Z')).confirmation).toBe('confirmed');
  });

  it('falls back to the proposal, flagged, once the evidence expired', () => {
    expect(effectiveStatus(confirmed({ expires: '2026-11-30' }), proposal, now)).toEqual({
      status: 'non_compliant',
      confirmation: 'expired',
      label: 'Expired, re-assess (proposed: Non-compliant)',
      newerProposal: false,
    });
    expect(effectiveStatus(confirmed({ expires: '2026-11-30' }), null, now)).toMatchObject({ status: 'not_assessed', confirmation: 'expired' });
  });

  it('counts the expiry day as valid (compared by UTC day)', () => {
    expect(evidenceExpired('2026-12-01', now)).toBe(false);
    expect(evidenceExpired('2026-11-30', now)).toBe(true);
    expect(evidenceExpired(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-01T23:59:59Z'))).toBe(false);
    expect(evidenceExpired(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z'))).toBe(true);
    expect(evidenceExpired(null, now)).toBe(false);
  });

  it('shows the proposal as unconfirmed when nobody confirmed a status', () => {
    expect(effectiveStatus(null, proposal, now)).toEqual({ status: 'non_compliant', confirmation: 'unconfirmed', label: 'Non-compliant (proposed, unconfirmed)', newerProposal: false });
    expect(effectiveStatus(null, null, now)).toEqual({ status: 'not_assessed', confirmation: 'unconfirmed', label: 'Not assessed', newerProposal: false });
  });

  it('gives the record the exports take', () => {
    expect(complianceRecord('APP-07', confirmed({ expires: '2026-11-30' }), proposal, now)).toEqual({
      itemId: 'APP-07',
      status: 'non_compliant',
      confirmation: 'expired',
      confirmedBy: 'Awa Diallo',
      confirmedAt: '2026-11-10',
      evidence: 'Pen-test report PT-2026-14',
      evidenceExpires: '2026-11-30',
      proposedStatus: 'non_compliant',
      proposedAt: '2026-11-02T10:00:00.000Z',
      reasons: ['open high finding x in the scan of 2026-11-02 of MobiCash Wallet 2.4.0'],
    });
    expect(complianceRecord('APP-08', null, null, now)).toMatchObject({ status: 'not_assessed', confirmation: 'unconfirmed', proposedStatus: null, reasons: [] });
  });
});
