/**
 * @module report/oscal
 * One audit as an OSCAL 1.0.4 assessment-results document (NIST OSCAL assessment-results model, JSON), for
 * GRC tools that track control status. The controls are those of dfslab's OSCAL catalog
 * (report/oscal-catalog.ts): DFS item `APP-41` is control `app-41`, its statement `app-41_smt`.
 *
 * What a consumer finds in `results[0]`:
 * - `reviewed-controls`: every DFS item that a check of this platform covers (coverage mode `automated`).
 *   Items without such a check were not assessed; they are counted in the result props and listed in the
 *   result remarks (they are the manual checklist of the report).
 * - `observations`: one per dfslab finding (type `finding`) and one per pass (type `control-objective`,
 *   a protection found present), method `TEST`, subject = the audited file (an inventory item), evidence =
 *   the finding's locations and evidence strings, pointing at the file's back-matter resource.
 * - `findings`, targeting control statements (`<control>_smt`):
 *   - one per dfslab finding, `not-satisfied`, on its first DFS item that this audit covers (the other
 *     items it references are `dfs-item` props); a suppressed finding stays `not-satisfied` (the weakness
 *     is there) with the prop `status=suppressed` and the reason in `remarks`;
 *   - one per covered item whose checks ran and reported nothing (`satisfied`; coverage `pass` or
 *     `no-finding`), related to the pass observations of its checks; when the item also needs a manual
 *     test, the remarks say that only its static part was assessed;
 *   - one per covered item that failed only through a finding whose first item is another one
 *     (`not-satisfied`), so that every failed item has a finding on its own statement.
 *   Covered items whose checks did not run (deselected or crashed) get no finding: they were not assessed.
 *   So: findings = model findings + satisfied items + items failed only as secondary references.
 *
 * There is no assessment plan: OSCAL requires `import-ap`, so it points at a back-matter resource that
 * describes dfslab's implicit plan (static analysis of one package with the selected checks).
 *
 * Time: `metadata.last-modified`, the result `start` and every `collected` are `model.generatedAt`. Without
 * it they are `UNKNOWN_TIME` (1970-01-01T00:00:00Z, the reproducible-builds convention for "no date"), so
 * the output stays byte-identical; the metadata remarks then say that no date was given.
 * `metadata.version` is the dfslab version that produced the document (OSCAL leaves the scheme to the author).
 *
 * Uuids are version-5 (report/uuid.ts): per subject where OSCAL asks for that (the app component per
 * package id, the dfslab tool, a finding per app + fingerprint, so a GRC tool can follow one weakness across
 * audits of new versions), per audit for the evidence (observations: file sha256 + time), and from a hash
 * of the content for the result and the document itself.
 */
import type { AndroidIdentity, IosIdentity, UssdIdentity } from '../audit.js';
import { endpointLabel } from './identity.js';
import type { Location } from '../findings/types.js';
import { formatLocation } from './location.js';
import type { CoverageRow, ReportFinding, ReportModel } from './model.js';
import {
  CATALOG_TITLE,
  OSCAL_VERSION,
  contentDigest,
  dfslabProp,
  markdownCode,
  markdownText,
  oscalControlId,
  oscalStatementId,
  type OscalProp,
} from './oscal-catalog.js';
import { stableStringify } from './stable-json.js';
import { uuidV5 } from './uuid.js';

/** The time used when the model carries none (see the module comment). */
export const UNKNOWN_TIME = '1970-01-01T00:00:00Z';

export interface RenderOscalAssessmentResultsOptions {
  /** Where dfslab's OSCAL catalog is published (URL or relative path); recorded on the catalog resource. */
  catalogHref?: string;
}

/** Target when a finding references no DFS item (no check does today); it is not a control of the catalog. */
const UNMAPPED_TARGET = 'dfslab-unmapped';

const LOCATION_FIELDS = ['archive', 'path', 'element', 'attribute', 'class', 'method', 'call', 'symbol', 'key'] as const satisfies readonly (keyof Location)[];

export function renderOscalAssessmentResults(model: ReportModel, opts: RenderOscalAssessmentResultsOptions = {}): string {
  return stableStringify(buildOscalAssessmentResults(model, opts));
}

/** Uuids from names, made unique inside one document (a repeated name gets a counter). */
class UuidScope {
  private readonly seen = new Map<string, number>();
  constructor(private readonly prefix: string) {}

  take(name: string): string {
    const n = this.seen.get(name) ?? 0;
    this.seen.set(name, n + 1);
    return uuidV5(`${this.prefix}/${name}${n ? `#${n}` : ''}`);
  }
}

interface AppFacts {
  /** Stable id of the app across versions: platform + package / bundle id. */
  key: string;
  name: string;
  label: string;
  props: OscalProp[];
  description: string;
}

function appFacts(model: ReportModel): AppFacts {
  const app = model.app;
  if (app.platform === 'android') return androidFacts(app);
  if (app.platform === 'ussd') return ussdFacts(app);
  return iosFacts(app);
}

function ussdFacts(app: UssdIdentity): AppFacts {
  const where = endpointLabel(app.endpoint);
  return {
    key: `ussd/${app.serviceCode}/${where}`,
    name: `USSD ${app.serviceCode}`,
    label: `USSD ${app.serviceCode} (${where})`,
    description: `USSD service ${markdownCode(app.serviceCode)} at ${markdownCode(where)}, tested live through the ${markdownText(app.dialect)} gateway protocol; the evidence is the run's transcript.`,
    props: [
      ...dfslabProp('platform', 'ussd'),
      ...dfslabProp('service-code', app.serviceCode),
      ...dfslabProp('endpoint', where),
      ...dfslabProp('dialect', app.dialect),
      ...dfslabProp('requests', app.requests),
    ],
  };
}

function androidFacts(app: AndroidIdentity): AppFacts {
  const version = [app.versionName, app.versionCode !== undefined ? `(${app.versionCode})` : undefined].filter(Boolean).join(' ');
  return {
    key: `android/${app.packageName}`,
    name: app.packageName,
    label: version ? `${app.packageName} ${version}` : app.packageName,
    description: `Android app ${markdownCode(app.packageName)}${version ? `, version ${markdownText(version)}` : ''}, read from an ${app.container.toUpperCase()} file.`,
    props: [
      ...dfslabProp('platform', 'android'),
      ...dfslabProp('package-name', app.packageName),
      ...(app.versionName !== undefined ? dfslabProp('version-name', app.versionName) : []),
      ...(app.versionCode !== undefined ? dfslabProp('version-code', app.versionCode) : []),
      ...dfslabProp('min-sdk', app.minSdk),
      ...dfslabProp('target-sdk', app.targetSdk),
      ...dfslabProp('signature-verified', app.signatureVerified),
      ...app.signers.flatMap((s) => dfslabProp('signer-sha256', s.sha256)),
    ],
  };
}

function iosFacts(app: IosIdentity): AppFacts {
  const version = [app.version, app.build !== undefined ? `(${app.build})` : undefined].filter(Boolean).join(' ');
  const name = app.displayName ? `${app.displayName} (${app.bundleId})` : app.bundleId;
  return {
    key: `ios/${app.bundleId}`,
    name,
    label: version ? `${name} ${version}` : name,
    description: `iOS app ${markdownCode(app.bundleId)}${version ? `, version ${markdownText(version)}` : ''}, read from an IPA file.`,
    props: [
      ...dfslabProp('platform', 'ios'),
      ...dfslabProp('bundle-id', app.bundleId),
      ...(app.version !== undefined ? dfslabProp('version-name', app.version) : []),
      ...(app.build !== undefined ? dfslabProp('build', app.build) : []),
      ...(app.minimumOsVersion !== undefined ? dfslabProp('minimum-os-version', app.minimumOsVersion) : []),
      ...app.signers.flatMap((s) => dfslabProp('signer-sha256', s.sha256)),
    ],
  };
}

/** What an observation and a finding both say about a dfslab finding. */
function findingProps(f: ReportFinding): OscalProp[] {
  return [
    ...dfslabProp('check-id', f.checkId),
    ...dfslabProp('severity', f.severity),
    ...dfslabProp('confidence', f.confidence),
    ...dfslabProp('fingerprint', f.fingerprint),
    ...dfslabProp('status', f.status),
  ];
}

/** The OSCAL assessment results as a plain object (what `renderOscalAssessmentResults` prints). */
export function buildOscalAssessmentResults(model: ReportModel, opts: RenderOscalAssessmentResultsOptions = {}): { 'assessment-results': Record<string, unknown> } {
  const time = model.generatedAt ?? UNKNOWN_TIME;
  const app = appFacts(model);
  const target = model.target;
  const audit = new UuidScope(`audit/${target.sha256}/${time}`);
  const perApp = new UuidScope(`app/${app.key}`);

  const ids = {
    plan: uuidV5('resource/assessment-plan/dfslab-automated-assessment'),
    catalog: uuidV5('resource/catalog/dfslab'),
    file: uuidV5(`resource/file/${target.sha256}`),
    appComponent: uuidV5(`component/app/${app.key}`),
    inventory: uuidV5(`inventory-item/file/${target.sha256}`),
    tool: uuidV5('component/tool/dfslab'),
    platform: uuidV5('assessment-platform/dfslab'),
  };
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }];
  const subjects = [{ 'subject-uuid': ids.inventory, type: 'inventory-item' }];

  const automated = model.coverage.filter((r) => r.mode === 'automated');
  const coveredIds = new Set(automated.map((r) => r.itemId));

  // Observations: findings, then passes, in report order.
  const observations: Record<string, unknown>[] = [];
  const findingObservation = new Map<ReportFinding, string>();
  const findingObservationsByCheck = new Map<string, string[]>();
  for (const f of model.findings) {
    const uuid = audit.take(`observation/finding/${f.fingerprint}`);
    findingObservation.set(f, uuid);
    pushTo(findingObservationsByCheck, f.checkId, uuid);
    observations.push({
      uuid,
      title: markdownText(f.title),
      description: markdownText(f.message),
      props: findingProps(f),
      methods: ['TEST'],
      types: ['finding'],
      origins,
      subjects,
      ...nonEmpty('relevant-evidence', evidenceOf(f.locations, f.evidence, ids.file)),
      collected: time,
    });
  }
  const passObservationsByCheck = new Map<string, string[]>();
  for (const p of model.passes) {
    const uuid = audit.take(`observation/pass/${p.checkId}/${stableStringify(p.locations, 0)}`);
    pushTo(passObservationsByCheck, p.checkId, uuid);
    observations.push({
      uuid,
      title: markdownText(p.title),
      description: markdownText(p.message),
      props: [...dfslabProp('check-id', p.checkId), ...dfslabProp('result', 'pass')],
      methods: ['TEST'],
      types: ['control-objective'],
      origins,
      subjects,
      ...nonEmpty('relevant-evidence', evidenceOf(p.locations, p.evidence, ids.file)),
      collected: time,
    });
  }

  // Findings: one per dfslab finding, then one per covered item without a finding of its own.
  const findings: Record<string, unknown>[] = [];
  const primaryItems = new Set<string>();
  for (const f of model.findings) {
    const primary = f.references.dfs.find((id) => coveredIds.has(id)) ?? f.references.dfs[0];
    if (primary) primaryItems.add(primary);
    findings.push({
      uuid: perApp.take(`finding/${f.fingerprint}`),
      title: markdownText(f.title),
      description: markdownText(f.message),
      props: [
        ...findingProps(f),
        ...(f.baseline ? dfslabProp('baseline', f.baseline) : []),
        ...f.references.dfs.flatMap((id) => dfslabProp('dfs-item', id)),
        ...f.references.masvs.flatMap((id) => dfslabProp('masvs', id)),
        ...f.references.maswe.flatMap((id) => dfslabProp('maswe', id)),
        ...f.references.cwe.flatMap((id) => dfslabProp('cwe', id)),
      ],
      origins,
      target: {
        type: 'statement-id',
        'target-id': primary ? oscalStatementId(primary) : UNMAPPED_TARGET,
        status: { state: 'not-satisfied', reason: 'fail' },
        ...(primary ? {} : { remarks: 'This finding references no DFS catalog item.' }),
      },
      'related-observations': [{ 'observation-uuid': findingObservation.get(f) as string }],
      remarks: findingRemarks(f),
    });
  }
  for (const row of automated) {
    if (row.result === 'pass' || row.result === 'no-finding') {
      const related = row.checks.flatMap((c) => passObservationsByCheck.get(c.checkId) ?? []);
      findings.push(itemFinding(row, 'satisfied', perApp, origins, related));
    } else if (row.result === 'fail' && !primaryItems.has(row.itemId)) {
      const failing = row.checks.filter((c) => c.result === 'fail').map((c) => c.checkId);
      const related = failing.flatMap((id) => findingObservationsByCheck.get(id) ?? []);
      findings.push(itemFinding(row, 'not-satisfied', perApp, origins, related));
    }
  }

  const manual = model.coverage.filter((r) => r.mode === 'manual');
  const notRun = automated.filter((r) => r.result === 'not-run');
  const resultBody = {
    title: `Static analysis of ${markdownText(target.file)}`,
    description:
      `Automated static analysis (${model.scope.method}) of ${markdownText(app.label)} by ${model.tool.name} ${model.tool.version}: ` +
      `${model.scope.checksRun.length} checks run, ${model.summary.open} open and ${model.summary.suppressed} suppressed findings, ` +
      `${model.summary.passes} protections found; score ${model.score.score}/100, grade ${model.score.grade}.`,
    start: time,
    props: [
      ...dfslabProp('method', model.scope.method),
      ...dfslabProp('score', model.score.score),
      ...dfslabProp('grade', model.score.grade),
      ...dfslabProp('checks-run', model.scope.checksRun.length),
      ...dfslabProp('checks-failed', model.scope.checksFailed.length),
      ...dfslabProp('findings-open', model.summary.open),
      ...dfslabProp('findings-suppressed', model.summary.suppressed),
      ...dfslabProp('anomalies', model.anomalies.length),
      ...dfslabProp('controls-assessed', automated.length - notRun.length),
      ...dfslabProp('controls-not-run', notRun.length),
      ...dfslabProp('controls-not-assessed', manual.length),
      ...(model.scope.suppressionsFile ? dfslabProp('suppressions-file', model.scope.suppressionsFile) : []),
      ...(model.scope.baselineFile ? dfslabProp('baseline-file', model.scope.baselineFile) : []),
      ...(model.scope.restriction ? dfslabProp('restriction', model.scope.restriction) : []),
    ],
    links: [{ href: `#${ids.catalog}`, rel: 'reference', text: CATALOG_TITLE }],
    'local-definitions': {
      components: [
        {
          uuid: ids.appComponent,
          type: 'software',
          title: markdownText(app.name),
          description: app.description,
          props: app.props,
          status: { state: 'other', remarks: 'Audited as a package file; its deployment status is not known to dfslab.' },
        },
      ],
      'inventory-items': [
        {
          uuid: ids.inventory,
          description: `The audited file ${markdownCode(target.file)} (${target.size} bytes).`,
          props: [
            ...dfslabProp('file-name', target.file),
            ...dfslabProp('file-size', target.size),
            ...dfslabProp('sha256', target.sha256),
            ...dfslabProp('sha1', target.sha1),
            ...dfslabProp('md5', target.md5),
          ],
          links: [{ href: `#${ids.file}`, rel: 'reference', text: target.file }],
          'implemented-components': [{ 'component-uuid': ids.appComponent }],
        },
      ],
      'assessment-assets': {
        components: [
          {
            uuid: ids.tool,
            type: 'software',
            title: model.tool.name,
            description: 'Offline audit engine for DFS (digital financial services) security labs: reads Android and iOS packages directly and checks them against the DFS recommendations.',
            props: dfslabProp('version', model.tool.version),
            status: { state: 'operational' },
          },
        ],
        'assessment-platforms': [{ uuid: ids.platform, title: model.tool.name, 'uses-components': [{ 'component-uuid': ids.tool }] }],
      },
    },
    'reviewed-controls': {
      description: `The DFS items that a ${model.scope.platform} check of dfslab covers (automated, ${model.scope.method}).`,
      'control-selections': [
        automated.length
          ? { 'include-controls': automated.map((r) => ({ 'control-id': oscalControlId(r.itemId) })) }
          : { remarks: 'No DFS item has an automated check for this platform.' },
      ],
      remarks: `${manual.length} of the ${model.coverage.length} catalog items have no automated check for this platform and were not assessed by this result.`,
    },
    ...nonEmpty('observations', observations),
    ...nonEmpty('findings', findings),
    remarks: resultRemarks(model, manual, notRun),
  };
  // From the content: two renderings of one file (other checks, suppressions, language) are different results.
  const result = { uuid: uuidV5(`result/${contentDigest(resultBody)}`), ...resultBody };

  const body = {
    metadata: {
      title: `dfslab assessment of ${markdownText(app.label)}`,
      'last-modified': time,
      version: model.tool.version,
      'oscal-version': OSCAL_VERSION,
      ...(model.generatedAt
        ? {}
        : { remarks: `No date was given to dfslab; every date in this document is the placeholder ${UNKNOWN_TIME}.` }),
    },
    'import-ap': {
      href: `#${ids.plan}`,
      remarks: 'dfslab has no separate assessment plan; this points at the back-matter resource that describes the implicit one.',
    },
    results: [result],
    'back-matter': {
      resources: [
        {
          uuid: ids.plan,
          title: 'dfslab automated assessment (implicit assessment plan)',
          description:
            `Static analysis (${model.scope.method}) of one app package with every selected dfslab check, against the DFS items of the dfslab catalog ` +
            'that those checks cover. The other items are on the manual checklist of the report.',
          props: [{ name: 'type', value: 'plan' }],
        },
        {
          uuid: ids.catalog,
          title: CATALOG_TITLE,
          description: 'dfslab\'s OSCAL catalog; its control ids are the DFS item ids in lower case (`APP-41` is `app-41`).',
          props: [{ name: 'type', value: 'standard' }],
          ...(opts.catalogHref ? { rlinks: [{ href: opts.catalogHref, 'media-type': 'application/oscal.catalog+json' }] } : {}),
        },
        {
          uuid: ids.file,
          title: markdownText(target.file),
          description: model.scope.platform === 'ussd' ? 'The transcript of the USSD test run (every request and answer).' : `The audited ${model.scope.platform === 'android' ? 'Android' : 'iOS'} package.`,
          props: [{ name: 'type', value: 'artifact' }],
          rlinks: [
            {
              href: encodeURIComponent(target.file),
              'media-type': mediaTypeOf(model),
              hashes: [{ algorithm: 'SHA-256', value: target.sha256 }],
            },
          ],
        },
      ],
    },
  };
  return { 'assessment-results': { uuid: uuidV5(`assessment-results/${contentDigest(body)}`), ...body } };
}

function mediaTypeOf(model: ReportModel): string {
  // IANA registers a type for APKs only; split sets and IPAs are ZIP archives.
  if (model.app.platform === 'ussd') return 'application/json';
  return model.app.platform === 'android' && model.app.container === 'apk' ? 'application/vnd.android.package-archive' : 'application/zip';
}

function itemFinding(
  row: CoverageRow,
  state: 'satisfied' | 'not-satisfied',
  perApp: UuidScope,
  origins: unknown,
  related: string[],
): Record<string, unknown> {
  const checks = row.checks.map((c) => `${c.checkId} (${c.result})`).join(', ');
  const manualPart = row.verification.filter((v) => v !== 'SA-APK' && v !== 'SA-IPA');
  const remarks =
    state === 'satisfied' && row.manualPart
      ? `Only the static part of this item was assessed; it also needs ${manualPart.join(', ')} (see its assessment method in the catalog).`
      : undefined;
  return {
    uuid: perApp.take(`item/${row.itemId}`),
    title: `${row.itemId}: ${row.title}`,
    description:
      state === 'satisfied'
        ? `The checks covering this item ran and reported no weakness: ${checks}.`
        : `Checks covering this item reported findings (recorded on another item's statement): ${checks}.`,
    props: [
      ...dfslabProp('dfs-item', row.itemId),
      ...dfslabProp('coverage-result', row.result ?? 'not-run'),
      ...row.checks.flatMap((c) => dfslabProp('check-id', c.checkId, { class: c.result })),
      ...(state === 'satisfied' && row.manualPart ? dfslabProp('manual-part', 'pending') : []),
    ],
    origins,
    target: {
      type: 'statement-id',
      'target-id': oscalStatementId(row.itemId),
      status: { state, reason: state === 'satisfied' ? 'pass' : 'fail' },
    },
    ...nonEmpty('related-observations', related.map((uuid) => ({ 'observation-uuid': uuid }))),
    ...(remarks ? { remarks } : {}),
  };
}

function findingRemarks(f: ReportFinding): string {
  const lines = [`Remediation: ${markdownText(f.remediation)}`];
  const s = f.suppression;
  if (f.status === 'suppressed' && s) {
    lines.push(`Suppressed by ${markdownText(s.by)}${s.expires ? ` until ${s.expires}` : ''} (${markdownText(s.source)}): ${markdownText(s.reason)}`);
  }
  const e = f.expiredSuppression;
  if (e) lines.push(`A suppression expired on ${e.expires ?? 'an earlier date'} (${markdownText(e.source)}); the finding is open again.`);
  return lines.join('\n\n');
}

function resultRemarks(model: ReportModel, manual: CoverageRow[], notRun: CoverageRow[]): string {
  const appItems = manual.filter((r) => r.scope === 'app').map((r) => r.itemId);
  const lines = [
    `Not assessed: ${manual.length} DFS items have no automated ${model.scope.platform} check and need a manual test ` +
      `(${appItems.length} of them concern the app${appItems.length ? `: ${appItems.join(', ')}` : ''}; the others concern other channels or the provider).`,
  ];
  if (notRun.length) lines.push(`Covered but not run (checks deselected or failed): ${notRun.map((r) => r.itemId).join(', ')}.`);
  if (model.scope.checksFailed.length) lines.push(`Checks that failed to run: ${model.scope.checksFailed.map((c) => c.checkId).join(', ')}.`);
  return lines.join('\n\n');
}

/** Relevant evidence: each location, then each evidence string, all pointing at the audited file. */
function evidenceOf(locations: readonly Location[], evidence: readonly string[], fileUuid: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const loc of locations) {
    const text = formatLocation(loc);
    if (text.trim() === '') continue;
    out.push({
      href: `#${fileUuid}`,
      description: `Location: ${markdownCode(text)}`,
      props: [
        ...LOCATION_FIELDS.flatMap((k) => (typeof loc[k] === 'string' ? dfslabProp(`location-${k}`, loc[k] as string) : [])),
        ...(loc.pc !== undefined ? dfslabProp('location-pc', loc.pc) : []),
        ...(loc.library ? dfslabProp('third-party-library', true) : []),
      ],
    });
  }
  for (const e of evidence) {
    if (e.trim() === '') continue;
    out.push({ href: `#${fileUuid}`, description: `Evidence: ${markdownCode(e)}` });
  }
  // OSCAL arrays have at least one item; an evidence entry without props must not carry an empty array.
  return out.map((x) => (Array.isArray(x.props) && x.props.length === 0 ? { href: x.href, description: x.description } : x));
}

function nonEmpty<K extends string, T>(key: K, list: T[]): Partial<Record<K, T[]>> {
  return list.length ? ({ [key]: list } as Record<K, T[]>) : {};
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
