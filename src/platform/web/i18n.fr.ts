/**
 * @module platform/web/i18n.fr
 * The platform's pages in French: English text (the key, as written in the page) → French. Formal "vous",
 * the words of the reports (constat, fournisseur, sévérité, analyse) and of the francophone regulators who
 * use dfslab. A page string with no entry here shows in English; the catalog test says which are missing.
 */
export const FR: Readonly<Record<string, string>> = {
  // The frame: navigation, roles, language switcher.
  'Skip to content': 'Aller au contenu',
  Main: 'Menu principal',
  Dashboard: 'Tableau de bord',
  Engagements: 'Missions',
  Providers: 'Fournisseurs',
  Scans: 'Analyses',
  Findings: 'Constats',
  Users: 'Utilisateurs',
  Settings: 'Paramètres',
  Notifications: 'Notifications',
  'API tokens': 'Jetons d’API',
  'Your account': 'Votre compte',
  'Log out': 'Se déconnecter',
  Administrator: 'Administrateur',
  'Lead auditor': 'Auditeur principal',
  Auditor: 'Auditeur',
  Reviewer: 'Réviseur',
  'Provider representative': 'Représentant du fournisseur',
  'Read-only': 'Lecture seule',
  Language: 'Langue',
  'Language:': 'Langue :',

  // Setup, login, invitation, own account.
  'Set up your lab': 'Configurer votre laboratoire',
  'Create your lab (the organisation) and its first administrator. You can invite the rest of the team afterwards.':
    'Créez votre laboratoire (l’organisation) et son premier administrateur. Vous pourrez ensuite inviter le reste de l’équipe.',
  'Lab name': 'Nom du laboratoire',
  Country: 'Pays',
  'Your name': 'Votre nom',
  'E-mail': 'Adresse e-mail',
  'Password (at least 12 characters)': 'Mot de passe (12 caractères au moins)',
  'Create the lab': 'Créer le laboratoire',
  'Log in': 'Se connecter',
  Password: 'Mot de passe',
  'wrong e-mail or password': 'adresse e-mail ou mot de passe incorrect',
  'this account is locked after too many failed logins; try again later or ask an administrator':
    'ce compte est bloqué après trop de tentatives de connexion échouées ; réessayez plus tard ou adressez-vous à un administrateur',
  'too many failed logins from this address; wait a few minutes and try again':
    'trop de tentatives de connexion échouées depuis cette adresse ; patientez quelques minutes, puis réessayez',
  'Join your lab': 'Rejoindre votre laboratoire',
  'Welcome, {name}. You are invited to {lab} as {email}. Choose a password to finish.':
    'Bienvenue, {name}. Vous êtes invité à rejoindre {lab} avec l’adresse {email}. Choisissez un mot de passe pour terminer.',
  'The same password again': 'Confirmez le mot de passe',
  'Set my password': 'Enregistrer mon mot de passe',
  Name: 'Nom',
  Role: 'Rôle',
  'Your API tokens': 'Vos jetons d’API',
  'Change your password': 'Changer votre mot de passe',
  'Your other browser sessions end; this one stays.': 'Vos autres sessions de navigateur seront fermées ; celle-ci reste ouverte.',
  'Current password': 'Mot de passe actuel',
  'New password (at least 12 characters)': 'Nouveau mot de passe (12 caractères au moins)',
  'The new password again': 'Confirmez le nouveau mot de passe',
  'Change password': 'Changer le mot de passe',

  // Severities and finding statuses.
  critical: 'critique',
  high: 'élevée',
  medium: 'moyenne',
  low: 'faible',
  info: 'info',
  Open: 'Ouvert',
  Confirmed: 'Confirmé',
  'False positive': 'Faux positif',
  'Risk accepted': 'Risque accepté',
  'Assigned to provider': 'Confié au fournisseur',
  Fixed: 'Corrigé',
  // A count's link name reads "Constats ouverts : 3": the same words for 1 and for 3.
  '{n} open findings': 'Constats ouverts : {n}',
  '{n} confirmed findings': 'Constats confirmés : {n}',
  '{n} false positive findings': 'Constats classés faux positifs : {n}',
  '{n} risk accepted findings': 'Constats dont le risque est accepté : {n}',
  '{n} assigned to provider findings': 'Constats confiés au fournisseur : {n}',
  '{n} fixed findings': 'Constats corrigés : {n}',

  // The dashboard.
  'Findings released to you': 'Constats qui vous ont été communiqués',
  'Unresolved findings by provider and severity': 'Constats non résolus par fournisseur et par sévérité',
  'Open, confirmed or assigned findings released to your organisation. Each count links to the list of those findings.':
    'Constats ouverts, confirmés ou confiés au fournisseur, communiqués à votre organisation. Chaque nombre mène à la liste de ces constats.',
  'Open, confirmed or assigned findings. Each count links to the list of those findings.':
    'Constats ouverts, confirmés ou confiés au fournisseur. Chaque nombre mène à la liste de ces constats.',
  Provider: 'Fournisseur',
  Total: 'Total',
  'No provider yet.': 'Aucun fournisseur pour l’instant.',
  '{n} unresolved {severity} findings of {provider}': 'Constats non résolus de sévérité {severity} chez {provider} : {n}',
  '{n} unresolved findings of {provider}': 'Constats non résolus chez {provider} : {n}',
  'All providers': 'Tous les fournisseurs',
  '{n} unresolved {severity} findings': 'Constats non résolus de sévérité {severity} : {n}',
  '{n} unresolved findings': 'Constats non résolus : {n}',
  'SLA breaches': 'Dépassements de délai (SLA)',
  'No finding is past its due date.': 'Aucun constat n’a dépassé son échéance.',
  '{n} finding is past the due date.': '{n} constat a dépassé son échéance.',
  '{n} findings are past the due date.': '{n} constats ont dépassé leur échéance.',
  'See them all': 'Les voir tous',
  Severity: 'Sévérité',
  Finding: 'Constat',
  App: 'Application',
  Due: 'Échéance',
  'Days overdue': 'Jours de retard',
  'Overdue remediation': 'Corrections en retard',
  'No finding of a delivered engagement is past its due date or its target date.':
    'Aucun constat d’une mission livrée n’a dépassé son échéance ni sa date cible.',
  "{n} unresolved finding past the due date or the provider's target date":
    '{n} constat non résolu au-delà de l’échéance ou de la date cible du fournisseur',
  "{n} unresolved findings past the due date or the provider's target date":
    '{n} constats non résolus au-delà de l’échéance ou de la date cible du fournisseur',
  Status: 'Statut',
  'Target date': 'Date cible',
  'none given': 'non indiquée',
  'Findings by status': 'Constats par statut',
  'Recent scans': 'Analyses récentes',
  'No scan yet.': 'Aucune analyse pour l’instant.',
  'The latest scans, newest first': 'Les dernières analyses, de la plus récente à la plus ancienne',
};
