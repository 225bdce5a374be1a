/**
 * @module ussd/result
 * A USSD run as an audit result, so the same report model and formats (JSON, SARIF, HTML, PDF, CSV, OSCAL)
 * render it. The "audited file" of a USSD run is its transcript: the report pins the transcript's hashes, so
 * the evidence a finding cites can be checked against the report.
 */
import { createHash } from 'node:crypto';
import type { AuditResult } from '../audit.js';
import type { Anomaly } from '../app/android.js';
import type { Check } from '../checks/types.js';
import { SEVERITIES, type Severity } from '../findings/types.js';
import { stableStringify } from '../report/stable-json.js';
import type { UssdRunResult } from './run.js';
import { ussdTests } from './tests/index.js';

/** The USSD test cases in the shape the report pipeline takes for checks (metadata and id are what it reads). */
export const ussdTestsAsChecks: readonly Check<unknown>[] = ussdTests as unknown as Check<unknown>[];

export function ussdRunToAuditResult(run: UssdRunResult): AuditResult {
  const transcript = Buffer.from(stableStringify(run.transcript));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of run.findings) bySeverity[f.severity]++;
  // What could not be decided, was skipped, or stopped is said in the report's scope section.
  const anomalies: Anomaly[] = [
    ...run.inconclusive.map((i): Anomaly => ({ source: 'ussd', archive: undefined, path: i.testId, kind: 'inconclusive', message: i.reason })),
    ...run.skipped.map((s): Anomaly => ({ source: 'ussd', archive: undefined, path: s.testId, kind: 'skipped', message: s.reason })),
    ...(run.stoppedBy ? [{ source: 'ussd' as const, archive: undefined, path: run.stoppedBy.testId, kind: 'stopped', message: run.stoppedBy.message }] : []),
  ];
  return {
    schemaVersion: 1,
    tool: run.tool,
    target: {
      file: `${run.target.file} (transcript)`,
      size: transcript.length,
      sha256: createHash('sha256').update(transcript).digest('hex'),
      sha1: createHash('sha1').update(transcript).digest('hex'),
      md5: createHash('md5').update(transcript).digest('hex'),
    },
    app: {
      platform: 'ussd',
      container: 'ussd-run',
      endpoint: run.target.endpoint,
      dialect: run.target.dialect,
      serviceCode: run.target.serviceCode,
      callers: run.target.callers,
      production: run.target.production,
      quick: run.target.quick,
      requests: run.stats.requests,
    },
    summary: { findings: run.findings.length, passes: run.passes.length, bySeverity, checksRun: run.testsRun.length, checksFailed: run.failed.length },
    findings: run.findings,
    passes: run.passes,
    anomalies,
    checks: { run: run.testsRun, failed: run.failed.map((f) => ({ checkId: f.testId, code: f.code, message: f.message })) },
  };
}
