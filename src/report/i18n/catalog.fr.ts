/**
 * Catalog item titles, test steps (howToTest) and area names in fr; English lives in the catalog YAML.
 * Test steps keep the numbering and line breaks of the English, so a lab can follow both side by side;
 * ids, API names, flags and tool names are left as they are because auditors search for them verbatim.
 */
import type { CatalogText } from './index.js';

const areas: Readonly<Record<string, string>> = {
  'App: resilience and build hardening': 'Application : résilience et durcissement de la compilation',
  'App: network communication': 'Application : communications réseau',
  'App: authentication and session': 'Application : authentification et session',
  'App: data storage': 'Application : stockage des données',
  'App: cryptography': 'Application : cryptographie',
  'App: permissions and platform interaction': 'Application : permissions et interaction avec la plateforme',
  'App: code quality and supply chain': 'Application : qualité du code et chaîne d’approvisionnement',
  'App: transaction integrity': 'Application : intégrité des transactions',
  'App: device protection': 'Application : protection de l’appareil',
  'USSD/STK: sessions and authentication': 'USSD/STK : sessions et authentification',
  'USSD/STK: channel confidentiality and integrity': 'USSD/STK : confidentialité et intégrité du canal',
  'USSD/STK: device and SIM binding': 'USSD/STK : association à l’appareil et à la SIM',
  'USSD/STK: transactions and input': 'USSD/STK : transactions et saisies',
  'USSD/STK: handset abuse': 'USSD/STK : détournement du terminal',
  'SIM: swap and recycling': 'SIM : échange de SIM (SIM swap) et recyclage des numéros',
  'SIM: card and OTA security': 'SIM : sécurité de la carte et OTA',
  'SS7/signalling: network controls': 'SS7/signalisation : contrôles du réseau',
  'SS7/signalling: DFS provider countermeasures':
    'SS7/signalisation : contre-mesures des fournisseurs de SFN (services financiers numériques)',
  'Platform: access control and sessions': 'Plateforme : contrôle d’accès et sessions',
  'Platform: network and infrastructure': 'Plateforme : réseau et infrastructure',
  'Platform: data protection and logging': 'Plateforme : protection des données et journalisation',
  'Platform: operations and change': 'Plateforme : exploitation et gestion des changements',
  'Platform: fraud monitoring': 'Plateforme : surveillance de la fraude',
  'Platform: third parties': 'Plateforme : tiers',
  'Governance: regulator cooperation': 'Gouvernance : coopération entre régulateurs',
  'Governance: licensee obligations': 'Gouvernance : obligations des titulaires de licence',
  Consumer: 'Consommateurs',
};

const items: Readonly<Record<string, { title: string; howToTest?: string }>> = {
  'APP-01': {
    title: 'Bibliothèques de sécurité du système d’exploitation bien utilisées, suites cryptographiques robustes uniquement',
    howToTest: `1. Dans le paquet, relever les fournisseurs TLS et cryptographiques utilisés par le code ; noter toute pile TLS embarquée,
   toute fabrique de sockets personnalisée ou toute liste de suites choisie à la main.
2. Recenser les noms d’hôte d’API que l’application contacte (chaînes statiques ou capture via un proxy).
3. Analyser chaque hôte avec un scanner TLS et consigner les versions de protocole et les suites acceptées.
4. Non conforme si des versions de TLS inférieures à 1.2 ou des suites export, RC4, 3DES, NULL ou anonymes sont acceptées.
`,
  },
  'APP-02': {
    title: 'Authentification multifacteur pour l’accès au compte',
    howToTest: `1. Créer un compte de test et noter chaque facteur utilisé lors de l’enrôlement.
2. Se connecter depuis une nouvelle installation sur un second appareil et lister les facteurs demandés
   (PIN ou mot de passe, code à usage unique, association à l’appareil, biométrie).
3. Tenter d’accéder au compte avec un seul facteur, par exemple le bon PIN sur un nouvel appareil sans terminer
   l’étape du code à usage unique, ou en rejouant un ancien jeton de session.
4. Répéter l’essai sur le canal USSD lorsqu’il donne accès au compte.
5. Conforme uniquement si tout chemin d’accès au compte exige deux facteurs indépendants.
`,
  },
  'APP-03': {
    title: 'Clients en mesure d’effacer ou de chiffrer à distance un appareil perdu',
    howToTest: `1. Demander au fournisseur si ses conseils aux clients expliquent le chiffrement de l’appareil et l’effacement à distance
   (Find My Device, Find My iPhone ou une solution MDM).
2. Examiner ces conseils (site web, aide de l’application, dépliants) et consigner s’ils sont à jour et faciles à trouver.
`,
  },
  'APP-04': {
    title: 'Numéros de carte masqués, jamais envoyés par e-mail ou SMS',
    howToTest: `1. Avec un compte de test lié à une carte, effectuer un paiement dans l’application et via USSD.
2. Examiner chaque reçu : écrans de l’application, notifications SMS, e-mails, tickets du commerçant ou de l’agent.
3. Conforme si le PAN est tronqué ou masqué partout et si aucun message ne contient de CVV, de PIN, de date d’expiration
   ni de données de piste.
`,
  },
  'APP-05': {
    title: 'Certificats TLS du back-end valables au plus 825 jours',
    howToTest: `1. Pour chaque hôte d’API utilisé par l’application, récupérer le certificat feuille (par exemple openssl s_client -showcerts).
2. Calculer notAfter moins notBefore.
3. Non conforme si la durée dépasse 825 jours.
`,
  },
  'APP-06': {
    title: 'Analyses de vulnérabilités et tests d’intrusion réguliers de l’application',
    howToTest: `1. Demander les rapports d’analyse de vulnérabilités et de tests d’intrusion des douze derniers mois.
2. Vérifier qu’ils couvrent la version en production, les deux plateformes et les API du back-end.
3. Vérifier que les constats ont été suivis jusqu’à leur clôture, avec des preuves de contre-test.
4. Demander quelles mesures résistent à l’hameçonnage ou aux logiciels malveillants par superposition (par ex. protection contre la
   superposition, confirmation des transactions en dehors de l’écran de l’application) et les rechercher dans l’application.
`,
  },
  'APP-07': {
    title: 'Verrouillage automatique de l’appareil, PIN d’appareil robuste et verrouillage propre à l’application',
    howToTest: `1. Se connecter à l’application, la laisser inactive au premier plan puis en arrière-plan ; noter le délai avant
   qu’elle ne redemande une authentification.
2. Lancer l’application sur un appareil sans verrouillage d’écran ; vérifier si elle avertit l’utilisateur ou limite ses fonctions.
3. Demander au fournisseur comment les clients sont incités à sécuriser leur appareil.
`,
  },
  'APP-10': {
    title: 'Appareil rooté ou jailbreaké détecté à l’aide des services de la plateforme',
    howToTest: `1. Installer l’application sur un appareil Android rooté (et sur un iPhone jailbreaké) et l’utiliser normalement.
2. Consigner la réaction : avertissement, fonctions réduites, refus de fonctionner, ou aucune réaction.
3. Vérifier si le fournisseur utilise l’attestation de la plateforme (Play Integrity, App Attest ou DeviceCheck)
   et si le verdict est contrôlé côté serveur.
4. Les éléments statiques (chaînes de détection du root, appels aux API d’attestation) montrent une intention, pas une efficacité.
`,
  },
  'APP-11': {
    title: 'Fonctions de débogage et de développement retirées de la version publiée',
    howToTest: `1. Android : vérifier les indicateurs debuggable et testOnly, le certificat de signature de débogage, les activités de test ou
   de débogage, la journalisation verbeuse et les URL de préproduction.
2. iOS : vérifier l’entitlement get-task-allow et si les symboles de débogage sont supprimés.
3. Explorer l’application à la recherche de menus développeur cachés (appuis longs, séquences de touches, extras d’intent, liens profonds).
`,
  },
  'APP-12': {
    title: 'Le back-end vérifie l’intégrité de l’application',
    howToTest: `1. Demander comment le back-end établit l’intégrité de l’application (Play Integrity, App Attest, un mécanisme propre).
2. Reconditionner l’APK (décoder, modifier une ressource, signer de nouveau avec une autre clé) et l’installer.
3. Tenter de se connecter et d’effectuer une transaction avec l’application reconditionnée.
4. Conforme si le back-end refuse l’application reconditionnée.
`,
  },
  'APP-13': {
    title: 'Bibliothèques cryptographiques standard et TLS 1.2 ou supérieur de bout en bout',
    howToTest: `1. Lire la configuration de sécurité réseau (Android) ou les réglages ATS (iOS) pour connaître la version minimale de TLS
   et les exceptions.
2. Analyser les hôtes du back-end ; non conforme si TLS 1.0 ou 1.1 est accepté.
3. Dans une capture via un proxy, confirmer que chaque appel d’API passe par TLS jusqu’au point de terminaison du fournisseur.
`,
  },
  'APP-14': {
    title: 'Certificats serveur en cours de validité et suites cryptographiques robustes',
    howToTest: `1. Analyser chaque hôte du back-end avec un scanner TLS.
2. Non conforme en cas de certificat expiré ou pas encore valide, de suites plus faibles qu’AES-128 ou de suites
   reposant sur SHA-1/MD5.
3. Noter si des suites AEAD (GCM, ChaCha20-Poly1305) sont proposées et privilégiées.
`,
  },
  'APP-15': {
    title: 'Durée de vie des certificats d’au plus 825 jours (modèle)',
    howToTest: `1. Récupérer le certificat feuille de chaque hôte du back-end.
2. Non conforme si notAfter moins notBefore dépasse 825 jours.
`,
  },
  'APP-16': {
    title: 'Autorité de certification digne de confiance et plan de repli en cas de retrait de confiance',
    howToTest: `1. Consigner l’autorité de certification (AC) émettrice de chaque certificat du back-end.
2. Demander le plan de changement rapide d’AC (épingles de secours, autre émetteur, mise à jour de l’application) et vérifier
   qu’il est cohérent avec la manière dont l’application épingle les certificats.
`,
  },
  'APP-17': {
    title: 'Aucune erreur de configuration TLS dans l’application ni sur le serveur',
    howToTest: `1. Android : rechercher des implémentations personnalisées de TrustManager ou de HostnameVerifier qui acceptent tout,
   des gestionnaires d’erreurs SSL de WebView qui poursuivent la connexion et des configurations de sécurité réseau qui font confiance aux AC utilisateur.
2. iOS : rechercher des exceptions ATS et une évaluation de confiance personnalisée qui réussit toujours.
3. Analyser les serveurs pour détecter les faiblesses de protocole et de suites.
`,
  },
  'APP-18': {
    title: 'Épinglage de certificats (pinning)',
    howToTest: `1. Installer l’AC d’un proxy comme autorité de confiance sur l’appareil de test et faire passer l’application par le proxy.
2. Conforme si l’application refuse la connexion à ses propres hôtes d’API.
3. En analyse statique, rechercher des jeux d’épingles dans la configuration de sécurité réseau, des mécanismes d’épinglage dans les bibliothèques
   HTTP (Android) ou NSPinnedDomains et des bibliothèques d’épinglage (iOS).
`,
  },
  'APP-19': {
    title: 'Certificats serveur validés par l’application',
    howToTest: `1. Faire passer l’application par un proxy d’interception dont l’AC n’est pas reconnue par l’appareil.
2. Essayer aussi un certificat valide émis pour un autre nom d’hôte.
3. Conforme si toutes les connexions échouent et qu’aucune donnée n’est envoyée.
`,
  },
  'APP-20': {
    title: 'PIN et mots de passe faciles à deviner refusés',
    howToTest: `1. Lors de l’enrôlement et du changement de PIN, essayer 0000, 1234, 1111, l’année de naissance et les chiffres du numéro de téléphone.
2. Vérifier que la règle est appliquée par le serveur (rejouer la requête avec un PIN faible via un proxy).
3. Noter si l’application impose un changement périodique (le modèle le déconseille).
`,
  },
  'APP-21': {
    title: 'Authentification multifacteur avant les fonctions sensibles ou financières',
    howToTest: `1. Lister les fonctions sensibles : transferts, retraits, ajout de bénéficiaires, relèvement des plafonds, changement du PIN,
   du numéro de téléphone ou de l’adresse e-mail.
2. Pour chacune, consigner les facteurs demandés à ce moment-là.
3. Non conforme lorsqu’un seul facteur (ou une ancienne session à elle seule) suffit.
`,
  },
  'APP-22': {
    title: 'Codes à usage unique issus d’une application d’authentification plutôt que reçus par SMS',
    howToTest: `1. Parcourir la connexion, le changement d’appareil et un paiement ; noter comment chaque code à usage unique est transmis.
2. En analyse statique, rechercher l’utilisation de SMS Retriever ou de READ_SMS et RECEIVE_SMS, qui suggère des codes par SMS.
3. Non conforme si le SMS est le seul second facteur pour les actions à haut risque.
`,
  },
  'APP-23': {
    title: 'Données biométriques et clés protégées par le magasin de clés ou par du matériel de confiance',
    howToTest: `1. Android : vérifier si BiometricPrompt est utilisé avec un CryptoObject dont la clé exige l’authentification de
   l’utilisateur, ou seulement avec un rappel de succès.
2. iOS : vérifier si LAContext décide seul, ou si un élément du Keychain avec contrôle d’accès biométrique est utilisé.
3. Sur un appareil de test, intercepter (hook) le rappel de succès ; non conforme si une connexion réussit sans biométrie réelle.
`,
  },
  'APP-24': {
    title: 'Données confidentielles stockées à l’aide du magasin de clés de la plateforme',
    howToTest: `1. Utiliser l’application (connexion et transaction) sur un appareil de test rooté.
2. Copier le dossier de données privé de l’application ; rechercher dans les préférences, bases de données et fichiers des jetons, PIN,
   numéros de compte et clés.
3. En analyse statique, vérifier d’où proviennent les clés de chiffrement (Keystore ou bien constantes ou fichiers).
`,
  },
  'APP-25': {
    title: 'Matériel de confiance utilisé pour les données sensibles lorsqu’il est disponible',
    howToTest: `1. Android : vérifier si la génération de clés demande StrongBox ou un stockage matériel ; l’attestation de clé sur un appareil
   de test indique le niveau de sécurité.
2. iOS : vérifier si les clés sont créées dans la Secure Enclave.
`,
  },
  'APP-26': {
    title: 'Stockage externe évité et son contenu traité comme non fiable',
    howToTest: `1. Rechercher WRITE_EXTERNAL_STORAGE et les appels qui renvoient des chemins de stockage externe ou partagé.
2. Sur un appareil de test, utiliser l’application et lister ce qu’elle écrit dans le stockage partagé.
`,
  },
  'APP-27': {
    title: 'Secrets effacés des caches et de la mémoire après usage',
    howToTest: `1. Se connecter, effectuer une transaction, se déconnecter et mettre l’application en arrière-plan.
2. Faire un vidage de la mémoire du processus (par ex. avec un outil d’instrumentation) et y rechercher le PIN, le jeton de session
   et les données du compte.
3. Rechercher les mêmes valeurs dans les caches web et HTTP et dans les caches du clavier.
`,
  },
  'APP-28': {
    title: 'Permissions minimales et partage restreint avec les autres applications',
    howToTest: `1. Lister les permissions demandées et rattacher chacune à une fonction visible ; interroger le fournisseur sur les autres.
2. Lister les composants exportés, les fournisseurs de contenu (content providers) et leurs permissions.
3. iOS : lister les clés de description d’usage (usage description) et les schémas d’URL personnalisés.
`,
  },
  'APP-29': {
    title: 'Aucun mot de passe ni aucune clé codés en dur dans l’application',
    howToTest: `1. Rechercher dans le code, les ressources et les bibliothèques natives des clés, jetons, mots de passe et clés privées.
2. Pour chaque résultat, vérifier s’il est actif et ce qu’il permet d’ouvrir (demander au fournisseur de renouveler ceux qui le sont).
`,
  },
  'APP-30': {
    title: 'Entrées destinées aux bases de données validées contre l’injection',
    howToTest: `1. En analyse statique, rechercher des requêtes SQL construites par concaténation de chaînes dans rawQuery/execSQL et dans les content providers.
2. Soumettre à un fuzzing, avec des charges d’injection, les paramètres d’API capturés via un proxy ; surveiller les erreurs,
   les différences de temps de réponse ou les résultats modifiés.
`,
  },
  'APP-31': {
    title: 'Bonnes pratiques de développement sécurisé reconnues par le secteur appliquées',
    howToTest: `1. Demander quelle norme le développeur suit (par ex. OWASP MASVS) ainsi que la politique de développement
   sécurisé.
2. Demander des preuves de son application : comptes rendus de revue de code, analyse statique dans la CI, formation.
`,
  },
  'APP-32': {
    title: 'Mises à jour sécurisées et bibliothèques à jour',
    howToTest: `1. Identifier les bibliothèques embarquées et leurs versions ; les confronter aux bases de données de vulnérabilités.
2. Vérifier que les mises à jour ne passent que par la boutique officielle et que l’application peut imposer une mise à jour.
3. Rechercher du code qui télécharge et charge du code provenant d’une autre source que la boutique.
`,
  },
  'APP-33': {
    title: 'Revue de code et tests indépendants',
    howToTest: `1. Demander le dernier rapport de revue ou de test indépendant et l’identité de son auteur.
2. Vérifier la version testée et le traitement des constats.
`,
  },
  'APP-40': {
    title: 'Sauvegarde des données de l’application désactivée',
    howToTest: `1. Lire android:allowBackup (ainsi que fullBackupContent / dataExtractionRules) dans le manifeste.
2. Si la sauvegarde est autorisée, effectuer une sauvegarde adb ou une copie par transfert d’appareil et y rechercher des fichiers sensibles.
`,
  },
  'APP-41': {
    title: 'Application non débogable',
    howToTest: `1. Android : android:debuggable doit être absent ou à false.
2. iOS : l’entitlement get-task-allow doit être à false dans la version distribuée.
`,
  },
  'APP-42': {
    title: 'Application impossible à installer sur le stockage externe',
    howToTest: `1. Lire android:installLocation dans le manifeste ; preferExternal ou auto : non conforme ; internalOnly ou absent :
   conforme.
`,
  },
  'APP-43': {
    title: 'Permissions dangereuses uniquement lorsqu’une fonction en a besoin',
    howToTest: `1. Lister les permissions dangereuses et spéciales déclarées dans le manifeste.
2. Pour chacune, trouver l’écran ou la fonction qui l’utilise ; demander au fournisseur de justifier les autres.
`,
  },
  'APP-44': {
    title: 'Pas d’accès en écriture au stockage externe sans motif valable',
    howToTest: `1. Rechercher WRITE_EXTERNAL_STORAGE (et son maxSdkVersion) dans le manifeste.
2. Si la permission est présente, déterminer ce qui y est écrit et si une partie en est sensible.
`,
  },
  'APP-45': {
    title: 'Contrôles complémentaires du stockage des données sur l’application en cours d’exécution',
    howToTest: `1. Utiliser chaque fonction principale de l’application sur un appareil de test rooté.
2. Inspecter le dossier de données privé, le stockage partagé, les journaux et les caches à la recherche de données sensibles.
`,
  },
  'APP-46': {
    title: 'Trafic acheminé en HTTPS',
    howToTest: `1. Capturer le trafic de l’application sur toutes ses fonctions principales.
2. Non conforme si une requête passe en HTTP non chiffré.
3. En analyse statique, lister les URL http:// utilisées par le code.
`,
  },
  'APP-47': {
    title: 'Connexion refusée à travers un proxy d’interception non reconnu',
    howToTest: `1. Faire passer l’appareil par un proxy d’interception sans installer son AC.
2. Conforme si les connexions de l’application échouent et qu’aucun contenu de requête n’est visible.
`,
  },
  'APP-48': {
    title: 'Connexion refusée même à travers un proxy reconnu par l’appareil (épinglage)',
    howToTest: `1. Installer l’AC du proxy comme autorité de confiance (magasin système sur un appareil rooté, car les versions récentes d’Android ignorent par défaut
   les AC utilisateur) et y faire passer l’application.
2. Conforme si l’application refuse de communiquer avec ses propres hôtes d’API.
`,
  },
  'APP-49': {
    title: 'Trafic en clair désactivé dans la configuration',
    howToTest: `1. Lire usesCleartextTraffic et la configuration de sécurité réseau, en tenant compte de la valeur par défaut
   liée au SDK cible.
2. iOS : vérifier NSAllowsArbitraryLoads et les exceptions ATS par domaine.
`,
  },
  'APP-50': {
    title: 'Authentification avant l’affichage des soldes ou les paiements',
    howToTest: `1. Ouvrir l’application à froid, depuis l’arrière-plan et via des liens profonds ou des widgets.
2. Non conforme si un écran de solde, de relevé ou de paiement est accessible sans authentification.
`,
  },
  'APP-51': {
    title: 'Requêtes de transfert d’argent capturées impossibles à rejouer',
    howToTest: `1. Capturer une requête de transfert d’un petit montant via un proxy (épinglage désactivé sur l’appareil de test).
2. Renvoyer la même requête, immédiatement puis après un délai.
3. Non conforme si un second transfert est exécuté.
`,
  },
  'APP-52': {
    title: 'Réponses du serveur protégées contre l’altération',
    howToTest: `1. Intercepter une réponse de solde ou de statut de transaction et en modifier une valeur.
2. Non conforme si l’application affiche la valeur modifiée ou agit en fonction de celle-ci.
`,
  },
  'APP-53': {
    title: 'Aucune primitive cryptographique non sûre',
    howToTest: `1. Rechercher dans le bytecode et le code natif les appels à ces algorithmes, modes et générateurs.
2. Pour chaque résultat, apprécier ce qu’il protège ; D3 souligne qu’un appel faible constitue un écart par rapport aux bonnes
   pratiques, et non la preuve que des données sensibles sont exposées.
`,
  },
  'APP-54': {
    title: 'L’application refuse les appareils rootés ou compense par d’autres protections',
    howToTest: `1. Lancer l’application sur un appareil rooté.
2. Si elle fonctionne, vérifier APP-55 (obfuscation), APP-48 (épinglage) et si les corps de requête transportant
   des données sensibles sont chiffrés à l’intérieur de TLS.
`,
  },
  'APP-55': {
    title: 'Code obfusqué',
    howToTest: `1. Examiner les noms de classes, de méthodes et de champs du code propre à l’application (hors bibliothèques) ainsi que
   la protection des chaînes.
2. Confirmer dans un décompilateur que la logique métier est difficile à suivre.
`,
  },
  'APP-60': {
    title: 'Mot de passe initial remis de façon sécurisée et changé à la première connexion',
    howToTest: `1. Ouvrir un nouveau compte et consigner comment le premier mot de passe ou PIN est remis.
2. Se connecter avec celui-ci ; non conforme si l’application ou le menu USSD n’impose pas de changement.
`,
  },
  'APP-61': {
    title: 'Identifiants remis hors bande',
    howToTest: `1. Demander comment les identifiants et les codes à usage unique sont remis.
2. Lors de l’ouverture du compte et de la réinitialisation du mot de passe, noter le canal utilisé pour chaque identifiant.
`,
  },
  'APP-62': {
    title: 'Transactions non stockées sur l’appareil pour un envoi ultérieur',
    howToTest: `1. Mettre l’appareil hors ligne et lancer un paiement ; voir s’il est mis en file d’attente.
2. S’il l’est, rechercher la transaction en attente dans le stockage privé et examiner comment elle est protégée.
3. Se reconnecter et vérifier que le serveur empêche une soumission en double ou altérée.
`,
  },
  'APP-63': {
    title: 'Bibliothèques cryptographiques à jour et correctement utilisées, algorithmes robustes',
    howToTest: `1. Lister en analyse statique les algorithmes, modes et tailles de clé utilisés, ainsi que les versions des bibliothèques cryptographiques embarquées.
2. Vérifier la taille de clé et l’algorithme de hachage du certificat de signature.
3. Analyser les serveurs à la recherche de 3DES (SWEET32) et de clés courtes.
`,
  },
  'APP-64': {
    title: 'Données sensibles chiffrées au repos et pendant leur transmission au back-end',
    howToTest: `1. Après utilisation, inspecter le dossier de données privé à la recherche de données sensibles en clair.
2. Capturer le trafic et confirmer que les données sensibles ne circulent jamais en clair.
`,
  },
  'APP-65': {
    title: 'Durée de vie des certificats TLS inférieure à 825 jours (liste de contrôle d’audit)',
    howToTest: `1. Récupérer le certificat feuille de chaque point de terminaison et calculer sa durée de validité.
2. Non conforme à partir de 825 jours.
`,
  },
  'USSD-01': {
    title: 'SFN restreints selon la localisation, par exemple bloqués en itinérance',
    howToTest: `1. Avec une SIM de test en itinérance sur un réseau étranger (ou un profil de test d’itinérance), composer le code USSD des SFN.
2. Consigner si le menu est bloqué, limité ou entièrement disponible.
3. Demander comment les canaux des agents et des commerçants sont restreints par région, et tester un agent hors de sa zone.
`,
  },
  'USSD-02': {
    title: 'Requêtes USSD entrantes validées par rapport au schéma de l’interface',
    howToTest: `1. Obtenir l’accès à l’interface XML/HTTP entre la passerelle USSD et l’application SFN (environnement
   de test).
2. Envoyer des requêtes malformées : champs manquants, types erronés, valeurs surdimensionnées, éléments en trop, encodages invalides.
3. Conforme si chacune est rejetée proprement et journalisée, sans divulgation de détails d’erreur ni changement d’état.
`,
  },
  'USSD-03': {
    title: 'Les clients choisissent leur propre PIN ; PIN initiaux uniques et changés à la première utilisation',
    howToTest: `1. Enregistrer deux clients de test par l’intermédiaire d’un agent ; comparer les premiers PIN attribués.
2. Se connecter avec le PIN attribué ; non conforme si aucun changement n’est imposé.
`,
  },
  'USSD-04': {
    title: 'PIN faciles à deviner refusés',
    howToTest: `1. Lors de la création et du changement du PIN, essayer 0000, 1234, 1111, des chiffres répétés ou consécutifs et l’année de naissance.
2. Non conforme si l’un d’eux est accepté.
`,
  },
  'USSD-10': {
    title: 'Transactions impossibles à lire ou à modifier sur le parcours USSD',
    howToTest: `1. Enregistrer et activer une SIM de test sur le service SFN.
2. Lancer des captures au niveau du SMSC, de la passerelle USSD, du HLR, du MSC et du serveur SFN, ainsi qu’à la station de base.
3. Effectuer l’activation, la saisie du PIN et des transactions.
4. Rechercher dans chaque capture le PIN, les données d’activation et le détail des transactions.
5. Conforme si le PIN et les données de transaction ne peuvent être récupérés à aucun point de capture ; non conforme si le PIN ou
   des données du compte sont lisibles où que ce soit.
`,
  },
  'USSD-11': {
    title: 'Contenu USSD impossible à récupérer sur l’interface radio',
    howToTest: `1. Dans un laboratoire blindé, installer une SDR (par ex. USRP) comme homme du milieu ou fausse station de base.
2. Vérifier quel chiffrement le réseau négocie et si le terminal accepte A5/0.
3. Effectuer une transaction SFN à travers ce montage et tenter de décoder l’échange USSD.
4. Non conforme si du contenu USSD ou SMS, tel que le PIN, est récupéré.
`,
  },
  'USSD-12': {
    title: 'Données SFN invisibles pour une personne interne présente sur le site de la station de base',
    howToTest: `1. Utiliser une BTS de test de faible puissance ne transportant aucun trafic commercial.
2. Capturer sur le site (LMT ou miroir de port) avec Wireshark pendant des transactions SFN.
3. Non conforme si des données SFN sont visibles par une personne présente sur le site.
`,
  },
  'USSD-13': {
    title: 'PIN et données de transaction invisibles dans les traces des nœuds du cœur de réseau',
    howToTest: `1. Relever des traces sur chaque nœud du cœur de réseau pendant des transactions de test (ou examiner les traces fournies par l’opérateur).
2. Non conforme si le PIN ou des données de transaction apparaissent dans une trace de nœud.
`,
  },
  'USSD-14': {
    title: 'Requêtes USSD modifiées détectées',
    howToTest: `1. En laboratoire, placer un homme du milieu actif côté radio ou sur un nœud du cœur de réseau.
2. Modifier en transit le montant ou le destinataire d’un transfert de test.
3. Non conforme si la transaction modifiée est exécutée sans être détectée.
`,
  },
  'USSD-15': {
    title: 'Validation supplémentaire lorsque la SIM passe dans un nouveau terminal',
    howToTest: `1. Effectuer une transaction avec une SIM de test dans le terminal A.
2. Placer la SIM dans le terminal B (IMEI différent) et lancer une transaction.
3. Conforme si le nouvel IMEI déclenche une nouvelle vérification ou un blocage ; non conforme si la transaction aboutit
   sans aucun signalement.
`,
  },
  'USSD-16': {
    title: 'SIM (IMSI) validée avant les transactions après un échange de SIM',
    howToTest: `1. Avec la coopération de l’opérateur, transférer un numéro de test sur une nouvelle SIM.
2. Tenter une transaction depuis la nouvelle SIM.
3. Conforme si elle est refusée tant que le client n’est pas vérifié ; non conforme si la SIM échangée permet d’effectuer des transactions.
`,
  },
  'USSD-17': {
    title: 'PIN invisible entre la SIM et le terminal (STK)',
    howToTest: `1. Placer la SIM SFN dans un traceur SIM (par ex. SIMtrace2) relié au téléphone par un câble souple et à un
   ordinateur hôte par USB.
2. Effectuer des transactions SFN STK tout en traçant les APDU.
3. Non conforme si le PIN apparaît en clair dans la trace.
`,
  },
  'USSD-18': {
    title: 'Transactions SFN impossibles à piloter à distance via ADB',
    howToTest: `1. Sur un téléphone de test dont le débogage USB est activé, utiliser adb pour lancer un intent d’appel vers le code USSD des SFN.
2. Naviguer dans le menu au moyen d’événements d’entrée adb.
3. Non conforme si une transaction aboutit sans que l’utilisateur ait saisi un nouveau PIN sur l’appareil.
`,
  },
  'USSD-20': {
    title: 'TLS 1.2 ou supérieur entre la passerelle SMSC, la passerelle USSD et le serveur SFN',
    howToTest: `1. Demander la configuration de chaque liaison (paramètres TLS des passerelles et du serveur).
2. Lorsque les points de terminaison sont joignables depuis le laboratoire, les analyser pour connaître les versions de protocole.
3. Non conforme en cas de liaison HTTP/TCP en clair ou de TLS inférieur à 1.2.
`,
  },
  'USSD-21': {
    title: 'Chiffrement radio sûr entre le terminal et la station de base',
    howToTest: `1. Demander la configuration du chiffrement pour chaque génération de réseau.
2. En laboratoire, observer quel chiffrement un terminal de test négocie sur le réseau en service.
`,
  },
  'USSD-22': {
    title: 'Expiration de session côté client USSD',
    howToTest: `1. Ouvrir le menu SFN et cesser de répondre à chaque étape.
2. Mesurer le temps d’inactivité avant la fin de la session.
3. Consigner les valeurs et les comparer à la politique du fournisseur.
`,
  },
  'USSD-23': {
    title: 'PIN masqué sur les écrans USSD',
    howToTest: `1. Saisir le PIN dans les menus USSD et STK sur plusieurs modèles de terminaux.
2. Non conforme si le PIN s’affiche en clair ou est réaffiché sur un écran de confirmation.
`,
  },
  'USSD-24': {
    title: 'Suivi du chiffrement des messages USSD',
    howToTest: `1. Demander si le chiffrement du contenu des messages USSD a été évalué ou est prévu, et avec quel fournisseur ou selon quelle norme.
`,
  },
  'USSD-25': {
    title: 'Exécution USSD à distance sur les appareils évitée',
    howToTest: `1. Demander ce que fait le fournisseur contre l’exécution USSD à distance (conseils aux clients sur le mode débogage,
   étapes de confirmation des transactions).
`,
  },
  'USSD-30': {
    title: 'Contrôles de session sur les canaux USSD et application',
    howToTest: `1. Mesurer la déconnexion pour inactivité sur USSD et dans l’application.
2. Saisir de mauvais PIN jusqu’à ce qu’il se passe quelque chose ; consigner le nombre d’essais et la durée du verrouillage.
3. Essayer des PIN faibles et la réutilisation du PIN précédent lors d’un changement.
`,
  },
  'USSD-31': {
    title: 'Une seule session par client, tous canaux confondus',
    howToTest: `1. Se connecter à l’application et, en parallèle, ouvrir une session USSD pour le même compte.
2. Consigner si la seconde session est refusée ou si la première est fermée.
`,
  },
  'USSD-32': {
    title: 'Sessions USSD et STK fermées après une période d’inactivité',
    howToTest: `1. Ouvrir une session et cesser de répondre ; mesurer le délai avant sa fermeture.
2. Répéter l’essai sur le menu STK.
`,
  },
  'USSD-33': {
    title: 'Appareil validé en temps réel avant une transaction',
    howToTest: `1. Placer une SIM de test dans un autre terminal et lancer une transaction.
2. Conforme si le changement d’appareil est détecté avant le traitement de la transaction.
`,
  },
  'USSD-34': {
    title: 'Compte verrouillé après un trop grand nombre d’échecs de connexion',
    howToTest: `1. Saisir un mauvais PIN à plusieurs reprises sur USSD et dans l’application.
2. Consigner après combien de tentatives le compte se verrouille, et si les tentatives sur un canal sont comptabilisées pour
   l’autre.
3. Vérifier comment le compte est déverrouillé et que le déverrouillage exige une vérification d’identité.
`,
  },
  'USSD-35': {
    title: 'Saisies de transaction validées',
    howToTest: `1. Saisir des montants négatifs, nuls, fractionnaires, très élevés et non numériques, ainsi que des caractères spéciaux dans
   les champs destinataire et référence.
2. Non conforme si l’une de ces saisies est acceptée ou provoque une erreur qui révèle des détails internes.
`,
  },
  'USSD-36': {
    title: 'Authentification renforcée pour les transactions de montant élevé et les modifications de compte',
    howToTest: `1. Effectuer un transfert juste au-dessus du seuil de montant élevé et demander un relèvement de plafond.
2. Non conforme si aucun facteur supplémentaire n’est demandé au-delà du PIN de session.
`,
  },
  'USSD-37': {
    title: 'Clients alertés des transactions effectuées sur leur compte',
    howToTest: `1. Envoyer et recevoir de l’argent sur un compte de test par chaque canal.
2. Vérifier qu’une alerte (SMS, notification push ou dans l’application) arrive rapidement pour chacune, sans le PIN ni le numéro
   de compte complet.
`,
  },
  'USSD-40': {
    title: 'Plafonds de transaction sur les canaux peu sûrs comme l’USSD',
    howToTest: `1. Demander les plafonds par transaction et journaliers applicables sur USSD.
2. Tenter un transfert au-dessus du plafond et une série de transferts dépassant le total journalier.
`,
  },
  'SIM-01': {
    title: 'L’opérateur vérifie l’identité avant tout échange de SIM',
    howToTest: `1. Demander la procédure d’échange de SIM et les justificatifs d’identité qu’elle exige.
2. Examiner un échantillon d’échanges récents et vérifier que les justificatifs ont été enregistrés.
`,
  },
  'SIM-02': {
    title: 'Vérification d’identité multifacteur lors de l’échange de SIM',
    howToTest: `1. Demander quels facteurs sont contrôlés lors d’un échange et si certains peuvent être omis.
2. Examiner un échantillon de dossiers d’échange pour les facteurs enregistrés.
`,
  },
  'SIM-03': {
    title: 'Le fournisseur de SFN détecte le remplacement de la SIM en temps réel',
    howToTest: `1. Demander comment le fournisseur est informé des remplacements de SIM (flux de l’opérateur, consultation de l’IMSI à chaque transaction).
2. Transférer un numéro de test sur une nouvelle SIM et tenter immédiatement une transaction.
3. Conforme si le service SFN réagit avant la première transaction.
`,
  },
  'SIM-04': {
    title: 'L’opérateur conserve les secrets des SIM (IMSI, Ki) en sécurité',
    howToTest: `1. Demander où sont conservées les valeurs Ki (centre d’authentification, HSM) et comment les fichiers du fabricant de SIM sont
   transférés et détruits.
2. Examiner les listes d’accès et les journaux des systèmes qui détiennent les secrets des SIM.
`,
  },
  'SIM-05': {
    title: 'Recyclage des numéros signalé au fournisseur de SFN, compte bloqué jusqu’à vérification',
    howToTest: `1. Demander le processus de notification du recyclage entre l’opérateur et le fournisseur.
2. Examiner un échantillon de numéros recyclés et vérifier que les comptes SFN associés ont été bloqués puis vérifiés de nouveau.
`,
  },
  'SIM-06': {
    title: 'Appareil utilisé pour la transaction comparé à l’IMEI enregistré',
    howToTest: `1. Placer la SIM de test dans un autre terminal et lancer une transaction.
2. Conforme si le changement d’IMEI est détecté et qu’une vérification supplémentaire est exigée.
`,
  },
  'SIM-07': {
    title: 'Verrouillage de la SIM par PIN et PUK appliqué',
    howToTest: `1. Demander si les SIM sont livrées avec le verrouillage par PIN activé et comment les PUK sont communiqués aux clients.
2. Vérifier une SIM de test nouvellement émise.
`,
  },
  'SIM-10': {
    title: 'SIM résistante aux attaques OTA binaires (Simjacker, WIB, S@T)',
    howToTest: `1. Dans un réseau de laboratoire ou avec un testeur de SIM, envoyer des SMS binaires forgés adressés aux navigateurs S@T et WIB
   et aux domaines de sécurité OTA.
2. Consigner si la SIM exécute la commande ou renvoie une réponse.
3. Non conforme si une commande non authentifiée s’exécute ou si une réponse signée est renvoyée.
`,
  },
  'SIM-11': {
    title: 'Une SIM clonée ne peut pas s’authentifier auprès du service de monnaie mobile',
    howToTest: `1. Vérifier quel algorithme d’authentification utilisent les SIM de l’opérateur (version de COMP128 ou MILENAGE).
2. Pour les SIM COMP128v1, simuler un clone avec pySIM en laboratoire.
3. Conforme si la SIM ne peut pas être clonée, ou si le clone est détecté et bloqué ; non conforme si le clone peut effectuer des transactions.
`,
  },
  'SIM-12': {
    title: 'Identité vérifiée avant l’échange ou le remplacement de la SIM',
    howToTest: `1. Demander les procédures d’échange et de remplacement ainsi que les justificatifs d’identité exigés.
2. Examiner un échantillon de dossiers.
`,
  },
  'SIM-13': {
    title: 'Échange de SIM détecté en temps réel, nouvelle vérification avant les opérations à risque',
    howToTest: `1. Transférer un numéro de test sur une nouvelle SIM.
2. Depuis la nouvelle SIM, tenter un transfert de montant élevé et une modification des données du compte.
3. Conforme si les deux exigent une nouvelle vérification.
`,
  },
  'SIM-14': {
    title: 'Le processus de recyclage informe le fournisseur de SFN et bloque le compte',
    howToTest: `1. Demander le processus de recyclage et les données partagées avec les fournisseurs de SFN.
2. Examiner un échantillon de numéros recyclés et vérifier l’état des comptes.
`,
  },
  'SIM-15': {
    title: 'L’opérateur protège les données des SIM (IMSI, Ki)',
    howToTest: `1. Examiner comment les fichiers de clés des SIM sont reçus, stockés, consultés et détruits.
`,
  },
  'SIM-16': {
    title: 'SMS binaires et OTA bloqués, sauf en provenance de sources figurant sur une liste blanche',
    howToTest: `1. Demander les règles du pare-feu SMS applicables aux messages binaires et OTA.
2. Depuis une source externe (un autre réseau ou un agrégateur de SMS), envoyer un SMS binaire à une SIM de test.
3. Non conforme s’il est remis.
`,
  },
  'SIM-17': {
    title: 'OTA codé STK uniquement entre la plateforme de l’opérateur et ses abonnés',
    howToTest: `1. Depuis un abonné de test, envoyer un SMS codé STK à un autre abonné.
2. Non conforme s’il est remis.
`,
  },
  'SIM-18': {
    title: 'Aucun message codé STK dans le trafic A2P des fournisseurs de contenu',
    howToTest: `1. Examiner le filtrage appliqué aux connexions A2P et un échantillon des journaux du filtre.
`,
  },
  'SIM-20': {
    title: 'Procédures de détection des échanges de SIM et des recyclages suspects',
    howToTest: `1. Demander la procédure de détection et les signaux utilisés.
2. Examiner les alertes récentes et leur traitement.
`,
  },
  'SIM-21': {
    title: 'Identité vérifiée avant l’échange, transfert d’informations suspendu jusqu’à confirmation',
    howToTest: `1. Demander comment la suspension est mise en œuvre (par ex. SMS et USSD bloqués sur la nouvelle SIM pendant une période donnée).
2. Après un échange de test, vérifier si un code à usage unique envoyé par SMS parvient à la nouvelle SIM pendant la suspension.
`,
  },
  'SIM-22': {
    title: 'PUK de la SIM appliqué par l’opérateur',
    howToTest: `1. Demander comment le verrouillage PIN/PUK est configuré sur les SIM émises et comment les PUK sont communiqués.
`,
  },
  'SIM-30': {
    title: 'Changements d’IMSI et d’IMEI traités comme des indicateurs d’échange de SIM',
    howToTest: `1. Transférer un numéro de test sur une nouvelle SIM et tenter une transaction (changement d’IMSI seul).
2. Répéter l’essai avec la nouvelle SIM dans un autre terminal (changement d’IMSI et d’IMEI).
3. Conforme si les deux sont bloqués jusqu’à vérification, le second cas étant traité comme plus risqué.
`,
  },
  'SIM-40': {
    title: 'Règles d’échange de SIM harmonisées par le régulateur pour tous les opérateurs',
    howToTest: `1. Demander la réglementation ou la directive relative aux échanges de SIM et vérifier qu’elle couvre la portabilité.
2. Vérifier que la procédure de chaque opérateur s’y conforme.
`,
  },
  'SIM-41': {
    title: 'Le remplacement de SIM par un mandataire enregistre la biométrie ou la photo du mandataire',
    howToTest: `1. Examiner la procédure de remplacement par mandataire et un échantillon de dossiers pour l’image ou la donnée biométrique enregistrée.
`,
  },
  'SIM-42': {
    title: 'L’opérateur notifie aux fournisseurs de SFN les numéros échangés, portés et recyclés',
    howToTest: `1. Demander comment la notification est transmise (API, fichier, service de consultation) et dans quel délai.
2. Vérifier qu’un échange de test apparaît dans le flux du fournisseur.
`,
  },
  'SIM-43': {
    title: 'Vérification biométrique avant l’échange ou le remplacement',
    howToTest: `1. Demander si la biométrie est vérifiée au moment de l’échange et par rapport à quelle référence (dossier d’enregistrement,
   base de données nationale d’identité).
`,
  },
  'SIM-44': {
    title: 'Validation multifacteur avant un échange',
    howToTest: `1. Demander lesquelles de ces familles de facteurs sont vérifiées et combien doivent être satisfaites.
2. Examiner un échantillon de dossiers d’échange.
`,
  },
  'SIM-45': {
    title: 'Numéros recyclés signalés avec le nouvel IMSI ; compte bloqué jusqu’à vérification',
    howToTest: `1. Demander aux deux parties de décrire la transmission d’informations lors du recyclage et la règle de blocage.
`,
  },
  'SIM-46': {
    title: 'Titulaire actuel du numéro averti d’une demande d’échange',
    howToTest: `1. Demander l’échange d’un numéro de test dans une boutique ou auprès d’un agent.
2. Vérifier que le téléphone contenant la SIM actuelle reçoit une notification avant que l’échange ne prenne effet.
`,
  },
  'SIM-47': {
    title: 'Détection en temps réel, par le fournisseur de SFN, d’un changement d’IMSI ou d’ICCID',
    howToTest: `1. Transférer un numéro de test sur une nouvelle SIM.
2. Tenter une transaction et une modification du compte ; conforme si les deux exigent une vérification supplémentaire.
`,
  },
  'SIM-48': {
    title: 'Détection en temps réel, par le fournisseur de SFN, d’un changement d’appareil (IMEI)',
    howToTest: `1. Placer la SIM de test dans un autre terminal et effectuer une transaction via USSD.
2. Installer l’application sur un autre appareil et s’y connecter.
3. Conforme si chaque changement d’appareil est signalé.
`,
  },
  'SIM-49': {
    title: 'Les clients peuvent renoncer aux transactions USSD/STK',
    howToTest: `1. Demander si cette option de renonciation existe et comment les clients la trouvent.
2. Activer la renonciation pour un compte de test et tenter une transaction USSD ; non conforme si elle aboutit.
`,
  },
  'SS7-01': {
    title: 'Des pare-feu détectent et limitent les attaques SS7',
    howToTest: `1. Demander le déploiement du pare-feu de signalisation et les catégories de règles (GSMA FS.11, catégories 1/2/3).
2. Lorsqu’un accès de test SS7 existe, envoyer des sondes de catégories 1-3 (par ex. requêtes de localisation ou de données d’abonné)
   vers un abonné de test et vérifier qu’elles sont bloquées.
`,
  },
  'SS7-02': {
    title: 'Lieu de la transaction comparé à la dernière localisation connue du téléphone',
    howToTest: `1. Demander s’il existe des contrôles de vélocité géographique, qui les réalise et quelles transactions ils couvrent.
`,
  },
  'SS7-10': {
    title: 'Filtrage des USSD usurpés initiés par le réseau',
    howToTest: `1. Avec un accès de test SS7, envoyer à un abonné de test une requête USSD à terminaison mobile imitant le menu
   des SFN.
2. Non conforme si elle atteint le terminal sans être filtrée.
`,
  },
  'SS7-11': {
    title: 'Routage des SMS via le réseau nominal (SMS home routing)',
    howToTest: `1. Demander la configuration du SMS home routing (GSMA FS.19).
2. Avec un accès de test SS7, demander les informations de routage d’un numéro de test et vérifier qu’elles ne révèlent ni le
   véritable IMSI ni le nœud de desserte.
`,
  },
  'SS7-20': {
    title: 'Pare-feu SS7 contre l’interception et les USSD/SMS non autorisés',
    howToTest: `1. Examiner la configuration du pare-feu et les journaux de blocage récents pour les opérations MAP utilisées pour l’interception
   et les abus USSD/SMS.
`,
  },
  'SS7-21': {
    title: 'Accès aux outils de traçage MAP et aux analyseurs de protocole limité',
    howToTest: `1. Examiner qui a accès aux outils de traçage et aux analyseurs, et comment cet accès est approuvé et journalisé.
`,
  },
  'SS7-22': {
    title: 'Contrôles de la signalisation SS7 et Diameter en place',
    howToTest: `1. Demander l’inventaire des protections SS7 et Diameter (pare-feu, filtrage au niveau des agents de bordure) et
   leur dernière évaluation.
`,
  },
  'SS7-30': {
    title: 'Authentification hors bande, en dehors du canal télécom',
    howToTest: `1. Vérifier si les utilisateurs de l’application peuvent s’authentifier et confirmer des transactions dans l’application sans codes SMS.
2. Demander quelle proportion des utilisateurs a recours à l’authentification par l’application.
`,
  },
  'SS7-31': {
    title: 'Codes à usage unique bidirectionnels avec contrôle de l’origine de la réponse',
    howToTest: `1. Demander si des codes bidirectionnels sont utilisés et si le Global Title des réponses est vérifié.
2. Examiner la configuration de ce contrôle et les journaux des réponses rejetées.
`,
  },
  'SS7-32': {
    title: 'Localisation et IMSI/IMEI vérifiés avant les transactions USSD ou aux guichets automatiques',
    howToTest: `1. Demander lesquels de ces contrôles sont effectués, pour quelles transactions et via quelle interface de l’opérateur.
`,
  },
  'SS7-33': {
    title: 'Expiration des sessions USSD et STK, codes à usage unique à durée de validité limitée',
    howToTest: `1. Mesurer les délais d’expiration pour inactivité des sessions USSD et STK.
2. Demander un code à usage unique, attendre, puis l’utiliser ; consigner la durée de validité ; non conforme s’il n’expire jamais.
3. Vérifier qu’un code déjà utilisé ne peut pas être réutilisé.
`,
  },
  'SS7-34': {
    title: 'Ingénierie sociale et interception USSD détectées',
    howToTest: `1. Demander quelles règles de détection existent pour ces scénarios et examiner des exemples d’alertes.
`,
  },
  'SS7-35': {
    title: 'Chiffrements GSM sûrs sur l’interface radio',
    howToTest: `1. En laboratoire, observer le chiffrement négocié par un terminal de test sur chaque génération de réseau.
2. Non conforme en cas d’A5/0 ou d’A5/1 lorsque des chiffrements plus robustes sont disponibles.
`,
  },
  'SS7-36': {
    title: 'Masquage du PIN USSD (côté opérateur)',
    howToTest: `1. Saisir le PIN dans le menu USSD des SFN ; non conforme s’il s’affiche en clair.
`,
  },
  'SS7-37': {
    title: 'TLS 1.2 ou supérieur sur les liaisons des passerelles, trafic du cœur de réseau surveillé',
    howToTest: `1. Examiner la configuration TLS de chaque liaison et le dispositif de surveillance du trafic du cœur de réseau.
`,
  },
  'SS7-38': {
    title: 'Accès aux traces audité, aucun PIN USSD dans les enregistrements d’événements',
    howToTest: `1. Examiner les revues d’accès des systèmes de traces et de journaux.
2. Inspecter un échantillon d’enregistrements de données d’événements issus de transactions de test ; non conforme si un PIN y apparaît.
`,
  },
  'SS7-39': {
    title: 'SMS binaires/OTA bloqués, sauf en provenance de sources figurant sur une liste blanche (opérateur)',
    howToTest: `1. Envoyer un SMS binaire à une SIM de test depuis une source extérieure ; non conforme s’il est remis.
`,
  },
  'SS7-40': {
    title: 'SMS home routing ; OTA STK uniquement via la plateforme de l’opérateur',
    howToTest: `1. Examiner la configuration du home routing et de la plateforme OTA.
`,
  },
  'SS7-41': {
    title: 'Passerelle de validation de l’IMSI à l’intention des fournisseurs de SFN',
    howToTest: `1. Demander si la passerelle existe, quelles données elle renvoie et comment les fournisseurs l’utilisent à chaque transaction.
`,
  },
  'PLAT-01': {
    title: 'Expiration de session, règles de PIN, limite de tentatives et verrouillage appliqués par le serveur',
    howToTest: `1. Mesurer les délais d’inactivité dans l’application et sur USSD.
2. Compter les tentatives échouées jusqu’au verrouillage et mesurer la durée du verrouillage.
3. Essayer des PIN faibles et le PIN précédent lors d’un changement, en rejouant les requêtes via un proxy pour confirmer que
   le serveur (et pas seulement le client) applique les règles.
`,
  },
  'PLAT-02': {
    title: 'Identité revalidée avant la réactivation d’un compte dormant',
    howToTest: `1. Demander la procédure de mise en sommeil et de réactivation des comptes.
2. Examiner un échantillon de comptes réactivés et vérifier les justificatifs d’identité recueillis.
`,
  },
  'PLAT-03': {
    title: 'Adresses des systèmes SFN masquées derrière du NAT',
    howToTest: `1. Examiner le schéma du réseau et la configuration NAT du segment SFN.
2. Vérifier que les réponses et en-têtes des points de terminaison publics ne révèlent pas d’adresses internes.
`,
  },
  'PLAT-04': {
    title: 'Back-end SFN placé dans une DMZ',
    howToTest: `1. Examiner le schéma du réseau et les règles de pare-feu autour du back-end SFN.
`,
  },
  'PLAT-05': {
    title: 'PIN et mots de passe chiffrés en transit et au repos',
    howToTest: `1. Examiner comment les PIN sont transportés du terminal au serveur SFN et comment ils sont stockés.
2. En laboratoire, capturer une transaction de test aux points accessibles et y rechercher le PIN.
`,
  },
  'PLAT-06': {
    title: 'Données sensibles des clients supprimées des journaux de trace',
    howToTest: `1. Effectuer des transactions de test avec des valeurs connues (bon, numéro de compte, PIN).
2. Obtenir les journaux de trace de chaque système concerné et y rechercher ces valeurs.
`,
  },
  'PLAT-07': {
    title: 'Entrées validées côté client et côté serveur, violations du schéma bloquées',
    howToTest: `1. Capturer les requêtes d’API de l’application et envoyer directement au serveur des valeurs hors plage et malformées,
   en contournant les contrôles propres à l’application.
2. Faire de même sur l’interface USSD.
3. Demander les journaux montrant les requêtes rejetées.
`,
  },
  'PLAT-08': {
    title: 'Altération des données stockées détectée',
    howToTest: `1. Demander comment les soldes et les enregistrements de transactions sont protégés contre une modification directe.
2. Examiner les preuves d’un test au cours duquel un enregistrement a été modifié et la modification détectée.
`,
  },
  'PLAT-09': {
    title: 'Données et comptes de test supprimés avant la mise en production',
    howToTest: `1. Dans le paquet de l’application, rechercher des points de terminaison de test ou de préproduction et des identifiants de test.
2. Demander la liste de contrôle de mise en production et la preuve que les comptes de test ont été supprimés de la production.
`,
  },
  'PLAT-10': {
    title: 'Journalisation infalsifiable des actions des utilisateurs et des opérations critiques',
    howToTest: `1. Effectuer quelques actions de test identifiables et demander au fournisseur de les montrer dans les journaux.
2. Demander comment l’intégrité des journaux est protégée (transfert vers un autre système, stockage non réinscriptible, hachage).
`,
  },
  'PLAT-11': {
    title: 'Clés et certificats de confiance et protégés pour les échanges de données avec les partenaires',
    howToTest: `1. Examiner comment les connexions des partenaires sont authentifiées et où les clés sont conservées.
`,
  },
  'PLAT-12': {
    title: 'Procédures en cas d’indisponibilité et de fonctionnement hors ligne avec les partenaires',
    howToTest: `1. Demander les procédures en cas d’indisponibilité et la date de leur dernière mise en œuvre ou du dernier exercice.
`,
  },
  'PLAT-13': {
    title: 'Comptes et identifiants par défaut supprimés',
    howToTest: `1. Dans le paquet de l’application, rechercher des identifiants codés en dur.
2. Demander la liste de contrôle de durcissement et les inventaires des comptes des systèmes SFN.
`,
  },
  'PLAT-14': {
    title: 'Authentification multifacteur forte pour l’accès aux systèmes SFN',
    howToTest: `1. Examiner comment le personnel, les agents et les partenaires s’authentifient sur les portails de back-office et des partenaires.
`,
  },
  'PLAT-15': {
    title: 'Analyses de vélocité et d’horaire déclenchant une autorisation supplémentaire',
    howToTest: `1. Demander les règles ; avec autorisation, effectuer plusieurs transactions de test rapprochées ou tard dans la nuit et observer
   si une autorisation supplémentaire est demandée.
`,
  },
  'PLAT-16': {
    title: 'PIN et mots de passe fortement chiffrés à l’intérieur du réseau et au repos',
    howToTest: `1. Examiner comment les PIN sont protégés entre les systèmes internes et comment ils sont stockés (HSM, blocs PIN,
   hachage).
`,
  },
  'PLAT-17': {
    title: 'La détection des menaces couvre les API',
    howToTest: `1. Examiner le dispositif de surveillance du trafic des API et un échantillon d’alertes.
`,
  },
  'PLAT-18': {
    title: 'Connexion à distance aux systèmes du back-end limitée',
    howToTest: `1. Examiner les chemins d’accès à distance (VPN, serveurs de rebond) et les comptes autorisés à les utiliser.
`,
  },
  'PLAT-19': {
    title: 'Utilisateurs privilégiés, agents et commerçants liés à une adresse IP, à un appareil et à des horaires',
    howToTest: `1. Examiner les règles d’association et, si cela est permis, tester une connexion depuis un appareil non associé ou en dehors des horaires.
`,
  },
  'PLAT-20': {
    title: 'Environnements de test et de production séparés ; changements testés au préalable',
    howToTest: `1. Examiner l’organisation des environnements et les enregistrements de changements des versions récentes.
`,
  },
  'PLAT-21': {
    title: 'Un HSM protège les clés des PIN, des transactions, des jetons et des bons',
    howToTest: `1. Examiner l’inventaire des clés et l’emplacement de chacune ; vérifier la certification et le contrôle d’accès du HSM.
`,
  },
  'PLAT-22': {
    title: 'Moindre privilège, désactivation des comptes des personnes parties et revue des accès privilégiés',
    howToTest: `1. Comparer la liste des départs fournie par les RH avec les comptes actifs.
2. Examiner les définitions de rôles, les limites associées aux rôles et la dernière revue des accès privilégiés.
`,
  },
  'PLAT-23': {
    title: 'Usage des API surveillé, données envoyées aux partenaires chiffrées, accords de confidentialité (NDA) signés',
    howToTest: `1. Examiner les interfaces des partenaires, leur chiffrement et leur surveillance, ainsi que les accords signés.
`,
  },
  'PLAT-24': {
    title: 'Appareils des commerçants et des agents gérés et tenus à jour',
    howToTest: `1. Demander comment les appareils des agents et des commerçants sont gérés et mis à jour ; examiner quelques appareils sur le terrain.
`,
  },
  'PLAT-25': {
    title: 'L’opérateur contrôle les appareils qui se connectent aux systèmes SFN',
    howToTest: `1. Examiner les contrôles des postes (NAC, EDR) appliqués aux appareils du réseau SFN et un échantillon de leurs rapports.
`,
  },
  'PLAT-26': {
    title: 'Les tiers ne partagent que les données nécessaires à une transaction',
    howToTest: `1. Confronter les champs échangés dans les interfaces des partenaires à ce dont chaque transaction a besoin.
`,
  },
  'PLAT-30': {
    title: 'Identifiants des personnes parties et identifiants dormants désactivés',
    howToTest: `1. Comparer les listes de départs et de résiliations d’agents avec les comptes actifs ; lister les comptes inutilisés depuis 90 jours.
`,
  },
  'PLAT-31': {
    title: 'Comptes système par défaut supprimés',
    howToTest: `1. Examiner les listes de comptes des serveurs, bases de données et intergiciels SFN à la recherche de comptes par défaut des éditeurs.
`,
  },
  'PLAT-32': {
    title: 'Comptes de support des éditeurs désactivés après usage',
    howToTest: `1. Examiner les comptes des éditeurs, leur état et les tickets qui ont justifié leur activation.
`,
  },
  'PLAT-33': {
    title: 'Contrôle d’identité renforcé avant la réactivation d’un compte dormant',
    howToTest: `1. Examiner un échantillon de réactivations et vérifier la validation d’identité enregistrée.
`,
  },
  'PLAT-34': {
    title: 'Transactions atypiques détectées',
    howToTest: `1. Examiner les règles antifraude et un échantillon d’alertes avec la suite qui leur a été donnée.
`,
  },
  'PLAT-35': {
    title: 'Gestion des indisponibilités, tests de bout en bout, analyses de vulnérabilités et disponibilité',
    howToTest: `1. Examiner les rapports de disponibilité, les preuves de test des changements récents et les rapports d’analyse récents.
`,
  },
  'PLAT-36': {
    title: 'Aucune donnée sensible dans les journaux de trace ni dans les enregistrements de données d’événements',
    howToTest: `1. Effectuer des transactions de test avec des PIN et des valeurs connus ; les rechercher dans les enregistrements produits.
`,
  },
  'PLAT-37': {
    title: 'Accès fondé sur les rôles, revue des comptes administrateurs et double contrôle',
    howToTest: `1. Examiner les rôles, la dernière revue des comptes administrateurs et les tâches soumises au double contrôle (et ses modalités).
`,
  },
  'PLAT-38': {
    title: 'Appareils analysés et corrigés, changements approuvés, clés par défaut remplacées',
    howToTest: `1. Examiner les rapports d’état des correctifs, les procès-verbaux de recette des changements récents et l’inventaire des clés.
`,
  },
  'PLAT-39': {
    title: 'Adresses internes non exposées ; clés stockées en sécurité',
    howToTest: `1. Vérifier que les points de terminaison publics ne divulguent pas d’adresses internes (en-têtes, erreurs) et examiner le stockage des clés.
`,
  },
  'PLAT-40': {
    title: 'Les signatures numériques identifient les tiers qui se connectent',
    howToTest: `1. Examiner comment les requêtes des partenaires sont signées et comment les signatures sont vérifiées.
`,
  },
  'PLAT-41': {
    title: 'Données de test supprimées de la production ; données d’enregistrement protégées',
    howToTest: `1. Rechercher des comptes de test en production ; examiner comment les données d’enregistrement (KYC) sont stockées et consultées.
`,
  },
  'PLAT-42': {
    title: 'Données au repos chiffrées, partage de données surveillé, données de test anonymisées',
    howToTest: `1. Examiner le chiffrement au repos, le dispositif DLP appliqué aux API, les champs de données des partenaires et la manière dont les données de test sont
   produites.
`,
  },
  'GOV-01': {
    title: 'Protocole d’accord (MoU) entre régulateur des télécoms et banque centrale sur le SS7 et l’échange de SIM',
    howToTest: `1. Demander le protocole d’accord signé ainsi que le mandat et les procès-verbaux du comité conjoint.
`,
  },
  'GOV-02': {
    title: 'Incitations à des mesures antifraude conjointes des opérateurs télécoms et des fournisseurs de SFN',
    howToTest: `1. Demander quels programmes d’incitation existent et quels fournisseurs y participent.
`,
  },
  'GOV-03': {
    title: 'Pertes liées à la fraude imputées aux fournisseurs de SFN et aux opérateurs télécoms',
    howToTest: `1. Demander la réglementation qui répartit les pertes liées à la fraude et la manière dont les litiges sont réglés.
`,
  },
  'GOV-04': {
    title: 'Régulateurs formés au SS7 et à son impact sur les SFN',
    howToTest: `1. Demander les registres et supports de formation du personnel des régulateurs.
`,
  },
  'GOV-05': {
    title: 'Mesures de sécurité de base par génération de réseau',
    howToTest: `1. Demander le document de référence et vérifier qu’il couvre chaque génération de réseau utilisée dans le pays.
`,
  },
  'GOV-10': {
    title: 'Protocole d’accord (MoU) sur l’échange de SIM entre régulateur des télécoms et banque centrale',
    howToTest: `1. Demander le protocole d’accord et vérifier qu’il traite de l’échange de SIM et du recyclage des numéros.
`,
  },
  'GOV-11': {
    title: 'Les régulateurs incitent les opérateurs et les fournisseurs à adopter les contrôles relatifs aux SIM',
    howToTest: `1. Demander quelles directives, circulaires ou actions de supervision imposent les contrôles relatifs aux SIM.
`,
  },
  'GOV-20': {
    title: 'Le régulateur des télécommunications supervise le service rendu aux fournisseurs de SFN',
    howToTest: `1. Examiner les conditions de licence et les rapports de supervision relatifs au service rendu aux fournisseurs de SFN.
`,
  },
  'GOV-21': {
    title: 'Les titulaires de licence communiquent les résultats des tests d’intrusion et les mesures correctives',
    howToTest: `1. Demander les derniers rapports transmis et vérifier que les mesures correctives ont fait l’objet d’un suivi.
`,
  },
  'GOV-22': {
    title: 'Les titulaires de licence signalent les incidents d’accès non autorisé',
    howToTest: `1. Examiner les rapports d’incident reçus et les délais de déclaration.
`,
  },
  'GOV-23': {
    title: 'Les titulaires de licence adoptent rapidement les dernières normes internationales',
    howToTest: `1. Demander quelles normes chaque titulaire de licence a adoptées et à quelle date.
`,
  },
  'GOV-24': {
    title: 'Tests continus, filtrage des intrusions et surveillance avec signalement rapide',
    howToTest: `1. Examiner les dispositifs de surveillance et les rapports transmis à la banque centrale.
`,
  },
  'GOV-25': {
    title: 'Détection des équipements radio non autorisés tels que les IMSI catchers',
    howToTest: `1. Demander si l’opérateur surveille la présence de fausses stations de base et examiner les détections récentes.
`,
  },
  'GOV-26': {
    title: 'Domaines de coopération convenus entre régulateurs',
    howToTest: `1. Vérifier que le protocole d’accord ou le cadre de coopération énumère chacun de ces domaines et qu’ils sont effectivement mis en œuvre.
`,
  },
  'GOV-27': {
    title: 'Structure de gouvernance du protocole d’accord (comité de pilotage, liaison, groupe de travail)',
    howToTest: `1. Examiner les clauses de gouvernance du protocole d’accord et les comptes rendus des réunions du comité.
`,
  },
  'USER-01': {
    title: 'Les clients tiennent leur téléphone à jour et n’installent que des logiciels de confiance',
    howToTest: `1. Demander comment le fournisseur encourage ces habitudes (invites dans l’application, messages, pages web).
2. Vérifier si l’application avertit l’utilisateur lorsque la version du système d’exploitation est très ancienne.
`,
  },
  'USER-02': {
    title: 'Clients sensibilisés aux appareils rootés, au Wi-Fi public et aux applications non vérifiées',
    howToTest: `1. Examiner les supports et les campagnes de sensibilisation du fournisseur au cours de l’année écoulée.
2. Vérifier qu’ils expliquent comment repérer les fausses applications et l’hameçonnage par USSD et SMS, garder le PIN secret,
   utiliser l’authentification multifacteur et contester un paiement.
`,
  },
};

export const CATALOG_FR: CatalogText = { items, areas };
