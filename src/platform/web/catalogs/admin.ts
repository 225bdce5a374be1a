/**
 * @module platform/web/catalogs/admin
 * French and Spanish for the admin pages: English text (the key, as written in the page) → translation.
 * Merged with the other parts by web/i18n.ts; a key belongs to exactly one part (the catalog test says
 * which part already has it).
 *
 * The pages: users and the audit log (pages/users.tsx), settings and API tokens (pages/settings.tsx), USSD
 * targets (pages/ussd-targets.tsx) and benchmarks (pages/benchmarks.tsx). Role names, "Name", "Status",
 * "Save"-like words of the frame and the first pages are in i18n.fr.ts / i18n.es.ts and reused from there.
 */
export const FR: Readonly<Record<string, string>> = {
  // Users: the list, the invitation, one user's page.
  active: 'actif',
  invited: 'invité',
  disabled: 'désactivé',
  'link valid until {when}': 'lien valable jusqu’au {when}',
  'no valid link': 'aucun lien valable',
  'locked until {when}': 'bloqué jusqu’au {when}',
  'Invitation for {email}. Send this link to them yourself; it is valid for {days} days, works once, and is {shown}:':
    'Invitation pour {email}. Transmettez-lui ce lien vous-même ; il est valable {days} jours, ne sert qu’une fois et n’est {shown} :',
  'shown only now': 'affiché que maintenant',
  'Invitation link': 'Lien d’invitation',
  'Provider (only for a provider representative)': 'Fournisseur (uniquement pour un représentant du fournisseur)',
  'Users of your lab': 'Utilisateurs de votre laboratoire',
  'Invite a user': 'Inviter un utilisateur',
  'The invitee gets a one-time link to choose their password. Inviting an address that has not accepted yet makes a new link and voids the old one.':
    'La personne invitée reçoit un lien à usage unique pour choisir son mot de passe. Inviter de nouveau une adresse qui n’a pas encore accepté crée un nouveau lien et annule l’ancien.',
  Invite: 'Inviter',
  'All users': 'Tous les utilisateurs',
  'Failed logins since the last success': 'Connexions échouées depuis la dernière réussie',
  Created: 'Création',
  Enable: 'Réactiver',
  Disable: 'Désactiver',
  Unlock: 'Débloquer',
  'New invitation link': 'Nouveau lien d’invitation',
  'Role and name': 'Rôle et nom',
  Save: 'Enregistrer',
  // Own account (the notice after a password change; the page itself is in i18n.fr.ts).
  'Your password was changed; your other sessions have ended.': 'Votre mot de passe a été changé ; vos autres sessions ont été fermées.',

  // The audit log.
  'Audit log': 'Journal d’audit',
  'Filter the audit log': 'Filtrer le journal d’audit',
  'Action starts with': 'L’action commence par',
  'The latest {n} entries whose action starts with "{prefix}", newest first':
    'Les {n} dernières entrées dont l’action commence par « {prefix} », de la plus récente à la plus ancienne',
  'The latest {n} entries, newest first': 'Les {n} dernières entrées, de la plus récente à la plus ancienne',
  When: 'Quand',
  Who: 'Qui',
  Object: 'Objet',
  Detail: 'Détail',
  Address: 'Adresse',
  'No entry.': 'Aucune entrée.',
  'Older entries': 'Entrées plus anciennes',

  // Settings: the remediation deadlines.
  Critical: 'Critique',
  High: 'Élevée',
  Medium: 'Moyenne',
  Low: 'Faible',
  Info: 'Info',
  'Your account and password': 'Votre compte et votre mot de passe',
  'Remediation deadlines (SLA)': 'Délais de correction (SLA)',
  'Days a provider has to fix a finding assigned to it, by severity. A more severe finding never gets more time than a less severe one.':
    'Nombre de jours dont dispose un fournisseur pour corriger un constat qui lui est confié, par sévérité. Un constat plus grave n’obtient jamais plus de temps qu’un constat moins grave.',
  '{severity} (days)': '{severity} (jours)',
  Days: 'Jours',
  'Saved.': 'Enregistré.',

  // API tokens.
  Active: 'Actif',
  Expired: 'Expiré',
  Revoked: 'Révoqué',
  'Name · user': 'Nom · utilisateur',
  'Starts with': 'Commence par',
  'Last used': 'Dernière utilisation',
  Expires: 'Expiration',
  State: 'État',
  'No token.': 'Aucun jeton.',
  never: 'jamais',
  'Revoke token {name}': 'Révoquer le jeton {name}',
  Revoke: 'Révoquer',
  'A token acts as you on the HTTP API ({header}), for CI pipelines and scripts; it cannot open pages. See {api}.':
    'Un jeton agit en votre nom sur l’API HTTP ({header}), pour les chaînes d’intégration continue et les scripts ; il ne permet pas d’ouvrir les pages. Voir {api}.',
  'the API description': 'la description de l’API',
  'Token {name} created. Copy it now: it is {shown}.': 'Jeton {name} créé. Copiez-le maintenant : il n’est {shown}.',
  'shown only once': 'affiché qu’une seule fois',
  'Token secret': 'Secret du jeton',
  'Your tokens': 'Vos jetons',
  'New token': 'Nouveau jeton',
  'Name (what it is for)': 'Nom (à quoi il sert)',
  'Expires after (days, 1 to 365; empty: never)': 'Expire après (jours, de 1 à 365 ; vide : jamais)',
  'Create token': 'Créer le jeton',
  'Every token of the lab': 'Tous les jetons du laboratoire',
  'Tokens of all users (administrators only)': 'Jetons de tous les utilisateurs (administrateurs uniquement)',

  // USSD targets.
  'Quick mode': 'Mode rapide',
  'certificate not verified (tls.insecure)': 'certificat non vérifié (tls.insecure)',
  'Service code': 'Code de service',
  'Test accounts': 'Comptes de test',
  'Numbers masked; PINs are never shown.': 'Numéros masqués ; les codes PIN ne sont jamais affichés.',
  'Auth headers': 'En-têtes d’authentification',
  none: 'aucun',
  'production, with a written authorisation: tests that change state may run':
    'production, avec une autorisation écrite : les tests qui modifient l’état peuvent s’exécuter',
  'production, without a written authorisation: tests that change state are skipped':
    'production, sans autorisation écrite : les tests qui modifient l’état sont ignorés',
  'staging or test (not production)': 'préproduction ou test (pas la production)',
  'Money a test may move': 'Montant qu’un test peut transférer',
  'none (tests that move money are skipped)': 'aucun (les tests qui transfèrent de l’argent sont ignorés)',
  Budget: 'Budget',
  'at most {max} requests, {rate} per second, {timeout} ms per request': '{max} requêtes au plus, {rate} par seconde, {timeout} ms par requête',
  Tests: 'Tests',
  'only {tests}': 'uniquement {tests}',
  all: 'tous',
  '; not {tests}': ' ; sauf {tests}',
  'quick mode set in the file': 'mode rapide défini dans le fichier',
  'USSD target {name}': 'Cible USSD {name}',
  'updated {when} by {who}': 'mise à jour le {when} par {who}',
  'updated {when}': 'mise à jour le {when}',
  "The stored target file no longer passes this version's checks; replace it:":
    'Le fichier de cible enregistré ne passe plus les contrôles de cette version ; remplacez-le :',
  'Run the tests': 'Lancer les tests',
  "The tests send requests to the service at the gateway URL, as the declared test accounts only, within the file's budget and safety rails. Quick mode runs the short suite and skips long waits.":
    'Les tests envoient des requêtes au service à l’URL de la passerelle, uniquement au nom des comptes de test déclarés, dans les limites du budget et des garde-fous du fichier. Le mode rapide exécute la suite courte et évite les longues attentes.',
  'Replace the target file or rename the target': 'Remplacer le fichier de cible ou renommer la cible',
  'Runs of this target, newest first': 'Exécutions de cette cible, de la plus récente à la plus ancienne',
  Mode: 'Mode',
  By: 'Par',
  'No run yet.': 'Aucune exécution pour l’instant.',
  quick: 'rapide',
  full: 'complet',
  'Edit USSD target {name}': 'Modifier la cible USSD {name}',
  'New USSD target for {app}': 'Nouvelle cible USSD pour {app}',
  'service code {code}': 'code de service {code}',
  'Target file (YAML): leave empty to keep the current file': 'Fichier de cible (YAML) : laissez vide pour conserver le fichier actuel',
  'Target file (YAML)': 'Fichier de cible (YAML)',
  'The format is the CLI\'s (docs/ussd.md, "Target file"): endpoint, dialect, serviceCode (this service\'s, {code}), accounts with their PINs, policies, budget, tests, allowedAmount, production. Write header values in the file itself (no {variable}); files on the server ({ca}, {template}) and {simSwapMock} are not available on the platform. The file is kept for the runs and never shown again: keep your own copy.':
    'Le format est celui de la CLI (docs/ussd.md, « Target file ») : endpoint, dialect, serviceCode (celui de ce service, {code}), accounts avec leurs codes PIN, policies, budget, tests, allowedAmount, production. Écrivez les valeurs des en-têtes dans le fichier lui-même (pas de {variable}) ; les fichiers du serveur ({ca}, {template}) et {simSwapMock} ne sont pas disponibles sur la plateforme. Le fichier est conservé pour les exécutions et n’est plus jamais affiché : gardez-en votre propre copie.',
  'Register the target': 'Enregistrer la cible',

  // Benchmarks.
  Benchmarks: 'Comparaisons',
  'Yours: compliant': 'Vous : conformes',
  'Yours: partially': 'Vous : partiellement',
  'Yours: non-compliant': 'Vous : non conformes',
  'Community: compliant': 'Communauté : conformes',
  'Community: partially': 'Communauté : partiellement',
  'Community: non-compliant': 'Communauté : non conformes',
  compliant: 'conformes',
  partially: 'partiellement',
  'non-compliant': 'non conformes',
  'Fewer than {k} providers assessed: not published': 'Moins de {k} fournisseurs évalués : non publié',
  '1 lab': '1 laboratoire',
  '{n} labs': '{n} laboratoires',
  Area: 'Domaine',
  'Providers assessed': 'Fournisseurs évalués',
  '{area}: the item': '{area} : l’exigence',
  '{area}: the {n} items': '{area} : les {n} exigences',
  '{area}, per item': '{area}, par exigence',
  Item: 'Exigence',
  'Fewer than {k} providers have a scanned app: the weaknesses are not published.':
    'Moins de {k} fournisseurs ont une application analysée : les faiblesses ne sont pas publiées.',
  'Most frequent app weaknesses: share of the {n} scanned providers with an unresolved finding of the check':
    'Faiblesses applicatives les plus fréquentes : part des {n} fournisseurs analysés ayant un constat non résolu de ce contrôle',
  'No unresolved finding.': 'Aucun constat non résolu.',
  'Publish for period': 'Publier pour la période',
  Publish: 'Publier',
  "A year (2026), a half-year (2026-H2) or a quarter (2026-Q4). Publishing again for a period replaces the lab's current figures of it.":
    'Une année (2026), un semestre (2026-H2) ou un trimestre (2026-Q4). Publier de nouveau pour une période remplace les chiffres actuels du laboratoire pour celle-ci.',
  Current: 'En vigueur',
  Replaced: 'Remplacée',
  Withdrawn: 'Retirée',
  "Your lab's publications (the community sees only the aggregate of the current ones)":
    'Les publications de votre laboratoire (la communauté ne voit que l’agrégat de celles en vigueur)',
  Period: 'Période',
  Published: 'Publication',
  'Nothing published yet.': 'Rien de publié pour l’instant.',
  'on {date}': 'le {date}',
  'Withdraw the publication for {period}': 'Retirer la publication pour {period}',
  Withdraw: 'Retirer',
  'not published': 'non publié',
  '{label}: your lab {own}, the community {community}.': '{label} : votre laboratoire {own}, la communauté {community}.',
  '{who}: not published': '{who} : non publié',
  'Nothing to compare.': 'Rien à comparer.',
  'Your lab': 'Votre laboratoire',
  Community: 'Communauté',
  'Fewer than {k} providers: not published': 'Moins de {k} fournisseurs : non publié',
  'Fewer than {k} labs published it': 'Moins de {k} laboratoires l’ont publié',
  "{labs} published figures for {period}. Your side is your lab's publication for {period}.":
    'Chiffres publiés pour {period} par : {labs}. Votre côté est la publication de votre laboratoire pour {period}.',
  "{labs} published figures for {period}. Your side is your lab's figures now (not published for this period).":
    'Chiffres publiés pour {period} par : {labs}. Votre côté est celui des chiffres actuels de votre laboratoire (non publiés pour cette période).',
  'Share of assessed providers that are compliant, per area: your lab and the community, {period}':
    'Part des fournisseurs évalués qui sont conformes, par domaine : votre laboratoire et la communauté, {period}',
  "Your shares and the community's (the mean over the labs), per area, {period}":
    'Vos parts et celles de la communauté (la moyenne des laboratoires), par domaine, {period}',
  '{area}: compare per item': '{area} : comparer par exigence',
  "{area}: your shares and the community's, per item": '{area} : vos parts et celles de la communauté, par exigence',
  'Fewer than {k} labs published their app weaknesses for this period: no community figure yet.':
    'Moins de {k} laboratoires ont publié leurs faiblesses applicatives pour cette période : pas encore de chiffre de la communauté.',
  "The community's most frequent app weaknesses (mean over {n} labs), and your share":
    'Les faiblesses applicatives les plus fréquentes de la communauté (moyenne sur {n} laboratoires), et votre part',
  Yours: 'Vous',
  'No unresolved finding in the community.': 'Aucun constat non résolu dans la communauté.',
  Compare: 'Comparer',
  'Compare your lab with the other labs of this platform without naming any provider. A lab publishes aggregate figures only: per area and item, the share of its assessed providers that are compliant, partially compliant or non-compliant, and the share of its scanned providers with each unresolved app weakness. A figure is published only when at least {k} providers are in its group (smaller groups show "fewer than {k}"); shares are rounded to whole percent and provider counts given as bands (3–5, 6–10, 11–20, more than 20). The community\'s figure is the mean of the labs\' shares, each lab counting once, shown once at least 3 labs published; labs are never named, only counted.':
    'Comparez votre laboratoire aux autres laboratoires de cette plateforme sans nommer aucun fournisseur. Un laboratoire ne publie que des chiffres agrégés : par domaine et par exigence, la part de ses fournisseurs évalués qui sont conformes, partiellement conformes ou non conformes, et la part de ses fournisseurs analysés présentant chaque faiblesse applicative non résolue. Un chiffre n’est publié que si au moins {k} fournisseurs figurent dans son groupe (les groupes plus petits indiquent « moins de {k} ») ; les parts sont arrondies au pour cent entier et les nombres de fournisseurs donnés par tranches (3–5, 6–10, 11–20, plus de 20). Le chiffre de la communauté est la moyenne des parts des laboratoires, chacun comptant une fois, affichée dès qu’au moins 3 laboratoires ont publié ; les laboratoires ne sont jamais nommés, seulement comptés.',
  'Your lab and the community': 'Votre laboratoire et la communauté',
  "Not enough labs yet: 1 lab has published for {period}; the community's figures are shown once at least {min} have.":
    'Pas encore assez de laboratoires : 1 laboratoire a publié pour {period} ; les chiffres de la communauté s’affichent dès qu’au moins {min} l’ont fait.',
  "Not enough labs yet: {n} labs have published for {period}; the community's figures are shown once at least {min} have.":
    'Pas encore assez de laboratoires : {n} laboratoires ont publié pour {period} ; les chiffres de la communauté s’affichent dès qu’au moins {min} l’ont fait.',
  "Your lab's figures now (preview)": 'Les chiffres actuels de votre laboratoire (aperçu)',
  'This is what a publication would hold now: {n} providers in all. No name, identifier or text of a provider is part of it.':
    'Voici ce que contiendrait une publication maintenant : {n} fournisseurs en tout. Aucun nom, identifiant ou texte d’un fournisseur n’en fait partie.',
  'Share of the assessed providers, per area': 'Part des fournisseurs évalués, par domaine',
  'Your publications': 'Vos publications',
};

export const ES: Readonly<Record<string, string>> = {
  // Users: the list, the invitation, one user's page.
  active: 'activo',
  invited: 'invitado',
  disabled: 'deshabilitado',
  'link valid until {when}': 'enlace válido hasta {when}',
  'no valid link': 'sin enlace válido',
  'locked until {when}': 'bloqueado hasta {when}',
  'Invitation for {email}. Send this link to them yourself; it is valid for {days} days, works once, and is {shown}:':
    'Invitación para {email}. Envíele este enlace usted mismo; es válido por {days} días, funciona una sola vez y {shown}:',
  'shown only now': 'solo se muestra ahora',
  'Invitation link': 'Enlace de invitación',
  'Provider (only for a provider representative)': 'Proveedor (solo para un representante del proveedor)',
  'Users of your lab': 'Usuarios de su laboratorio',
  'Invite a user': 'Invitar a un usuario',
  'The invitee gets a one-time link to choose their password. Inviting an address that has not accepted yet makes a new link and voids the old one.':
    'La persona invitada recibe un enlace de un solo uso para elegir su contraseña. Invitar de nuevo una dirección que aún no ha aceptado genera un enlace nuevo y anula el anterior.',
  Invite: 'Invitar',
  'All users': 'Todos los usuarios',
  'Failed logins since the last success': 'Inicios de sesión fallidos desde el último exitoso',
  Created: 'Creación',
  Enable: 'Habilitar',
  Disable: 'Deshabilitar',
  Unlock: 'Desbloquear',
  'New invitation link': 'Nuevo enlace de invitación',
  'Role and name': 'Rol y nombre',
  Save: 'Guardar',
  // Own account (the notice after a password change; the page itself is in i18n.es.ts).
  'Your password was changed; your other sessions have ended.': 'Su contraseña se cambió; sus otras sesiones se cerraron.',

  // The audit log.
  'Audit log': 'Registro de auditoría',
  'Filter the audit log': 'Filtrar el registro de auditoría',
  'Action starts with': 'La acción empieza por',
  'The latest {n} entries whose action starts with "{prefix}", newest first':
    'Las últimas {n} entradas cuya acción empieza por "{prefix}", de la más reciente a la más antigua',
  'The latest {n} entries, newest first': 'Las últimas {n} entradas, de la más reciente a la más antigua',
  When: 'Cuándo',
  Who: 'Quién',
  Object: 'Objeto',
  Detail: 'Detalle',
  Address: 'Dirección',
  'No entry.': 'Ninguna entrada.',
  'Older entries': 'Entradas anteriores',

  // Settings: the remediation deadlines.
  Critical: 'Crítica',
  High: 'Alta',
  Medium: 'Media',
  Low: 'Baja',
  Info: 'Info',
  'Your account and password': 'Su cuenta y su contraseña',
  'Remediation deadlines (SLA)': 'Plazos de corrección (SLA)',
  'Days a provider has to fix a finding assigned to it, by severity. A more severe finding never gets more time than a less severe one.':
    'Días que tiene un proveedor para corregir un hallazgo que se le asignó, por severidad. Un hallazgo más severo nunca recibe más tiempo que uno menos severo.',
  '{severity} (days)': '{severity} (días)',
  Days: 'Días',
  'Saved.': 'Guardado.',

  // API tokens.
  Active: 'Activo',
  Expired: 'Vencido',
  Revoked: 'Revocado',
  'Name · user': 'Nombre · usuario',
  'Starts with': 'Empieza por',
  'Last used': 'Último uso',
  Expires: 'Vence',
  State: 'Estado',
  'No token.': 'Ningún token.',
  never: 'nunca',
  'Revoke token {name}': 'Revocar el token {name}',
  Revoke: 'Revocar',
  'A token acts as you on the HTTP API ({header}), for CI pipelines and scripts; it cannot open pages. See {api}.':
    'Un token actúa en su nombre en la API HTTP ({header}), para canalizaciones de integración continua y scripts; no puede abrir páginas. Consulte {api}.',
  'the API description': 'la descripción de la API',
  'Token {name} created. Copy it now: it is {shown}.': 'Token {name} creado. Cópielo ahora: {shown}.',
  'shown only once': 'solo se muestra una vez',
  'Token secret': 'Secreto del token',
  'Your tokens': 'Sus tokens',
  'New token': 'Nuevo token',
  'Name (what it is for)': 'Nombre (para qué sirve)',
  'Expires after (days, 1 to 365; empty: never)': 'Vence después de (días, de 1 a 365; vacío: nunca)',
  'Create token': 'Crear el token',
  'Every token of the lab': 'Todos los tokens del laboratorio',
  'Tokens of all users (administrators only)': 'Tokens de todos los usuarios (solo administradores)',

  // USSD targets.
  'Quick mode': 'Modo rápido',
  'certificate not verified (tls.insecure)': 'certificado no verificado (tls.insecure)',
  'Service code': 'Código de servicio',
  'Test accounts': 'Cuentas de prueba',
  'Numbers masked; PINs are never shown.': 'Números enmascarados; los PIN nunca se muestran.',
  'Auth headers': 'Encabezados de autenticación',
  none: 'ninguno',
  'production, with a written authorisation: tests that change state may run':
    'producción, con autorización escrita: las pruebas que cambian el estado pueden ejecutarse',
  'production, without a written authorisation: tests that change state are skipped':
    'producción, sin autorización escrita: las pruebas que cambian el estado se omiten',
  'staging or test (not production)': 'preproducción o prueba (no producción)',
  'Money a test may move': 'Dinero que una prueba puede mover',
  'none (tests that move money are skipped)': 'ninguno (las pruebas que mueven dinero se omiten)',
  Budget: 'Presupuesto',
  'at most {max} requests, {rate} per second, {timeout} ms per request': 'como máximo {max} solicitudes, {rate} por segundo, {timeout} ms por solicitud',
  Tests: 'Pruebas',
  'only {tests}': 'solo {tests}',
  all: 'todas',
  '; not {tests}': '; excepto {tests}',
  'quick mode set in the file': 'modo rápido definido en el archivo',
  'USSD target {name}': 'Destino USSD {name}',
  'updated {when} by {who}': 'actualizado el {when} por {who}',
  'updated {when}': 'actualizado el {when}',
  "The stored target file no longer passes this version's checks; replace it:":
    'El archivo de destino guardado ya no pasa los controles de esta versión; reemplácelo:',
  'Run the tests': 'Ejecutar las pruebas',
  "The tests send requests to the service at the gateway URL, as the declared test accounts only, within the file's budget and safety rails. Quick mode runs the short suite and skips long waits.":
    'Las pruebas envían solicitudes al servicio en la URL de la pasarela, solo con las cuentas de prueba declaradas, dentro del presupuesto y los resguardos del archivo. El modo rápido ejecuta la serie corta y omite las esperas largas.',
  'Replace the target file or rename the target': 'Reemplazar el archivo de destino o cambiar el nombre del destino',
  'Runs of this target, newest first': 'Ejecuciones de este destino, de la más reciente a la más antigua',
  Mode: 'Modo',
  By: 'Por',
  'No run yet.': 'Aún no hay ejecuciones.',
  quick: 'rápido',
  full: 'completo',
  'Edit USSD target {name}': 'Editar el destino USSD {name}',
  'New USSD target for {app}': 'Nuevo destino USSD para {app}',
  'service code {code}': 'código de servicio {code}',
  'Target file (YAML): leave empty to keep the current file': 'Archivo de destino (YAML): déjelo vacío para conservar el archivo actual',
  'Target file (YAML)': 'Archivo de destino (YAML)',
  'The format is the CLI\'s (docs/ussd.md, "Target file"): endpoint, dialect, serviceCode (this service\'s, {code}), accounts with their PINs, policies, budget, tests, allowedAmount, production. Write header values in the file itself (no {variable}); files on the server ({ca}, {template}) and {simSwapMock} are not available on the platform. The file is kept for the runs and never shown again: keep your own copy.':
    'El formato es el de la CLI (docs/ussd.md, "Target file"): endpoint, dialect, serviceCode (el de este servicio, {code}), accounts con sus PIN, policies, budget, tests, allowedAmount, production. Escriba los valores de los encabezados en el propio archivo (sin {variable}); los archivos del servidor ({ca}, {template}) y {simSwapMock} no están disponibles en la plataforma. El archivo se guarda para las ejecuciones y no se vuelve a mostrar: conserve su propia copia.',
  'Register the target': 'Registrar el destino',

  // Benchmarks.
  Benchmarks: 'Comparativas',
  'Yours: compliant': 'Usted: cumplen',
  'Yours: partially': 'Usted: parcialmente',
  'Yours: non-compliant': 'Usted: no cumplen',
  'Community: compliant': 'Comunidad: cumplen',
  'Community: partially': 'Comunidad: parcialmente',
  'Community: non-compliant': 'Comunidad: no cumplen',
  compliant: 'cumplen',
  partially: 'parcialmente',
  'non-compliant': 'no cumplen',
  'Fewer than {k} providers assessed: not published': 'Menos de {k} proveedores evaluados: no se publica',
  '1 lab': '1 laboratorio',
  '{n} labs': '{n} laboratorios',
  Area: 'Área',
  'Providers assessed': 'Proveedores evaluados',
  '{area}: the item': '{area}: el requisito',
  '{area}: the {n} items': '{area}: los {n} requisitos',
  '{area}, per item': '{area}, por requisito',
  Item: 'Requisito',
  'Fewer than {k} providers have a scanned app: the weaknesses are not published.':
    'Menos de {k} proveedores tienen una aplicación analizada: las debilidades no se publican.',
  'Most frequent app weaknesses: share of the {n} scanned providers with an unresolved finding of the check':
    'Debilidades de aplicaciones más frecuentes: porcentaje de los {n} proveedores analizados con un hallazgo no resuelto del control',
  'No unresolved finding.': 'Ningún hallazgo no resuelto.',
  'Publish for period': 'Publicar para el período',
  Publish: 'Publicar',
  "A year (2026), a half-year (2026-H2) or a quarter (2026-Q4). Publishing again for a period replaces the lab's current figures of it.":
    'Un año (2026), un semestre (2026-H2) o un trimestre (2026-Q4). Publicar de nuevo para un período reemplaza las cifras vigentes del laboratorio para ese período.',
  Current: 'Vigente',
  Replaced: 'Reemplazada',
  Withdrawn: 'Retirada',
  "Your lab's publications (the community sees only the aggregate of the current ones)":
    'Las publicaciones de su laboratorio (la comunidad solo ve el agregado de las vigentes)',
  Period: 'Período',
  Published: 'Publicación',
  'Nothing published yet.': 'Aún no se ha publicado nada.',
  'on {date}': 'el {date}',
  'Withdraw the publication for {period}': 'Retirar la publicación de {period}',
  Withdraw: 'Retirar',
  'not published': 'no publicado',
  '{label}: your lab {own}, the community {community}.': '{label}: su laboratorio {own}, la comunidad {community}.',
  '{who}: not published': '{who}: no publicado',
  'Nothing to compare.': 'Nada que comparar.',
  'Your lab': 'Su laboratorio',
  Community: 'Comunidad',
  'Fewer than {k} providers: not published': 'Menos de {k} proveedores: no se publica',
  'Fewer than {k} labs published it': 'Menos de {k} laboratorios lo publicaron',
  "{labs} published figures for {period}. Your side is your lab's publication for {period}.":
    'Cifras publicadas para {period} por: {labs}. Su lado es la publicación de su laboratorio para {period}.',
  "{labs} published figures for {period}. Your side is your lab's figures now (not published for this period).":
    'Cifras publicadas para {period} por: {labs}. Su lado son las cifras actuales de su laboratorio (no publicadas para este período).',
  'Share of assessed providers that are compliant, per area: your lab and the community, {period}':
    'Porcentaje de proveedores evaluados que cumplen, por área: su laboratorio y la comunidad, {period}',
  "Your shares and the community's (the mean over the labs), per area, {period}":
    'Sus porcentajes y los de la comunidad (el promedio de los laboratorios), por área, {period}',
  '{area}: compare per item': '{area}: comparar por requisito',
  "{area}: your shares and the community's, per item": '{area}: sus porcentajes y los de la comunidad, por requisito',
  'Fewer than {k} labs published their app weaknesses for this period: no community figure yet.':
    'Menos de {k} laboratorios publicaron sus debilidades de aplicaciones para este período: aún no hay cifra de la comunidad.',
  "The community's most frequent app weaknesses (mean over {n} labs), and your share":
    'Las debilidades de aplicaciones más frecuentes de la comunidad (promedio de {n} laboratorios), y su porcentaje',
  Yours: 'Usted',
  'No unresolved finding in the community.': 'Ningún hallazgo no resuelto en la comunidad.',
  Compare: 'Comparar',
  'Compare your lab with the other labs of this platform without naming any provider. A lab publishes aggregate figures only: per area and item, the share of its assessed providers that are compliant, partially compliant or non-compliant, and the share of its scanned providers with each unresolved app weakness. A figure is published only when at least {k} providers are in its group (smaller groups show "fewer than {k}"); shares are rounded to whole percent and provider counts given as bands (3–5, 6–10, 11–20, more than 20). The community\'s figure is the mean of the labs\' shares, each lab counting once, shown once at least 3 labs published; labs are never named, only counted.':
    'Compare su laboratorio con los demás laboratorios de esta plataforma sin nombrar a ningún proveedor. Un laboratorio solo publica cifras agregadas: por área y requisito, el porcentaje de sus proveedores evaluados que cumplen, cumplen parcialmente o no cumplen, y el porcentaje de sus proveedores analizados con cada debilidad de aplicación no resuelta. Una cifra solo se publica cuando al menos {k} proveedores están en su grupo (los grupos más pequeños muestran "menos de {k}"); los porcentajes se redondean al entero y las cantidades de proveedores se dan por rangos (3–5, 6–10, 11–20, más de 20). La cifra de la comunidad es el promedio de los porcentajes de los laboratorios, cada uno cuenta una vez, y se muestra cuando al menos 3 laboratorios han publicado; los laboratorios nunca se nombran, solo se cuentan.',
  'Your lab and the community': 'Su laboratorio y la comunidad',
  "Not enough labs yet: 1 lab has published for {period}; the community's figures are shown once at least {min} have.":
    'Aún no hay suficientes laboratorios: 1 laboratorio publicó para {period}; las cifras de la comunidad se muestran cuando al menos {min} lo hayan hecho.',
  "Not enough labs yet: {n} labs have published for {period}; the community's figures are shown once at least {min} have.":
    'Aún no hay suficientes laboratorios: {n} laboratorios publicaron para {period}; las cifras de la comunidad se muestran cuando al menos {min} lo hayan hecho.',
  "Your lab's figures now (preview)": 'Las cifras actuales de su laboratorio (vista previa)',
  'This is what a publication would hold now: {n} providers in all. No name, identifier or text of a provider is part of it.':
    'Esto es lo que contendría una publicación ahora: {n} proveedores en total. Ningún nombre, identificador ni texto de un proveedor forma parte de ella.',
  'Share of the assessed providers, per area': 'Porcentaje de los proveedores evaluados, por área',
  'Your publications': 'Sus publicaciones',
};
