/**
 * Translations of a questionnaire: the `languages` declaration and the `i18n` fields are validated like the rest
 * of the file (every problem with its line and column), a localised questionnaire takes each translated text and
 * keeps the English of the others, scores are the same in every language, and a score or comparison made with
 * the English texts (a frozen snapshot) is given the translated ones by id. The bundled questionnaire carries
 * French and Spanish for every text: titles, levels, answers, the whole risk profile and the 69 questions.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  QuestionnaireError,
  bundledQuestionnaire,
  compareAssessments,
  domainBarsSvg,
  domainsOf,
  localizeComparison,
  localizeQuestionnaire,
  localizeScore,
  parseQuestionnaire,
  questionsOf,
  radarSvg,
  scoreAssessment,
  type QuestionnaireProblem,
} from './index.js';

const SMALL = readFileSync(fileURLToPath(new URL('./testdata/small.yaml', import.meta.url)), 'utf8');

/** The small questionnaire with French and partial Spanish translations, in block and flow style. */
const TRANSLATED = SMALL.replace('version: "0.1"\n', 'version: "0.1"\nlanguages: [fr, es]\ni18n:\n  fr: { title: Petit questionnaire de test }\n')
  .replace('  - {level: 1, name: Initial, description: Ad hoc.}', '  - {level: 1, name: Initial, description: Ad hoc., i18n: {fr: {name: Initial FR}, es: {name: Inicial}}}')
  .replace('  - {value: not-implemented, label: Not implemented, credit: 0}', '  - {value: not-implemented, label: Not implemented, credit: 0, i18n: {fr: {label: Non mis en œuvre}}}')
  .replace(
    '      text: Channels?\n',
    '      text: Channels?\n      i18n:\n        fr:\n          text: Canaux ?\n        es:\n          text: ¿Canales?\n',
  )
  .replace('        - {id: ussd, text: USSD, risk: 3}', '        - {id: ussd, text: USSD, risk: 3, i18n: {fr: {text: USSD (menus)}}}')
  .replace('    title: Pillar one\n', '    title: Pillar one\n    i18n: {fr: {title: Pilier un}, es: {title: Pilar uno}}\n')
  .replace('        title: Domain one\n', '        title: Domain one\n        i18n: {fr: {title: Domaine un}}\n')
  .replace(
    '          - {id: Q3, text: Third, guidance: G, level: 2, weight: 3, recommendation: Do the third thing., catalog: [SIM-03, PLAT-15]}',
    '          - {id: Q3, text: Third, guidance: G, level: 2, weight: 3, recommendation: Do the third thing., catalog: [SIM-03, PLAT-15], i18n: {fr: {text: Troisième, recommendation: Faites la troisième chose.}}}',
  );

function problemsOf(text: string): QuestionnaireProblem[] {
  try {
    parseQuestionnaire(text, 'test.yaml');
  } catch (e) {
    if (e instanceof QuestionnaireError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a QuestionnaireError');
}

/** 1-based line and column of the first occurrence of `needle`. */
function where(text: string, needle: string): { line: number; col: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

describe('questionnaire translations: the schema', () => {
  it('reads the declared languages and every node’s translations', () => {
    expect(TRANSLATED).not.toBe(SMALL);
    const q = parseQuestionnaire(TRANSLATED, 'translated.yaml');
    expect(q.languages).toEqual(['fr', 'es']);
    expect(q.i18n).toEqual({ fr: { title: 'Petit questionnaire de test' } });
    expect(q.maturityLevels[0]?.i18n).toEqual({ fr: { name: 'Initial FR' }, es: { name: 'Inicial' } });
    expect(q.answerScale[0]?.i18n).toEqual({ fr: { label: 'Non mis en œuvre' } });
    expect(q.riskProfile.questions[0]?.i18n).toEqual({ fr: { text: 'Canaux ?' }, es: { text: '¿Canales?' } });
    expect(q.riskProfile.questions[0]?.choices[1]?.i18n).toEqual({ fr: { text: 'USSD (menus)' } });
    expect(q.pillars[0]?.i18n).toEqual({ fr: { title: 'Pilier un' }, es: { title: 'Pilar uno' } });
    expect(q.pillars[0]?.domains[0]?.i18n).toEqual({ fr: { title: 'Domaine un' } });
    expect(questionsOf(q).find((x) => x.question.id === 'Q3')?.question.i18n).toEqual({ fr: { text: 'Troisième', recommendation: 'Faites la troisième chose.' } });
    // A file without translations declares no language.
    expect(parseQuestionnaire(SMALL, 'small.yaml').languages).toEqual([]);
  });

  it('refuses a language that is not declared, with its line and column', () => {
    const text = TRANSLATED.replace('        es:\n          text: ¿Canales?\n', '        sp:\n          text: ¿Canales?\n');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ...where(text, 'sp:'), message: 'RP-A: "sp" is not one of the languages the questionnaire declares (fr, es)' });
    // Without any `languages`, the problem says how to declare one.
    const undeclared = SMALL.replace('    title: Pillar one\n', '    title: Pillar one\n    i18n: {fr: {title: Pilier un}}\n');
    const p2 = problemsOf(undeclared);
    expect(p2).toEqual([{ file: 'test.yaml', ...where(undeclared, 'fr: {title: Pilier un}'), message: 'P1: a translation into "fr", but the questionnaire declares no languages; add "languages: [fr]" at the top' }]);
  });

  it('refuses a field the node cannot translate, a text it does not have, an empty or non-text translation', () => {
    // A domain has no "text" field; a pillar one has no description to translate; a choice's translation is empty.
    const text = TRANSLATED.replace('i18n: {fr: {title: Domaine un}}', 'i18n: {fr: {text: Domaine un}}')
      .replace('i18n: {fr: {title: Pilier un}, es: {title: Pilar uno}}', 'i18n: {fr: {title: Pilier un, description: Le premier}, es: {title: Pilar uno}}')
      .replace('i18n: {fr: {text: USSD (menus)}}', "i18n: {fr: {text: ''}}")
      .replace('i18n: {fr: {label: Non mis en œuvre}}', 'i18n: {fr: {label: 3}}');
    const problems = problemsOf(text);
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, 'text: Domaine un'), message: 'D1 (i18n.fr): unknown field "text" (known fields: title, description)' });
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, 'Le premier'), message: 'P1: i18n.fr translates "description", which this pillar does not have in English' });
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, "''}}"), message: 'RP-A.choices[1] (i18n.fr): field "text" must not be empty' });
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, '3}}}'), message: 'answerScale[0] (i18n.fr): field "label" must be text (quote it if it looks like a number or date)' });
    expect(problems).toHaveLength(4);
  });

  it('refuses a malformed i18n or languages field', () => {
    const text = TRANSLATED.replace('languages: [fr, es]', 'languages: [fr, es, en, FR, fr]').replace('i18n: {fr: {title: Domaine un}}', 'i18n: [fr]').replace(
      'i18n: {fr: {text: Troisième, recommendation: Faites la troisième chose.}}',
      'i18n: {fr: Troisième}',
    );
    const problems = problemsOf(text);
    const lang = where(text, 'languages:').line;
    expect(problems).toContainEqual({ file: 'test.yaml', line: lang, col: 21, message: 'questionnaire: "en" is the text of the questionnaire itself; list only the languages it is translated into' });
    expect(problems).toContainEqual({ file: 'test.yaml', line: lang, col: 25, message: 'questionnaire: each entry of "languages" must be a language code of two or three lower-case letters, e.g. fr' });
    expect(problems).toContainEqual({ file: 'test.yaml', line: lang, col: 29, message: 'questionnaire: language "fr" is listed twice' });
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, '[fr]\n'), message: 'D1: "i18n" must be a mapping of language codes to translated fields, e.g. fr: { title: … }' });
    expect(problems).toContainEqual({ file: 'test.yaml', ...where(text, 'Troisième}'), message: 'Q3: i18n.fr must be a mapping of fields to their translation, e.g. { text: … }' });
    expect(problems).toHaveLength(5);
  });
});

describe('questionnaire translations: localising', () => {
  const q = parseQuestionnaire(TRANSLATED, 'translated.yaml');

  it('takes each translated text and keeps the English of the others', () => {
    const fr = localizeQuestionnaire(q, 'fr');
    expect(fr.title).toBe('Petit questionnaire de test');
    expect(fr.maturityLevels.map((l) => l.name)).toEqual(['Initial FR', 'Developing', 'Defined']);
    expect(fr.answerScale.map((e) => e.label)).toEqual(['Non mis en œuvre', 'Partially implemented', 'Largely implemented', 'Fully implemented', 'Not applicable']);
    expect(fr.riskProfile.questions.map((x) => x.text)).toEqual(['Canaux ?', 'Volume?']);
    expect(fr.riskProfile.questions[0]?.choices.map((c) => c.text)).toEqual(['App', 'USSD (menus)', 'Open API']);
    expect(domainsOf(fr).map((r) => [r.pillar.title, r.domain.title])).toEqual([
      ['Pilier un', 'Domaine un'],
      ['Pillar two', 'Domain two'],
    ]);
    const q3 = questionsOf(fr).find((x) => x.question.id === 'Q3')!.question;
    expect([q3.text, q3.guidance, q3.recommendation]).toEqual(['Troisième', 'G', 'Faites la troisième chose.']);
    // Spanish has fewer translations: the rest is English.
    const es = localizeQuestionnaire(q, 'es');
    expect(es.title).toBe('Small test questionnaire');
    expect(es.pillars.map((p) => p.title)).toEqual(['Pilar uno', 'Pillar two']);
    expect(es.pillars[0]?.domains[0]?.title).toBe('Domain one');
    // English, and a language the file does not have, give the questionnaire itself; the original is untouched.
    expect(localizeQuestionnaire(q, 'en')).toBe(q);
    expect(localizeQuestionnaire(q, 'de')).toBe(q);
    expect(q.title).toBe('Small test questionnaire');
    expect(q.pillars[0]?.title).toBe('Pillar one');
  });

  it('scores the same in every language, and localises an English score by id', () => {
    const profile = { 'RP-A': ['ussd'], 'RP-B': 'mid' };
    const answers = { Q1: { value: 'fully-implemented' as const }, Q2: { value: 'largely-implemented' as const }, Q3: { value: 'not-implemented' as const } };
    const en = scoreAssessment(q, profile, answers);
    const fr = localizeQuestionnaire(q, 'fr');
    const scoredInFrench = scoreAssessment(fr, profile, answers);
    const numbers = (s: typeof en) => ({ ...s, questionnaire: s.questionnaire.id, domains: s.domains.map((d) => ({ ...d, title: '' })), pillars: s.pillars.map((p) => ({ ...p, title: '' })), gaps: s.gaps.map((g) => g.questionId) });
    expect(numbers(scoredInFrench)).toEqual(numbers(en));
    // The English score (as a frozen snapshot keeps it) shown in French.
    const shown = localizeScore(en, fr);
    expect(shown).toEqual(scoredInFrench);
    expect(shown.domains.map((d) => d.title)).toEqual(['Domaine un', 'Domain two']);
    expect(shown.gaps.find((g) => g.questionId === 'Q3')).toMatchObject({ text: 'Troisième', recommendation: 'Faites la troisième chose.', domainTitle: 'Domaine un' });
    expect(en.domains[0]?.title).toBe('Domain one'); // not changed in place
    // A comparison is localised the same way.
    const later = scoreAssessment(q, profile, { ...answers, Q3: { value: 'fully-implemented' } });
    expect(localizeComparison(compareAssessments(en, later), fr).domains.map((d) => d.title)).toEqual(['Domaine un', 'Domain two']);
  });

  it('keeps the text of a score entry the questionnaire no longer has', () => {
    const en = scoreAssessment(q, {}, {});
    const stale = { ...en, domains: [...en.domains, { ...en.domains[0]!, domainId: 'GONE', title: 'A domain of an older version' }] };
    expect(localizeScore(stale, localizeQuestionnaire(q, 'fr')).domains.at(-1)?.title).toBe('A domain of an older version');
  });
});

describe('chart labels', () => {
  const q = parseQuestionnaire(SMALL, 'small.yaml');
  const score = scoreAssessment(q, {}, {});

  it('writes English by default and the given words otherwise', () => {
    const en = radarSvg(score, { compareWith: score });
    expect(en).toContain('>Attained level<');
    expect(en).toContain('>Target<');
    expect(en).toContain('>Earlier assessment<');
    expect(en).toContain('Radar chart with 2 axes on a scale of 0 to 3.');
    const fr = radarSvg(score, {
      compareWith: score,
      labels: { attained: 'Niveau atteint', target: 'Cible', earlier: 'Évaluation antérieure', was: 'auparavant {value}', radarDescription: 'Radar à {count} axes, de 0 à {max}.' },
    });
    expect(fr).toContain('>Niveau atteint<');
    expect(fr).toContain('>Cible<');
    expect(fr).toContain('auparavant 0');
    expect(fr).toContain('Radar à 2 axes, de 0 à 3.');
    for (const english of ['Attained level', '>Target<', 'Earlier assessment', 'was 0', 'Radar chart']) expect(fr).not.toContain(english);

    const bars = domainBarsSvg(score, { labels: { barValue: '{attained} / cible {target} · {percent}', barDescription: '{domain} : niveau {attained} sur {max}.' } });
    expect(bars).toContain('0 / cible 3 · 0%');
    expect(bars).toContain('Domain one : niveau 0 sur 3.');
    expect(bars).not.toContain('/ target');
    expect(domainBarsSvg(score)).toContain('Domain one: level 0 of 3, target 3, 0%.');
  });
});

describe('the bundled questionnaire in French and Spanish', () => {
  const q = bundledQuestionnaire('dfs-critical-infrastructure');

  it('declares both languages and translates every title, level, answer, the whole risk profile and every question', () => {
    expect(q.languages).toEqual(['fr', 'es']);
    for (const lang of ['fr', 'es']) {
      const l = localizeQuestionnaire(q, lang);
      const changed = <T>(a: T[], b: T[]): boolean => a.every((x, i) => x !== b[i]);
      expect(l.title).not.toBe(q.title);
      expect(changed(l.pillars.map((p) => p.title), q.pillars.map((p) => p.title)), lang).toBe(true);
      expect(changed(domainsOf(l).map((r) => r.domain.title), domainsOf(q).map((r) => r.domain.title)), lang).toBe(true);
      expect(changed(domainsOf(l).map((r) => r.domain.description), domainsOf(q).map((r) => r.domain.description)), lang).toBe(true);
      expect(changed(l.answerScale.map((e) => e.label), q.answerScale.map((e) => e.label)), lang).toBe(true);
      expect(l.maturityLevels.every((m, i) => m.description !== q.maturityLevels[i]?.description), lang).toBe(true);
      expect(changed(l.riskProfile.questions.map((x) => x.text), q.riskProfile.questions.map((x) => x.text)), lang).toBe(true);
      const choices = (x: typeof q) => x.riskProfile.questions.flatMap((pq) => pq.choices.map((c) => c.text));
      expect(changed(choices(l), choices(q)), lang).toBe(true);
      expect(choices(l)).toHaveLength(41);
      const texts = (x: typeof q) => questionsOf(x).flatMap(({ question }) => [question.text, question.guidance, question.recommendation]);
      expect(texts(l)).toHaveLength(69 * 3);
      expect(changed(texts(l), texts(q)), lang).toBe(true);
      // Ids, levels and weights are the same.
      expect(questionsOf(l).map((x) => [x.question.id, x.question.level, x.question.weight])).toEqual(questionsOf(q).map((x) => [x.question.id, x.question.level, x.question.weight]));
    }
    expect(localizeQuestionnaire(q, 'fr').pillars[0]?.domains[0]?.title).toBe('Stratégie et surveillance par le conseil d’administration');
    expect(localizeQuestionnaire(q, 'es').riskProfile.questions[0]?.text).toBe('¿Qué canales usan sus clientes para mover dinero a través de sus sistemas?');
  });
});
