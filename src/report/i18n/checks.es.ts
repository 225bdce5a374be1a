/**
 * Check titles and remediation in es, keyed by check id (English lives in each check's metadata).
 * Only prose is translated: code spans, API and attribute names, file names, commands and catalog ids stay
 * as in the English, so that an auditor can search for them (checks.test.ts enforces it for code spans).
 * Remediation uses the formal imperative (usted), the usual voice of recommendations in Spanish reports.
 */
import type { CheckText } from './index.js';

export const CHECKS_ES: Readonly<Record<string, CheckText>> = {
  "android.code.command-execution": {
    title: "Comando del sistema construido a partir de una entrada no constante",
    remediation:
      "Evite ejecutar comandos de shell; utilice la API de Android o de Java que realiza la tarea. Si se necesita un proceso, pase un programa fijo y argumentos separados y validados como `String[]` (nunca a través de `sh -c`), y filtre con una lista de permitidos todo valor que provenga de una entrada.",
  },
  "android.code.dynamic-code-loading": {
    title: "Código cargado en tiempo de ejecución desde fuera del APK",
    remediation:
      "Incluya todo el código dentro del APK firmado (utilice Play Feature Delivery para los módulos opcionales). Si es necesario cargar código, guárdelo en el almacenamiento privado de la aplicación, descárguelo mediante TLS con anclaje y, antes de cargarlo, verifique una firma con una clave anclada en la aplicación; nunca cargue código desde el almacenamiento externo ni desde una ruta que controle otra aplicación.",
  },
  "android.code.hidden-backdoor": {
    title: "Puerta trasera oculta de desarrollador o administrador",
    remediation:
      "Elimine de las versiones de producción los atajos de desarrollo, de prueba y de administración (tipos de compilación / flavors, eliminación del código de depuración con R8); aplique los privilegios en el servidor a partir de la identidad autenticada, nunca a partir de un nombre de usuario o de un valor conocido por el cliente; elimine los puntos de conexión de prueba de los servidores de producción.",
  },
  "android.code.sql-injection": {
    title: "Sentencia SQL construida concatenando valores",
    remediation:
      "Pase los valores como argumentos vinculados: `rawQuery(\"… WHERE user = ?\", new String[]{ name })`, `query(table, cols, \"user = ?\", args, …)`, `SQLiteStatement.bindString`, o parámetros `@Query` de Room. Nunca construya texto SQL a partir de una entrada; filtre con una lista de permitidos los identificadores, como los nombres de columna usados para ordenar.",
  },
  "android.crypto.ecb-mode": {
    title: "Cifrado por bloques en modo ECB",
    remediation:
      "Utilice un modo autenticado: `AES/GCM/NoPadding` con un IV aleatorio nuevo de 12 bytes para cada mensaje (guarde el IV junto con el texto cifrado). Indique siempre la transformación completa `algorithm/mode/padding`.",
  },
  "android.crypto.encoding-as-encryption": {
    title: "Codificación o cifrado casero utilizado para ocultar datos",
    remediation:
      "No incluya secretos en la aplicación. Los datos que deben permanecer confidenciales en el dispositivo se cifran con AES-GCM bajo una clave del Keystore; las direcciones de los servidores no necesitan ocultarse, sino TLS con anclaje; las credenciales deben residir en el servidor.",
  },
  "android.crypto.hardcoded-key": {
    title: "Clave criptográfica codificada de forma fija",
    remediation:
      "Genere las claves en el dispositivo dentro del Android Keystore (`KeyGenerator` con `AndroidKeyStore`, no exportables y, opcionalmente, vinculadas a la autenticación del usuario), u obtenga del servidor claves propias de cada usuario tras la autenticación. Derive las claves a partir de secretos del usuario con PBKDF2/scrypt y una sal aleatoria. Nunca incluya material de clave en el código ni en los recursos.",
  },
  "android.crypto.insecure-random": {
    title: "Números aleatorios predecibles utilizados para valores de seguridad",
    remediation:
      "Utilice `java.security.SecureRandom` (constructor por defecto, nunca inicializado con una semilla por la aplicación) para todo valor de seguridad; mejor aún, deje que el servidor genere las OTP y los tokens de sesión. Para claves e IV, utilice `KeyGenerator` en el Android Keystore y deje que el objeto de cifrado genere el IV.",
  },
  "android.crypto.rsa-no-oaep": {
    title: "Cifrado RSA sin relleno OAEP",
    remediation:
      "Utilice `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` (compatible con el Android Keystore y Conscrypt) y haga que el servidor descifre con los mismos parámetros OAEP; mejor aún, acuerde una clave mediante ECDH y cifre con AES-GCM.",
  },
  "android.crypto.static-iv": {
    title: "Vector de inicialización o nonce constante",
    remediation:
      "Genere un IV nuevo para cada cifrado (`SecureRandom.nextBytes`, 12 bytes para GCM, o deje que el objeto de cifrado del Keystore lo elija y lea `cipher.getIV()`), envíelo o guárdelo junto con el texto cifrado, y nunca reutilice un IV con la misma clave.",
  },
  "android.crypto.weak-cipher": {
    title: "Algoritmo de cifrado roto u obsoleto (DES, 3DES, RC4, RC2, Blowfish)",
    remediation:
      "Utilice AES-256 en modo GCM (`AES/GCM/NoPadding`) con un IV aleatorio de 12 bytes por mensaje y una clave generada en el Android Keystore; al actualizar, vuelva a cifrar los datos almacenados con el algoritmo anterior.",
  },
  "android.crypto.weak-hash": {
    title: "Función hash rota (MD5, SHA-1, MD4, MD2)",
    remediation:
      "Utilice SHA-256 o superior (`MessageDigest.getInstance(\"SHA-256\")`) para la integridad, HMAC-SHA-256 para los códigos de autenticación, y una función de derivación de claves (KDF) lenta y con sal (PBKDF2 con un número elevado de iteraciones, scrypt o Argon2) para los PIN y las contraseñas; o, mejor aún, verifique los PIN únicamente en el servidor.",
  },
  "android.ipc.implicit-broadcast": {
    title: "Datos enviados en una difusión implícita o persistente (sticky)",
    remediation:
      "Haga explícita la difusión (`intent.setPackage(getPackageName())` o un componente), o exija un permiso de nivel de firma como permiso del receptor; utilice LocalBroadcastManager u observadores dentro del proceso para los eventos internos de la aplicación; nunca utilice difusiones persistentes (sticky) y no incluya secretos en las difusiones.",
  },
  "android.ipc.mutable-pending-intent": {
    title: "PendingIntent mutable que encapsula un intent implícito",
    remediation:
      "Cree los PendingIntent con `FLAG_IMMUTABLE` (utilice `FLAG_MUTABLE` solo cuando la respuesta directa o las burbujas lo requieran) y haga siempre explícito el intent encapsulado con `setComponent`/`setPackage` o `Intent(context, Target.class)`.",
  },
  "android.ipc.sms-send": {
    title: "SMS enviados por la aplicación",
    remediation:
      "Nunca tome el destino ni el contenido de un SMS de una entrada proporcionada por otra aplicación; proteja los componentes que envían SMS con un permiso de firma o no los exporte; no envíe PIN, OTP ni saldos por SMS, o bien utilice la aplicación de SMS de la plataforma mediante un intent para que el usuario confirme el envío.",
  },
  "android.logging.sensitive-data": {
    title: "Datos sensibles escritos en el registro del sistema",
    remediation:
      "Nunca registre credenciales, PIN, datos de tarjetas, OTP, tokens ni datos personales. Elimine el registro de depuración de las versiones de producción (R8 `-assumenosideeffects class android.util.Log { *; }`) y registre únicamente identificadores que carezcan de sentido fuera del backend.",
  },
  "android.manifest.allow-backup": {
    title: "Se puede hacer copia de seguridad de los datos de la aplicación",
    remediation:
      "Establezca `android:allowBackup=\"false\"`, o manténgalo y excluya los archivos sensibles con `android:fullBackupContent` / `android:dataExtractionRules`.",
  },
  "android.manifest.cleartext-traffic": {
    title: "Tráfico en texto claro (HTTP) permitido",
    remediation:
      "Establezca `android:usesCleartextTraffic=\"false\"` (o una configuración de seguridad de red con `cleartextTrafficPermitted=\"false\"`) y utilice HTTPS en todos los puntos de conexión.",
  },
  "android.manifest.custom-permission-weak": {
    title: "Permiso personalizado con un nivel de protección débil",
    remediation:
      "Defina los permisos que protegen componentes con `android:protectionLevel=\"signature\"` (solo las aplicaciones firmadas con la misma clave los obtienen).",
  },
  "android.manifest.dangerous-permissions": {
    title: "Permisos peligrosos o especiales solicitados",
    remediation:
      "Elimine todo permiso que ninguna funcionalidad necesite; prefiera API más acotadas (selector de fotos, SMS Retriever, ubicación aproximada).",
  },
  "android.manifest.debuggable": {
    title: "La aplicación es depurable",
    remediation:
      "Elimine `android:debuggable` del manifiesto y compile variantes de producción (`debuggable false` es el valor por defecto de Gradle para la variante release). Nunca distribuya una compilación de depuración.",
  },
  "android.manifest.exported-activity": {
    title: "Actividad exportada sin permiso",
    remediation:
      "Establezca `android:exported=\"false\"` en todo componente que otras aplicaciones no necesiten; proteja los demás con un permiso de protectionLevel `signature` y valide todas las entradas que reciban.",
  },
  "android.manifest.exported-provider": {
    title: "Proveedor de contenido exportado sin permiso",
    remediation:
      "Establezca `android:exported=\"false\"` en todo componente que otras aplicaciones no necesiten; proteja los demás con un permiso de protectionLevel `signature` y valide todas las entradas que reciban.",
  },
  "android.manifest.exported-receiver": {
    title: "Receptor de difusión exportado sin permiso",
    remediation:
      "Establezca `android:exported=\"false\"` en todo componente que otras aplicaciones no necesiten; proteja los demás con un permiso de protectionLevel `signature` y valide todas las entradas que reciban.",
  },
  "android.manifest.exported-service": {
    title: "Servicio exportado sin permiso",
    remediation:
      "Establezca `android:exported=\"false\"` en todo componente que otras aplicaciones no necesiten; proteja los demás con un permiso de protectionLevel `signature` y valide todas las entradas que reciban.",
  },
  "android.manifest.install-location": {
    title: "La aplicación puede instalarse en el almacenamiento externo",
    remediation: "Elimine `android:installLocation` o establézcalo en `internalOnly`.",
  },
  "android.manifest.min-sdk": {
    title: "La aplicación se instala en versiones obsoletas de Android",
    remediation:
      "Eleve `minSdkVersion` al menos a 23; bloquee o advierta desde el servidor a los usuarios con dispositivos más antiguos.",
  },
  "android.manifest.provider-grant-uri": {
    title: "Un proveedor de contenido exportado concede permisos de URI",
    remediation:
      "No exporte los proveedores que conceden permisos de URI (el patrón FileProvider) y limite las concesiones a rutas `<grant-uri-permission>` acotadas.",
  },
  "android.manifest.secret-codes": {
    title: "Código oculto del marcador (receptor de códigos secretos)",
    remediation:
      "Elimine de las versiones de producción los receptores de códigos secretos y las funciones de depuración a las que dan acceso.",
  },
  "android.manifest.sms-call-permissions": {
    title: "La aplicación puede leer/enviar SMS o realizar llamadas",
    remediation:
      "Elimine READ_SMS/RECEIVE_SMS (utilice la API SMS Retriever o SMS User Consent) y CALL_PHONE (utilice ACTION_DIAL para que el usuario confirme la llamada).",
  },
  "android.manifest.target-sdk": {
    title: "La aplicación apunta a un nivel de API de Android obsoleto",
    remediation: "Apunte a la API 33 o posterior y revise los cambios de comportamiento de cada nivel.",
  },
  "android.manifest.task-hijacking": {
    title: "Actividad expuesta al secuestro de tareas (StrandHogg)",
    remediation:
      "Establezca `android:taskAffinity=\"\"` en el elemento `<application>` (o en las actividades sensibles), evite `singleTask` salvo que sea necesario, nunca utilice `allowTaskReparenting=\"true\"` y apunte a un SDK actual.",
  },
  "android.manifest.test-only": {
    title: "La aplicación está marcada como solo para pruebas",
    remediation:
      "Genere la versión publicada a partir de la variante de producción (release); no distribuya compilaciones marcadas como testOnly.",
  },
  "android.native.executable-stack": {
    title: "Una biblioteca nativa solicita una pila ejecutable",
    remediation:
      "Recompile la biblioteca con un NDK actual (clang enlaza con `-z noexecstack` por defecto); añada `.section .note.GNU-stack,\"\",%progbits` a los archivos de ensamblador escritos a mano y nunca pase `-z execstack`.",
  },
  "android.native.fortify": {
    title: "Biblioteca nativa compilada sin FORTIFY_SOURCE",
    remediation:
      "Compile con optimización y `-D_FORTIFY_SOURCE=2` (el NDK lo activa por defecto en las compilaciones de producción con cabeceras de API 17+); no pase `-U_FORTIFY_SOURCE`.",
  },
  "android.native.relro": {
    title: "Biblioteca nativa sin RELRO completo",
    remediation:
      "Enlace con `-Wl,-z,relro -Wl,-z,now` (el valor por defecto del NDK); elimine opciones del enlazador como `-z norelro` o `-z lazy`.",
  },
  "android.native.rpath": {
    title: "Una biblioteca nativa define una ruta de búsqueda de bibliotecas",
    remediation:
      "Enlace sin `-rpath`/`-Wl,-rpath` (las aplicaciones Android cargan sus bibliotecas desde el directorio de bibliotecas nativas propio de la aplicación); elimine las rutas de la máquina de compilación.",
  },
  "android.native.stack-canary": {
    title: "Biblioteca nativa compilada sin protección de pila",
    remediation:
      "Compile cada módulo nativo con `-fstack-protector-strong` (valor por defecto en las cadenas de herramientas actuales del NDK; revise las opciones personalizadas de CMake/ndk-build que lo anulen, como `-fno-stack-protector`).",
  },
  "android.native.text-relocations": {
    title: "Biblioteca nativa con reubicaciones de texto o no independiente de la posición",
    remediation:
      "Compile cada objeto de la biblioteca con `-fPIC` (el valor por defecto del NDK), corrija el ensamblador escrito a mano que utilice direcciones absolutas y enlace con `-Wl,-z,text` para que el enlazador rechace las reubicaciones de texto.",
  },
  "android.native.unsafe-functions": {
    title: "Biblioteca nativa que utiliza funciones de cadena sin límites",
    remediation:
      "Sustitúyalas por llamadas acotadas que reciban el tamaño del destino (`strlcpy`/`strlcat`, `snprintf`, `fgets`), o por `std::string` de C++; compile con `-D_FORTIFY_SOURCE=2` para que las llamadas restantes se verifiquen.",
  },
  "android.network.certificate-pinning": {
    title: "Anclaje de certificados (pinning)",
    remediation:
      "Ancle las claves públicas (SPKI SHA-256) de los hosts de API de la billetera —en el elemento `<pin-set>` de la configuración de seguridad de red, con un pin de respaldo y una fecha de caducidad gestionada, o con `CertificatePinner` de OkHttp— y planifique la rotación de claves con el equipo de backend.",
  },
  "android.network.cleartext-urls": {
    title: "Punto de conexión http:// codificado de forma fija y utilizado por la aplicación",
    remediation:
      "Utilice `https://` en todos los puntos de conexión, establezca `cleartextTrafficPermitted=\"false\"` en la configuración de seguridad de red (o `usesCleartextTraffic=\"false\"`) y construya las URL a partir de una única base HTTPS; nunca permita que una dirección de servidor introducida por el usuario degrade el esquema.",
  },
  "android.network.debug-overrides": {
    title: "Excepciones de confianza de depuración activas en una compilación depurable",
    remediation:
      "Distribuya versiones de producción (no depurables); mantenga las excepciones de depuración fuera de la configuración de producción.",
  },
  "android.network.local-server": {
    title: "La aplicación escucha en un socket de red",
    remediation:
      "No ejecute servidores en una aplicación de billetera. Si realmente se necesita un canal local, vincúlelo a `127.0.0.1` (o utilice un Service vinculado / LocalSocket con verificación del UID del par), autentique cada solicitud con un secreto propio de la sesión y nunca exponga comandos ni datos sensibles.",
  },
  "android.network.nsc-cleartext": {
    title: "La configuración de seguridad de red permite tráfico en texto claro",
    remediation:
      "Establezca `cleartextTrafficPermitted=\"false\"` en `<base-config>` y elimine las excepciones por dominio; sirva todos los puntos de conexión por HTTPS.",
  },
  "android.network.override-pins": {
    title: "Anclas de confianza que anulan el anclaje de certificados",
    remediation: "Elimine `overridePins=\"true\"` de las anclas de confianza de producción.",
  },
  "android.network.pin-set": {
    title: "Conjunto de pines caducado o sin pin de respaldo",
    remediation:
      "Fije una fecha de caducidad lejana y renuévela con cada versión, y ancle al menos dos claves (la actual y una de respaldo).",
  },
  "android.network.user-certificates": {
    title: "La aplicación confía en certificados de CA instalados por el usuario",
    remediation:
      "Confíe solo en las CA del sistema (el comportamiento por defecto desde el SDK 24) y ancle las claves del backend; mantenga las CA del usuario únicamente dentro de `<debug-overrides>`.",
  },
  "android.resilience.debugger-detection": {
    title: "Detección de depuradores",
    remediation:
      "Compruebe `Debug.isDebuggerConnected()` y `FLAG_DEBUGGABLE` periódicamente y antes de las operaciones sensibles, lea `TracerPid` y considere técnicas antidepuración nativas; reaccione terminando la sesión e informando al backend.",
  },
  "android.resilience.emulator-detection": {
    title: "Detección de emuladores",
    remediation:
      "Compruebe varios indicadores de emulador (propiedades de Build, archivos y propiedades de QEMU/goldfish, sensores y telefonía) al iniciar y antes de las operaciones sensibles, y respáldelos con los veredictos de dispositivo de Play Integrity verificados en el servidor.",
  },
  "android.resilience.hooking-detection": {
    title: "Detección de frameworks de hooking (Frida, Xposed, Substrate)",
    remediation:
      "Detecte Frida (puertos por defecto, `/proc/self/maps` y nombres de hilos, bibliotecas inyectadas) y Xposed (búsquedas de clases, trazas de pila) en varios puntos, tanto en código nativo como en Java, y notifique las detecciones al backend; combínelo con atestación y ofuscación para que los controles sean difíciles de eliminar.",
  },
  "android.resilience.obfuscation": {
    title: "Ofuscación del código (renombrado de identificadores)",
    remediation:
      "Active R8 (`minifyEnabled true` con las reglas optimize) y conserve solo lo que necesitan la reflexión, JNI y el manifiesto; para la lógica de alto valor, añada cifrado de cadenas o un ofuscador comercial, y mantenga privado el archivo de correspondencias (mapping).",
  },
  "android.resilience.play-integrity": {
    title: "Atestación de la aplicación y del dispositivo (Play Integrity / SafetyNet)",
    remediation:
      "Integre la API Play Integrity (solicitudes estándar), envíe el token con las solicitudes sensibles, descífrelo y verifíquelo en el servidor (nombre del paquete, huella del certificado, veredictos de la aplicación y del dispositivo, nonce/hash de la solicitud), y rechace la operación o exija una autenticación reforzada cuando falle.",
  },
  "android.resilience.root-detection": {
    title: "Detección de root",
    remediation:
      "Detecte el root al iniciar y antes de las operaciones sensibles (binarios su, gestores de root, test-keys, particiones del sistema con permiso de escritura), preferiblemente con una biblioteca mantenida, y respáldelo con una atestación de Play Integrity verificada en el servidor; decida qué hace la aplicación en un dispositivo rooteado (rechazar, o restringir y compensar, APP-54).",
  },
  "android.resilience.tamper-detection": {
    title: "Detección de manipulación (reempaquetado)",
    remediation:
      "Compare en tiempo de ejecución la huella del certificado de firma con la del certificado de producción, verifique el instalador y, preferiblemente, haga que el backend verifique un veredicto de aplicación de Play Integrity (APP-12); reaccione denegando el servicio.",
  },
  "android.secrets.hardcoded-secret": {
    title: "Secreto codificado de forma fija en la aplicación",
    remediation:
      "Elimine los secretos de la aplicación: mantenga las claves de los proveedores en el backend y deje que la aplicación llame al backend con la sesión del usuario; verifique las contraseñas y los PIN en el servidor; utilice tokens por usuario y de corta duración; restrinja las claves de cliente inevitables (restricciones de clave de API por firma de la aplicación, ámbitos). Rote todo secreto que se haya distribuido.",
  },
  "android.signing.debug-certificate": {
    title: "Firmada con un certificado de depuración",
    remediation:
      "Firme las versiones de producción con una clave de producción dedicada, guardada en un almacén de claves protegido o en un HSM (o con Play App Signing).",
  },
  "android.signing.janus": {
    title: "Expuesta a Janus (CVE-2017-13156)",
    remediation: "Firme con v2/v3 y eleve minSdkVersion a 24 o superior.",
  },
  "android.signing.public-test-key": {
    title: "Firmada con una clave de prueba de conocimiento público",
    remediation: "Firme con una clave de producción privada.",
  },
  "android.signing.unsigned": {
    title: "El APK no está firmado",
    remediation:
      "Obtenga del proveedor la versión de producción firmada (de la tienda de aplicaciones, o el artefacto firmado de su cadena de publicación) y audite esa versión.",
  },
  "android.signing.v1-only": {
    title: "Firmada solo con el esquema v1 (JAR)",
    remediation:
      "Firme con v2 y v3 (apksigner lo hace por defecto); mantenga v1 solo para dispositivos anteriores a Android 7.0 si deben ser compatibles.",
  },
  "android.signing.verification-failed": {
    title: "La firma del APK no se verifica (archivo manipulado o dañado)",
    remediation: "Averigüe cómo se alteró el archivo; audite la versión firmada auténtica.",
  },
  "android.signing.weak-algorithm": {
    title: "La firma utiliza un algoritmo hash débil (SHA-1/MD5)",
    remediation:
      "Firme con SHA-256 (RSA-PKCS#1 v1.5/PSS con SHA-256, o ECDSA con SHA-256) y un certificado firmado con SHA-256.",
  },
  "android.signing.weak-key": {
    title: "La clave de firma es demasiado corta",
    remediation:
      "Cambie a una clave RSA-3072/EC P-256 mediante la rotación de claves de APK Signature Scheme v3 (o la actualización de clave de Play App Signing).",
  },
  "android.storage.clipboard": {
    title: "Datos copiados al portapapeles",
    remediation:
      "Nunca copie PIN, contraseñas, OTP ni números de tarjeta completos al portapapeles. Para los datos que el usuario realmente necesite copiar (un número de cuenta), marque el contenido copiado como sensible (`ClipDescription.EXTRA_IS_SENSITIVE`, API 33+) y bórrelo después de usarlo (`clearPrimaryClip()`, API 28+). Desactive la copia en los campos secretos (`textIsSelectable=false`, `inputType=textPassword`).",
  },
  "android.storage.external-storage": {
    title: "Datos escritos en el almacenamiento externo",
    remediation:
      "Mantenga los datos en el almacenamiento interno (`getFilesDir()`, `getCacheDir()`), cifrados cuando sean sensibles (`EncryptedFile` de Jetpack Security). Comparta archivos con otras aplicaciones mediante un `FileProvider` en lugar del almacenamiento compartido, utilice MediaStore / el Storage Access Framework para los documentos del usuario y trate todo lo leído del almacenamiento externo como entrada no confiable. Elimine `WRITE_EXTERNAL_STORAGE` (o establezca `maxSdkVersion`).",
  },
  "android.storage.plaintext-secrets": {
    title: "Secretos almacenados sin cifrar en preferencias o archivos",
    remediation:
      "No almacene en absoluto contraseñas ni PIN (verifíquelos en el servidor, o con una clave respaldada por el Keystore y autenticación del usuario). Guarde los tokens y demás secretos en `EncryptedSharedPreferences` / `EncryptedFile` de Jetpack Security, o cífrelos con una clave no exportable del Android Keystore.",
  },
  "android.storage.temp-file": {
    title: "Archivos temporales que contienen datos de la aplicación",
    remediation:
      "Evite en lo posible escribir datos sensibles en disco; manténgalos en memoria. Si un archivo temporal es inevitable, créelo en `getCacheDir()` / `getNoBackupFilesDir()`, cífrelo (`EncryptedFile` de Jetpack Security) y elimínelo en un bloque `finally`.",
  },
  "android.storage.unencrypted-database": {
    title: "Base de datos SQLite sin cifrar",
    remediation:
      "No guarde secretos en bases de datos locales. Cifre las bases de datos que contengan datos personales o financieros con SQLCipher (Room: `openHelperFactory(SupportOpenHelperFactory(passphrase))`) usando una frase de contraseña protegida por el Android Keystore, o cifre las columnas sensibles con una clave del Keystore.",
  },
  "android.storage.world-accessible": {
    title: "Archivos creados con permiso de lectura o escritura para otras aplicaciones",
    remediation:
      "Utilice `Context.MODE_PRIVATE` (0) en todas partes y nunca amplíe los permisos de los archivos. Comparta datos con aplicaciones concretas mediante un `FileProvider` / `ContentProvider` protegido por permisos, y cifre los valores sensibles (EncryptedSharedPreferences, Jetpack Security).",
  },
  "android.tls.insecure-protocol": {
    title: "Versión obsoleta del protocolo SSL/TLS solicitada",
    remediation:
      "Utilice el `SSLContext` por defecto de la plataforma (`SSLContext.getDefault()` o `getInstance(\"TLS\")`) sin restringir los protocolos, o habilite solo `TLSv1.3` y `TLSv1.2`; con OkHttp, utilice `ConnectionSpec.MODERN_TLS` o `RESTRICTED_TLS`.",
  },
  "android.tls.permissive-hostname-verifier": {
    title: "Verificación del nombre de host desactivada",
    remediation:
      "Elimine los verificadores de nombre de host personalizados; el verificador por defecto (`HttpsURLConnection.getDefaultHostnameVerifier()`, `OkHostnameVerifier` de OkHttp) es correcto. Si el certificado de un servidor no coincide con su nombre, corrija el certificado. Abandone el cliente HTTP de Apache, que está obsoleto.",
  },
  "android.tls.trust-all-certificates": {
    title: "El gestor de confianza acepta cualquier certificado de servidor",
    remediation:
      "Elimine el gestor de confianza personalizado y utilice el de la plataforma (`HttpsURLConnection`/OkHttp sin un `SSLSocketFactory` personalizado). Para CA privadas o anclaje, utilice la Network Security Configuration (`<domain-config>`, `<pin-set>`) o `CertificatePinner` de OkHttp; para la depuración, utilice `<debug-overrides>`, que las versiones de producción ignoran.",
  },
  "android.tls.webview-ssl-error-proceed": {
    title: "El WebView ignora los errores de certificado TLS",
    remediation:
      "No sobrescriba `onReceivedSslError`, o llame a `handler.cancel()` dentro de él. Corrija en cambio el certificado del servidor; para servidores de prueba, utilice una Network Security Configuration solo para depuración (`<debug-overrides>`) y distribuya las versiones de producción con `debuggable=false`.",
  },
  "android.ui.flag-secure": {
    title: "Pantallas protegidas contra la captura (FLAG_SECURE)",
    remediation:
      "Llame a `getWindow().setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)` en `onCreate` de cada actividad (y diálogo) que muestre credenciales, saldos o datos de transacciones, por ejemplo en una actividad base común.",
  },
  "android.ui.tapjacking": {
    title: "Protección contra tapjacking (superposición)",
    remediation:
      "Establezca `android:filterTouchesWhenObscured=\"true\"` en los botones de confirmar/pagar y en los teclados de PIN (o en el tema de la aplicación), o llame a `setFilterTouchesWhenObscured(true)`; a partir de la API 31, llame también a `getWindow().setHideOverlayWindows(true)` en las pantallas sensibles.",
  },
  "android.webview.debugging-enabled": {
    title: "Depuración remota del WebView activada",
    remediation:
      "Elimine la llamada del código de producción, o pase `false`; si se necesita durante el desarrollo, enciérrela en `if (BuildConfig.DEBUG)` (el compilador inserta la constante, por lo que la llamada desaparece de las versiones de producción) y distribuya solo versiones de producción (sin `android:debuggable`).",
  },
  "android.webview.file-access": {
    title: "El WebView permite el acceso a archivos locales",
    remediation:
      "Llame explícitamente a `setAllowFileAccess(false)`, `setAllowContentAccess(false)`, `setAllowFileAccessFromFileURLs(false)` y `setAllowUniversalAccessFromFileURLs(false)`, y sirva las páginas empaquetadas mediante `androidx.webkit.WebViewAssetLoader` (un origen `https://appassets.androidplatform.net/`) en lugar de URL `file://`.",
  },
  "android.webview.javascript-enabled": {
    title: "JavaScript habilitado en un WebView",
    remediation:
      "Mantenga JavaScript desactivado salvo que la pantalla lo necesite. Donde sea necesario, cargue solo el contenido propio de la aplicación por HTTPS (o recursos empaquetados mediante `WebViewAssetLoader`), restrinja la navegación en `shouldOverrideUrlLoading` a una lista de permitidos, nunca construya páginas a partir de un intent o de una entrada del usuario, y mantenga desactivado el acceso a archivos.",
  },
  "android.webview.javascript-interface": {
    title: "Puente JavaScript expuesto al contenido de un WebView",
    remediation:
      "Evite los puentes en los WebView que muestren algo distinto del contenido propio y empaquetado de la aplicación. Exponga el menor número posible de métodos, valide cada argumento, nunca devuelva secretos y compruebe el origen de la página antes de actuar (por ejemplo, con `WebViewCompat.addWebMessageListener` y una lista de orígenes permitidos). Eleve minSdkVersion a 17 o superior.",
  },
  "android.webview.untrusted-content": {
    title: "El WebView carga contenido procedente de entradas no confiables",
    remediation:
      "Nunca cargue URL ni HTML tomados de intents, enlaces o entradas del usuario sin validarlos contra una lista de permitidos de sus propios orígenes HTTPS (analícelos con `Uri` y compare exactamente el esquema y el host). Muestre el texto no confiable como texto (`textContent`, no `innerHTML`), mantenga desactivados JavaScript y el acceso a archivos donde no sean necesarios, y añada una Content Security Policy estricta a las páginas empaquetadas.",
  },
  "ios.ats.arbitrary-loads": {
    title: "App Transport Security desactivado para todas las conexiones",
    remediation:
      "Elimine `NSAllowsArbitraryLoads`. Sirva todos los backends por HTTPS con TLS 1.2+ y confidencialidad directa (forward secrecy); si un host de terceros no puede hacerlo, añada una entrada `NSExceptionDomains` acotada solo a ese host.",
  },
  "ios.ats.arbitrary-loads-media": {
    title: "App Transport Security desactivado para la carga de contenido multimedia",
    remediation: "Elimine la clave y sirva el contenido multimedia por HTTPS.",
  },
  "ios.ats.arbitrary-loads-web": {
    title: "App Transport Security desactivado para las vistas web",
    remediation:
      "Elimine la clave y cargue el contenido web solo por HTTPS; si la aplicación es un navegador de uso general, documente el motivo y mantenga los datos de la aplicación fuera de esas vistas.",
  },
  "ios.ats.insecure-http-exceptions": {
    title: "Una excepción de ATS permite HTTP en texto claro hacia un dominio",
    remediation:
      "Sirva el dominio por HTTPS y elimine la excepción; nunca envíe credenciales, tokens ni datos personales a un dominio al que se accede por HTTP.",
  },
  "ios.ats.weak-tls-exceptions": {
    title: "Una excepción de ATS debilita TLS para un dominio",
    remediation:
      "Actualice los servidores a TLS 1.2+ (preferiblemente 1.3) con suites ECDHE y elimine las claves de excepción.",
  },
  "ios.binary.arc": {
    title: "Código Objective-C compilado sin ARC",
    remediation:
      "Active ARC (`CLANG_ENABLE_OBJC_ARC = YES`, el valor por defecto de Xcode) en todos los destinos Objective-C y elimine `-fno-objc-arc` de las opciones por archivo.",
  },
  "ios.binary.not-encrypted": {
    title: "Ejecutable no cifrado con FairPlay",
    remediation:
      "Distribuya la aplicación a través de la App Store (que cifra los binarios). Para la distribución empresarial o ad hoc, confíe en cambio en la ofuscación y en las protecciones en tiempo de ejecución, ya que el cifrado FairPlay no está disponible.",
  },
  "ios.binary.pie": {
    title: "Ejecutable compilado sin PIE (sin ASLR)",
    remediation:
      "Compile con la configuración por defecto de Xcode (los ejecutables independientes de la posición son el valor por defecto desde iOS 4.3; no pase `-no_pie` al enlazador) y recompile con una cadena de herramientas actual.",
  },
  "ios.binary.rpath-hijack": {
    title: "Ruta de búsqueda de bibliotecas (LC_RPATH) fuera del paquete firmado",
    remediation:
      "Mantenga en `LD_RUNPATH_SEARCH_PATHS` solo entradas del tipo `@executable_path/Frameworks` y `@loader_path/Frameworks`; elimine las rutas de compilación absolutas y las entradas relativas o con `..`, y recompile.",
  },
  "ios.binary.stack-canary": {
    title: "Binario compilado sin canarios de pila",
    remediation:
      "Mantenga la opción por defecto del compilador `-fstack-protector-strong` (Xcode: Other C Flags) para todo el código C, C++ y Objective-C, incluidas las bibliotecas de terceros integradas, y recompile.",
  },
  "ios.binary.symbols-not-stripped": {
    title: "Símbolos locales no eliminados del binario",
    remediation:
      "Establezca `STRIP_INSTALLED_PRODUCT = YES`, `STRIP_STYLE = all` (non-global para los frameworks) y `DEPLOYMENT_POSTPROCESSING = YES` en la configuración de producción, y conserve fuera del dispositivo el dSYM que sirve para simbolizar los fallos.",
  },
  "ios.binary.unsigned": {
    title: "Ejecutable sin una firma de código respaldada por un certificado",
    remediation:
      "Firme cada ejecutable del paquete con el certificado de distribución (archivo de Xcode / `codesign --sign`) y obtenga los IPA para la auditoría del canal de distribución oficial.",
  },
  "ios.code.insecure-functions": {
    title: "Funciones de cadena de C sin límites importadas",
    remediation:
      "Sustitúyalas por versiones acotadas (`strlcpy`, `strlcat`, `snprintf`, `fgets`) o por los tipos de cadena de Foundation/Swift.",
  },
  "ios.code.insecure-random": {
    title: "Generador de números aleatorios no criptográfico importado",
    remediation:
      "Utilice `SecRandomCopyBytes(kSecRandomDefault, …)`, `arc4random_uniform` o `SystemRandomNumberGenerator` de Swift para todo lo relacionado con la seguridad.",
  },
  "ios.code.logging": {
    title: "Escritura en el registro del sistema (NSLog / os_log / print)",
    remediation:
      "Elimine el registro de las versiones de producción (enciérrelo en `#if DEBUG`), nunca registre credenciales, tokens, PIN ni datos de tarjetas, y utilice `os_log` con el ocultamiento `<private>` por defecto.",
  },
  "ios.code.pasteboard": {
    title: "Uso del portapapeles general (pasteboard)",
    remediation:
      "No copie secretos; cuando sea necesario copiar, utilice `setItems(_:options:)` con `.localOnly` y una `.expirationDate` corta, y marque los campos de texto sensibles para que no puedan copiarse.",
  },
  "ios.code.weak-cipher": {
    title: "Algoritmo de cifrado roto o modo ECB en llamadas a CommonCrypto (DES, 3DES, RC4, RC2, ECB)",
    remediation:
      "Utilice AES-256 en modo GCM (`AES.GCM` de CryptoKit) o, como mínimo, AES en modo CBC con un IV aleatorio y un HMAC sobre el texto cifrado; nunca DES, 3DES, RC4, RC2 ni ECB. Guarde las claves en el llavero (Keychain) o en el Secure Enclave y, al actualizar, vuelva a cifrar los datos almacenados con el algoritmo anterior.",
  },
  "ios.code.weak-crypto": {
    title: "Funciones hash débiles (MD5, SHA-1) importadas",
    remediation:
      "Utilice SHA-256 o superior (`CC_SHA256`, `SHA256` de CryptoKit) y, para las contraseñas, una función de derivación de claves lenta (PBKDF2 con un número elevado de iteraciones mediante `CCKeyDerivationPBKDF`, o Argon2).",
  },
  "ios.code.webview": {
    title: "Uso de la API obsoleta UIWebView",
    remediation:
      "Migre a `WKWebView`, desactive JavaScript donde no sea necesario, cargue solo contenido HTTPS de sus propios dominios y restrinja el acceso `file://`.",
  },
  "ios.config.min-os": {
    title: "La aplicación admite versiones de iOS sin actualizaciones de seguridad",
    remediation:
      "Eleve el destino de implementación a una versión de iOS que aún reciba actualizaciones de seguridad, y rechace o limite las funciones sensibles en los sistemas más antiguos.",
  },
  "ios.config.url-schemes": {
    title: "Esquema de URL personalizado registrado",
    remediation:
      "Utilice enlaces universales para todo lo que transporte datos o desencadene acciones; mantenga los esquemas personalizados solo donde sean imprescindibles, valide cada parámetro y exija la confirmación del usuario antes de las acciones sensibles.",
  },
  "ios.entitlements.associated-domains": {
    title: "Enlaces universales (dominios asociados)",
    remediation:
      "Traslade a enlaces universales los enlaces que transportan datos o desencadenan acciones (retornos de inicio de sesión, solicitudes de pago): añada `applinks:<your domain>` a la capacidad Associated Domains y publique un archivo `apple-app-site-association` limitado a las rutas necesarias; mantenga los esquemas personalizados solo como alternativa.",
  },
  "ios.entitlements.get-task-allow": {
    title: "Aplicación firmada como depurable (get-task-allow)",
    remediation:
      "Exporte la aplicación con un perfil y una identidad de firma de distribución (App Store o ad hoc), que no conceden `get-task-allow`; nunca distribuya compilaciones firmadas para desarrollo.",
  },
  "ios.entitlements.keychain-access-groups": {
    title: "Llavero compartido mediante un grupo de acceso comodín o ajeno",
    remediation:
      "Enumere solo los grupos explícitos que la aplicación necesita (`$(AppIdentifierPrefix)com.example.bank`), nunca un comodín; guarde los secretos en un grupo que ninguna otra aplicación utilice y establezca `kSecAttrAccessGroup` explícitamente al añadir elementos.",
  },
  "ios.network.cleartext-urls": {
    title: "Puntos de conexión http:// en texto claro en la aplicación",
    remediation:
      "Sirva todos los puntos de conexión por HTTPS, cambie las URL a `https://` y mantenga ATS activado sin dominios de excepción inseguros.",
  },
  "ios.network.pinning": {
    title: "Anclaje de certificados o de claves públicas",
    remediation:
      "Ancle las claves públicas de los certificados hoja o intermedios de sus hosts de API con `NSPinnedDomains` (o con los evaluadores de TrustKit/Alamofire), con un pin de respaldo y un plan de rotación.",
  },
  "ios.provisioning.development-profile": {
    title: "Aplicación aprovisionada para distribución de desarrollo, ad hoc o empresarial",
    remediation:
      "Distribuya las versiones de producción a través de la App Store (o de las apps personalizadas de Apple Business Manager) y audite esa versión; reserve las compilaciones de desarrollo y ad hoc a los evaluadores internos.",
  },
  "ios.provisioning.expired-profile": {
    title: "El perfil de aprovisionamiento incluido ha caducado",
    remediation:
      "Audite y distribuya una versión vigente; renueve los perfiles y los certificados antes de que caduquen y vigile sus fechas.",
  },
  "ios.resilience.app-attest": {
    title: "Atestación de la aplicación (App Attest / DeviceCheck)",
    remediation:
      "Realice la atestación de la clave de la aplicación con `DCAppAttestService.attestKey` durante el registro, firme las solicitudes sensibles con `generateAssertion` y verifique ambas en el servidor.",
  },
  "ios.resilience.debugger-detection": {
    title: "Detección de depuradores",
    remediation:
      "Combine varias comprobaciones (`sysctl` P_TRACED, `ptrace(PT_DENY_ATTACH)`, puertos de excepción) en código nativo al iniciar y periódicamente, y reaccione de forma que no revele qué comprobación se activó.",
  },
  "ios.resilience.hooking-detection": {
    title: "Detección de frameworks de hooking",
    remediation:
      "Detecte la instrumentación al iniciar y periódicamente: examine las imágenes cargadas en busca de bibliotecas de Substrate/Frida, busque los hilos de Frida y su puerto por defecto, verifique que las funciones críticas no se hayan modificado, y reaccione en el servidor (por ejemplo, rechazando la sesión) en lugar de con una bifurcación local fácil de neutralizar.",
  },
  "ios.resilience.integrity-check": {
    title: "Autoverificación de la integridad de la aplicación",
    remediation:
      "Verifique en tiempo de ejecución que la aplicación es la que usted distribuyó: compare el identificador de equipo de `embedded.mobileprovision`/de la firma de código, compruebe el estado de cifrado de la versión de la App Store, calcule el hash del código crítico y confírmelo en el servidor con App Attest.",
  },
  "ios.resilience.jailbreak-detection": {
    title: "Detección de jailbreak",
    remediation:
      "Compruebe varios indicadores de jailbreak independientes (archivos, rutas del sistema con permiso de escritura, esquemas de URL, dylibs cargadas) en código nativo, reaccione también en el servidor (por ejemplo, con autenticación reforzada o rechazo de pagos) y combínelo con App Attest.",
  },
  "ios.resilience.obfuscation": {
    title: "Ofuscación del código (nombres de clases Objective-C/Swift)",
    remediation:
      "Utilice un ofuscador que renombre los símbolos de Objective-C/Swift (por ejemplo, iXGuard, SwiftShield o un ofuscador basado en LLVM) y cifre las cadenas, al menos en el código relacionado con la seguridad.",
  },
  "ios.secrets.hardcoded-secret": {
    title: "Credencial codificada de forma fija en el paquete de la aplicación",
    remediation:
      "Elimine el secreto de la aplicación y rótelo: mantenga los secretos de los proveedores en el servidor, entregue a la aplicación tokens de corta duración obtenidos tras la autenticación y restrinja toda clave que deba distribuirse (bundle id, ámbito de la API).",
  },
  "ios.storage.file-protection-none": {
    title: "Archivos escritos sin protección de datos (NSFileProtectionNone)",
    remediation:
      "Utilice `NSFileProtectionComplete` (o `CompleteUnlessOpen` para archivos escritos en segundo plano) para todo lo sensible; en los demás casos, mantenga la clase por defecto.",
  },
  "ios.storage.keychain-accessibility": {
    title: "Elementos del llavero accesibles con el dispositivo bloqueado",
    remediation:
      "Utilice `kSecAttrAccessibleWhenUnlockedThisDeviceOnly` (o `…AfterFirstUnlockThisDeviceOnly` para el trabajo en segundo plano) y, para los secretos, un control de acceso que exija la presencia del usuario.",
  },
  "ios.webview.file-access": {
    title: "Acceso a archivos desde URL de archivo habilitado en WKWebView",
    remediation:
      "No establezca estas preferencias. Cargue el contenido local con `loadFileURL:allowingReadAccessToURL:` limitado a la carpeta de ese contenido, o sírvalo mediante un `WKURLSchemeHandler`; nunca cargue contenido no confiable en una vista web que pueda leer archivos.",
  },
};
