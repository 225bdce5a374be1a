/**
 * @module resilience/i18n
 * A questionnaire, a score and a comparison in one of the languages a questionnaire carries (its `i18n`
 * fields, see model.ts and validate.ts), so that a lab in Kinshasa or Lima reads the questions in French or
 * Spanish. Text by text: a field with a translation shows it, any other field keeps its English, so a partly
 * translated questionnaire is still whole.
 *
 * Only texts change. Ids, levels, weights, choices and the answer values stay as they are, which is why the
 * answers and scores the platform stores (by id, computed from the English questionnaire, frozen in English at
 * finalisation) never depend on the reader's language: the display is localised at the last moment, by id, with
 * `localizeScore` and `localizeComparison`, even for a score frozen long ago.
 */
import type { AssessmentComparison } from './compare.js';
import { domainsOf, questionsOf, type Questionnaire, type Translations } from './model.js';
import type { AssessmentScore } from './score.js';

/** The texts of a node in `lang`: each translated field replaces the English one; the rest stay. */
function pick<T extends { i18n?: Translations<K> }, K extends string & keyof T>(node: T, lang: string): T {
  const tr = node.i18n?.[lang];
  if (!tr) return node;
  const out = { ...node };
  for (const [field, text] of Object.entries(tr) as [K, string | undefined][]) {
    if (typeof text === 'string' && text !== '') (out as Record<K, unknown>)[field] = text;
  }
  return out;
}

/**
 * The questionnaire with its texts in `lang` where it has them (English elsewhere). English, or a language
 * the questionnaire does not declare, gives the questionnaire itself. The result has the same ids and numbers
 * and scores identically.
 */
export function localizeQuestionnaire(q: Questionnaire, lang: string): Questionnaire {
  if (lang === 'en' || !q.languages.includes(lang)) return q;
  return {
    ...pick(q, lang),
    maturityLevels: q.maturityLevels.map((l) => pick(l, lang)),
    answerScale: q.answerScale.map((e) => pick(e, lang)),
    riskProfile: {
      ...q.riskProfile,
      questions: q.riskProfile.questions.map((pq) => ({ ...pick(pq, lang), choices: pq.choices.map((c) => pick(c, lang)) })),
    },
    pillars: q.pillars.map((p) => ({
      ...pick(p, lang),
      domains: p.domains.map((d) => ({ ...pick(d, lang), questions: d.questions.map((x) => pick(x, lang)) })),
    })),
  };
}

/**
 * A score with the titles and texts of `q` (a localised questionnaire): domain, pillar and questionnaire
 * titles, and the gap list's question texts and recommendations, matched by id. Anything `q` does not have
 * (a question of an older version in a frozen score) keeps the text the score was made with. Numbers are untouched.
 */
export function localizeScore(score: AssessmentScore, q: Questionnaire): AssessmentScore {
  const domains = new Map(domainsOf(q).map(({ domain }) => [domain.id, domain]));
  const pillars = new Map(q.pillars.map((p) => [p.id, p]));
  const questions = new Map(questionsOf(q).map(({ question }) => [question.id, question]));
  return {
    ...score,
    questionnaire: score.questionnaire.id === q.id ? { ...score.questionnaire, title: q.title } : score.questionnaire,
    domains: score.domains.map((d) => ({ ...d, title: domains.get(d.domainId)?.title ?? d.title })),
    pillars: score.pillars.map((p) => ({ ...p, title: pillars.get(p.pillarId)?.title ?? p.title })),
    gaps: score.gaps.map((g) => {
      const question = questions.get(g.questionId);
      return {
        ...g,
        text: question?.text ?? g.text,
        recommendation: question?.recommendation ?? g.recommendation,
        domainTitle: domains.get(g.domainId)?.title ?? g.domainTitle,
      };
    }),
  };
}

/** A comparison with the domain titles of `q` (a localised questionnaire), matched by id. */
export function localizeComparison(c: AssessmentComparison, q: Questionnaire): AssessmentComparison {
  const domains = new Map(domainsOf(q).map(({ domain }) => [domain.id, domain.title]));
  return { ...c, domains: c.domains.map((d) => ({ ...d, title: domains.get(d.domainId) ?? d.title })) };
}
