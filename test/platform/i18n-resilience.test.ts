/**
 * The resilience pages in French and Spanish, through HTTP like a browser, on both databases. A lead starts two
 * assessments of the bundled questionnaire through the API; auditors fill the risk profile and answer a domain
 * (the first assessment through the API, the second through the French form), the first is finalised (its
 * score frozen in English). Then, with the language switcher set to French and to Spanish: the list, the
 * overview with its radar and bar charts, a domain's questions, the risk profile and the comparison say their
 * language in `<html lang>`, show the page's words and the questionnaire's texts (pillars, domains, levels,
 * answer labels, the risk profile) in that language and none of the English ones they replaced, keep what
 * people wrote and the services' (English) messages as they are, and pass the static page rules. The answers
 * and the scores do not depend on the language: a form sent in French stores the same values, and the API
 * gives the same JSON in every language. Without a language the pages are English as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';
import { expectWords, htmlLang, pageIn, useLang } from './i18n-helpers.js';

const QID = 'dfs-critical-infrastructure';

/** The contents of the first <svg> whose aria-labelledby starts with `prefix`. */
function svg(html: string, prefix: string): string {
  const m = new RegExp(`<svg [^>]*aria-labelledby="${prefix}-title[^"]*"[\\s\\S]*?</svg>`).exec(html);
  expect(m, `svg ${prefix}`).not.toBeNull();
  return m![0];
}

async function api<T>(c: Client, method: string, path: string, json?: unknown): Promise<T> {
  const r = await c.request(method, path, json === undefined ? {} : { json });
  expect(r.status, `${method} ${path}: ${r.text_}`).toBeLessThan(300);
  return JSON.parse(r.text_) as T;
}

/** The English the French and Spanish pages must no longer show. */
const ENGLISH = {
  overview: ['Scores per domain', 'Gaps and recommendations', 'Inherent risk level', 'Strategy and board oversight', 'Governance', 'Submit for review', 'Unanswered questions', 'Open conflicts', 'started the assessment', 'All assessments'],
  domain: ['Save your answers', 'Merged answer', 'Fully implemented', 'Partially implemented', 'Not applicable', 'Evidence (one reference per line)', 'Back to the assessment', 'Next domain', 'Answers given'],
  profile: ['Which channels do your customers use', 'Save the risk profile', 'Tick every choice that applies', 'USSD or SIM toolkit menus', 'Fewer than one million', 'Target maturity per domain'],
  compare: ['Compare assessments', 'Improved answers', 'Regressed answers', 'Later assessment', 'Attained level and score per domain'],
  charts: ['Attained level', 'Earlier assessment', 'Radar chart with', ': maturity per domain', '/ target ', 'was '],
};

describe.each(BACKENDS)('the resilience pages in French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let first = '';
  let second = '';

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    lab = await seedLab(t);
    const start = async (title: string): Promise<string> =>
      (await api<{ assessment: { id: string } }>(lab.as.lead, 'POST', '/api/v1/resilience', { providerId: lab.providerId, questionnaireId: QID, title, period: '2026', reviewerId: lab.users.reviewer.id })).assessment.id;
    first = await start('Passerelle USSD 2025');
    second = await start('Passerelle USSD 2026');
    const profile = { 'RP-CHANNELS': ['ussd-stk', 'open-api'], 'RP-VOLUME': '10m-50m', 'RP-SYSTEMIC': 'major' };
    for (const id of [first, second]) await api(lab.as.auditor, 'PUT', `/api/v1/resilience/${id}/profile`, { answers: profile });
    await api(lab.as.auditor, 'PUT', `/api/v1/resilience/${first}/domains/GOV-STRATEGY/answers`, {
      answers: {
        'GOV-STRATEGY-1': { value: 'fully-implemented', comment: 'Nommé en 2025', evidence: ['pv-conseil-2025.pdf'] },
        'GOV-STRATEGY-2': { value: 'partially-implemented' },
      },
    });
    await api(lab.as.lead, 'POST', `/api/v1/resilience/${first}/status`, { action: 'submit' });
    const final = await api<{ frozen: boolean }>(lab.as.reviewer, 'POST', `/api/v1/resilience/${first}/status`, { action: 'finalise' });
    expect(final.frozen).toBe(true);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('stores the same answers from a French form, and the API answers the same JSON in every language', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.auditor;
    await useLang(c, 'fr');
    const path = `/resilience/${second}/domains/GOV-STRATEGY`;
    const form = await pageIn(c, path, 'fr');
    expect(form.html).toContain('type="radio" name="value_GOV-STRATEGY-1" value="fully-implemented"');
    // A refused form comes back in French, with the service's message as it is.
    const refused = await postForm(c, path, [['value_GOV-STRATEGY-3', 'not-applicable']]);
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('fr');
    expectWords(text(refused.text_), ['Les réponses n’ont pas été enregistrées : voyez les questions signalées ci-dessous.', '"not applicable" needs a justification'], ['The answers were not saved'], 'fr refused');
    const saved = await postForm(c, path, [
      ['value_GOV-STRATEGY-1', 'fully-implemented'],
      ['value_GOV-STRATEGY-2', 'fully-implemented'],
      ['value_GOV-STRATEGY-3', 'not-applicable'],
      ['justification_GOV-STRATEGY-3', 'Stratégie du groupe'],
    ]);
    expect(saved.status).toBe(303);

    const views: string[] = [];
    for (const lang of ['fr', 'es', 'en']) {
      await useLang(c, lang);
      const r = await c.get(`/api/v1/resilience/${second}`);
      expect(r.status).toBe(200);
      views.push(r.text_);
    }
    expect(views[0]).toBe(views[2]);
    expect(views[1]).toBe(views[2]);
    const view = JSON.parse(views[2]!) as { answers: Array<{ questionId: string; value: string; justification: string | null }>; score: { domains: Array<{ domainId: string; title: string }> } };
    expect(view.answers.map((a) => [a.questionId, a.value]).sort()).toEqual([
      ['GOV-STRATEGY-1', 'fully-implemented'],
      ['GOV-STRATEGY-2', 'fully-implemented'],
      ['GOV-STRATEGY-3', 'not-applicable'],
    ]);
    expect(view.score.domains.find((d) => d.domainId === 'GOV-STRATEGY')?.title).toBe('Strategy and board oversight');
    const rows = await t.p.db.query<{ value: string }>('select value from resilience_answers where assessment_id = $1 order by question_id', [second]);
    expect(rows.map((r) => r.value)).toEqual(['fully-implemented', 'fully-implemented', 'not-applicable']);
  });

  it('shows the list, an overview with its charts and a frozen score in French and in Spanish, English by default', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.lead;
    const en = await pageIn(c, `/resilience/${first}`, 'en');
    expectWords(en.words, ['Scores per domain', 'Strategy and board oversight', 'Inherent risk level', 'This assessment is final', 'Final'], [], 'en overview');
    expect(svg(en.html, 'radar')).toContain('>Attained level<');

    await useLang(c, 'fr');
    const list = await pageIn(c, '/resilience', 'fr');
    expectWords(list.words, ['Évaluations de ce laboratoire, de la plus récente à la plus ancienne', 'Établissement', 'Score final', 'Lancer une évaluation', 'Établissement évalué', 'opérateur de réseau mobile', 'Cyberrésilience des infrastructures critiques des SFN (version 1.0)', 'Définitive', 'Brouillon', 'Comparer deux évaluations', 'Réviseur', 'Passerelle USSD 2025'], ['Assessments of this lab', 'Start an assessment', 'Assessed institution', 'mobile network operator', 'Cyber resilience of DFS critical infrastructure', 'Draft'], 'fr /resilience');
    expect(list.html).toContain('<title>Évaluations de la cyberrésilience · dfslab</title>');
    expect(list.html).toMatch(/reviewer user \(Réviseur\)/);

    const fr = await pageIn(c, `/resilience/${first}`, 'fr');
    expectWords(
      fr.words,
      ['Niveau de risque inhérent', 'Scores par domaine', 'Écarts et recommandations', 'Stratégie et surveillance par le conseil d’administration', 'Gouvernance', 'Gestion des risques', 'Réponse aux incidents', 'Cette évaluation est définitive', 'Définitive depuis le', 'Questions sans réponse', 'Historique', 'a lancé l’évaluation', 'l’a finalisée ; le score est figé', 'Liste des écarts', 'Réponse actuelle', 'Partiellement mis en œuvre', 'Passerelle USSD 2025'],
      [...ENGLISH.overview, 'Partially implemented', 'This assessment is final'],
      'fr overview',
    );
    // The gap list's questions and recommendations are texts of the questionnaire, translated with it.
    expectWords(
      fr.words,
      ['GOV-STRATEGY-2 Une stratégie de cyberrésilience écrite couvre chaque service critique', 'Rédigez une stratégie de cyberrésilience qui énumère les services critiques'],
      ['A written cyber-resilience strategy covers', 'Write a cyber-resilience strategy'],
      'fr gap list',
    );
    const radar = svg(fr.html, 'radar');
    expect(radar).toContain('<title id="radar-title">Cyberrésilience des infrastructures critiques des SFN : maturité par domaine</title>');
    expect(radar).toContain('>Niveau atteint<');
    expect(radar).toContain('>Cible<');
    expect(radar).toContain('Graphique en radar à 16 axes, sur une échelle de 0 à 5.');
    expect(radar).toContain('Stratégie et surveillance par le conseil d’administration : niveau atteint');
    const bars = svg(fr.html, 'bars');
    expect(bars).toMatch(/\d \/ cible \d · [\d.]+%/);
    expect(bars).toContain('Continuité et reprise : niveau');
    for (const s of ENGLISH.charts) {
      expect(radar, `fr radar without ${s}`).not.toContain(s);
      expect(bars, `fr bars without ${s}`).not.toContain(s);
    }

    await useLang(c, 'es');
    const es = await pageIn(c, `/resilience/${first}`, 'es');
    expectWords(
      es.words,
      ['Nivel de riesgo inherente', 'Puntuaciones por dominio', 'Brechas y recomendaciones', 'Estrategia y supervisión del directorio', 'Gobernanza', 'Gestión de riesgos', 'Esta evaluación es definitiva', 'Preguntas sin responder', 'inició la evaluación', 'Parcialmente implementado', 'Redacte una estrategia de ciberresiliencia'],
      [...ENGLISH.overview, 'Partially implemented', 'Write a cyber-resilience strategy'],
      'es overview',
    );
    const esRadar = svg(es.html, 'radar');
    expect(esRadar).toContain('Ciberresiliencia de la infraestructura crítica de los SFD: madurez por dominio');
    expect(esRadar).toContain('>Nivel alcanzado<');
    expect(esRadar).toContain('>Objetivo<');
    for (const s of ENGLISH.charts) expect(esRadar, `es radar without ${s}`).not.toContain(s);
    const esList = await pageIn(c, '/resilience', 'es');
    expectWords(esList.words, ['Evaluaciones de este laboratorio', 'Institución evaluada', 'Iniciar una evaluación', 'operador de red móvil', 'Definitiva', 'Borrador'], ['Start an assessment', 'Draft'], 'es /resilience');
    await useLang(c, 'en');
  });

  it('shows a domain’s questions and the risk profile in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.auditor2;
    const domain = `/resilience/${second}/domains/GOV-STRATEGY`;
    const en = await pageIn(c, domain, 'en');
    expectWords(en.words, ['Save your answers', 'Merged answer: Fully implemented', 'Level 1 (Initial) · weight 3', 'CPMI-IOSCO category: Governance'], [], 'en domain');

    await useLang(c, 'fr');
    const fr = await pageIn(c, domain, 'fr');
    expectWords(
      fr.words,
      ['Stratégie et surveillance par le conseil d’administration', 'GOV-STRATEGY-1 Une personne de la direction, nommément désignée, répond de la cyberrésilience', 'Recherchez la lettre de nomination', 'Enregistrer vos réponses', 'Réponse consolidée : Entièrement mis en œuvre', 'Niveau 1 (Initial) · poids 3', 'Niveau 2 (En développement)', 'Catégorie CPIM-OICV : Gouvernance', 'Gouvernance · ', 'Réponses données :', 'Justification : Stratégie du groupe', 'Entièrement mis en œuvre', 'Partiellement mis en œuvre', 'Non applicable', 'Justification (obligatoire pour « Non applicable »)', 'Éléments de preuve (une référence par ligne)', 'Domaine suivant', 'Retour à l’évaluation'],
      [...ENGLISH.domain, 'Level 1', 'CPMI-IOSCO category', 'A named senior person is accountable', 'Look for the appointment letter'],
      'fr domain',
    );
    expect(fr.html).toContain('<title>Stratégie et surveillance par le conseil d’administration : Passerelle USSD 2026 · dfslab</title>');
    // The ids the form sends are the same in every language.
    expect(fr.html).toContain('type="radio" name="value_GOV-STRATEGY-2" value="largely-implemented"');

    const profile = await pageIn(c, `/resilience/${second}/profile`, 'fr');
    expectWords(
      profile.words,
      ['Par quels canaux vos clients font-ils circuler de l’argent dans vos systèmes ?', 'Des menus USSD ou SIM Toolkit acheminés par un opérateur de réseau mobile', 'Dix à cinquante millions', 'Cochez tous les choix qui s’appliquent.', 'Choisissez-en un.', 'Enregistrer le profil de risque', 'Niveau de risque inhérent', 'Maturité cible par domaine à ce niveau de risque', 'Continuité et reprise', 'Profil de risque inhérent'],
      ENGLISH.profile,
      'fr profile',
    );
    expect(profile.html).toContain('type="checkbox" name="p_RP-CHANNELS" value="ussd-stk" checked');

    await useLang(c, 'es');
    const es = await pageIn(c, domain, 'es');
    expectWords(es.words, ['Estrategia y supervisión del directorio', 'Una persona de la alta dirección, designada por su nombre', 'Guardar sus respuestas', 'Respuesta consolidada: Totalmente implementado', 'Nivel 1 (Inicial) · peso 3', 'Categoría CPMI-IOSCO: Gobernanza', 'No aplica', 'Dominio siguiente'], ENGLISH.domain, 'es domain');
    const esProfile = await pageIn(c, `/resilience/${second}/profile`, 'es');
    expectWords(
      esProfile.words,
      ['¿Qué canales usan sus clientes para mover dinero a través de sus sistemas?', 'Menús USSD o SIM Toolkit transportados por un operador de red móvil', 'Diez a cincuenta millones', 'Marque todas las opciones que correspondan.', 'Guardar el perfil de riesgo'],
      ENGLISH.profile,
      'es profile',
    );
    // A refused profile comes back in Spanish with the service's own message.
    const refused = await postForm(c, `/resilience/${second}/profile`, [['p_RP-AGENTS', 'a-million']]);
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('es');
    expectWords(text(refused.text_), ['El perfil de riesgo no se guardó', 'unknown choice "a-million"'], ['The risk profile was not saved'], 'es refused profile');
    await useLang(c, 'en');
  });

  it('compares two assessments in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.readonly;
    const path = `/resilience/compare?a=${first}&b=${second}`;
    const en = await pageIn(c, path, 'en');
    expectWords(en.words, ['Compare assessments', 'Improved answers', 'GOV-STRATEGY-2 : Partially implemented → Fully implemented'], [], 'en compare');

    await useLang(c, 'fr');
    const fr = await pageIn(c, path, 'fr');
    expectWords(
      fr.words,
      ['Comparer des évaluations', 'Évaluation antérieure', 'Évaluation ultérieure', 'Réponses améliorées', 'Réponses en recul', 'Autres changements', 'GOV-STRATEGY-2 : Partiellement mis en œuvre → Entièrement mis en œuvre', 'Stratégie et surveillance par le conseil d’administration', 'Niveau avant', 'Passerelle USSD 2025 (Définitive) comparée à Passerelle USSD 2026 (Brouillon).'],
      [...ENGLISH.compare, 'Partially implemented', 'compared with'],
      'fr compare',
    );
    const radar = svg(fr.html, 'radar-compare');
    expect(radar).toContain('>Évaluation antérieure<');
    expect(radar).toMatch(/auparavant \d/);
    for (const s of ENGLISH.charts) expect(radar, `fr compare radar without ${s}`).not.toContain(s);
    // The switcher brings the reader back to the same comparison.
    expect(fr.html).toContain(`<input type="hidden" name="next" value="/resilience/compare?a=${first}&amp;b=${second}">`);

    await useLang(c, 'es');
    const es = await pageIn(c, path, 'es');
    expectWords(es.words, ['Comparar evaluaciones', 'Respuestas mejoradas', 'GOV-STRATEGY-2 : Parcialmente implementado → Totalmente implementado', 'Estrategia y supervisión del directorio'], ENGLISH.compare, 'es compare');
    expect(svg(es.html, 'radar-compare')).toContain('>Evaluación anterior<');
    await useLang(c, 'en');
  });
});
