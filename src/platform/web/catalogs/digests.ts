/**
 * @module platform/web/catalogs/digests
 * French and Spanish for the digests pages: English text (the key, as written in the page) → translation.
 * Merged with the other parts by web/i18n.ts; a key belongs to exactly one part (the catalog test says
 * which part already has it).
 */
export const FR: Readonly<Record<string, string>> = {
  'Each one as it happens': 'Chacune dès qu’elle arrive',
  'A daily digest': 'Un récapitulatif quotidien',
  'A weekly digest': 'Un récapitulatif hebdomadaire',
  'No e-mail': 'Aucun e-mail',
  'E-mail notifications': 'Notifications par e-mail',
  'Choose how your notifications reach your mailbox. Whatever you choose, every notification stays in the app.':
    'Choisissez comment vos notifications parviennent à votre boîte aux lettres. Quel que soit votre choix, chaque notification reste dans l’application.',
  'This platform sends no e-mail yet (no mail server is set up); your choice applies once it does.':
    'Cette plateforme n’envoie pas encore d’e-mails (aucun serveur de messagerie n’est configuré) ; votre choix s’appliquera dès qu’elle le fera.',
  'Send my notifications by e-mail': 'M’envoyer mes notifications par e-mail',
  'Your next digest is due at {when}.': 'Votre prochain récapitulatif est prévu le {when}.',
  'A digest lists the notifications not yet e-mailed, newest first, at most 100, and is written in English.':
    'Un récapitulatif liste les notifications pas encore envoyées par e-mail, les plus récentes d’abord, 100 au plus ; il est rédigé en anglais.',
  'Items marked TLP:AMBER are e-mailed as their title and link only; items marked TLP:RED are never e-mailed, not even in a digest.':
    'Les éléments marqués TLP:AMBER ne sont envoyés par e-mail que sous forme de titre et de lien ; les éléments marqués TLP:RED ne le sont jamais, pas même dans un récapitulatif.',
  'Your notifications reach your mailbox as: {choice}.': 'Vos notifications parviennent à votre boîte aux lettres ainsi : {choice}.',
  'Choose how notifications reach your mailbox': 'Choisir comment les notifications parviennent à votre boîte aux lettres',
};

export const ES: Readonly<Record<string, string>> = {
  'Each one as it happens': 'Cada una en el momento',
  'A daily digest': 'Un resumen diario',
  'A weekly digest': 'Un resumen semanal',
  'No e-mail': 'Ningún correo',
  'E-mail notifications': 'Notificaciones por correo',
  'Choose how your notifications reach your mailbox. Whatever you choose, every notification stays in the app.':
    'Elija cómo llegan sus notificaciones a su buzón. Elija lo que elija, cada notificación sigue en la aplicación.',
  'This platform sends no e-mail yet (no mail server is set up); your choice applies once it does.':
    'Esta plataforma aún no envía correos (no hay un servidor de correo configurado); su elección se aplicará cuando lo haga.',
  'Send my notifications by e-mail': 'Enviarme mis notificaciones por correo',
  'Your next digest is due at {when}.': 'Su próximo resumen está previsto para el {when}.',
  'A digest lists the notifications not yet e-mailed, newest first, at most 100, and is written in English.':
    'Un resumen lista las notificaciones aún no enviadas por correo, las más recientes primero, 100 como máximo, y está redactado en inglés.',
  'Items marked TLP:AMBER are e-mailed as their title and link only; items marked TLP:RED are never e-mailed, not even in a digest.':
    'Los elementos marcados TLP:AMBER se envían por correo solo con su título y su enlace; los marcados TLP:RED nunca se envían por correo, ni siquiera en un resumen.',
  'Your notifications reach your mailbox as: {choice}.': 'Sus notificaciones llegan a su buzón así: {choice}.',
  'Choose how notifications reach your mailbox': 'Elegir cómo llegan las notificaciones a su buzón',
};
