/**
 * The engagement pages in French and in Spanish, through HTTP like a browser, on both databases: the list and the
 * "plan an engagement" form, an engagement's page (phase, scope, team, testing, plan, history), a manual plan row
 * after a failed result (with a review comment on it), the review page, the findings list and one finding's page
 * (the lab's, and a provider representative's on a delivered audit, with its answer form and a refused answer
 * shown again in the reader's language), and a training engagement's form, samples page and trainer's view.
 * The reader chooses the language with the switcher (`POST /language`); each page says it in `<html lang>`,
 * shows the translated words and none of the English ones they replaced, keeps what comes from data (titles,
 * the catalog's titles, comments, dates in ISO form) as written, brings the switcher back to itself, and passes
 * the static page rules. A user who chose no language gets the same pages in English, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addFindings, deliver, getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { page, text, unescape } from './page-helpers.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';
import { expectWords, htmlLang, nextField, pageIn as servedIn, useLang } from './i18n-helpers.js';

const DAY = 86_400_000;

/** The page in the given language: served, in that language, passing the static rules, the switcher coming back to it. */
async function pageIn(c: Client, path: string, lang: string): Promise<{ html: string; words: string }> {
  const r = await servedIn(c, path, lang);
  expect(nextField(r.html), path).toBe(path);
  return r;
}

interface PlanRowJson {
  id: string;
  item_id: string;
  title: string;
  mode: 'manual' | 'automated';
}

describe.each(BACKENDS)('the engagement and training pages in French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let id: string;
  let row: PlanRowJson;
  let findingId: string;
  let trainingId: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    // An audit in testing: a manual row failed (which makes a finding), a review comment on that row.
    id = (await planEngagement(lab)).id;
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const rows = (await getJson<{ rows: PlanRowJson[] }>(lab.as.lead, `/api/v1/engagements/${id}/plan`)).body.rows;
    row = rows.find((r) => r.mode === 'manual' && r.item_id.startsWith('APP-'))!;
    const failed = await lab.as.auditor.request('POST', `/api/v1/engagements/${id}/rows/${row.id}/result`, {
      json: { result: 'fail', notes: 'Four digits accepted.', severity: 'high', appId: lab.androidAppId },
    });
    expect(failed.status, failed.text_).toBe(200);
    const comment = await lab.as.lead.request('POST', `/api/v1/engagements/${id}/comments`, { json: { targetType: 'row', targetId: row.id, body: 'Check the PIN lockout again.' } });
    expect(comment.status, comment.text_).toBe(201);
    const findings = (await getJson<{ findings: Array<{ id: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/findings`)).body.findings;
    expect(findings).toHaveLength(1);
    findingId = findings[0]!.id;
    // A training engagement, with the auditor as trainee (the lab's USSD service takes another code first: the
    // fixture lab's is the reference service's, which a training engagement registers under its own provider).
    await t.p.db.query("update apps set identifier = '*384*99#' where id = $1", [lab.ussdAppId]);
    const training = await lab.as.lead.request('POST', '/api/v1/training', { json: { title: 'Cohort 1', trainees: [lab.users.auditor.email] } });
    expect(training.status, training.text_).toBe(201);
    trainingId = (JSON.parse(training.text_) as { engagement: { id: string } }).engagement.id;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('keeps the pages in English for a reader who chose no language', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = lab.as.admin;
    expectWords((await pageIn(en, `/engagements/${id}`, 'en')).words, ['Phase 2 of 7: Testing', 'Test plan', 'Linked scans', 'Planned the engagement', 'Moved it from Planning to Testing', 'Row result', 'Apps and services in scope', 'Move to reporting'], [], 'en engagement');
    expectWords((await pageIn(en, `/engagements/${id}/rows/${row.id}`, 'en')).words, ['What to test', 'How to test', 'Fail', 'Review comments', '· Manual test · Testing'], [], 'en row');
    expectWords((await pageIn(en, `/engagements/${id}/review`, 'en')).words, ['Where the review stands', 'not submitted for review yet', '1 approval required before delivery', 'on plan row'], [], 'en review');
    expectWords((await pageIn(en, `/engagements/${id}/findings`, 'en')).words, ['1 finding, 0 answered by the provider; none overdue.', 'The findings of this engagement, most severe first', 'not released to the provider'], [], 'en findings');
    expectWords((await pageIn(en, `/engagements/${trainingId}/training`, 'en')).words, ['Answer key', 'Expected findings', 'M-Wallet is not running on this server.'], [], 'en trainer');
  });

  it('shows the engagements list, the planning form and an engagement page in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.lead;
    await useLang(c, 'fr');
    const list = await pageIn(c, '/engagements', 'fr');
    expect(list.html).toContain('<title>Missions · dfslab</title>');
    expectWords(list.words, ['Planifier une mission', 'Créer une mission de formation', 'Les missions auxquelles vous avez accès', 'Votre rôle', 'Mission de formation', 'TestPay 2026 audit', '2026-11-01'], ['Plan an engagement', 'Engagements you reach', 'Your role', 'Training engagement'], 'fr list');
    const form = await pageIn(c, '/engagements/new', 'fr');
    expectWords(form.words, ['Applications dans le périmètre', 'l’application Android est analysée', 'Approbations requises avant la livraison', 'Planifier la mission', 'Version de TestPay wallet'], ['Apps in scope', 'the Android app is scanned', 'Plan the engagement'], 'fr form');

    const fr = await pageIn(c, `/engagements/${id}`, 'fr');
    expect(fr.html).toContain('<title>TestPay 2026 audit · dfslab</title>');
    expectWords(
      fr.words,
      ['Audit de Testland Mobile Money ·', 'Phase 2 sur 7 :', 'Planification (terminée)', 'Passer à la rédaction du rapport', 'Revue, constats et rapport', 'Constats et remédiation', 'Périmètre', 'Canaux', 'Applications et services dans le périmètre', 'Ajouter un membre', 'Réviseur (de ce laboratoire ou d’un organe de supervision)', 'Déposer une version de TestPay wallet', 'Analyses rattachées', 'Aucune analyse rattachée pour l’instant.', 'Plan de test', 'automatisées', 'non testées', 'Non conforme', 'A planifié la mission', 'L’a fait passer de « Planification » à «', 'lead user: Commentaire Check the PIN lockout again.', 'Résultat de test', 'TestPay wallet', '4.2.0'],
      ['Phase 2 of 7', 'Move to reporting', 'Review, findings and report', 'Apps and services in scope', 'Add a member', 'Linked scans', 'No scan linked yet.', 'Test plan', 'Planned the engagement', 'Upload a build of', 'Row result', 'Moved it from'],
      'fr engagement',
    );
    // The team's roles: the oversight reviewer is "Réviseur", the lead "Responsable".
    expect(fr.words).toMatch(/Responsable/);

    await useLang(c, 'es');
    const es = await pageIn(c, `/engagements/${id}`, 'es');
    expectWords(
      es.words,
      ['Fase 2 de 7', 'Pasar a la redacción del informe', 'Revisión, hallazgos e informe', 'Alcance', 'Canales', 'Agregar un miembro', 'Análisis vinculados', 'Plan de pruebas', 'automatizados', 'no probados', 'No conforme', 'Planificó la auditoría'],
      ['Phase 2 of 7', 'Move to reporting', 'Scope', 'Add a member', 'Linked scans', 'Test plan', 'Planned the engagement'],
      'es engagement',
    );
    expectWords((await pageIn(c, '/engagements', 'es')).words, ['Planificar una auditoría', 'Las auditorías a las que tiene acceso'], ['Plan an engagement'], 'es list');
    await useLang(c, 'en');
  });

  it('shows a plan row page and the review page in French and in Spanish; the catalog and the comments stay as written', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.auditor;
    const rowPath = `/engagements/${id}/rows/${row.id}`;
    await useLang(c, 'fr');
    const fr = await pageIn(c, rowPath, 'fr');
    expect(fr.html).toContain(`<title>${row.item_id} · `);
    expectWords(
      fr.words,
      ['Retour à TestPay 2026 audit', 'Test manuel ·', 'Résultat', 'Non conforme', 'Manuel : enregistré par l’équipe', 'Testé par', 'élevée', 'Four digits accepted.', 'Ce qu’il faut tester', 'Exigence', 'Comment tester', 'Enregistrer le résultat', 'En cas d’échec', 'Fichiers de preuve', 'Joindre les fichiers', 'Commentaires de revue', 'Check the PIN lockout again.', row.title],
      ['Back to TestPay', 'Manual test', 'What to test', 'How to test', 'Record the result', 'If it failed', 'Attach the files', 'Review comments', 'Tested by'],
      'fr row',
    );
    const review = await pageIn(c, `/engagements/${id}/review`, 'fr');
    expect(review.html).toContain('<title>Revue : TestPay 2026 audit · dfslab</title>');
    expectWords(
      review.words,
      ['Retour à la mission « TestPay 2026 audit »', 'Où en est la revue', 'Tour en cours', 'pas encore soumis à la revue', '1 approbation requise avant la livraison', 'Décisions', 'Aucun tour pour l’instant', 'sur la ligne du plan', 'tour 0', 'Check the PIN lockout again.', 'La mission dans son ensemble'],
      ['Where the review stands', 'Current round', 'not submitted for review yet', 'approval required', 'No round yet', 'on plan row', 'The engagement as a whole'],
      'fr review',
    );

    await useLang(c, 'es');
    const es = await pageIn(c, rowPath, 'es');
    expectWords(es.words, ['Volver a TestPay 2026 audit', 'Prueba manual', 'Qué probar', 'Cómo probar', 'Registrar el resultado', 'No conforme', 'Comentarios de revisión', 'Check the PIN lockout again.'], ['What to test', 'Record the result', 'Review comments'], 'es row');
    const esReview = await pageIn(c, `/engagements/${id}/review`, 'es');
    expectWords(esReview.words, ['Estado de la revisión', 'Ronda actual', 'todavía no enviado a revisión', '1 aprobación requerida antes de la entrega', 'sobre la fila del plan'], ['Where the review stands', 'on plan row'], 'es review');
    await useLang(c, 'en');
  });

  it("shows the lab's findings pages in French, and a provider's delivered audit in Spanish with a refused answer shown again", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.lead;
    await useLang(c, 'fr');
    const list = await pageIn(c, `/engagements/${id}/findings`, 'fr');
    expect(list.html).toContain('<title>Constats de TestPay 2026 audit · dfslab</title>');
    expectWords(
      list.words,
      ['1 constat, dont 0 avec une réponse du fournisseur; aucun en retard.', 'Les constats de cette mission, des plus graves aux moins graves', 'Origine', 'Test manuel', 'non communiqué au fournisseur', 'Pas encore de réponse', 'La dernière réponse du fournisseur', 'élevée'],
      ['answered by the provider', 'The findings of this engagement', 'not released to the provider', 'No answer yet', "The provider's latest answer"],
      'fr findings',
    );
    const one = await pageIn(c, `/engagements/${id}/findings/${findingId}`, 'fr');
    expectWords(
      one.words,
      ['Tous les constats de la mission', 'Communiqué au fournisseur', 'pas encore', 'Ce qui a été relevé, où, et comment le corriger', 'Les réponses du fournisseur', 'Pas encore de réponse.', 'Les contre-tests sont enregistrés une fois le rapport livré.'],
      ['All findings of the engagement', "The provider's answers", 'No answer yet.', 'Retests are recorded once the report is delivered.'],
      'fr finding',
    );
    await useLang(c, 'en');

    // A delivered audit, as its provider's representative reads it in Spanish.
    const delivered = (await planEngagement(lab, { title: 'TestPay 2027 audit' })).id;
    const [late] = await addFindings(t, lab, delivered, [{ title: 'Four-digit PIN accepted', dueAt: new Date(Date.now() - 3 * DAY) }]);
    await deliver(t, delivered);
    const rep = lab.as.provider;
    await useLang(rep, 'es');
    const eng = await pageIn(rep, `/engagements/${delivered}`, 'es');
    expectWords(eng.words, ['Informe y hallazgos', 'Hallazgos por responder', 'Alcance', 'Entregada el'], ['Report and findings', 'Findings to answer', 'Delivered on'], 'es provider engagement');
    const repList = await pageIn(rep, `/engagements/${delivered}/findings`, 'es');
    expectWords(
      repList.words,
      ['1 hallazgo, 0 respondido por el proveedor; vencidos: 1 (sin resolver', 'Los hallazgos de esta auditoría que se le comunicaron', 'Su última respuesta', 'Four-digit PIN accepted', '(vencido)'],
      ['answered by the provider', 'Your latest answer', 'released to you'],
      'es provider findings',
    );
    const answerPath = `/engagements/${delivered}/findings/${late}`;
    const answer = await pageIn(rep, answerPath, 'es');
    expectWords(answer.words, ['Responder a este hallazgo', 'Plan de remediación', 'Fecha objetivo', 'Está corregido: el laboratorio puede volver a probarlo', 'Enviar la respuesta'], ['Answer this finding', 'Remediation plan', 'Send the answer'], 'es answer');
    // An answer without a plan is refused, and the page comes back in Spanish with the service's (English) message.
    const action = unescape(new RegExp(`action="(${answerPath}/responses\\?_csrf=[^"]+)"`).exec(answer.html)![1]!);
    const fd = new FormData();
    fd.set('plan', '');
    fd.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'screen.png');
    const refused = await rep.request('POST', action, { body: fd });
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('es');
    expect(text(refused.text_)).toContain('Responder a este hallazgo');
    // An answer with no file at all is taken (the files are optional).
    const sent = new FormData();
    sent.set('plan', 'Six digits from release 4.3.');
    const ok = await rep.request('POST', action, { body: sent });
    expect(ok.status, ok.text_.slice(0, 300)).toBe(303);
    expectWords((await pageIn(rep, answerPath, 'es')).words, ['envió un plan', 'ningún archivo de evidencia', 'Six digits from release 4.3.'], ['sent a plan', 'no evidence file'], 'es answered');
    await useLang(rep, 'en');
  });

  it('shows the training form, the samples page and the trainer’s view in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = lab.as.lead;
    await useLang(c, 'fr');
    const form = await pageIn(c, '/training/new', 'fr');
    expect(form.html).toContain('<title>Créer une mission de formation · dfslab</title>');
    expectWords(form.words, ['Une mission de formation suit le déroulement habituel', 'Adresses e-mail des stagiaires', 'Créer la mission de formation'], ["Trainees' e-mail addresses", 'Set up the training engagement'], 'fr training form');
    const samples = await pageIn(c, `/engagements/${trainingId}/training/samples`, 'fr');
    expect(samples.html).toContain('<title>Exemples de Cohort 1 · dfslab</title>');
    expectWords(
      samples.words,
      ['Retour à la mission', 'Vue du formateur', 'Planification', 'Voici les versions que cette mission de formation audite', 'L’analyse est ouverte au responsable', 'Télécharger l’APK', 'Télécharger l’IPA', 'Fichier fourni :', 'M-Wallet se teste en direct'],
      ['Back to the engagement', "Trainer's view", 'Download the APK', 'Bundled file', 'M-Wallet is tested live'],
      'fr samples',
    );
    const key = await pageIn(c, `/engagements/${trainingId}/training`, 'fr');
    expectWords(
      key.words,
      ['Vue du formateur de Cohort 1', 'Seuls vous (le formateur)', 'lignes du corrigé', 'Erroné', 'Constats attendus', 'Service USSD de référence', 'M-Wallet ne fonctionne pas sur ce serveur.', 'Démarrer M-Wallet et créer sa cible', 'Corrigé', 'Pourquoi, et où regarder', 'Attendu'],
      ['Answer key', 'Expected findings', 'keyed rows correct', 'M-Wallet is not running', 'Start M-Wallet', 'Why, and where to look'],
      'fr trainer',
    );

    await useLang(c, 'es');
    expectWords((await pageIn(c, '/training/new', 'es')).words, ['Una auditoría de capacitación sigue el flujo de trabajo habitual', 'Crear la auditoría de capacitación'], ['Set up the training engagement'], 'es training form');
    expectWords((await pageIn(c, `/engagements/${trainingId}/training/samples`, 'es')).words, ['Volver a la auditoría', 'Vista del instructor', 'Descargar el APK', 'Archivo incluido:'], ['Download the APK', 'Bundled file'], 'es samples');
    expectWords((await pageIn(c, `/engagements/${trainingId}/training`, 'es')).words, ['Clave de respuestas', 'Hallazgos esperados', 'Iniciar M-Wallet y crear su destino', 'Por qué y dónde mirar'], ['Answer key', 'Expected findings', 'Start M-Wallet'], 'es trainer');
    await useLang(c, 'en');
  });
});
