/**
 * The admin pages in French and in Spanish, through HTTP like a browser, on both databases: the users list with
 * the invitation form (and the one-time link it shows, and a refused invitation shown again), a user's page, the
 * audit log, the settings and API tokens pages, a USSD service's targets on its app page and a target's page and
 * form, and the benchmarks page with a publication. Each page says its language in `<html lang>`, shows the
 * translated words and none of the English ones it replaced, keeps data as written (names, e-mail addresses,
 * the target's dialect, the service's English error message), and passes the static page rules (the notice of
 * the account page after a password change too); without a
 * language the same pages are English as before. The benchmark chart, which the page only draws once three
 * labs published, is checked as a component.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShareChart } from '../../src/platform/web/pages/benchmarks.js';
import { translator } from '../../src/platform/web/i18n.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { page, postForm, text } from './page-helpers.js';
import { Client, setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';
import { expectWords, htmlLang, nextField, pageIn, useLang } from './i18n-helpers.js';


const SERVICE_CODE = '*384*12#';
const TARGET = `endpoint: http://127.0.0.1:9/ussd
dialect: africastalking
serviceCode: '${SERVICE_CODE}'
accounts:
  - { msisdn: '254711000001', pin: '4826', role: A }
  - { msisdn: '254711000002', pin: '7391', role: B }
budget: { maxRequests: 300, ratePerSecond: 200 }
`;

describe.each(BACKENDS)('the users, settings, USSD target and benchmark pages in French and Spanish on %s', (backend) => {
  let t: TestPlatform | undefined;
  let admin: Client;
  let userId: string;
  let ussdApp: string;
  let targetId: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    admin = await setUpAdmin(t);
    const p = await admin.request('POST', '/api/v1/providers', { json: { name: 'MobiCash', kind: 'mno' } });
    expect(p.status).toBe(201);
    const providerId = (JSON.parse(p.text_) as { provider: { id: string } }).provider.id;
    const a = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'MobiCash USSD', platform: 'ussd', identifier: SERVICE_CODE } });
    expect(a.status).toBe(201);
    ussdApp = (JSON.parse(a.text_) as { app: { id: string } }).app.id;
    const tg = await admin.request('POST', `/api/v1/apps/${ussdApp}/ussd-targets`, { json: { name: 'Staging gateway', target: TARGET } });
    expect(tg.status).toBe(201);
    targetId = (JSON.parse(tg.text_) as { target: { id: string } }).target.id;
    const u = await admin.request('POST', '/api/v1/users', { json: { email: 'ann@lab.test', name: 'Ann Auditor', role: 'auditor' } });
    expect(u.status).toBe(201);
    userId = (JSON.parse(u.text_) as { user: { id: string } }).user.id;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('shows the users list, the invitation and a user page in French and in Spanish, English by default', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(admin, 'en');
    const en = await pageIn(admin, '/users', 'en');
    expectWords(en.words, ['Users of your lab', 'Invite a user', 'Provider (only for a provider representative)', 'Administrator', 'invited · link valid until'], [], 'en /users');

    await useLang(admin, 'fr');
    const fr = await pageIn(admin, '/users', 'fr');
    expect(fr.html).toContain('<title>Utilisateurs · dfslab</title>');
    expectWords(
      fr.words,
      ['Utilisateurs de votre laboratoire', 'Inviter un utilisateur', 'Fournisseur (uniquement pour un représentant du fournisseur)', 'Administrateur', 'Auditeur principal', 'Lecture seule', 'invité · lien valable jusqu’au', 'actif', 'Ann Auditor', 'ann@lab.test', 'Rôle', 'Statut'],
      ['Users of your lab', 'Invite a user', 'only for a provider representative', 'Lead auditor', 'link valid until', 'Role'],
      'fr /users',
    );
    expect(fr.html).toContain('<button type="submit">Inviter</button>');
    expect(nextField(fr.html)).toBe('/users');

    // The invitation form: the one-time link, in French, with the e-mail address as written.
    const invited = await postForm(admin, '/users', [['email', 'lee@lab.test'], ['name', 'Lee Later'], ['role', 'reviewer']]);
    expect(invited.status).toBe(200);
    expect(htmlLang(invited.text_)).toBe('fr');
    expectWords(text(invited.text_), ['Invitation pour lee@lab.test . Transmettez-lui ce lien vous-même ; il est valable 7 jours, ne sert qu’une fois et n’est affiché que maintenant :', 'Lien d’invitation'], ['shown only now', 'Invitation link'], 'fr invitation');
    // A refused invitation shows the page again in French, with the service's English message.
    const refused = await postForm(admin, '/users', [['email', 'rep@lab.test'], ['name', 'Rep'], ['role', 'provider']]);
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('fr');
    expectWords(text(refused.text_), ['Inviter un utilisateur', 'needs the provider'], ['Invite a user'], 'fr refused invitation');

    const one = await pageIn(admin, `/users/${userId}`, 'fr');
    expectWords(one.words, ['Tous les utilisateurs', 'Connexions échouées depuis la dernière réussie', 'Création', 'Désactiver', 'Nouveau lien d’invitation', 'Rôle et nom', 'Enregistrer', 'Auditeur'], ['All users', 'Failed logins', 'Disable', 'Role and name', 'Save'], 'fr user');
    expect(nextField(one.html)).toBe(`/users/${userId}`);

    const audit = await pageIn(admin, '/audit?action=user.', 'fr');
    expect(audit.html).toContain('<title>Journal d’audit · dfslab</title>');
    expectWords(audit.words, ['L’action commence par', 'dont l’action commence par « user. »', 'Quand', 'Qui', 'Objet', 'Adresse', 'user.invited'], ['Action starts with', 'newest first', 'Who', 'Address'], 'fr audit');
    expect(audit.html).toContain('aria-label="Filtrer le journal d’audit"');

    // The notice after a password change, on the account page.
    expectWords((await pageIn(admin, '/account?changed=password', 'fr')).words, ['Votre mot de passe a été changé ; vos autres sessions ont été fermées.'], ['Your password was changed'], 'fr account notice');

    await useLang(admin, 'es');
    expectWords((await pageIn(admin, '/account?changed=password', 'es')).words, ['Su contraseña se cambió; sus otras sesiones se cerraron.'], ['Your password was changed'], 'es account notice');
    const es = await pageIn(admin, '/users', 'es');
    expectWords(es.words, ['Usuarios de su laboratorio', 'Invitar a un usuario', 'Proveedor (solo para un representante del proveedor)', 'Auditor líder', 'invitado · enlace válido hasta', 'Rol'], ['Users of your lab', 'Invite a user', 'link valid until'], 'es /users');
    const esOne = await pageIn(admin, `/users/${userId}`, 'es');
    expectWords(esOne.words, ['Todos los usuarios', 'Deshabilitar', 'Rol y nombre', 'Guardar'], ['All users', 'Disable', 'Role and name'], 'es user');
    await useLang(admin, 'en');
    expectWords((await pageIn(admin, `/users/${userId}`, 'en')).words, ['All users', 'Failed logins since the last success', 'Role and name'], ['Tous les utilisateurs'], 'en user');
  });

  it('shows the settings and API tokens pages in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(admin, 'en');
    const en = await pageIn(admin, '/settings?saved=1', 'en');
    expectWords(en.words, ['Remediation deadlines (SLA)', 'Critical (days)', 'Saved.', 'Audit log'], [], 'en /settings');

    await useLang(admin, 'fr');
    const fr = await pageIn(admin, '/settings?saved=1', 'fr');
    expect(fr.html).toContain('<title>Paramètres · dfslab</title>');
    expectWords(
      fr.words,
      ['Délais de correction (SLA)', 'Critique (jours)', 'Élevée (jours)', 'Info (jours)', 'Enregistré.', 'Jetons d’API', 'Votre compte et votre mot de passe', 'Journal d’audit', 'Enregistrer'],
      ['Remediation deadlines', 'Critical', '(days)', 'Saved.', 'Your account and password', 'Audit log'],
      'fr /settings',
    );
    expect(fr.html).toContain('aria-label="Paramètres"');
    // A refused change shows the page again in French, with the service's message.
    const refused = await postForm(admin, '/settings', [['critical', '30'], ['high', '10'], ['medium', '60'], ['low', '90'], ['info', '180']]);
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('fr');
    expectWords(text(refused.text_), ['Délais de correction (SLA)', 'cannot get more days'], ['Remediation deadlines'], 'fr refused settings');

    const made = await postForm(admin, '/settings/tokens', [['name', 'CI pipeline'], ['expiresInDays', '']]);
    expect(made.status).toBe(200);
    expect(htmlLang(made.text_)).toBe('fr');
    expectWords(text(made.text_), ['Jeton CI pipeline créé. Copiez-le maintenant : il n’est affiché qu’une seule fois .', 'Secret du jeton', 'Vos jetons', 'Commence par', 'jamais', 'Actif', 'Révoquer', 'Nouveau jeton', 'Créer le jeton', 'Tous les jetons du laboratoire'], ['shown only once', 'Your tokens', 'never', 'Active', 'Create token'], 'fr new token');
    expect(made.text_).toContain('aria-label="Révoquer le jeton CI pipeline"');
    const tokens = await pageIn(admin, '/settings/tokens', 'fr');
    expectWords(tokens.words, ['Un jeton agit en votre nom sur l’API HTTP ( Authorization: Bearer dfs_… )', 'la description de l’API', 'Nom · utilisateur'], ['A token acts as you', 'Name · user'], 'fr /settings/tokens');
    expect(nextField(tokens.html)).toBe('/settings/tokens');

    await useLang(admin, 'es');
    const es = await pageIn(admin, '/settings', 'es');
    expectWords(es.words, ['Plazos de corrección (SLA)', 'Crítica (días)', 'Registro de auditoría', 'Guardar'], ['Remediation deadlines', 'Critical', 'Save'], 'es /settings');
    const esTokens = await pageIn(admin, '/settings/tokens', 'es');
    expectWords(esTokens.words, ['Sus tokens', 'Nuevo token', 'Crear el token', 'Activo', 'nunca'], ['Your tokens', 'New token', 'never'], 'es /settings/tokens');
    await useLang(admin, 'en');
  });

  it('shows a USSD service’s targets, a target page and the target form in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(admin, 'en');
    const en = await pageIn(admin, `/ussd-targets/${targetId}`, 'en');
    expectWords(en.words, ['Run the tests', 'Quick mode', 'Test accounts', 'staging or test (not production)', 'No run yet.'], [], 'en target');

    await useLang(admin, 'fr');
    // The list of a service's targets is on its app page.
    const list = await pageIn(admin, `/apps/${ussdApp}`, 'fr');
    expectWords(list.words, ['Cibles USSD', 'Staging gateway', 'Mode rapide', 'Lancer les tests', 'africastalking'], ['Quick mode', 'Run tests'], 'fr target list');

    const fr = await pageIn(admin, `/ussd-targets/${targetId}`, 'fr');
    expect(fr.html).toContain('<title>Cible USSD Staging gateway · dfslab</title>');
    expectWords(
      fr.words,
      ['mise à jour le', 'par Ada Admin', 'URL de la passerelle', 'Dialecte', 'africastalking', 'Code de service', 'Comptes de test', 'Numéros masqués', 'En-têtes d’authentification', 'aucun', 'préproduction ou test (pas la production)', 'Montant qu’un test peut transférer', '300 requêtes au plus, 200 par seconde', 'tous', 'Lancer les tests', 'Mode rapide', 'Exécutions de cette cible', 'Aucune exécution pour l’instant.', 'Remplacer le fichier de cible'],
      ['updated', 'Gateway URL', 'Test accounts', 'staging or test', 'Money a test may move', 'at most', 'Run the tests', 'No run yet', 'Quick mode'],
      'fr target',
    );
    expect(nextField(fr.html)).toBe(`/ussd-targets/${targetId}`);
    const form = await pageIn(admin, `/ussd-targets/${targetId}/edit`, 'fr');
    expectWords(form.words, ['Modifier la cible USSD Staging gateway', `code de service ${SERVICE_CODE}`, 'Fichier de cible (YAML) : laissez vide pour conserver le fichier actuel', 'Le format est celui de la CLI', 'gardez-en votre propre copie', 'Enregistrer'], ['Target file (YAML)', 'The format is', 'Save'], 'fr target form');
    const fresh = await pageIn(admin, `/apps/${ussdApp}/ussd-targets/new`, 'fr');
    expectWords(fresh.words, ['Nouvelle cible USSD pour MobiCash USSD', 'Enregistrer la cible'], ['New USSD target', 'Register the target'], 'fr new target');
    // A refused target file comes back in French with the engine's own (English) problems.
    const refused = await postForm(admin, `/apps/${ussdApp}/ussd-targets`, [['name', 'Broken'], ['target', TARGET.replace("pin: '7391'", "pin: '73x1'")]]);
    expect(refused.status).toBe(400);
    expect(htmlLang(refused.text_)).toBe('fr');
    expectWords(text(refused.text_), ['Enregistrer la cible', "test account's PIN"], ['Register the target'], 'fr refused target');

    await useLang(admin, 'es');
    const es = await pageIn(admin, `/ussd-targets/${targetId}`, 'es');
    expectWords(es.words, ['Destino USSD Staging gateway', 'URL de la pasarela', 'Cuentas de prueba', 'preproducción o prueba (no producción)', 'como máximo 300 solicitudes', 'Ejecutar las pruebas', 'Modo rápido', 'Aún no hay ejecuciones.'], ['Gateway URL', 'Test accounts', 'at most', 'Quick mode', 'No run yet'], 'es target');
    const esForm = await pageIn(admin, `/apps/${ussdApp}/ussd-targets/new`, 'es');
    expectWords(esForm.words, ['Nuevo destino USSD para MobiCash USSD', 'Archivo de destino (YAML)', 'Registrar el destino', 'El formato es el de la CLI'], ['Target file (YAML)', 'Register the target', 'The format is'], 'es target form');
    await useLang(admin, 'en');
  });

  it('shows the benchmarks page with a publication in French and in Spanish', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await useLang(admin, 'en');
    await page(admin, '/benchmarks');
    expect((await postForm(admin, '/benchmarks/publications', [['period', '2026-Q4']])).status).toBe(303);
    const en = await pageIn(admin, '/benchmarks?period=2026-Q4', 'en');
    expectWords(en.words, ['Your lab and the community', 'Not enough labs yet: 1 lab has published for 2026-Q4', 'Fewer than 3 providers assessed: not published', 'Ada Admin Current'], [], 'en /benchmarks');

    await useLang(admin, 'fr');
    const fr = await pageIn(admin, '/benchmarks?period=2026-Q4', 'fr');
    expect(fr.html).toContain('<title>Comparaisons · dfslab</title>');
    expectWords(
      fr.words,
      [
        'Comparez votre laboratoire aux autres laboratoires',
        '« moins de 3 »',
        'Votre laboratoire et la communauté',
        'Période',
        '2026-Q4 (1 laboratoire)',
        'Comparer',
        'Pas encore assez de laboratoires : 1 laboratoire a publié pour 2026-Q4',
        'Les chiffres actuels de votre laboratoire (aperçu)',
        'Domaine',
        'Fournisseurs évalués',
        'conformes',
        'Moins de 3 fournisseurs évalués : non publié',
        'Publier pour la période',
        'Vos publications',
        'Ada Admin En vigueur',
      ],
      ['Your lab and the community', 'Not enough labs', 'Providers assessed', 'Fewer than', 'Publish for period', 'Ada Admin Current', 'non-compliant'],
      'fr /benchmarks',
    );
    expect(fr.html).toContain('aria-label="Retirer la publication pour 2026-Q4"');
    expect(nextField(fr.html)).toBe('/benchmarks?period=2026-Q4');
    // A refused period is shown next to the form in French, with the service's English message.
    const bad = await postForm(admin, '/benchmarks/publications', [['period', 'Quarter four']]);
    expect(bad.status).toBe(400);
    expect(htmlLang(bad.text_)).toBe('fr');
    expectWords(text(bad.text_), ['Publier pour la période', 'the period must be a year'], ['Publish for period'], 'fr refused publication');

    await useLang(admin, 'es');
    const es = await pageIn(admin, '/benchmarks?period=2026-Q4', 'es');
    expectWords(es.words, ['Su laboratorio y la comunidad', 'Aún no hay suficientes laboratorios: 1 laboratorio publicó para 2026-Q4', 'Proveedores evaluados', 'Menos de 3 proveedores evaluados: no se publica', 'Sus publicaciones', 'Ada Admin Vigente'], ['Your lab and the community', 'Providers assessed', 'Ada Admin Current'], 'es /benchmarks');
    await useLang(admin, 'en');
  });
});

describe('the benchmark chart in each language', () => {
  const rows = [{ label: 'App security', own: 50, community: null }];

  it('draws its legend and says every value in the reader’s language', () => {
    const fr = ShareChart({ id: 'c', title: 'T', rows, t: translator('fr') }).html;
    expect(fr).toContain('App security : votre laboratoire 50%, la communauté non publié.');
    expect(fr).toContain('Communauté : non publié');
    expect(fr).toContain('Votre laboratoire');
    expect(fr).not.toContain('not published');
    const es = ShareChart({ id: 'c', title: 'T', rows: [], t: translator('es') }).html;
    expect(es).toContain('Nada que comparar.');
    expect(es).toContain('Su laboratorio');
    const en = ShareChart({ id: 'c', title: 'T', rows }).html;
    expect(en).toContain('App security: your lab 50%, the community not published.');
    expect(en).toContain('Community: not published');
  });
});
