/**
 * @module dfslab
 * The library face of dfslab: `audit()` gives the same result the CLI prints with `--json`.
 */
export { audit, readInput, type AuditOptions, type AuditResult, type AppIdentity, type AndroidIdentity, type IosIdentity, type ProgressEvent } from './audit.js';
export { AndroidApp } from './app/android.js';
export { IosApp, looksLikeIpa } from './app/ios.js';
export { isZip, ZipArchive } from './formats/zip/index.js';
export { androidChecks } from './checks/android/index.js';
export { iosChecks } from './checks/ios/index.js';
export { allChecks } from './checks/registry.js';
export type { Check, CheckMeta } from './checks/types.js';
export type { Finding, Pass, Location, Severity, References } from './findings/types.js';
export { SEVERITIES } from './findings/types.js';
export { DfslabError, ErrorCodes } from './errors.js';
export { VERSION } from './version.js';
export { loadCatalog, type Catalog } from './catalog/index.js';
export { AUDIT_PROFILES, getAuditProfile, profileItems, type AuditProfile } from './catalog/profiles.js';
export { buildReport, type BuildReportOptions, type ReportModel } from './report/model.js';
export { renderHtml, REPORT_CSP } from './report/html.js';
export { renderPdf, type PdfOptions } from './report/pdf.js';
export { renderReport, REPORT_FORMATS, FORMAT_EXTENSION, type ReportFormat, type RenderOptions } from './report/render.js';
export { renderJson } from './report/json.js';
export { renderCsv } from './report/csv.js';
export { renderSarif } from './report/sarif.js';
export { renderOscalAssessmentResults } from './report/oscal.js';
export { renderOscalCatalog } from './report/oscal-catalog.js';
export { renderEngagementReport, summarizeEngagement, canonicalEngagementReport, ENGAGEMENT_REPORT_FORMATS, ENGAGEMENT_FORMAT_EXTENSION, ENGAGEMENT_REPORT_TOOL, type EngagementReport, type EngagementReportFormat } from './report/engagement.js';
export { LANGS, type Lang } from './report/i18n/index.js';
export { scoreFindings, type Score, type Grade } from './findings/score.js';
export { loadSuppressions, parseSuppressions, applySuppressions, type Suppression } from './findings/suppress.js';
export { loadSavedResult, parseSavedResult } from './findings/result-file.js';
export { diffResults, type ResultDiff } from './findings/diff.js';
export { appIdOf, appNameOf, appVersionOf } from './report/identity.js';
export { loadTarget, parseTarget, connectTarget, type UssdTarget, type Connection } from './ussd/target.js';
export { runUssdTests, planUssdTests, type UssdRunResult } from './ussd/run.js';
export { ussdTests } from './ussd/tests/index.js';
export { crawlMenu, crawlOptionsFor, renderMenuTree, type MenuMap } from './ussd/crawler.js';
export { DIALECTS, dialectById } from './ussd/dialects/index.js';
export { compileTemplateDialect } from './ussd/dialects/template.js';
export { ussdRunToAuditResult, ussdTestsAsChecks } from './ussd/result.js';
export type { Dialect, UssdHop, UssdScreen, TranscriptEntry } from './ussd/types.js';
export {
  parseQuestionnaire, loadQuestionnaire, listQuestionnaires, bundledQuestionnaire, QuestionnaireError,
  scoreAssessment, scoreProfile, checkAnswers, domainTarget, AssessmentInputError,
  mergeContributions, compareAssessments, radarSvg, domainBarsSvg, renderRadar, DEFAULT_CHART_LABELS,
  localizeQuestionnaire, localizeScore, localizeComparison, type ChartLabels, type Translations,
  domainsOf, questionsOf, ANSWER_VALUES, MET_VALUES, RESILIENCE_CATEGORIES, RISK_LEVELS,
  type Questionnaire, type Pillar, type Domain, type Question, type MaturityLevel, type AnswerScaleEntry,
  type AnswerValue, type ResilienceCategory, type RiskProfile, type ProfileQuestion, type ProfileChoice,
  type QuestionnaireProblem, type BundledQuestionnaire, type AnswerInput, type Answers, type ProfileAnswers,
  type AnswerProblem, type ProfileResult, type QuestionResult, type QuestionStatus, type DomainScore,
  type PillarScore, type GapEntry, type AssessmentScore, type Contribution, type TimedAnswer,
  type MergedAssessment, type MergeConflict, type ConflictCandidate, type AssessmentComparison,
  type DomainChange, type QuestionChange, type RadarAxis, type RadarOptions, type RadarRenderOptions,
} from './resilience/index.js';
