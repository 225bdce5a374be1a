/**
 * The sharing pages in French and Spanish, through HTTP like a browser, on both databases: the advisories list,
 * an advisory (with its acknowledgements, thread, exports, marking history and the form that changes the
 * marking), the library list, a document and the diff between two of its versions. Each page says its language
 * in `<html lang>`, shows the translated words and none of the English ones they replaced, keeps the TLP labels
 * as FIRST writes them (TLP:AMBER) while their meanings are translated, keeps what the authors wrote as written,
 * and passes the static page rules; without a language the same pages are English as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type TestPlatform } from './platform.js';
import { expectWords, pageIn, useLang } from './i18n-helpers.js';

const future = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)('the advisories and library pages in French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let advisoryId: string;
  let documentId: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    const a = await lab.as.lead.request('POST', '/api/v1/advisories', {
      json: {
        title: 'PIN reset bypass in the agent USSD menu',
        summary: 'The *reset* menu accepts the old PIN.',
        indicators: 'Short code *384*12#',
        controls: ['USSD-03'],
        channel: 'android',
        severity: 'high',
        tlp: 'amber',
        scope: 'providers',
        providers: [lab.providerId],
        ackDueOn: future(7),
      },
    });
    expect(a.status, a.text_).toBe(201);
    advisoryId = (JSON.parse(a.text_) as { advisory: { id: string } }).advisory.id;
    const m = await lab.as.lead.request('POST', `/api/v1/advisories/${advisoryId}/marking`, { json: { tlp: 'amber', scope: 'lab', reason: 'Held back until the fix ships.' } });
    expect(m.status, m.text_).toBe(200);
    const d = await lab.as.lead.request('POST', '/api/v1/library', {
      json: { title: 'USSD session timeout checklist', body: 'Check the timeout.\n', tags: ['ussd'], reviewOn: '2001-01-01', tlp: 'green', scope: 'community' },
    });
    expect(d.status, d.text_).toBe(201);
    documentId = (JSON.parse(d.text_) as { document: { id: string } }).document.id;
    const v = await lab.as.lead.request('POST', `/api/v1/library/${documentId}/versions`, { json: { body: 'Check the timeout twice.\n', note: 'Twice is safer' } });
    expect(v.status, v.text_).toBe(201);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('shows the advisories list and an advisory in English without a language chosen', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const list = await pageIn(lab.as.lead, '/advisories', 'en');
    expectWords(list.words, ['Write an advisory', 'Search advisories', 'Newest first.', 'TLP:AMBER', 'Android apps', 'Own lab'], [], 'en list');
    const one = await pageIn(lab.as.lead, `/advisories/${advisoryId}`, 'en');
    expectWords(one.words, ['TLP:AMBER — limited to the organisations named', 'Marking history', 'Held back until the fix ships.', 'Change the marking', 'Recommended controls', 'CSV: not allowed for TLP:AMBER'], [], 'en advisory');
  });

  it('shows the advisories list and an advisory in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(lab.as.lead, 'fr');
    const list = await pageIn(lab.as.lead, '/advisories', 'fr');
    expect(list.html).toContain('<title>Alertes');
    expectWords(
      list.words,
      ['Rédiger une alerte', 'Rechercher dans les alertes', 'Les plus récentes en premier.', 'Alertes que vous pouvez lire', 'TLP:AMBER', 'Applications Android', 'Propre laboratoire', 'Marquage', 'Partagé avec', 'PIN reset bypass in the agent USSD menu'],
      ['Write an advisory', 'Search advisories', 'Newest first', 'Android apps', 'Own lab', 'Shared with'],
      'fr list',
    );
    expect(list.html).toMatch(/<span class="sev sev-high">élevée<\/span>/);
    const one = await pageIn(lab.as.lead, `/advisories/${advisoryId}`, 'fr');
    expectWords(
      one.words,
      [
        'TLP:AMBER — limité aux organisations désignées',
        'Résumé',
        'Indicateurs',
        'Contrôles recommandés',
        'Export',
        'CSV : non autorisé pour TLP:AMBER',
        'Historique du marquage',
        'Marquage précédent',
        'Held back until the fix ships.',
        'Changer le marquage',
        'Motif du changement',
        'TLP:RED — pour les seuls destinataires désignés',
        'Vos fournisseurs supervisés',
        'Discussion',
        "Aucun commentaire pour l'instant.",
        'menu accepts the old PIN.',
      ],
      ['limited to the organisations named', 'Marking history', 'Change the marking', 'Recommended controls', 'not allowed for', 'No comment yet', 'Your supervised providers'],
      'fr advisory',
    );

    await useLang(lab.as.lead, 'es');
    const es = await pageIn(lab.as.lead, '/advisories', 'es');
    expectWords(es.words, ['Redactar una alerta', 'Buscar en las alertas', 'Las más recientes primero.', 'Aplicaciones Android', 'Laboratorio propio', 'TLP:AMBER'], ['Write an advisory', 'Newest first', 'Android apps', 'Own lab'], 'es list');
    const esOne = await pageIn(lab.as.lead, `/advisories/${advisoryId}`, 'es');
    expectWords(
      esOne.words,
      ['TLP:AMBER — limitado a las organizaciones nombradas', 'Resumen', 'Controles recomendados', 'Historial de la marca', 'Cambiar la marca', 'CSV: no permitido para TLP:AMBER', 'Held back until the fix ships.'],
      ['limited to the organisations named', 'Marking history', 'Change the marking', 'Recommended controls'],
      'es advisory',
    );
    // The provider's representative's list in Spanish: the advisory is no longer scoped to providers, so it is empty and says so.
    await useLang(lab.as.provider, 'es');
    const rep = await pageIn(lab.as.provider, '/advisories', 'es');
    expectWords(rep.words, ['Todavía no hay alertas.', 'Alertas de amenazas y vulnerabilidades que su laboratorio envió'], ['No advisory yet'], 'es rep list');
    await useLang(lab.as.lead, 'en');
  });

  it('shows the library list, a document and its diff in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(lab.as.auditor, 'fr');
    const list = await pageIn(lab.as.auditor, '/library', 'fr');
    expect(list.html).toContain('<title>Bibliothèque');
    expectWords(
      list.words,
      ['Nouveau document', 'Rechercher dans la bibliothèque', 'Étiquette', 'Documents que vous pouvez lire', 'Les plus récemment modifiés en premier.', 'revue en retard', 'TLP:GREEN', 'USSD session timeout checklist', '#ussd'],
      ['New document', 'Search the library', 'Documents you can read', 'review overdue', 'Most recently changed'],
      'fr library',
    );
    const filtered = await pageIn(lab.as.auditor, '/library?q=timeout&tag=ussd', 'fr');
    expect(filtered.words).toContain('Documents correspondant à « timeout » et étiquetés « ussd »');
    const doc = await pageIn(lab.as.auditor, `/library/${documentId}`, 'fr');
    expectWords(
      doc.words,
      [
        'TLP:GREEN — limité à la communauté',
        'Revue en retard : la date de revue (',
        ') est passée. Le laboratoire propriétaire doit vérifier',
        'propriétaire :',
        '2 (actuelle)',
        'Modifier (enregistre une nouvelle version)',
        'Pièces jointes',
        'Aucun fichier joint.',
        'Chaque version enregistrée, la plus récente en premier',
        'Comparer avec la version 1',
        'première version',
        'Twice is safer',
        'Commentaires',
        'Changer le marquage',
        'Check the timeout twice.',
      ],
      ['Review overdue', 'current)', 'Attachments', 'Compare with version', 'first version', 'Change the marking'],
      'fr document',
    );
    const diff = await pageIn(lab.as.auditor, `/library/${documentId}/diff`, 'fr');
    expectWords(diff.words, ['Retour au document', 'De la version', 'À la version', 'Comparer', 'Version 1 (', '→ version 2 (', 'Twice is safer'], ['Back to the document', 'From version', 'To version'], 'fr diff');
    expect(diff.html).toContain('<title>Modifications : USSD session timeout checklist');

    await useLang(lab.as.auditor, 'es');
    const esList = await pageIn(lab.as.auditor, '/library', 'es');
    expectWords(esList.words, ['Nuevo documento', 'Buscar en la biblioteca', 'Documentos que usted puede leer', 'revisión atrasada'], ['New document', 'Search the library', 'review overdue'], 'es library');
    const esDoc = await pageIn(lab.as.auditor, `/library/${documentId}`, 'es');
    expectWords(
      esDoc.words,
      ['TLP:GREEN — limitado a la comunidad', 'Revisión atrasada:', '2 (actual)', 'Archivos adjuntos', 'Comparar con la versión 1', 'Comentarios', 'Cambiar la marca', 'Exportación'],
      ['Review overdue', 'Attachments', 'Compare with version', 'Change the marking'],
      'es document',
    );
    const esDiff = await pageIn(lab.as.auditor, `/library/${documentId}/diff`, 'es');
    expectWords(esDiff.words, ['Volver al documento', 'Desde la versión', 'Hasta la versión', 'Versión 1 (', '→ versión 2 ('], ['Back to the document', 'From version'], 'es diff');
    const edit = await pageIn(lab.as.auditor, `/library/${documentId}/edit`, 'es');
    expectWords(edit.words, ['Guardar como versión 3', 'Nota de cambio'], ['Save as version'], 'es edit');
    const form = await pageIn(lab.as.auditor, '/library/new', 'es');
    expectWords(form.words, ['Nuevo documento de la biblioteca', 'Marca (TLP 2.0)', 'Solo su laboratorio: su personal', 'TLP:CLEAR — sin límite de divulgación'], ['Your lab only', 'no limit on disclosure'], 'es new document');
    await useLang(lab.as.auditor, 'en');
  });
});
