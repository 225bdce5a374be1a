/**
 * The providers, app, scans, findings and notifications pages and the error page in French and in Spanish,
 * through HTTP like a browser, on both databases: a real scan of the fixture wallet APK (uploaded through the
 * API) gives the scan page its progress box, reports, findings and "first scan" text, and one triaged finding
 * gives the finding page its history. Each page says its language in `<html lang>`, shows the translated
 * words and none of the English ones it replaced, keeps what the engine and the services wrote as written
 * (check ids, finding titles, the English error message), brings the language switcher back to itself, and
 * passes the static page rules; without a language the same pages are English as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { multipart, page, text } from './page-helpers.js';
import { Client, setUpAdmin, startTestPlatform, waitForScan, type TestPlatform } from './platform.js';
import { expectWords, htmlLang, nextField, pageIn, useLang } from './i18n-helpers.js';


describe.each(BACKENDS)('the providers, scans and findings pages in French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let admin: Client;
  let providerId: string;
  let appId: string;
  let scanId: string;
  let findingId: string;
  let checkId: string;
  let findingTitle: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    admin = await setUpAdmin(t);
    const p = await admin.request('POST', '/api/v1/providers', { json: { name: 'MobiCash', kind: 'mno', country: 'Sénégal', licence: 'EME-042' } });
    expect(p.status).toBe(201);
    providerId = (JSON.parse(p.text_) as { provider: { id: string } }).provider.id;
    const a = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'MobiCash Wallet', platform: 'android', identifier: 'org.dfslab.fixture.vulnwallet' } });
    expect(a.status).toBe(201);
    appId = (JSON.parse(a.text_) as { app: { id: string } }).app.id;
    const apk = readFileSync(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'));
    const up = await admin.request('POST', `/api/v1/apps/${appId}/scans`, { body: multipart('wallet 1.0.apk', apk) });
    expect(up.status).toBe(202);
    scanId = (JSON.parse(up.text_) as { scan: { id: string } }).scan.id;
    expect((await waitForScan(t, scanId, 120_000)).status).toBe('done');
    const scan = JSON.parse((await admin.get(`/api/v1/scans/${scanId}`)).text_) as { findings: Array<{ id: string; check_id: string; title: string }> };
    expect(scan.findings.length).toBeGreaterThan(1);
    ({ id: findingId, check_id: checkId, title: findingTitle } = scan.findings[0]!);
    // One triage step, so that the finding page has a history to translate.
    expect((await admin.request('POST', `/api/v1/findings/${findingId}/actions`, { json: { action: 'confirm' } })).status).toBe(200);
  }, 180_000);
  afterAll(async () => t?.stop());

  it('shows the providers list and a provider page in French and in Spanish, English by default', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = await pageIn(admin, '/providers', 'en');
    expectWords(en.words, ['Supervised DFS providers', 'Mobile network operator', 'Add a provider', 'Licence'], [], 'en /providers');

    await useLang(admin, 'fr');
    const fr = await pageIn(admin, '/providers', 'fr');
    expect(fr.html).toContain('<title>Fournisseurs · dfslab</title>');
    expectWords(
      fr.words,
      ['Fournisseurs de services financiers numériques supervisés', 'Opérateur de réseau mobile', 'Agrément', 'Applications', 'Ajouter un fournisseur', 'Ajouter le fournisseur', 'Banque', 'Émetteur de monnaie électronique', 'MobiCash', 'EME-042'],
      ['Supervised DFS providers', 'Mobile network operator', 'Add a provider', 'Licence', 'Kind'],
      'fr /providers',
    );
    // The switcher brings the reader back to this page.
    expect(nextField(fr.html)).toBe('/providers');
    const frOne = await pageIn(admin, `/providers/${providerId}`, 'fr');
    expectWords(frOne.words, ['Opérateur de réseau mobile · Sénégal · agrément EME-042', 'Applications et services USSD', 'Identifiant', 'Ajouter une application', 'Service USSD', 'Identifiant (nom du paquet, identifiant de bundle ou code de service)'], ['Apps and USSD services', 'Add an app', 'USSD service'], 'fr provider');
    expect(nextField(frOne.html)).toBe(`/providers/${providerId}`);

    await useLang(admin, 'es');
    const es = await pageIn(admin, '/providers', 'es');
    expectWords(es.words, ['Proveedores de servicios financieros digitales supervisados', 'Operador de red móvil', 'Licencia', 'Agregar un proveedor', 'Tipo'], ['Supervised DFS providers', 'Add a provider', 'Kind'], 'es /providers');
    const esOne = await pageIn(admin, `/providers/${providerId}`, 'es');
    expectWords(esOne.words, ['Aplicaciones y servicios USSD', 'Agregar una aplicación', 'Servicio USSD', 'licencia EME-042'], ['Add an app'], 'es provider');

    // A refused form re-renders the page in the reader's language, with the service's (English) message.
    const refused = await admin.post('/providers', { name: '', kind: 'bank' });
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('es');
    expect(text(refused.text_)).toContain('Agregar un proveedor');
    await useLang(admin, 'en');
  });

  it('shows the scans list, an app page and a scan page in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = await pageIn(admin, `/scans/${scanId}`, 'en');
    expectWords(en.words, ['Status: Done', 'Download the report', "This is the app's first finished scan: nothing to compare with.", 'Findings this scan saw, worst first'], [], 'en scan');

    await useLang(admin, 'fr');
    const fr = await pageIn(admin, `/scans/${scanId}`, 'fr');
    expect(fr.html).toContain('<title>Analyse de MobiCash Wallet');
    expectWords(
      fr.words,
      ['Statut : Terminée', 'note ', 'Télécharger le rapport', 'Constats relevés par cette analyse, des plus graves aux moins graves', 'Sévérité', 'Contrôle', 'Changements depuis la version précédente', 'C’est la première analyse terminée de cette application : il n’y a rien à comparer.', 'déposé le', 'Ouvert', 'Confirmé'],
      ['Status:', 'Done', 'Download the report', 'Findings this scan saw', 'first finished scan', 'uploaded', 'Changes since'],
      'fr scan',
    );
    // The severity badges are translated; the check ids and the engine's titles are not.
    expect(fr.html).toMatch(/<span class="sev sev-(critical|high|medium|low|info)">(critique|élevée|moyenne|faible|info)<\/span>/);
    expect(fr.words.replace(/\. /g, '.')).toContain(checkId);
    expect(fr.words).toContain(findingTitle);
    expect(fr.html).toContain('aria-label="Rapport SARIF"');
    expect(nextField(fr.html)).toBe(`/scans/${scanId}`);
    // The progress fragment htmx polls speaks the same language.
    const frag = await admin.get(`/scans/${scanId}/progress`);
    expect(text(frag.text_)).toContain('Statut : Terminée');

    const list = await pageIn(admin, '/scans', 'fr');
    expectWords(list.words, ['De la plus récente à la plus ancienne', 'Date', 'Application', 'Plateforme', 'Statut', 'Note (score)', 'Terminée', 'wallet 1.0.apk'], ['Newest first', 'Grade (score)', 'Done'], 'fr /scans');
    const app = await pageIn(admin, `/apps/${appId}`, 'fr');
    expectWords(app.words, ['Versions', 'Analyses des versions déposées de cette application', 'Dépôt', 'Déposer une version', 'APK ou ensemble d’APK fractionnés', 'Au plus ', 'Déposer et analyser'], ['Upload a version', 'Uploaded', 'Grade (score)', "Scans of this app's uploads"], 'fr app');

    await useLang(admin, 'es');
    const es = await pageIn(admin, `/scans/${scanId}`, 'es');
    expectWords(
      es.words,
      ['Estado: Terminado', 'calificación', 'Descargar el informe', 'Hallazgos detectados por este análisis, de mayor a menor gravedad', 'Severidad', 'Comprobación', 'Cambios desde la versión anterior', 'Es el primer análisis terminado de esta aplicación', 'cargado el'],
      ['Status:', 'Download the report', 'Findings this scan saw', 'uploaded'],
      'es scan',
    );
    expect(es.html).toMatch(/<span class="sev sev-(critical|high|medium|low|info)">(crítica|alta|media|baja|info)<\/span>/);
    const esList = await pageIn(admin, '/scans', 'es');
    expectWords(esList.words, ['Del más reciente al más antiguo', 'Fecha', 'Plataforma', 'Calificación (puntuación)', 'Terminado'], ['Newest first', 'Done'], 'es /scans');
    const esApp = await pageIn(admin, `/apps/${appId}`, 'es');
    expectWords(esApp.words, ['Versiones', 'Cargar una versión', 'Cargar y analizar', 'Como máximo'], ['Upload a version', 'At most'], 'es app');
    await useLang(admin, 'en');
  });

  it('shows the findings list and a finding page in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const en = await pageIn(admin, `/findings/${findingId}`, 'en');
    expectWords(en.words, ['What was found', 'Fingerprint', 'Confirmed by Ada Admin (Administrator)'], [], 'en finding');

    await useLang(admin, 'fr');
    const list = await pageIn(admin, '/findings?status=unresolved', 'fr');
    expectWords(
      list.words,
      ['Statut', 'Sévérité', 'Fournisseur', 'Indifférent', 'Non résolus (ouverts, confirmés ou confiés au fournisseur)', 'Filtrer', 'Effacer les filtres', 'Application · fournisseur', 'Échéance', 'Vu pour la dernière fois', 'Trier les constats sélectionnés', 'Confirmer', 'Classer comme faux positif', 'Appliquer à la sélection', 'Constats 1 à '],
      ['Clear filters', 'Last seen', 'Triage the selected', 'Apply to selected', 'Unresolved (open'],
      'fr /findings',
    );
    expect(list.html).toContain('<option value="">Indifférent</option>');
    expect(list.html).not.toContain('<option value="">Any</option>');
    expect(list.html).toContain('aria-label="Filtrer les constats"');
    expect(list.html).toContain(`aria-label="Sélectionner ${findingTitle.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')} (MobiCash Wallet)"`);
    // The switcher comes back to the same filtered list.
    expect(nextField(list.html)).toBe('/findings?status=unresolved');

    const one = await pageIn(admin, `/findings/${findingId}`, 'fr');
    expectWords(
      one.words,
      ['Contrôle', 'Confiance', 'Vu pour la dernière fois', 'dans cette analyse', 'Empreinte', 'Ce qui a été relevé', 'Où', 'Éléments de preuve', 'Comment le corriger', 'Références', 'Historique', 'Relevé par une analyse · analyse', 'Confirmé par Ada Admin (Administrateur)', '(Ouvert → Confirmé)', 'Tri', 'Commentaire', 'Communiquer au fournisseur'],
      ['What was found', 'Fingerprint', 'History', 'How to fix it', 'Last seen', ' by Ada Admin'],
      'fr finding',
    );
    expect(one.words).toContain(findingTitle);

    await useLang(admin, 'es');
    const esList = await pageIn(admin, '/findings', 'es');
    expectWords(esList.words, ['Estado', 'Severidad', 'Cualquiera', 'Borrar los filtros', 'Visto por última vez', 'Clasificar los hallazgos seleccionados', 'Aplicar a la selección', 'Hallazgos 1–'], ['Clear filters', 'Last seen'], 'es /findings');
    const esOne = await pageIn(admin, `/findings/${findingId}`, 'es');
    expectWords(esOne.words, ['Lo que se detectó', 'Huella', 'Historial', 'Confirmado por Ada Admin (Administrador)', 'Cómo corregirlo', 'Evidencia', 'Comunicar al proveedor'], ['What was found', 'Fingerprint', 'History'], 'es finding');
    await useLang(admin, 'en');
  });

  it('shows the notifications page and the error page in French and in Spanish, with the English service message', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(admin, 'fr');
    const notes = await pageIn(admin, '/notifications', 'fr');
    expect(notes.html).toContain('<title>Notifications · dfslab</title>');
    expectWords(notes.words, ['Aucune notification non lue.', 'N’afficher que les non lues', 'Aucune notification.'], ['Nothing unread', 'Show unread only', 'No notifications'], 'fr notifications');
    expect(nextField((await pageIn(admin, '/notifications?unread=1', 'fr')).html)).toBe('/notifications?unread=1');

    const missing = await admin.get('/findings/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(htmlLang(missing.text_)).toBe('fr');
    expect(missing.text_).toContain('<title>Introuvable · dfslab</title>');
    expect(text(missing.text_)).toContain('Retour au tableau de bord');
    expect(text(missing.text_)).toMatch(/no such finding/);

    await useLang(admin, 'es');
    const esNotes = await pageIn(admin, '/notifications', 'es');
    expectWords(esNotes.words, ['No hay notificaciones sin leer.', 'Mostrar solo las no leídas', 'No hay notificaciones.'], ['Nothing unread'], 'es notifications');
    const esMissing = await admin.get('/no/such/page');
    expect(esMissing.status).toBe(404);
    expect(htmlLang(esMissing.text_)).toBe('es');
    expect(esMissing.text_).toContain('<title>No encontrado · dfslab</title>');
    expect(text(esMissing.text_)).toContain('Volver al panel');
    await useLang(admin, 'en');

    // Logged out, the error page still speaks the browser's language.
    const anon = await new Client(t.url).request('GET', '/no/such/page', { headers: { 'accept-language': 'fr-SN' } });
    expect(anon.status).toBe(404);
    expect(htmlLang(anon.text_)).toBe('fr');
    expect(text(anon.text_)).toContain('Retour au tableau de bord');
  });
});
