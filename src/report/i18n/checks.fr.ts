/**
 * Check titles and remediation in fr, keyed by check id (English lives in each check's metadata).
 * Only prose is translated: code spans, API and attribute names, file names, commands and catalog ids stay
 * as in the English, so that an auditor can search for them (checks.test.ts enforces it for code spans).
 * Remediation uses the infinitive, the usual voice of recommendations in French audit reports.
 */
import type { CheckText } from './index.js';

export const CHECKS_FR: Readonly<Record<string, CheckText>> = {
  "android.code.command-execution": {
    title: "Commande système construite à partir d’une entrée non constante",
    remediation:
      "Éviter d’exécuter des commandes shell ; utiliser l’API Android ou Java qui remplit la même fonction. Si un processus est nécessaire, passer un programme fixe et des arguments distincts et validés sous forme de `String[]` (jamais via `sh -c`), et filtrer par liste d’autorisation toute valeur provenant d’une entrée.",
  },
  "android.code.dynamic-code-loading": {
    title: "Code chargé à l’exécution depuis l’extérieur de l’APK",
    remediation:
      "Livrer tout le code dans l’APK signé (utiliser Play Feature Delivery pour les modules optionnels). Si du code doit être chargé, le conserver dans le stockage privé de l’application, le télécharger via TLS avec épinglage, et vérifier avant le chargement une signature au moyen d’une clé épinglée dans l’application ; ne jamais charger de code depuis le stockage externe ni depuis un chemin contrôlé par une autre application.",
  },
  "android.code.hidden-backdoor": {
    title: "Porte dérobée cachée de développeur ou d’administrateur",
    remediation:
      "Retirer des versions de production les raccourcis de développement, de test et d’administration (types de build / flavors, suppression du code de débogage par R8) ; faire appliquer les privilèges par le serveur à partir de l’identité authentifiée, jamais à partir d’un nom d’utilisateur ou d’une valeur connue du client ; retirer les points de terminaison de test des serveurs de production.",
  },
  "android.code.sql-injection": {
    title: "Requête SQL construite par concaténation de valeurs",
    remediation:
      "Passer les valeurs comme arguments liés : `rawQuery(\"… WHERE user = ?\", new String[]{ name })`, `query(table, cols, \"user = ?\", args, …)`, `SQLiteStatement.bindString`, ou les paramètres `@Query` de Room. Ne jamais construire de texte SQL à partir d’une entrée ; filtrer par liste d’autorisation les identifiants tels que les noms de colonnes servant au tri.",
  },
  "android.crypto.ecb-mode": {
    title: "Chiffrement par blocs en mode ECB",
    remediation:
      "Utiliser un mode authentifié : `AES/GCM/NoPadding` avec un IV aléatoire neuf de 12 octets pour chaque message (stocker l’IV avec le texte chiffré). Toujours spécifier la transformation complète `algorithm/mode/padding`.",
  },
  "android.crypto.encoding-as-encryption": {
    title: "Encodage ou brouillage artisanal utilisé pour masquer des données",
    remediation:
      "Ne livrer aucun secret dans l’application. Les données qui doivent rester confidentielles sur l’appareil sont chiffrées en AES-GCM avec une clé du Keystore ; les adresses de serveurs n’ont pas besoin d’être masquées, mais d’être protégées par TLS avec épinglage ; les identifiants de connexion ont leur place sur le serveur.",
  },
  "android.crypto.hardcoded-key": {
    title: "Clé cryptographique codée en dur",
    remediation:
      "Générer les clés sur l’appareil dans l’Android Keystore (`KeyGenerator` avec `AndroidKeyStore`, non exportables, éventuellement liées à l’authentification de l’utilisateur), ou obtenir du serveur des clés propres à chaque utilisateur après authentification. Dériver les clés des secrets de l’utilisateur avec PBKDF2/scrypt et un sel aléatoire. Ne jamais livrer de matériel de clé dans le code ou les ressources.",
  },
  "android.crypto.insecure-random": {
    title: "Nombres aléatoires prévisibles utilisés pour des valeurs de sécurité",
    remediation:
      "Utiliser `java.security.SecureRandom` (constructeur par défaut, jamais initialisé avec une graine par l’application) pour toute valeur de sécurité ; mieux, laisser le serveur générer les OTP et les jetons de session. Pour les clés et les IV, utiliser `KeyGenerator` dans l’Android Keystore et laisser l’objet de chiffrement générer l’IV.",
  },
  "android.crypto.rsa-no-oaep": {
    title: "Chiffrement RSA sans remplissage OAEP",
    remediation:
      "Utiliser `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` (pris en charge par l’Android Keystore et Conscrypt) et faire déchiffrer le serveur avec les mêmes paramètres OAEP ; mieux, convenir d’une clé par ECDH et chiffrer en AES-GCM.",
  },
  "android.crypto.static-iv": {
    title: "Vecteur d’initialisation ou nonce constant",
    remediation:
      "Générer un IV neuf pour chaque chiffrement (`SecureRandom.nextBytes`, 12 octets pour GCM, ou laisser l’objet de chiffrement du Keystore le choisir et lire `cipher.getIV()`), l’envoyer ou le stocker avec le texte chiffré, et ne jamais réutiliser un IV avec la même clé.",
  },
  "android.crypto.weak-cipher": {
    title: "Algorithme de chiffrement cassé ou obsolète (DES, 3DES, RC4, RC2, Blowfish)",
    remediation:
      "Utiliser AES-256 en mode GCM (`AES/GCM/NoPadding`) avec un IV aléatoire de 12 octets par message et une clé générée dans l’Android Keystore ; lors de la mise à jour, rechiffrer les données stockées avec l’ancien algorithme.",
  },
  "android.crypto.weak-hash": {
    title: "Fonction de hachage cassée (MD5, SHA-1, MD4, MD2)",
    remediation:
      "Utiliser SHA-256 ou mieux (`MessageDigest.getInstance(\"SHA-256\")`) pour l’intégrité, HMAC-SHA-256 pour les codes d’authentification, et une fonction de dérivation de clé (KDF) lente et salée (PBKDF2 avec un nombre d’itérations élevé, scrypt ou Argon2) pour les codes PIN et les mots de passe — ou, mieux, ne vérifier les codes PIN que sur le serveur.",
  },
  "android.ipc.implicit-broadcast": {
    title: "Données envoyées dans une diffusion implicite ou persistante (sticky)",
    remediation:
      "Rendre la diffusion explicite (`intent.setPackage(getPackageName())` ou un composant), ou exiger une permission de niveau signature comme permission du récepteur ; utiliser LocalBroadcastManager ou des observateurs internes au processus pour les événements propres à l’application ; ne jamais utiliser de diffusions persistantes (sticky), et ne placer aucun secret dans les diffusions.",
  },
  "android.ipc.mutable-pending-intent": {
    title: "PendingIntent modifiable encapsulant un intent implicite",
    remediation:
      "Créer les PendingIntent avec `FLAG_IMMUTABLE` (n’utiliser `FLAG_MUTABLE` que là où la réponse directe ou les bulles l’exigent), et toujours rendre explicite l’intent encapsulé avec `setComponent`/`setPackage` ou `Intent(context, Target.class)`.",
  },
  "android.ipc.sms-send": {
    title: "SMS envoyés par l’application",
    remediation:
      "Ne jamais reprendre la destination ou le contenu d’un SMS d’une entrée fournie par une autre application ; protéger les composants qui envoient des SMS par une permission de niveau signature ou ne pas les exporter ; ne jamais faire transiter de codes PIN, d’OTP ou de soldes par SMS, ou bien passer par l’application SMS de la plateforme au moyen d’un intent afin que l’utilisateur confirme l’envoi.",
  },
  "android.logging.sensitive-data": {
    title: "Données sensibles écrites dans le journal système",
    remediation:
      "Ne jamais journaliser d’identifiants de connexion, de codes PIN, de données de carte, d’OTP, de jetons ou de données personnelles. Retirer la journalisation de débogage des versions de production (R8 `-assumenosideeffects class android.util.Log { *; }`), et ne journaliser que des identifiants dépourvus de sens en dehors du back-end.",
  },
  "android.manifest.allow-backup": {
    title: "Les données de l’application peuvent être sauvegardées",
    remediation:
      "Définir `android:allowBackup=\"false\"`, ou conserver la sauvegarde en excluant les fichiers sensibles avec `android:fullBackupContent` / `android:dataExtractionRules`.",
  },
  "android.manifest.cleartext-traffic": {
    title: "Trafic en clair (HTTP) autorisé",
    remediation:
      "Définir `android:usesCleartextTraffic=\"false\"` (ou une configuration de sécurité réseau avec `cleartextTrafficPermitted=\"false\"`) et utiliser HTTPS pour tous les points de terminaison.",
  },
  "android.manifest.custom-permission-weak": {
    title: "Permission personnalisée avec un niveau de protection faible",
    remediation:
      "Définir les permissions qui protègent des composants avec `android:protectionLevel=\"signature\"` (seules les applications signées avec la même clé les obtiennent).",
  },
  "android.manifest.dangerous-permissions": {
    title: "Permissions dangereuses ou spéciales demandées",
    remediation:
      "Supprimer toute permission dont aucune fonctionnalité n’a besoin ; préférer des API plus restreintes (sélecteur de photos, SMS Retriever, localisation approximative).",
  },
  "android.manifest.debuggable": {
    title: "L’application est débogable",
    remediation:
      "Retirer `android:debuggable` du manifeste et compiler les variantes de production (`debuggable false` est la valeur par défaut de Gradle pour la variante release). Ne jamais livrer une version de débogage.",
  },
  "android.manifest.exported-activity": {
    title: "Activité exportée sans permission",
    remediation:
      "Définir `android:exported=\"false\"` sur chaque composant dont les autres applications n’ont pas besoin ; protéger les autres par une permission de protectionLevel `signature` et valider toutes les entrées qu’ils reçoivent.",
  },
  "android.manifest.exported-provider": {
    title: "Fournisseur de contenu exporté sans permission",
    remediation:
      "Définir `android:exported=\"false\"` sur chaque composant dont les autres applications n’ont pas besoin ; protéger les autres par une permission de protectionLevel `signature` et valider toutes les entrées qu’ils reçoivent.",
  },
  "android.manifest.exported-receiver": {
    title: "Récepteur de diffusion exporté sans permission",
    remediation:
      "Définir `android:exported=\"false\"` sur chaque composant dont les autres applications n’ont pas besoin ; protéger les autres par une permission de protectionLevel `signature` et valider toutes les entrées qu’ils reçoivent.",
  },
  "android.manifest.exported-service": {
    title: "Service exporté sans permission",
    remediation:
      "Définir `android:exported=\"false\"` sur chaque composant dont les autres applications n’ont pas besoin ; protéger les autres par une permission de protectionLevel `signature` et valider toutes les entrées qu’ils reçoivent.",
  },
  "android.manifest.install-location": {
    title: "L’application peut être installée sur un stockage externe",
    remediation: "Retirer `android:installLocation` ou lui donner la valeur `internalOnly`.",
  },
  "android.manifest.min-sdk": {
    title: "L’application s’installe sur des versions obsolètes d’Android",
    remediation:
      "Porter `minSdkVersion` à 23 au moins ; côté serveur, bloquer ou avertir les utilisateurs d’appareils plus anciens.",
  },
  "android.manifest.provider-grant-uri": {
    title: "Un fournisseur de contenu exporté accorde des permissions d’URI",
    remediation:
      "Ne pas exporter les fournisseurs qui accordent des permissions d’URI (le modèle FileProvider) et limiter les autorisations à des chemins `<grant-uri-permission>` restreints.",
  },
  "android.manifest.secret-codes": {
    title: "Code secret du composeur (récepteur de code secret)",
    remediation:
      "Retirer des versions de production les récepteurs de codes secrets et les fonctions de débogage auxquelles ils donnent accès.",
  },
  "android.manifest.sms-call-permissions": {
    title: "L’application peut lire/envoyer des SMS ou passer des appels",
    remediation:
      "Supprimer READ_SMS/RECEIVE_SMS (utiliser l’API SMS Retriever ou SMS User Consent), ainsi que CALL_PHONE (utiliser ACTION_DIAL afin que l’utilisateur confirme l’appel).",
  },
  "android.manifest.target-sdk": {
    title: "L’application cible un niveau d’API Android obsolète",
    remediation: "Cibler l’API 33 ou ultérieure et examiner les changements de comportement introduits par chaque niveau.",
  },
  "android.manifest.task-hijacking": {
    title: "Activité exposée au détournement de tâche (StrandHogg)",
    remediation:
      "Définir `android:taskAffinity=\"\"` sur l’élément `<application>` (ou sur les activités sensibles), éviter `singleTask` sauf nécessité, ne jamais utiliser `allowTaskReparenting=\"true\"`, et cibler un SDK actuel.",
  },
  "android.manifest.test-only": {
    title: "L’application est marquée comme réservée aux tests",
    remediation:
      "Produire la version publiée à partir de la variante de production (release) ; ne pas distribuer de builds marqués testOnly.",
  },
  "android.native.executable-stack": {
    title: "Une bibliothèque native demande une pile exécutable",
    remediation:
      "Recompiler la bibliothèque avec un NDK actuel (clang effectue l’édition de liens avec `-z noexecstack` par défaut) ; ajouter `.section .note.GNU-stack,\"\",%progbits` aux fichiers assembleur écrits à la main, et ne jamais passer `-z execstack`.",
  },
  "android.native.fortify": {
    title: "Bibliothèque native compilée sans FORTIFY_SOURCE",
    remediation:
      "Compiler avec optimisation et `-D_FORTIFY_SOURCE=2` (le NDK l’active par défaut pour les versions de production avec les en-têtes d’API 17+) ; ne pas passer `-U_FORTIFY_SOURCE`.",
  },
  "android.native.relro": {
    title: "Bibliothèque native sans RELRO complet",
    remediation:
      "Effectuer l’édition de liens avec `-Wl,-z,relro -Wl,-z,now` (la valeur par défaut du NDK) ; retirer les options de l’éditeur de liens telles que `-z norelro` ou `-z lazy`.",
  },
  "android.native.rpath": {
    title: "Une bibliothèque native définit un chemin de recherche de bibliothèques",
    remediation:
      "Effectuer l’édition de liens sans `-rpath`/`-Wl,-rpath` (les applications Android chargent leurs bibliothèques depuis le répertoire de bibliothèques natives propre à l’application) ; retirer les chemins de la machine de compilation.",
  },
  "android.native.stack-canary": {
    title: "Bibliothèque native compilée sans protection de la pile",
    remediation:
      "Compiler chaque module natif avec `-fstack-protector-strong` (valeur par défaut des chaînes de compilation actuelles du NDK ; vérifier les options CMake/ndk-build personnalisées qui l’annulent, telles que `-fno-stack-protector`).",
  },
  "android.native.text-relocations": {
    title: "Bibliothèque native avec relocalisations de texte ou non indépendante de la position",
    remediation:
      "Compiler chaque objet de la bibliothèque avec `-fPIC` (la valeur par défaut du NDK), corriger l’assembleur écrit à la main qui utilise des adresses absolues, et effectuer l’édition de liens avec `-Wl,-z,text` afin que l’éditeur de liens rejette les relocalisations de texte.",
  },
  "android.native.unsafe-functions": {
    title: "Bibliothèque native utilisant des fonctions de chaîne non bornées",
    remediation:
      "Les remplacer par des appels bornés qui prennent la taille de la destination (`strlcpy`/`strlcat`, `snprintf`, `fgets`), ou par `std::string` en C++ ; compiler avec `-D_FORTIFY_SOURCE=2` afin que les appels restants soient contrôlés.",
  },
  "android.network.certificate-pinning": {
    title: "Épinglage de certificats",
    remediation:
      "Épingler les clés publiques (SPKI SHA-256) des hôtes d’API du portefeuille — dans l’élément `<pin-set>` de la configuration de sécurité réseau, avec une empreinte de secours et une date d’expiration gérée, ou avec `CertificatePinner` d’OkHttp — et planifier la rotation des clés avec l’équipe back-end.",
  },
  "android.network.cleartext-urls": {
    title: "Point de terminaison http:// codé en dur utilisé par l’application",
    remediation:
      "Utiliser `https://` pour tous les points de terminaison, définir `cleartextTrafficPermitted=\"false\"` dans la configuration de sécurité réseau (ou `usesCleartextTraffic=\"false\"`), et construire les URL à partir d’une base HTTPS unique ; ne jamais laisser une adresse de serveur saisie par l’utilisateur rétrograder le schéma.",
  },
  "android.network.debug-overrides": {
    title: "Dérogations de confiance de débogage actives dans un build débogable",
    remediation:
      "Livrer des versions de production (non débogables) ; exclure les dérogations de débogage de la configuration de production.",
  },
  "android.network.local-server": {
    title: "L’application écoute sur un socket réseau",
    remediation:
      "Ne pas exécuter de serveur dans une application de portefeuille. Si un canal local est réellement nécessaire, le lier à `127.0.0.1` (ou utiliser un Service lié / LocalSocket avec vérification de l’UID du pair), authentifier chaque requête au moyen d’un secret propre à la session, et n’exposer ni commandes ni données sensibles.",
  },
  "android.network.nsc-cleartext": {
    title: "La configuration de sécurité réseau autorise le trafic en clair",
    remediation:
      "Définir `cleartextTrafficPermitted=\"false\"` dans `<base-config>` et supprimer les exceptions par domaine ; servir tous les points de terminaison en HTTPS.",
  },
  "android.network.override-pins": {
    title: "Des ancres de confiance outrepassent l’épinglage de certificats",
    remediation: "Retirer `overridePins=\"true\"` des ancres de confiance de production.",
  },
  "android.network.pin-set": {
    title: "Jeu d’empreintes épinglées expiré ou sans empreinte de secours",
    remediation:
      "Fixer une date d’expiration lointaine et la renouveler à chaque version, et épingler au moins deux clés (la clé actuelle et une clé de secours).",
  },
  "android.network.user-certificates": {
    title: "L’application fait confiance aux certificats d’AC installés par l’utilisateur",
    remediation:
      "Ne faire confiance qu’aux AC du système (le comportement par défaut depuis le SDK 24) et épingler les clés du back-end ; ne conserver les AC de l’utilisateur que dans `<debug-overrides>`.",
  },
  "android.resilience.debugger-detection": {
    title: "Détection de débogueur",
    remediation:
      "Vérifier `Debug.isDebuggerConnected()` et `FLAG_DEBUGGABLE` périodiquement et avant les opérations sensibles, lire `TracerPid`, et envisager un anti-débogage natif ; réagir en mettant fin à la session et en informant le back-end.",
  },
  "android.resilience.emulator-detection": {
    title: "Détection d’émulateur",
    remediation:
      "Vérifier plusieurs indicateurs d’émulateur (propriétés Build, fichiers et propriétés QEMU/goldfish, capteurs et téléphonie) au démarrage et avant les opérations sensibles, et les compléter par les verdicts d’appareil Play Integrity vérifiés sur le serveur.",
  },
  "android.resilience.hooking-detection": {
    title: "Détection des frameworks de hooking (Frida, Xposed, Substrate)",
    remediation:
      "Détecter Frida (ports par défaut, `/proc/self/maps` et noms de threads, bibliothèques injectées) et Xposed (recherches de classes, traces de pile) à plusieurs endroits, en code natif comme en Java, et signaler les détections au back-end ; combiner avec l’attestation et l’obfuscation afin que les contrôles soient difficiles à supprimer.",
  },
  "android.resilience.obfuscation": {
    title: "Obfuscation du code (renommage des identifiants)",
    remediation:
      "Activer R8 (`minifyEnabled true` avec les règles optimize) et ne conserver que ce dont la réflexion, JNI et le manifeste ont besoin ; pour la logique à forte valeur, ajouter le chiffrement des chaînes ou un obfuscateur commercial, et garder privé le fichier de correspondance (mapping).",
  },
  "android.resilience.play-integrity": {
    title: "Attestation de l’application et de l’appareil (Play Integrity / SafetyNet)",
    remediation:
      "Intégrer l’API Play Integrity (requêtes standard), envoyer le jeton avec les requêtes sensibles, le déchiffrer et le vérifier sur le serveur (nom du paquet, empreinte du certificat, verdicts sur l’application et l’appareil, nonce/hachage de la requête), et refuser ou exiger une authentification renforcée en cas d’échec.",
  },
  "android.resilience.root-detection": {
    title: "Détection du root",
    remediation:
      "Détecter le root au démarrage et avant les opérations sensibles (binaires su, gestionnaires de root, test-keys, partitions système accessibles en écriture), de préférence avec une bibliothèque maintenue, et compléter par une attestation Play Integrity vérifiée sur le serveur ; décider du comportement de l’application sur un appareil rooté (refuser, ou restreindre et compenser, APP-54).",
  },
  "android.resilience.tamper-detection": {
    title: "Détection de falsification (réempaquetage)",
    remediation:
      "Comparer à l’exécution l’empreinte du certificat de signature avec celle du certificat de production, vérifier l’installateur, et de préférence faire vérifier par le back-end un verdict d’application Play Integrity (APP-12) ; réagir en refusant le service.",
  },
  "android.secrets.hardcoded-secret": {
    title: "Secret codé en dur dans l’application",
    remediation:
      "Retirer les secrets de l’application : conserver les clés des fournisseurs sur le back-end et laisser l’application appeler le back-end avec la session de l’utilisateur ; vérifier les mots de passe et les codes PIN sur le serveur ; utiliser des jetons propres à chaque utilisateur et de courte durée ; restreindre les clés client inévitables (restrictions de clé d’API par signature de l’application, portées). Renouveler tout secret qui a été livré.",
  },
  "android.signing.debug-certificate": {
    title: "Signé avec un certificat de débogage",
    remediation:
      "Signer les versions de production avec une clé de production dédiée, conservée dans un magasin de clés protégé ou un HSM (ou Play App Signing).",
  },
  "android.signing.janus": {
    title: "Exposé à Janus (CVE-2017-13156)",
    remediation: "Signer avec v2/v3 et porter minSdkVersion à 24 ou plus.",
  },
  "android.signing.public-test-key": {
    title: "Signé avec une clé de test publiquement connue",
    remediation: "Signer avec une clé de production privée.",
  },
  "android.signing.unsigned": {
    title: "L’APK n’est pas signé",
    remediation:
      "Obtenir du fournisseur la version de production signée (depuis le magasin d’applications, ou l’artefact signé de sa chaîne de publication) et auditer celle-ci.",
  },
  "android.signing.v1-only": {
    title: "Signé uniquement avec le schéma v1 (JAR)",
    remediation:
      "Signer avec v2 et v3 (ce que fait apksigner par défaut) ; ne conserver v1 que pour les appareils antérieurs à Android 7.0, s’ils doivent être pris en charge.",
  },
  "android.signing.verification-failed": {
    title: "La signature de l’APK ne se vérifie pas (fichier altéré ou corrompu)",
    remediation: "Déterminer comment le fichier a été modifié ; auditer la version signée authentique.",
  },
  "android.signing.weak-algorithm": {
    title: "La signature utilise un algorithme de hachage faible (SHA-1/MD5)",
    remediation:
      "Signer avec SHA-256 (RSA-PKCS#1 v1.5/PSS avec SHA-256, ou ECDSA avec SHA-256) et un certificat signé avec SHA-256.",
  },
  "android.signing.weak-key": {
    title: "Clé de signature trop courte",
    remediation:
      "Passer à une clé RSA-3072/EC P-256 grâce à la rotation de clé d’APK Signature Scheme v3 (ou à la mise à niveau de clé de Play App Signing).",
  },
  "android.storage.clipboard": {
    title: "Données copiées dans le presse-papiers",
    remediation:
      "Ne jamais copier de codes PIN, de mots de passe, d’OTP ou de numéros de carte complets dans le presse-papiers. Pour les données que l’utilisateur a réellement besoin de copier (un numéro de compte), marquer le contenu copié comme sensible (`ClipDescription.EXTRA_IS_SENSITIVE`, API 33+), et l’effacer après usage (`clearPrimaryClip()`, API 28+). Désactiver la copie sur les champs secrets (`textIsSelectable=false`, `inputType=textPassword`).",
  },
  "android.storage.external-storage": {
    title: "Données écrites sur le stockage externe",
    remediation:
      "Conserver les données dans le stockage interne (`getFilesDir()`, `getCacheDir()`), chiffrées lorsqu’elles sont sensibles (`EncryptedFile` de Jetpack Security). Partager les fichiers avec d’autres applications via un `FileProvider` plutôt que par le stockage partagé, utiliser MediaStore / le Storage Access Framework pour les documents de l’utilisateur, et traiter tout ce qui est lu sur le stockage externe comme une entrée non fiable. Supprimer `WRITE_EXTERNAL_STORAGE` (ou définir `maxSdkVersion`).",
  },
  "android.storage.plaintext-secrets": {
    title: "Secrets stockés en clair dans des préférences ou des fichiers",
    remediation:
      "Ne stocker en aucun cas les mots de passe ni les codes PIN (les vérifier sur le serveur, ou au moyen d’une clé adossée au Keystore et de l’authentification de l’utilisateur). Conserver les jetons et autres secrets dans `EncryptedSharedPreferences` / `EncryptedFile` de Jetpack Security, ou les chiffrer avec une clé Android Keystore non exportable.",
  },
  "android.storage.temp-file": {
    title: "Fichiers temporaires contenant des données de l’application",
    remediation:
      "Éviter autant que possible d’écrire des données sensibles sur le disque ; les garder en mémoire. Si un fichier temporaire est inévitable, le créer dans `getCacheDir()` / `getNoBackupFilesDir()`, le chiffrer (`EncryptedFile` de Jetpack Security), et le supprimer dans un bloc `finally`.",
  },
  "android.storage.unencrypted-database": {
    title: "Base de données SQLite non chiffrée",
    remediation:
      "Ne conserver aucun secret dans les bases de données locales. Chiffrer les bases qui contiennent des données personnelles ou financières avec SQLCipher (Room : `openHelperFactory(SupportOpenHelperFactory(passphrase))`) au moyen d’une phrase secrète protégée par l’Android Keystore, ou chiffrer les colonnes sensibles avec une clé du Keystore.",
  },
  "android.storage.world-accessible": {
    title: "Fichiers créés lisibles ou modifiables par d’autres applications",
    remediation:
      "Utiliser `Context.MODE_PRIVATE` (0) partout et ne jamais élargir les permissions des fichiers. Partager les données avec des applications déterminées via un `FileProvider` / `ContentProvider` protégé par des permissions, et chiffrer les valeurs sensibles (EncryptedSharedPreferences, Jetpack Security).",
  },
  "android.tls.insecure-protocol": {
    title: "Version obsolète du protocole SSL/TLS demandée",
    remediation:
      "Utiliser le `SSLContext` par défaut de la plateforme (`SSLContext.getDefault()` ou `getInstance(\"TLS\")`) sans restreindre les protocoles, ou n’activer que `TLSv1.3` et `TLSv1.2` ; avec OkHttp, utiliser `ConnectionSpec.MODERN_TLS` ou `RESTRICTED_TLS`.",
  },
  "android.tls.permissive-hostname-verifier": {
    title: "Vérification du nom d’hôte désactivée",
    remediation:
      "Supprimer les vérificateurs de nom d’hôte personnalisés ; le vérificateur par défaut (`HttpsURLConnection.getDefaultHostnameVerifier()`, `OkHostnameVerifier` d’OkHttp) est correct. Si le certificat d’un serveur ne correspond pas à son nom, corriger le certificat. Abandonner le client HTTP d’Apache, qui est obsolète.",
  },
  "android.tls.trust-all-certificates": {
    title: "Le gestionnaire de confiance accepte n’importe quel certificat serveur",
    remediation:
      "Supprimer le gestionnaire de confiance personnalisé et utiliser celui de la plateforme (`HttpsURLConnection`/OkHttp sans `SSLSocketFactory` personnalisé). Pour des AC privées ou l’épinglage, utiliser la Network Security Configuration (`<domain-config>`, `<pin-set>`) ou `CertificatePinner` d’OkHttp ; pour le débogage, utiliser `<debug-overrides>`, que les versions de production ignorent.",
  },
  "android.tls.webview-ssl-error-proceed": {
    title: "La WebView ignore les erreurs de certificat TLS",
    remediation:
      "Ne pas redéfinir `onReceivedSslError`, ou y appeler `handler.cancel()`. Corriger plutôt le certificat du serveur ; pour les serveurs de test, utiliser une Network Security Configuration réservée au débogage (`<debug-overrides>`) et livrer les versions de production avec `debuggable=false`.",
  },
  "android.ui.flag-secure": {
    title: "Écrans protégés contre la capture (FLAG_SECURE)",
    remediation:
      "Appeler `getWindow().setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)` dans `onCreate` de chaque activité (et boîte de dialogue) qui affiche des identifiants, des soldes ou des données de transaction, par exemple dans une activité de base commune.",
  },
  "android.ui.tapjacking": {
    title: "Protection contre le tapjacking (superposition)",
    remediation:
      "Définir `android:filterTouchesWhenObscured=\"true\"` sur les boutons de confirmation/paiement et les claviers de saisie du PIN (ou dans le thème de l’application), ou appeler `setFilterTouchesWhenObscured(true)` ; à partir de l’API 31, appeler aussi `getWindow().setHideOverlayWindows(true)` sur les écrans sensibles.",
  },
  "android.webview.debugging-enabled": {
    title: "Débogage à distance de la WebView activé",
    remediation:
      "Retirer l’appel du code de production, ou passer `false` ; si nécessaire pendant le développement, l’encadrer par `if (BuildConfig.DEBUG)` (constante intégrée par le compilateur, de sorte que l’appel disparaît des versions de production) et ne livrer que des versions de production (`android:debuggable` absent).",
  },
  "android.webview.file-access": {
    title: "La WebView autorise l’accès aux fichiers locaux",
    remediation:
      "Appeler explicitement `setAllowFileAccess(false)`, `setAllowContentAccess(false)`, `setAllowFileAccessFromFileURLs(false)` et `setAllowUniversalAccessFromFileURLs(false)`, et servir les pages embarquées via `androidx.webkit.WebViewAssetLoader` (une origine `https://appassets.androidplatform.net/`) plutôt que par des URL `file://`.",
  },
  "android.webview.javascript-enabled": {
    title: "JavaScript activé dans une WebView",
    remediation:
      "Laisser JavaScript désactivé sauf si l’écran en a besoin. Lorsqu’il est nécessaire, ne charger que le contenu propre à l’application en HTTPS (ou des ressources embarquées via `WebViewAssetLoader`), restreindre la navigation dans `shouldOverrideUrlLoading` à une liste d’autorisation, ne jamais construire de pages à partir d’un intent ou d’une saisie de l’utilisateur, et laisser l’accès aux fichiers désactivé.",
  },
  "android.webview.javascript-interface": {
    title: "Passerelle JavaScript exposée au contenu d’une WebView",
    remediation:
      "Éviter les passerelles dans les WebView qui affichent autre chose que le contenu propre et embarqué de l’application. Exposer le moins de méthodes possible, valider chaque argument, ne jamais renvoyer de secrets, et vérifier l’origine de la page avant d’agir (par exemple avec `WebViewCompat.addWebMessageListener` et une liste d’origines autorisées). Porter minSdkVersion à 17 ou plus.",
  },
  "android.webview.untrusted-content": {
    title: "La WebView charge du contenu provenant d’une entrée non fiable",
    remediation:
      "Ne jamais charger d’URL ou de HTML provenant d’intents, de liens ou de saisies de l’utilisateur sans les valider par rapport à une liste d’autorisation de vos propres origines HTTPS (analyser avec `Uri`, comparer exactement le schéma et l’hôte). Afficher le texte non fiable en tant que texte (`textContent`, et non `innerHTML`), laisser JavaScript et l’accès aux fichiers désactivés là où ils ne sont pas nécessaires, et ajouter une Content Security Policy stricte aux pages embarquées.",
  },
  "ios.ats.arbitrary-loads": {
    title: "App Transport Security désactivé pour toutes les connexions",
    remediation:
      "Supprimer `NSAllowsArbitraryLoads`. Servir chaque back-end en HTTPS avec TLS 1.2+ et la confidentialité persistante (forward secrecy) ; si un hôte tiers ne le peut pas, ajouter une entrée `NSExceptionDomains` restreinte à ce seul hôte.",
  },
  "ios.ats.arbitrary-loads-media": {
    title: "App Transport Security désactivé pour le chargement des médias",
    remediation: "Supprimer la clé et servir les médias en HTTPS.",
  },
  "ios.ats.arbitrary-loads-web": {
    title: "App Transport Security désactivé pour les vues web",
    remediation:
      "Supprimer la clé et ne charger le contenu web qu’en HTTPS ; si l’application est un navigateur généraliste, en documenter la raison et tenir les données de l’application à l’écart de ces vues.",
  },
  "ios.ats.insecure-http-exceptions": {
    title: "Une exception ATS autorise le HTTP en clair vers un domaine",
    remediation:
      "Servir le domaine en HTTPS et supprimer l’exception ; ne jamais envoyer d’identifiants de connexion, de jetons ou de données personnelles à un domaine joint en HTTP.",
  },
  "ios.ats.weak-tls-exceptions": {
    title: "Une exception ATS affaiblit TLS pour un domaine",
    remediation:
      "Mettre à niveau les serveurs vers TLS 1.2+ (de préférence 1.3) avec des suites ECDHE et supprimer les clés d’exception.",
  },
  "ios.binary.arc": {
    title: "Code Objective-C compilé sans ARC",
    remediation:
      "Activer ARC (`CLANG_ENABLE_OBJC_ARC = YES`, la valeur par défaut de Xcode) pour toutes les cibles Objective-C et retirer `-fno-objc-arc` des options par fichier.",
  },
  "ios.binary.not-encrypted": {
    title: "Exécutable non chiffré par FairPlay",
    remediation:
      "Distribuer l’application via l’App Store (qui chiffre les binaires). Pour une distribution entreprise ou ad hoc, s’appuyer plutôt sur l’obfuscation et les protections à l’exécution, le chiffrement FairPlay n’étant pas disponible.",
  },
  "ios.binary.pie": {
    title: "Exécutable compilé sans PIE (pas d’ASLR)",
    remediation:
      "Compiler avec les réglages par défaut de Xcode (les exécutables indépendants de la position sont la norme depuis iOS 4.3 ; ne pas passer `-no_pie` à l’éditeur de liens) et recompiler avec une chaîne de compilation actuelle.",
  },
  "ios.binary.rpath-hijack": {
    title: "Chemin de recherche de bibliothèques (LC_RPATH) hors du bundle signé",
    remediation:
      "Ne conserver dans `LD_RUNPATH_SEARCH_PATHS` que des entrées du type `@executable_path/Frameworks` et `@loader_path/Frameworks` ; supprimer les chemins de compilation absolus ainsi que les entrées relatives ou contenant `..`, puis recompiler.",
  },
  "ios.binary.stack-canary": {
    title: "Binaire compilé sans canaris de pile",
    remediation:
      "Conserver l’option par défaut du compilateur `-fstack-protector-strong` (Xcode : Other C Flags) pour tout le code C, C++ et Objective-C, y compris les bibliothèques tierces intégrées, et recompiler.",
  },
  "ios.binary.symbols-not-stripped": {
    title: "Symboles locaux non retirés du binaire",
    remediation:
      "Définir `STRIP_INSTALLED_PRODUCT = YES`, `STRIP_STYLE = all` (non-global pour les frameworks) et `DEPLOYMENT_POSTPROCESSING = YES` pour la configuration de production, et conserver hors de l’appareil le dSYM qui sert à la symbolisation des plantages.",
  },
  "ios.binary.unsigned": {
    title: "Exécutable sans signature de code adossée à un certificat",
    remediation:
      "Signer chaque exécutable du bundle avec le certificat de distribution (archive Xcode / `codesign --sign`), et obtenir les IPA destinés à l’audit par le canal de distribution officiel.",
  },
  "ios.code.insecure-functions": {
    title: "Fonctions C de chaîne non bornées importées",
    remediation:
      "Les remplacer par des versions bornées (`strlcpy`, `strlcat`, `snprintf`, `fgets`) ou par les types de chaîne de Foundation/Swift.",
  },
  "ios.code.insecure-random": {
    title: "Générateur de nombres aléatoires non cryptographique importé",
    remediation:
      "Utiliser `SecRandomCopyBytes(kSecRandomDefault, …)`, `arc4random_uniform` ou `SystemRandomNumberGenerator` de Swift pour tout ce qui touche à la sécurité.",
  },
  "ios.code.logging": {
    title: "Journalisation dans le journal système (NSLog / os_log / print)",
    remediation:
      "Retirer la journalisation des versions de production (l’encadrer par `#if DEBUG`), ne jamais journaliser d’identifiants de connexion, de jetons, de codes PIN ou de données de carte, et utiliser `os_log` avec le masquage `<private>` par défaut.",
  },
  "ios.code.pasteboard": {
    title: "Utilisation du presse-papiers général (pasteboard)",
    remediation:
      "Ne pas copier de secrets ; lorsque la copie est nécessaire, utiliser `setItems(_:options:)` avec `.localOnly` et une `.expirationDate` courte, et marquer les champs de texte sensibles afin qu’ils ne puissent pas être copiés.",
  },
  "ios.code.weak-cipher": {
    title: "Algorithme de chiffrement cassé ou mode ECB dans des appels CommonCrypto (DES, 3DES, RC4, RC2, ECB)",
    remediation:
      "Utiliser AES-256 en mode GCM (`AES.GCM` de CryptoKit), ou au minimum AES en mode CBC avec un IV aléatoire et un HMAC calculé sur le texte chiffré ; jamais DES, 3DES, RC4, RC2 ni ECB. Conserver les clés dans le trousseau (Keychain) ou la Secure Enclave, et rechiffrer lors de la mise à jour les données stockées avec l’ancien algorithme.",
  },
  "ios.code.weak-crypto": {
    title: "Fonctions de hachage faibles (MD5, SHA-1) importées",
    remediation:
      "Utiliser SHA-256 ou mieux (`CC_SHA256`, `SHA256` de CryptoKit) et, pour les mots de passe, une fonction de dérivation de clé lente (PBKDF2 avec un nombre d’itérations élevé via `CCKeyDerivationPBKDF`, ou Argon2).",
  },
  "ios.code.webview": {
    title: "Utilisation de l’API obsolète UIWebView",
    remediation:
      "Migrer vers `WKWebView`, désactiver JavaScript là où il n’est pas nécessaire, ne charger que du contenu HTTPS provenant de vos propres domaines et restreindre l’accès `file://`.",
  },
  "ios.config.min-os": {
    title: "L’application prend en charge des versions d’iOS privées de mises à jour de sécurité",
    remediation:
      "Relever la cible de déploiement à une version d’iOS qui reçoit encore des mises à jour de sécurité, et refuser ou limiter les fonctions sensibles sur les systèmes plus anciens.",
  },
  "ios.config.url-schemes": {
    title: "Schéma d’URL personnalisé enregistré",
    remediation:
      "Utiliser des liens universels pour tout ce qui transporte des données ou déclenche des actions ; ne conserver les schémas personnalisés que là où ils sont indispensables, valider chaque paramètre et exiger une confirmation de l’utilisateur avant les actions sensibles.",
  },
  "ios.entitlements.associated-domains": {
    title: "Liens universels (domaines associés)",
    remediation:
      "Faire passer aux liens universels les liens qui transportent des données ou déclenchent des actions (retours d’authentification, demandes de paiement) : ajouter `applinks:<your domain>` à la capacité Associated Domains et publier un fichier `apple-app-site-association` limité aux chemins nécessaires ; ne conserver les schémas personnalisés qu’en solution de repli.",
  },
  "ios.entitlements.get-task-allow": {
    title: "Application signée comme débogable (get-task-allow)",
    remediation:
      "Exporter l’application avec un profil et une identité de signature de distribution (App Store ou ad hoc), qui n’accordent pas `get-task-allow` ; ne jamais livrer de builds signés pour le développement.",
  },
  "ios.entitlements.keychain-access-groups": {
    title: "Trousseau partagé via un groupe d’accès générique ou appartenant à un tiers",
    remediation:
      "N’indiquer que les groupes explicites dont l’application a besoin (`$(AppIdentifierPrefix)com.example.bank`), jamais un caractère générique ; conserver les secrets dans un groupe qu’aucune autre application n’utilise et définir explicitement `kSecAttrAccessGroup` lors de l’ajout d’éléments.",
  },
  "ios.network.cleartext-urls": {
    title: "Points de terminaison http:// en clair dans l’application",
    remediation:
      "Servir tous les points de terminaison en HTTPS, changer les URL en `https://`, et maintenir ATS activé sans domaines d’exception non sécurisés.",
  },
  "ios.network.pinning": {
    title: "Épinglage de certificat ou de clé publique",
    remediation:
      "Épingler les clés publiques des certificats feuilles ou intermédiaires de vos hôtes d’API avec `NSPinnedDomains` (ou les évaluateurs TrustKit/Alamofire), avec une empreinte de secours et un plan de rotation.",
  },
  "ios.provisioning.development-profile": {
    title: "Application provisionnée pour une distribution de développement, ad hoc ou entreprise",
    remediation:
      "Distribuer les versions de production via l’App Store (ou les apps personnalisées d’Apple Business Manager), et auditer cette version ; réserver les builds de développement et ad hoc aux testeurs internes.",
  },
  "ios.provisioning.expired-profile": {
    title: "Le profil de provisionnement embarqué a expiré",
    remediation:
      "Auditer et distribuer une version à jour ; renouveler les profils et les certificats avant leur expiration et en surveiller les dates.",
  },
  "ios.resilience.app-attest": {
    title: "Attestation de l’application (App Attest / DeviceCheck)",
    remediation:
      "Attester la clé de l’application avec `DCAppAttestService.attestKey` lors de l’enrôlement, signer les requêtes sensibles avec `generateAssertion`, et vérifier les deux sur le serveur.",
  },
  "ios.resilience.debugger-detection": {
    title: "Détection de débogueur",
    remediation:
      "Combiner plusieurs contrôles (`sysctl` P_TRACED, `ptrace(PT_DENY_ATTACH)`, ports d’exception) en code natif, au démarrage et périodiquement, et réagir d’une manière qui ne révèle pas quel contrôle s’est déclenché.",
  },
  "ios.resilience.hooking-detection": {
    title: "Détection des frameworks de hooking",
    remediation:
      "Détecter l’instrumentation au démarrage et périodiquement : parcourir les images chargées à la recherche de bibliothèques Substrate/Frida, rechercher les threads de Frida et son port par défaut, vérifier que les fonctions critiques n’ont pas été modifiées, et réagir côté serveur (par exemple en refusant la session) plutôt que par un branchement local facile à neutraliser.",
  },
  "ios.resilience.integrity-check": {
    title: "Autocontrôle de l’intégrité de l’application",
    remediation:
      "Vérifier à l’exécution que l’application est bien celle que vous avez livrée : comparer l’identifiant d’équipe de `embedded.mobileprovision`/de la signature de code, vérifier l’état de chiffrement de la version App Store, calculer l’empreinte du code critique, et confirmer le résultat côté serveur avec App Attest.",
  },
  "ios.resilience.jailbreak-detection": {
    title: "Détection du jailbreak",
    remediation:
      "Vérifier plusieurs indicateurs de jailbreak indépendants (fichiers, chemins système accessibles en écriture, schémas d’URL, dylibs chargées) en code natif, réagir également côté serveur (par exemple authentification renforcée ou refus des paiements), et combiner avec App Attest.",
  },
  "ios.resilience.obfuscation": {
    title: "Obfuscation du code (noms de classes Objective-C/Swift)",
    remediation:
      "Utiliser un obfuscateur qui renomme les symboles Objective-C/Swift (par exemple iXGuard, SwiftShield ou un obfuscateur basé sur LLVM) et chiffre les chaînes, au moins pour le code lié à la sécurité.",
  },
  "ios.secrets.hardcoded-secret": {
    title: "Identifiants secrets codés en dur dans le bundle de l’application",
    remediation:
      "Retirer le secret de l’application et le renouveler : conserver les secrets des fournisseurs sur le serveur, remettre à l’application des jetons de courte durée obtenus après authentification, et restreindre toute clé qui doit être livrée (bundle id, portée d’API).",
  },
  "ios.storage.file-protection-none": {
    title: "Fichiers écrits sans protection des données (NSFileProtectionNone)",
    remediation:
      "Utiliser `NSFileProtectionComplete` (ou `CompleteUnlessOpen` pour les fichiers écrits en arrière-plan) pour tout ce qui est sensible ; conserver la classe par défaut dans les autres cas.",
  },
  "ios.storage.keychain-accessibility": {
    title: "Éléments du trousseau accessibles lorsque l’appareil est verrouillé",
    remediation:
      "Utiliser `kSecAttrAccessibleWhenUnlockedThisDeviceOnly` (ou `…AfterFirstUnlockThisDeviceOnly` pour les traitements en arrière-plan) et, pour les secrets, un contrôle d’accès exigeant la présence de l’utilisateur.",
  },
  "ios.webview.file-access": {
    title: "Accès aux fichiers depuis des URL de fichier activé dans WKWebView",
    remediation:
      "Ne pas définir ces préférences. Charger le contenu local avec `loadFileURL:allowingReadAccessToURL:` limité au dossier de ce contenu, ou le servir via un `WKURLSchemeHandler` ; ne jamais charger de contenu non fiable dans une vue web capable de lire des fichiers.",
  },
};
