/**
 * @module resilience/model
 * The plain data of a cyber-resilience questionnaire once it has been validated (see validate.ts), and the
 * fixed vocabularies the format relies on: the answer values and the CPMI-IOSCO cyber-resilience categories.
 * Everything here is data; scoring lives in score.ts.
 *
 * Translations. A questionnaire is written in English, and any node with text (the questionnaire itself, a
 * maturity level, an answer-scale entry, a profile question and its choices, a pillar, a domain, a question)
 * may carry `i18n`: per language code, the translation of some of its texts (`{ fr: { title: '…' } }`). They
 * are display only: ids, levels, weights and choices are the same in every language, so answers and scores
 * never depend on the language they were given in. `localizeQuestionnaire` (i18n.ts) picks one language, text
 * by text, with the English as the fallback.
 */

/**
 * The implementation scale every question is answered on, in increasing order (C2M2's four-point scale),
 * plus "not applicable", which always needs a justification.
 */
export const ANSWER_VALUES = [
  'not-implemented',
  'partially-implemented',
  'largely-implemented',
  'fully-implemented',
  'not-applicable',
] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** Answers that count as "met" for the cumulative maturity rule and the gap list. */
export const MET_VALUES: ReadonlySet<AnswerValue> = new Set(['largely-implemented', 'fully-implemented']);

/**
 * The categories of the CPMI-IOSCO Guidance on cyber resilience for FMIs (2016): five risk-management
 * categories, three overarching components, and third-party risk, which the guidance treats under
 * identification and interconnections but which DFS supervisors ask about on its own.
 */
export const RESILIENCE_CATEGORIES = [
  'governance',
  'identification',
  'protection',
  'detection',
  'response-recovery',
  'testing',
  'situational-awareness',
  'learning-evolving',
  'third-party-risk',
] as const;
export type ResilienceCategory = (typeof RESILIENCE_CATEGORIES)[number];

/** Number of inherent-risk levels (1 = least, 5 = most, as the FFIEC CAT's Least … Most). */
export const RISK_LEVELS = 5;

/**
 * Translations of some texts of one node: language code (as declared in the questionnaire's `languages`) →
 * field name → text. A field left out shows in English.
 */
export type Translations<K extends string> = Readonly<Record<string, Readonly<Partial<Record<K, string>>>>>;

export interface MaturityLevel {
  /** 1, 2, 3 … in order; 0 is reserved for "no level attained". */
  level: number;
  name: string;
  description: string;
  i18n?: Translations<'name' | 'description'>;
}

export interface AnswerScaleEntry {
  value: AnswerValue;
  label: string;
  /** Share of the question's weight the answer earns (0..1); absent for not-applicable, which is left out. */
  credit?: number;
  /** Always true for not-applicable, absent otherwise. */
  requiresJustification?: boolean;
  i18n?: Translations<'label'>;
}

export interface ProfileChoice {
  id: string;
  text: string;
  /** Inherent-risk level this choice stands for, 1..5. */
  risk: number;
  i18n?: Translations<'text'>;
}

export interface ProfileQuestion {
  id: string;
  text: string;
  guidance?: string;
  /** When true several choices may be picked; the question then takes the highest risk among them. */
  multiple: boolean;
  weight: number;
  choices: ProfileChoice[];
  i18n?: Translations<'text' | 'guidance'>;
}

export interface RiskProfile {
  questions: ProfileQuestion[];
  /** Target maturity level for risk levels 1..5 (index 0 is risk level 1), for every domain without its own. */
  targets: number[];
}

export interface Question {
  id: string;
  text: string;
  guidance: string;
  /** The maturity level this question evidences. */
  level: number;
  weight: number;
  /** What to do when the question is not met; shown in the gap list. */
  recommendation: string;
  /** DFS catalog item ids (e.g. PLAT-14) the question maps to; may be empty. */
  catalog: string[];
  /** False when "not applicable" is not an acceptable answer for this question. */
  allowNotApplicable: boolean;
  /** Where the question is defined. */
  line: number;
  i18n?: Translations<'text' | 'guidance' | 'recommendation'>;
}

export interface Domain {
  id: string;
  title: string;
  description?: string;
  category: ResilienceCategory;
  /** Target maturity per risk level 1..5, overriding the profile's default targets. */
  targets?: number[];
  questions: Question[];
  i18n?: Translations<'title' | 'description'>;
}

export interface Pillar {
  id: string;
  title: string;
  description?: string;
  domains: Domain[];
  i18n?: Translations<'title' | 'description'>;
}

export interface Questionnaire {
  id: string;
  title: string;
  version: string;
  description?: string;
  /** Free-text citations of the frameworks the questionnaire draws on. */
  sources: string[];
  maturityLevels: MaturityLevel[];
  answerScale: AnswerScaleEntry[];
  riskProfile: RiskProfile;
  pillars: Pillar[];
  /** The file the questionnaire was read from (as given to the parser). */
  file: string;
  /** The languages the questionnaire carries translations for (besides English), as declared; may be empty. */
  languages: string[];
  i18n?: Translations<'title' | 'description'>;
}

/** A domain with the pillar it belongs to, in questionnaire order. */
export interface DomainRef {
  pillar: Pillar;
  domain: Domain;
}

/** Every domain of the questionnaire with its pillar, in questionnaire order. */
export function domainsOf(q: Questionnaire): DomainRef[] {
  return q.pillars.flatMap((pillar) => pillar.domains.map((domain) => ({ pillar, domain })));
}

/** Every question of the questionnaire with its pillar and domain, in questionnaire order. */
export function questionsOf(q: Questionnaire): { pillar: Pillar; domain: Domain; question: Question }[] {
  return domainsOf(q).flatMap(({ pillar, domain }) => domain.questions.map((question) => ({ pillar, domain, question })));
}
