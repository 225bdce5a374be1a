/**
 * @module platform/web/i18n.es
 * The platform's pages in Spanish: English text (the key, as written in the page) → Spanish. Formal "usted",
 * Latin-American usage, the words of the reports (hallazgo, proveedor, severidad, análisis). A page string
 * with no entry here shows in English; the catalog test says which are missing.
 */
export const ES: Readonly<Record<string, string>> = {
  // The frame: navigation, roles, language switcher.
  'Skip to content': 'Ir al contenido',
  Main: 'Menú principal',
  Dashboard: 'Panel',
  Engagements: 'Auditorías',
  Providers: 'Proveedores',
  Scans: 'Análisis',
  Findings: 'Hallazgos',
  Users: 'Usuarios',
  Settings: 'Configuración',
  Notifications: 'Notificaciones',
  'API tokens': 'Tokens de API',
  'Your account': 'Su cuenta',
  'Log out': 'Cerrar sesión',
  Administrator: 'Administrador',
  'Lead auditor': 'Auditor líder',
  Auditor: 'Auditor',
  Reviewer: 'Revisor',
  'Provider representative': 'Representante del proveedor',
  'Read-only': 'Solo lectura',
  Language: 'Idioma',
  'Language:': 'Idioma:',

  // Setup, login, invitation, own account.
  'Set up your lab': 'Configure su laboratorio',
  'Create your lab (the organisation) and its first administrator. You can invite the rest of the team afterwards.':
    'Cree su laboratorio (la organización) y su primer administrador. Después podrá invitar al resto del equipo.',
  'Lab name': 'Nombre del laboratorio',
  Country: 'País',
  'Your name': 'Su nombre',
  'E-mail': 'Correo electrónico',
  'Password (at least 12 characters)': 'Contraseña (al menos 12 caracteres)',
  'Create the lab': 'Crear el laboratorio',
  'Log in': 'Iniciar sesión',
  Password: 'Contraseña',
  'wrong e-mail or password': 'correo electrónico o contraseña incorrectos',
  'this account is locked after too many failed logins; try again later or ask an administrator':
    'esta cuenta está bloqueada tras demasiados intentos fallidos de inicio de sesión; inténtelo más tarde o consulte a un administrador',
  'too many failed logins from this address; wait a few minutes and try again':
    'demasiados intentos fallidos de inicio de sesión desde esta dirección; espere unos minutos e inténtelo de nuevo',
  'Join your lab': 'Únase a su laboratorio',
  'Welcome, {name}. You are invited to {lab} as {email}. Choose a password to finish.':
    'Le damos la bienvenida, {name}. Se le invita a unirse a {lab} con la dirección {email}. Elija una contraseña para terminar.',
  'The same password again': 'Confirme la contraseña',
  'Set my password': 'Establecer mi contraseña',
  Name: 'Nombre',
  Role: 'Rol',
  'Your API tokens': 'Sus tokens de API',
  'Change your password': 'Cambie su contraseña',
  'Your other browser sessions end; this one stays.': 'Sus demás sesiones del navegador se cerrarán; esta seguirá abierta.',
  'Current password': 'Contraseña actual',
  'New password (at least 12 characters)': 'Nueva contraseña (al menos 12 caracteres)',
  'The new password again': 'Confirme la nueva contraseña',
  'Change password': 'Cambiar la contraseña',

  // Severities and finding statuses.
  critical: 'crítica',
  high: 'alta',
  medium: 'media',
  low: 'baja',
  info: 'info',
  Open: 'Abierto',
  Confirmed: 'Confirmado',
  'False positive': 'Falso positivo',
  'Risk accepted': 'Riesgo aceptado',
  'Assigned to provider': 'Asignado al proveedor',
  Fixed: 'Corregido',
  // A count's link name reads "Hallazgos abiertos: 3": the same words for 1 and for 3.
  '{n} open findings': 'Hallazgos abiertos: {n}',
  '{n} confirmed findings': 'Hallazgos confirmados: {n}',
  '{n} false positive findings': 'Hallazgos clasificados como falsos positivos: {n}',
  '{n} risk accepted findings': 'Hallazgos con riesgo aceptado: {n}',
  '{n} assigned to provider findings': 'Hallazgos asignados al proveedor: {n}',
  '{n} fixed findings': 'Hallazgos corregidos: {n}',

  // The dashboard.
  'Findings released to you': 'Hallazgos que se le han comunicado',
  'Unresolved findings by provider and severity': 'Hallazgos sin resolver por proveedor y severidad',
  'Open, confirmed or assigned findings released to your organisation. Each count links to the list of those findings.':
    'Hallazgos abiertos, confirmados o asignados al proveedor, comunicados a su organización. Cada cifra lleva a la lista de esos hallazgos.',
  'Open, confirmed or assigned findings. Each count links to the list of those findings.':
    'Hallazgos abiertos, confirmados o asignados al proveedor. Cada cifra lleva a la lista de esos hallazgos.',
  Provider: 'Proveedor',
  Total: 'Total',
  'No provider yet.': 'Todavía no hay proveedores.',
  '{n} unresolved {severity} findings of {provider}': 'Hallazgos sin resolver de severidad {severity} del proveedor {provider}: {n}',
  '{n} unresolved findings of {provider}': 'Hallazgos sin resolver del proveedor {provider}: {n}',
  'All providers': 'Todos los proveedores',
  '{n} unresolved {severity} findings': 'Hallazgos sin resolver de severidad {severity}: {n}',
  '{n} unresolved findings': 'Hallazgos sin resolver: {n}',
  'SLA breaches': 'Incumplimientos de plazo (SLA)',
  'No finding is past its due date.': 'Ningún hallazgo ha superado su fecha límite.',
  '{n} finding is past the due date.': '{n} hallazgo ha superado la fecha límite.',
  '{n} findings are past the due date.': '{n} hallazgos han superado la fecha límite.',
  'See them all': 'Verlos todos',
  Severity: 'Severidad',
  Finding: 'Hallazgo',
  App: 'Aplicación',
  Due: 'Fecha límite',
  'Days overdue': 'Días de retraso',
  'Overdue remediation': 'Correcciones atrasadas',
  'No finding of a delivered engagement is past its due date or its target date.':
    'Ningún hallazgo de una auditoría entregada ha superado su fecha límite ni su fecha objetivo.',
  "{n} unresolved finding past the due date or the provider's target date":
    '{n} hallazgo sin resolver que superó la fecha límite o la fecha objetivo del proveedor',
  "{n} unresolved findings past the due date or the provider's target date":
    '{n} hallazgos sin resolver que superaron la fecha límite o la fecha objetivo del proveedor',
  Status: 'Estado',
  'Target date': 'Fecha objetivo',
  'none given': 'no indicada',
  'Findings by status': 'Hallazgos por estado',
  'Recent scans': 'Análisis recientes',
  'No scan yet.': 'Todavía no hay análisis.',
  'The latest scans, newest first': 'Los últimos análisis, del más reciente al más antiguo',
};
