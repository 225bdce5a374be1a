/**
 * Catalog item titles, test steps (howToTest) and area names in es; English lives in the catalog YAML.
 * Test steps keep the numbering and line breaks of the English, so a lab can follow both side by side;
 * ids, API names, flags and tool names are left as they are because auditors search for them verbatim.
 */
import type { CatalogText } from './index.js';

const areas: Readonly<Record<string, string>> = {
  'App: resilience and build hardening': 'Aplicación: resiliencia y endurecimiento de la compilación',
  'App: network communication': 'Aplicación: comunicación de red',
  'App: authentication and session': 'Aplicación: autenticación y sesión',
  'App: data storage': 'Aplicación: almacenamiento de datos',
  'App: cryptography': 'Aplicación: criptografía',
  'App: permissions and platform interaction': 'Aplicación: permisos e interacción con la plataforma',
  'App: code quality and supply chain': 'Aplicación: calidad del código y cadena de suministro',
  'App: transaction integrity': 'Aplicación: integridad de las transacciones',
  'App: device protection': 'Aplicación: protección del dispositivo',
  'USSD/STK: sessions and authentication': 'USSD/STK: sesiones y autenticación',
  'USSD/STK: channel confidentiality and integrity': 'USSD/STK: confidencialidad e integridad del canal',
  'USSD/STK: device and SIM binding': 'USSD/STK: vinculación al dispositivo y a la SIM',
  'USSD/STK: transactions and input': 'USSD/STK: transacciones y datos de entrada',
  'USSD/STK: handset abuse': 'USSD/STK: uso indebido del terminal',
  'SIM: swap and recycling': 'SIM: cambio de SIM (SIM swap) y reciclaje de números',
  'SIM: card and OTA security': 'SIM: seguridad de la tarjeta y OTA',
  'SS7/signalling: network controls': 'SS7/señalización: controles de red',
  'SS7/signalling: DFS provider countermeasures':
    'SS7/señalización: contramedidas de los proveedores de SFD (servicios financieros digitales)',
  'Platform: access control and sessions': 'Plataforma: control de acceso y sesiones',
  'Platform: network and infrastructure': 'Plataforma: red e infraestructura',
  'Platform: data protection and logging': 'Plataforma: protección de datos y registros',
  'Platform: operations and change': 'Plataforma: operaciones y gestión de cambios',
  'Platform: fraud monitoring': 'Plataforma: monitoreo del fraude',
  'Platform: third parties': 'Plataforma: terceros',
  'Governance: regulator cooperation': 'Gobernanza: cooperación entre reguladores',
  'Governance: licensee obligations': 'Gobernanza: obligaciones de los licenciatarios',
  Consumer: 'Consumidores',
};

const items: Readonly<Record<string, { title: string; howToTest?: string }>> = {
  'APP-01': {
    title: 'Bibliotecas de seguridad del sistema operativo bien utilizadas, solo con conjuntos de cifrado robustos',
    howToTest: `1. En el paquete, identificar qué proveedores TLS y criptográficos usa el código; anotar toda pila TLS incorporada,
   fábrica de sockets personalizada o lista de conjuntos de cifrado elegida a mano.
2. Reunir los nombres de host de API que contacta la aplicación (cadenas estáticas o captura a través de un proxy).
3. Analizar cada host con un escáner TLS y registrar las versiones de protocolo y los conjuntos de cifrado aceptados.
4. No conforme si se aceptan versiones de TLS inferiores a 1.2 o conjuntos export, RC4, 3DES, NULL o anónimos.
`,
  },
  'APP-02': {
    title: 'Autenticación multifactor para acceder a la cuenta',
    howToTest: `1. Registrar una cuenta de prueba y anotar cada factor utilizado en el enrolamiento.
2. Iniciar sesión desde una instalación nueva en un segundo dispositivo y enumerar los factores solicitados
   (PIN o contraseña, código de un solo uso, vinculación al dispositivo, biometría).
3. Intentar entrar con un solo factor, por ejemplo el PIN correcto en un dispositivo nuevo sin completar el
   paso del código de un solo uso, o reutilizando un token de sesión antiguo.
4. Repetir la prueba en el canal USSD cuando este dé acceso a la cuenta.
5. Conforme solo si toda vía de acceso a la cuenta exige dos factores independientes.
`,
  },
  'APP-03': {
    title: 'Clientes capaces de borrar o cifrar a distancia un dispositivo perdido',
    howToTest: `1. Preguntar al proveedor si su orientación a los clientes explica el cifrado del dispositivo y el borrado remoto
   (Find My Device, Find My iPhone o una solución MDM).
2. Revisar esa orientación (sitio web, ayuda de la aplicación, folletos) y registrar si está actualizada y es fácil de encontrar.
`,
  },
  'APP-04': {
    title: 'Números de tarjeta enmascarados, nunca enviados por correo electrónico ni SMS',
    howToTest: `1. Con una cuenta de prueba vinculada a una tarjeta, hacer un pago en la aplicación y por USSD.
2. Revisar cada comprobante: pantallas de la aplicación, notificaciones SMS, correos electrónicos, tickets del comercio o del agente.
3. Conforme si el PAN está truncado o enmascarado en todas partes y ningún mensaje contiene CVV, PIN, fecha de vencimiento
   ni datos de banda.
`,
  },
  'APP-05': {
    title: 'Certificados TLS del back-end válidos como máximo 825 días',
    howToTest: `1. Para cada host de API que usa la aplicación, obtener el certificado hoja (por ejemplo openssl s_client -showcerts).
2. Calcular notAfter menos notBefore.
3. No conforme si el intervalo supera los 825 días.
`,
  },
  'APP-06': {
    title: 'Análisis de vulnerabilidades y pruebas de penetración periódicos de la aplicación',
    howToTest: `1. Solicitar los informes de análisis de vulnerabilidades y de pruebas de penetración de los últimos doce meses.
2. Verificar que cubren la versión en producción, ambas plataformas y las API del back-end.
3. Verificar que los hallazgos se siguieron hasta su cierre, con evidencia de nueva prueba.
4. Preguntar qué medidas resisten el phishing o el malware de superposición (por ej. protección contra superposiciones,
   confirmación de transacciones fuera de la pantalla de la aplicación) y buscarlas en la aplicación.
`,
  },
  'APP-07': {
    title: 'Bloqueo automático del dispositivo, PIN de dispositivo robusto y bloqueo propio de la aplicación',
    howToTest: `1. Iniciar sesión en la aplicación, dejarla inactiva en primer plano y luego en segundo plano; anotar cuánto tarda
   en volver a pedir autenticación.
2. Ejecutar la aplicación en un dispositivo sin bloqueo de pantalla; verificar si advierte al usuario o limita funciones.
3. Preguntar al proveedor cómo se indica a los clientes que protejan sus dispositivos.
`,
  },
  'APP-10': {
    title: 'Dispositivo rooteado o con jailbreak detectado mediante servicios de la plataforma',
    howToTest: `1. Instalar la aplicación en un dispositivo Android rooteado (y en un iPhone con jailbreak) y usarla normalmente.
2. Registrar la reacción: advertencia, funciones reducidas, negativa a ejecutarse o ninguna.
3. Verificar si el proveedor usa la atestación de la plataforma (Play Integrity, App Attest o DeviceCheck)
   y si el veredicto se comprueba en el servidor.
4. La evidencia estática (cadenas de detección de root, llamadas a API de atestación) muestra intención, no eficacia.
`,
  },
  'APP-11': {
    title: 'Funciones de depuración y de desarrollo eliminadas de la versión publicada',
    howToTest: `1. Android: revisar los indicadores debuggable y testOnly, el certificado de firma de depuración, las actividades de prueba o
   de depuración, el registro detallado (verbose) y las URL de preproducción.
2. iOS: revisar el entitlement get-task-allow y si se eliminaron los símbolos de depuración.
3. Explorar la aplicación en busca de menús de desarrollador ocultos (pulsaciones largas, secuencias de toques, extras de intent, enlaces profundos).
`,
  },
  'APP-12': {
    title: 'El back-end verifica la integridad de la aplicación',
    howToTest: `1. Preguntar cómo establece el back-end la integridad de la aplicación (Play Integrity, App Attest, un esquema propio).
2. Reempaquetar el APK (decodificar, cambiar un recurso, volver a firmar con otra clave) e instalarlo.
3. Intentar iniciar sesión y hacer una transacción con la aplicación reempaquetada.
4. Conforme si el back-end rechaza la aplicación reempaquetada.
`,
  },
  'APP-13': {
    title: 'Bibliotecas criptográficas estándar y TLS 1.2 o superior de extremo a extremo',
    howToTest: `1. Leer la configuración de seguridad de red (Android) o los ajustes de ATS (iOS) para conocer la versión mínima de TLS
   y las excepciones.
2. Analizar los hosts del back-end; no conforme si se acepta TLS 1.0 o 1.1.
3. En una captura a través de un proxy, confirmar que toda llamada a la API viaja sobre TLS hasta el endpoint del proveedor.
`,
  },
  'APP-14': {
    title: 'Certificados del servidor vigentes y conjuntos de cifrado robustos',
    howToTest: `1. Analizar cada host del back-end con un escáner TLS.
2. No conforme ante un certificado vencido o aún no válido, conjuntos más débiles que AES-128 o conjuntos
   basados en SHA-1/MD5.
3. Anotar si se ofrecen y prefieren conjuntos AEAD (GCM, ChaCha20-Poly1305).
`,
  },
  'APP-15': {
    title: 'Vigencia de los certificados no superior a 825 días (plantilla)',
    howToTest: `1. Obtener el certificado hoja de cada host del back-end.
2. No conforme si notAfter menos notBefore supera los 825 días.
`,
  },
  'APP-16': {
    title: 'Autoridad de certificación confiable y un plan por si deja de serlo',
    howToTest: `1. Registrar la autoridad de certificación (CA) emisora de cada certificado del back-end.
2. Solicitar el plan para cambiar de CA con rapidez (pines de respaldo, emisor alternativo, vía de actualización de la aplicación) y verificar
   que concuerda con la forma en que la aplicación fija los certificados.
`,
  },
  'APP-17': {
    title: 'Sin errores de configuración TLS en la aplicación ni en el servidor',
    howToTest: `1. Android: buscar implementaciones personalizadas de TrustManager o HostnameVerifier que acepten todo,
   manejadores de errores SSL de WebView que continúan y configuraciones de seguridad de red que confían en CA de usuario.
2. iOS: buscar excepciones de ATS y evaluaciones de confianza personalizadas que siempre tienen éxito.
3. Analizar los servidores en busca de debilidades de protocolo y de conjuntos de cifrado.
`,
  },
  'APP-18': {
    title: 'Fijación de certificados (pinning)',
    howToTest: `1. Instalar la CA de un proxy como confiable en el dispositivo de prueba y hacer pasar la aplicación por el proxy.
2. Conforme si la aplicación rechaza la conexión con sus propios hosts de API.
3. En análisis estático, buscar conjuntos de pines en la configuración de seguridad de red, mecanismos de fijación en bibliotecas
   HTTP (Android) o NSPinnedDomains y bibliotecas de fijación (iOS).
`,
  },
  'APP-19': {
    title: 'Certificados del servidor validados por la aplicación',
    howToTest: `1. Hacer pasar la aplicación por un proxy de interceptación cuya CA no es de confianza para el dispositivo.
2. Probar también un certificado válido emitido para otro nombre de host.
3. Conforme si todas las conexiones fallan y no se envía ningún dato.
`,
  },
  'APP-20': {
    title: 'Rechazo de PIN y contraseñas fáciles de adivinar',
    howToTest: `1. Durante el enrolamiento y el cambio de PIN, probar 0000, 1234, 1111, el año de nacimiento y los dígitos del número de teléfono.
2. Verificar que la regla la aplica el servidor (reenviar la solicitud con un PIN débil a través de un proxy).
3. Anotar si la aplicación obliga a un cambio periódico (la plantilla lo desaconseja).
`,
  },
  'APP-21': {
    title: 'Autenticación multifactor antes de funciones sensibles o financieras',
    howToTest: `1. Enumerar las funciones sensibles: transferencias, retiros, alta de beneficiarios, aumento de límites, cambio de PIN,
   de número de teléfono o de correo electrónico.
2. Para cada una, registrar qué factores se solicitan en ese momento.
3. No conforme cuando basta un solo factor (o únicamente una sesión antigua).
`,
  },
  'APP-22': {
    title: 'Códigos de un solo uso de una aplicación autenticadora en lugar de SMS',
    howToTest: `1. Recorrer el inicio de sesión, el cambio de dispositivo y un pago; anotar cómo se entrega cada código de un solo uso.
2. En análisis estático, buscar el uso de SMS Retriever o de READ_SMS y RECEIVE_SMS, que sugiere códigos por SMS.
3. No conforme si el SMS es el único segundo factor para acciones de alto riesgo.
`,
  },
  'APP-23': {
    title: 'Datos biométricos y claves protegidos por el almacén de claves o por hardware de confianza',
    howToTest: `1. Android: verificar si BiometricPrompt se usa con un CryptoObject cuya clave exige la autenticación del
   usuario, o solo con una devolución de llamada de éxito.
2. iOS: verificar si LAContext decide por sí solo, o si se usa un elemento del Keychain con control de acceso biométrico.
3. En un dispositivo de prueba, interceptar (hook) la devolución de llamada de éxito; no conforme si un inicio de sesión prospera sin biometría real.
`,
  },
  'APP-24': {
    title: 'Datos confidenciales almacenados con el almacén de claves de la plataforma',
    howToTest: `1. Usar la aplicación (inicio de sesión y una transacción) en un dispositivo de prueba rooteado.
2. Copiar la carpeta de datos privada de la aplicación; buscar en preferencias, bases de datos y archivos tokens, PIN,
   números de cuenta y claves.
3. En análisis estático, verificar de dónde provienen las claves de cifrado (Keystore frente a constantes o archivos).
`,
  },
  'APP-25': {
    title: 'Hardware de confianza utilizado para los datos sensibles cuando está disponible',
    howToTest: `1. Android: verificar si la generación de claves solicita StrongBox o respaldo por hardware; la atestación de claves en un dispositivo
   de prueba muestra el nivel de seguridad.
2. iOS: verificar si las claves se crean en el Secure Enclave.
`,
  },
  'APP-26': {
    title: 'Almacenamiento externo evitado y su contenido tratado como no confiable',
    howToTest: `1. Buscar WRITE_EXTERNAL_STORAGE y las llamadas que devuelven rutas de almacenamiento externo o compartido.
2. En un dispositivo de prueba, usar la aplicación y listar lo que escribe en el almacenamiento compartido.
`,
  },
  'APP-27': {
    title: 'Secretos borrados de cachés y memoria después de su uso',
    howToTest: `1. Iniciar sesión, hacer una transacción, cerrar sesión y enviar la aplicación a segundo plano.
2. Volcar la memoria del proceso (por ej. con una herramienta de instrumentación) y buscar el PIN, el token de sesión
   y los datos de la cuenta.
3. Buscar los mismos valores en las cachés web y HTTP y en las cachés del teclado.
`,
  },
  'APP-28': {
    title: 'Permisos mínimos y uso compartido restringido con otras aplicaciones',
    howToTest: `1. Listar los permisos solicitados y asociar cada uno a una función visible; cuestionar el resto.
2. Listar los componentes exportados, los proveedores de contenido (content providers) y sus permisos.
3. iOS: listar las claves de descripción de uso (usage description) y los esquemas de URL personalizados.
`,
  },
  'APP-29': {
    title: 'Sin contraseñas ni claves codificadas de forma fija en la aplicación',
    howToTest: `1. Analizar el código, los recursos y las bibliotecas nativas en busca de claves, tokens, contraseñas y claves privadas.
2. Para cada hallazgo, confirmar si está activo y qué permite desbloquear (pedir al proveedor que rote los que estén activos).
`,
  },
  'APP-30': {
    title: 'Entradas a las bases de datos validadas contra inyección',
    howToTest: `1. En análisis estático, buscar SQL construido por concatenación de cadenas en rawQuery/execSQL y en los content providers.
2. Aplicar fuzzing con cargas de inyección a los parámetros de API capturados a través de un proxy; observar errores,
   diferencias de tiempo de respuesta o resultados alterados.
`,
  },
  'APP-31': {
    title: 'Prácticas de codificación segura de la industria aplicadas',
    howToTest: `1. Preguntar qué estándar sigue el desarrollador (por ej. OWASP MASVS) y solicitar la política de desarrollo
   seguro.
2. Solicitar evidencia de su aplicación: registros de revisión de código, análisis estático en la CI, capacitación.
`,
  },
  'APP-32': {
    title: 'Actualizaciones seguras y bibliotecas al día',
    howToTest: `1. Identificar las bibliotecas incorporadas y sus versiones; contrastarlas con bases de datos de vulnerabilidades.
2. Verificar que las actualizaciones llegan solo por la tienda oficial y que la aplicación puede forzar una actualización.
3. Buscar código que descargue y cargue código desde fuera de la tienda.
`,
  },
  'APP-33': {
    title: 'Revisión de código y pruebas independientes',
    howToTest: `1. Solicitar el último informe de revisión o de prueba independiente y saber quién lo realizó.
2. Verificar la versión probada y cómo se trataron los hallazgos.
`,
  },
  'APP-40': {
    title: 'Copia de seguridad de los datos de la aplicación desactivada',
    howToTest: `1. Leer android:allowBackup (y fullBackupContent / dataExtractionRules) en el manifiesto.
2. Si se permite la copia de seguridad, hacer una copia con adb backup o por transferencia entre dispositivos y buscar archivos sensibles.
`,
  },
  'APP-41': {
    title: 'Aplicación no depurable',
    howToTest: `1. Android: android:debuggable debe estar ausente o en false.
2. iOS: el entitlement get-task-allow debe estar en false en la compilación distribuida.
`,
  },
  'APP-42': {
    title: 'La aplicación no puede instalarse en el almacenamiento externo',
    howToTest: `1. Leer android:installLocation en el manifiesto; preferExternal o auto: no conforme; internalOnly o ausente:
   conforme.
`,
  },
  'APP-43': {
    title: 'Permisos peligrosos solo cuando una función los necesita',
    howToTest: `1. Listar los permisos peligrosos y especiales del manifiesto.
2. Para cada uno, encontrar la pantalla o la función que lo usa; pedir al proveedor que justifique el resto.
`,
  },
  'APP-44': {
    title: 'Sin acceso de escritura al almacenamiento externo sin una razón válida',
    howToTest: `1. Buscar WRITE_EXTERNAL_STORAGE (y su maxSdkVersion) en el manifiesto.
2. Si está presente, determinar qué se escribe allí y si algo de ello es sensible.
`,
  },
  'APP-45': {
    title: 'Comprobaciones adicionales de almacenamiento de datos en la aplicación en ejecución',
    howToTest: `1. Usar cada función principal de la aplicación en un dispositivo de prueba rooteado.
2. Inspeccionar la carpeta de datos privada, el almacenamiento compartido, los registros y las cachés en busca de datos sensibles.
`,
  },
  'APP-46': {
    title: 'Tráfico transmitido por HTTPS',
    howToTest: `1. Capturar el tráfico de la aplicación en todas sus funciones principales.
2. No conforme si alguna solicitud viaja por HTTP sin cifrar.
3. En análisis estático, listar las URL http:// que usa el código.
`,
  },
  'APP-47': {
    title: 'Conexión rechazada a través de un proxy de interceptación no confiable',
    howToTest: `1. Hacer pasar el dispositivo por un proxy de interceptación sin instalar su CA.
2. Conforme si las conexiones de la aplicación fallan y no se ve el contenido de ninguna solicitud.
`,
  },
  'APP-48': {
    title: 'Conexión rechazada incluso a través de un proxy de confianza para el dispositivo (pinning)',
    howToTest: `1. Instalar la CA del proxy como confiable (almacén del sistema en un dispositivo rooteado, ya que las versiones recientes de Android ignoran por
   defecto las CA de usuario) y hacer pasar la aplicación por él.
2. Conforme si la aplicación se niega a comunicarse con sus propios hosts de API.
`,
  },
  'APP-49': {
    title: 'Tráfico en texto claro desactivado en la configuración',
    howToTest: `1. Leer usesCleartextTraffic y la configuración de seguridad de red, teniendo en cuenta el valor por defecto del SDK
   de destino.
2. iOS: revisar NSAllowsArbitraryLoads y las excepciones de ATS por dominio.
`,
  },
  'APP-50': {
    title: 'Autenticación antes de mostrar saldos o realizar pagos',
    howToTest: `1. Abrir la aplicación en frío, desde segundo plano y mediante enlaces profundos o widgets.
2. No conforme si una pantalla de saldo, de estado de cuenta o de pago es accesible sin autenticación.
`,
  },
  'APP-51': {
    title: 'Las solicitudes de transferencia de dinero capturadas no pueden reenviarse',
    howToTest: `1. Capturar una solicitud de transferencia de bajo monto a través de un proxy (pinning desactivado en el dispositivo de prueba).
2. Enviar de nuevo la misma solicitud, de inmediato y tras una espera.
3. No conforme si se ejecuta una segunda transferencia.
`,
  },
  'APP-52': {
    title: 'Respuestas del servidor protegidas contra la manipulación',
    howToTest: `1. Interceptar una respuesta de saldo o de estado de transacción y cambiar un valor.
2. No conforme si la aplicación muestra el valor alterado o actúa según él.
`,
  },
  'APP-53': {
    title: 'Sin primitivas criptográficas inseguras',
    howToTest: `1. Buscar en el bytecode y en el código nativo las llamadas a esos algoritmos, modos y generadores.
2. Para cada hallazgo, valorar qué protege; D3 subraya que una llamada débil es una desviación de las buenas
   prácticas, no una prueba de que haya datos sensibles expuestos.
`,
  },
  'APP-54': {
    title: 'La aplicación rechaza los dispositivos rooteados o lo compensa con otras protecciones',
    howToTest: `1. Ejecutar la aplicación en un dispositivo rooteado.
2. Si se ejecuta, verificar APP-55 (ofuscación), APP-48 (pinning) y si los cuerpos de las solicitudes que llevan
   datos sensibles van cifrados dentro de TLS.
`,
  },
  'APP-55': {
    title: 'Código ofuscado',
    howToTest: `1. Examinar los nombres de clases, métodos y campos del código propio de la aplicación (no de las bibliotecas) y la
   protección de cadenas.
2. Confirmar en un descompilador que la lógica de negocio es difícil de seguir.
`,
  },
  'APP-60': {
    title: 'Contraseña inicial entregada de forma segura y cambiada en el primer inicio de sesión',
    howToTest: `1. Abrir una cuenta nueva y registrar cómo se entrega la primera contraseña o PIN.
2. Iniciar sesión con ella; no conforme si la aplicación o el menú USSD no obliga a cambiarla.
`,
  },
  'APP-61': {
    title: 'Credenciales entregadas fuera de banda',
    howToTest: `1. Preguntar cómo se entregan las credenciales y los códigos de un solo uso.
2. Durante la apertura de la cuenta y el restablecimiento de la contraseña, anotar el canal utilizado para cada credencial.
`,
  },
  'APP-62': {
    title: 'Transacciones no almacenadas en el dispositivo para su envío posterior',
    howToTest: `1. Desconectar el dispositivo de la red e iniciar un pago; observar si queda en cola.
2. Si queda en cola, inspeccionar el almacenamiento privado en busca de la transacción pendiente y ver cómo está protegida.
3. Volver a conectar y verificar que el servidor impide el envío duplicado o alterado.
`,
  },
  'APP-63': {
    title: 'Bibliotecas criptográficas actuales y bien utilizadas, algoritmos robustos',
    howToTest: `1. Listar en análisis estático los algoritmos, modos y tamaños de clave utilizados, y las versiones de las bibliotecas criptográficas incorporadas.
2. Verificar el tamaño de clave y el algoritmo de resumen del certificado de firma.
3. Analizar los servidores en busca de 3DES (SWEET32) y claves cortas.
`,
  },
  'APP-64': {
    title: 'Datos sensibles cifrados en reposo y en tránsito hacia el back-end',
    howToTest: `1. Tras el uso, inspeccionar la carpeta de datos privada en busca de datos sensibles en claro.
2. Capturar el tráfico y confirmar que los datos sensibles nunca viajan en claro.
`,
  },
  'APP-65': {
    title: 'Vigencia de los certificados TLS inferior a 825 días (lista de verificación de auditoría)',
    howToTest: `1. Obtener el certificado hoja de cada endpoint y calcular su período de validez.
2. No conforme a partir de 825 días.
`,
  },
  'USSD-01': {
    title: 'SFD restringidos según la ubicación, por ejemplo bloqueados en roaming',
    howToTest: `1. Con una SIM de prueba en roaming en una red extranjera (o un perfil de prueba de roaming), marcar el código USSD de los SFD.
2. Registrar si el menú está bloqueado, limitado o totalmente disponible.
3. Preguntar cómo se restringen por región los canales de agentes y comercios, y probar con un agente fuera de su zona.
`,
  },
  'USSD-02': {
    title: 'Solicitudes USSD entrantes validadas contra el esquema de la interfaz',
    howToTest: `1. Obtener acceso a la interfaz XML/HTTP entre la pasarela USSD y la aplicación de SFD (entorno
   de pruebas).
2. Enviar solicitudes malformadas: campos faltantes, tipos incorrectos, valores sobredimensionados, elementos adicionales, codificaciones erróneas.
3. Conforme si cada una se rechaza limpiamente y se registra, sin revelar detalles del error ni cambiar el estado.
`,
  },
  'USSD-03': {
    title: 'Los clientes eligen su propio PIN; PIN iniciales únicos y cambiados en el primer uso',
    howToTest: `1. Registrar dos clientes de prueba a través de un agente; comparar los primeros PIN emitidos.
2. Iniciar sesión con el PIN emitido; no conforme si no se obliga a cambiarlo.
`,
  },
  'USSD-04': {
    title: 'Rechazo de PIN fáciles de adivinar',
    howToTest: `1. Al crear y cambiar el PIN, probar 0000, 1234, 1111, dígitos repetidos o consecutivos y el año de nacimiento.
2. No conforme si se acepta alguno.
`,
  },
  'USSD-10': {
    title: 'Las transacciones no pueden leerse ni alterarse a lo largo de la ruta USSD',
    howToTest: `1. Registrar y activar una SIM de prueba en el servicio de SFD.
2. Iniciar capturas en el SMSC, la pasarela USSD, el HLR, el MSC y el servidor de SFD, así como en la estación base.
3. Realizar la activación, el ingreso del PIN y transacciones.
4. Buscar en cada captura el PIN, los datos de activación y el detalle de las transacciones.
5. Conforme si el PIN y los datos de transacción no pueden recuperarse en ningún punto de captura; no conforme si el PIN o
   los datos de la cuenta son legibles en algún punto.
`,
  },
  'USSD-11': {
    title: 'Contenido USSD no recuperable en la interfaz de radio',
    howToTest: `1. En un laboratorio blindado, configurar un SDR (por ej. USRP) como intermediario (man-in-the-middle) o estación base falsa.
2. Verificar qué cifrado negocia la red y si el terminal acepta A5/0.
3. Realizar una transacción de SFD a través de ese montaje e intentar decodificar el intercambio USSD.
4. No conforme si se recupera contenido USSD o SMS, como el PIN.
`,
  },
  'USSD-12': {
    title: 'Datos de SFD no visibles para personal interno en el sitio de la estación base',
    howToTest: `1. Usar una BTS de prueba de baja potencia que no cursa tráfico comercial.
2. Capturar en el sitio (LMT o réplica de puerto) con Wireshark durante transacciones de SFD.
3. No conforme si los datos de SFD son visibles para alguien presente en el sitio.
`,
  },
  'USSD-13': {
    title: 'PIN y datos de transacción no visibles en las trazas de los nodos del núcleo de red',
    howToTest: `1. Tomar trazas en cada nodo del núcleo de red durante transacciones de prueba (o revisar las trazas que entrega el operador).
2. No conforme si el PIN o los datos de transacción aparecen en alguna traza de nodo.
`,
  },
  'USSD-14': {
    title: 'Detección de solicitudes USSD alteradas',
    howToTest: `1. En el laboratorio, colocar un intermediario activo en el lado de radio o en un nodo del núcleo de red.
2. Cambiar en tránsito el monto o el destinatario de una transferencia de prueba.
3. No conforme si la transacción alterada se ejecuta sin ser detectada.
`,
  },
  'USSD-15': {
    title: 'Validación adicional cuando la SIM pasa a un terminal nuevo',
    howToTest: `1. Realizar una transacción con una SIM de prueba en el terminal A.
2. Pasar la SIM al terminal B (IMEI distinto) e iniciar una transacción.
3. Conforme si el nuevo IMEI provoca una nueva verificación o un bloqueo; no conforme si la transacción se completa
   sin ninguna alerta.
`,
  },
  'USSD-16': {
    title: 'SIM (IMSI) validada antes de las transacciones tras un cambio de SIM',
    howToTest: `1. Con la cooperación del operador, trasladar un número de prueba a una SIM nueva.
2. Intentar una transacción desde la SIM nueva.
3. Conforme si se rechaza hasta que se verifica al cliente; no conforme si la SIM cambiada puede realizar transacciones.
`,
  },
  'USSD-17': {
    title: 'PIN no visible entre la SIM y el terminal (STK)',
    howToTest: `1. Colocar la SIM de SFD en un trazador de SIM (por ej. SIMtrace2) conectado al teléfono mediante un cable flexible y a un
   equipo anfitrión por USB.
2. Ejecutar transacciones de SFD por STK mientras se trazan las APDU.
3. No conforme si el PIN aparece en claro en la traza.
`,
  },
  'USSD-18': {
    title: 'Las transacciones de SFD no pueden controlarse a distancia mediante ADB',
    howToTest: `1. En un teléfono de prueba con la depuración USB activada, usar adb para lanzar un intent de llamada al código USSD de los SFD.
2. Navegar por el menú mediante eventos de entrada de adb.
3. No conforme si una transacción se completa sin que el usuario ingrese un PIN nuevo en el dispositivo.
`,
  },
  'USSD-20': {
    title: 'TLS 1.2 o superior entre la pasarela SMSC, la pasarela USSD y el servidor de SFD',
    howToTest: `1. Solicitar la configuración de cada enlace (ajustes TLS de las pasarelas y del servidor).
2. Cuando los endpoints sean accesibles desde el laboratorio, analizarlos para conocer las versiones de protocolo.
3. No conforme ante enlaces HTTP/TCP sin cifrar o TLS inferior a 1.2.
`,
  },
  'USSD-21': {
    title: 'Cifrado de radio seguro entre el terminal y la estación base',
    howToTest: `1. Solicitar la configuración de cifrado de cada generación de red.
2. En el laboratorio, observar qué cifrado negocia un terminal de prueba en la red en servicio.
`,
  },
  'USSD-22': {
    title: 'Expiración de la sesión en el lado del cliente USSD',
    howToTest: `1. Abrir el menú de SFD y dejar de responder en cada paso.
2. Medir el tiempo de inactividad hasta que termina la sesión.
3. Registrar los valores y compararlos con la política del proveedor.
`,
  },
  'USSD-23': {
    title: 'PIN enmascarado en las pantallas USSD',
    howToTest: `1. Ingresar el PIN en los menús USSD y STK en varios modelos de terminal.
2. No conforme si el PIN se muestra en claro o vuelve a mostrarse en una pantalla de confirmación.
`,
  },
  'USSD-24': {
    title: 'Seguimiento del cifrado de los mensajes USSD',
    howToTest: `1. Preguntar si se ha evaluado o planificado el cifrado del contenido USSD, y con qué proveedor o estándar.
`,
  },
  'USSD-25': {
    title: 'Se evita la ejecución remota de USSD en los dispositivos',
    howToTest: `1. Preguntar qué hace el proveedor contra la ejecución remota de USSD (orientación a los clientes sobre el modo de depuración,
   pasos de confirmación de las transacciones).
`,
  },
  'USSD-30': {
    title: 'Controles de sesión en los canales USSD y aplicación',
    howToTest: `1. Medir el cierre de sesión por inactividad en USSD y en la aplicación.
2. Ingresar PIN incorrectos hasta que ocurra algo; registrar el número de intentos y la duración del bloqueo.
3. Probar PIN débiles y la reutilización del PIN anterior al cambiarlo.
`,
  },
  'USSD-31': {
    title: 'Una sola sesión por cliente en todos los canales',
    howToTest: `1. Iniciar sesión en la aplicación y, en paralelo, abrir una sesión USSD para la misma cuenta.
2. Registrar si se rechaza la segunda sesión o se cierra la primera.
`,
  },
  'USSD-32': {
    title: 'Las sesiones USSD y STK terminan tras un período de inactividad',
    howToTest: `1. Abrir una sesión y dejar de responder; medir cuánto tarda en cerrarse.
2. Repetir en el menú STK.
`,
  },
  'USSD-33': {
    title: 'Dispositivo validado en tiempo real antes de una transacción',
    howToTest: `1. Pasar una SIM de prueba a otro terminal e iniciar una transacción.
2. Conforme si el cambio de dispositivo se detecta antes de procesar la transacción.
`,
  },
  'USSD-34': {
    title: 'Cuenta bloqueada tras demasiados intentos fallidos de inicio de sesión',
    howToTest: `1. Ingresar un PIN incorrecto repetidamente en USSD y en la aplicación.
2. Registrar tras cuántos intentos se bloquea la cuenta y si los intentos en un canal cuentan para
   el otro.
3. Verificar cómo se desbloquea la cuenta y que el desbloqueo exige verificar la identidad.
`,
  },
  'USSD-35': {
    title: 'Datos de entrada de las transacciones validados',
    howToTest: `1. Ingresar montos negativos, cero, fraccionarios, muy grandes y no numéricos, y caracteres especiales en
   los campos de destinatario y referencia.
2. No conforme si alguno se acepta o provoca un error que revela detalles internos.
`,
  },
  'USSD-36': {
    title: 'Autenticación reforzada para transacciones de alto valor y cambios en la cuenta',
    howToTest: `1. Hacer una transferencia justo por encima del umbral de alto valor y solicitar un aumento de límite.
2. No conforme si no se solicita ningún factor adicional al PIN de la sesión.
`,
  },
  'USSD-37': {
    title: 'Clientes alertados sobre las transacciones de su cuenta',
    howToTest: `1. Enviar y recibir dinero en una cuenta de prueba por cada canal.
2. Verificar que llega rápidamente una alerta (SMS, notificación push o en la aplicación) para cada una, sin el PIN ni el número
   de cuenta completo.
`,
  },
  'USSD-40': {
    title: 'Límites de transacción en canales inseguros como USSD',
    howToTest: `1. Solicitar los límites por transacción y diarios en USSD.
2. Intentar una transferencia por encima del límite y una serie de transferencias que superen el total diario.
`,
  },
  'SIM-01': {
    title: 'El operador verifica la identidad antes de cualquier cambio de SIM',
    howToTest: `1. Solicitar el procedimiento de cambio de SIM y la evidencia de identidad que exige.
2. Revisar una muestra de registros de cambios recientes y verificar que se capturó la evidencia.
`,
  },
  'SIM-02': {
    title: 'La verificación de identidad para el cambio de SIM usa varios factores',
    howToTest: `1. Preguntar qué factores se comprueban en un cambio y si alguno puede omitirse.
2. Revisar una muestra de registros de cambio en cuanto a los factores capturados.
`,
  },
  'SIM-03': {
    title: 'El proveedor de SFD detecta el reemplazo de la SIM en tiempo real',
    howToTest: `1. Preguntar cómo se entera el proveedor de los reemplazos de SIM (fuente de datos del operador, consulta del IMSI en cada transacción).
2. Trasladar un número de prueba a una SIM nueva e intentar una transacción de inmediato.
3. Conforme si el servicio de SFD reacciona antes de la primera transacción.
`,
  },
  'SIM-04': {
    title: 'El operador almacena de forma segura los secretos de la SIM (IMSI, Ki)',
    howToTest: `1. Preguntar dónde se guardan los valores Ki (centro de autenticación, HSM) y cómo se transfieren y destruyen los archivos
   del fabricante de SIM.
2. Revisar las listas de acceso y los registros de los sistemas que contienen secretos de SIM.
`,
  },
  'SIM-05': {
    title: 'Reciclaje de números comunicado al proveedor de SFD, cuenta bloqueada hasta su verificación',
    howToTest: `1. Solicitar el proceso de notificación del reciclaje entre el operador y el proveedor.
2. Revisar una muestra de números reciclados y verificar que las cuentas de SFD vinculadas se bloquearon y se volvieron a verificar.
`,
  },
  'SIM-06': {
    title: 'Dispositivo de la transacción comparado con el IMEI registrado',
    howToTest: `1. Colocar la SIM de prueba en otro terminal e iniciar una transacción.
2. Conforme si se detecta el cambio de IMEI y se exige una verificación adicional.
`,
  },
  'SIM-07': {
    title: 'Bloqueo de la SIM por PIN y PUK aplicado',
    howToTest: `1. Preguntar si las SIM se entregan con el bloqueo por PIN activado y cómo se comunican los PUK a los clientes.
2. Revisar una SIM de prueba recién emitida.
`,
  },
  'SIM-10': {
    title: 'SIM resistente a ataques OTA binarios (Simjacker, WIB, S@T)',
    howToTest: `1. En una red de laboratorio o con un probador de SIM, enviar SMS binarios manipulados dirigidos a los navegadores S@T y WIB
   y a los dominios de seguridad OTA.
2. Registrar si la SIM ejecuta el comando o devuelve una respuesta.
3. No conforme si se ejecuta algún comando no autenticado o se devuelve una respuesta firmada.
`,
  },
  'SIM-11': {
    title: 'Una SIM clonada no puede autenticarse en el servicio de dinero móvil',
    howToTest: `1. Verificar qué algoritmo de autenticación usan las SIM del operador (versión de COMP128 o MILENAGE).
2. Para las SIM COMP128v1, simular un clon con pySIM en el laboratorio.
3. Conforme si la SIM no puede clonarse, o si el clon se detecta y se bloquea; no conforme si el clon puede realizar transacciones.
`,
  },
  'SIM-12': {
    title: 'Identidad verificada antes del cambio o reemplazo de la SIM',
    howToTest: `1. Solicitar los procedimientos de cambio y de reemplazo y la evidencia de identidad exigida.
2. Revisar una muestra de registros.
`,
  },
  'SIM-13': {
    title: 'Cambio de SIM detectado en tiempo real, nueva verificación antes de acciones de riesgo',
    howToTest: `1. Trasladar un número de prueba a una SIM nueva.
2. Intentar desde la SIM nueva una transferencia de alto valor y un cambio de los datos de la cuenta.
3. Conforme si ambas acciones exigen una nueva verificación.
`,
  },
  'SIM-14': {
    title: 'El proceso de reciclaje informa al proveedor de SFD y bloquea la cuenta',
    howToTest: `1. Solicitar el proceso de reciclaje y los datos que se comparten con los proveedores de SFD.
2. Revisar una muestra de números reciclados y verificar el estado de las cuentas.
`,
  },
  'SIM-15': {
    title: 'El operador protege los datos de la SIM (IMSI, Ki)',
    howToTest: `1. Revisar cómo se reciben, almacenan, consultan y destruyen los archivos de claves de las SIM.
`,
  },
  'SIM-16': {
    title: 'SMS binarios y OTA bloqueados salvo desde fuentes en lista blanca',
    howToTest: `1. Solicitar las reglas del firewall de SMS para los mensajes binarios y OTA.
2. Desde una fuente externa (otra red o un agregador de SMS), enviar un SMS binario a una SIM de prueba.
3. No conforme si se entrega.
`,
  },
  'SIM-17': {
    title: 'OTA con codificación STK solo entre la plataforma del operador y sus abonados',
    howToTest: `1. Desde un abonado de prueba, enviar un SMS con codificación STK a otro abonado.
2. No conforme si se entrega.
`,
  },
  'SIM-18': {
    title: 'Sin mensajes con codificación STK en el tráfico A2P de los proveedores de contenido',
    howToTest: `1. Revisar el filtrado aplicado a las conexiones A2P y una muestra de los registros del filtro.
`,
  },
  'SIM-20': {
    title: 'Procedimientos para detectar cambios de SIM y reciclajes sospechosos',
    howToTest: `1. Solicitar el procedimiento de detección y las señales utilizadas.
2. Revisar las alertas recientes y cómo se gestionaron.
`,
  },
  'SIM-21': {
    title: 'Identidad verificada antes del cambio, transferencia de información retenida hasta la confirmación',
    howToTest: `1. Preguntar cómo se implementa la retención (por ej. SMS y USSD bloqueados en la SIM nueva durante un período).
2. Tras un cambio de prueba, verificar si un código de un solo uso por SMS llega a la SIM nueva durante la retención.
`,
  },
  'SIM-22': {
    title: 'PUK de la SIM aplicado por el operador',
    howToTest: `1. Preguntar cómo se configura el bloqueo PIN/PUK en las SIM emitidas y cómo se comunican los PUK.
`,
  },
  'SIM-30': {
    title: 'Cambios de IMSI e IMEI tratados como indicadores de cambio de SIM',
    howToTest: `1. Trasladar un número de prueba a una SIM nueva e intentar una transacción (solo cambia el IMSI).
2. Repetir con la SIM nueva en otro terminal (cambian el IMSI y el IMEI).
3. Conforme si ambos casos se bloquean hasta la verificación y el segundo se trata como de mayor riesgo.
`,
  },
  'SIM-40': {
    title: 'Reglas de cambio de SIM estandarizadas por el regulador para todos los operadores',
    howToTest: `1. Solicitar la regulación o directiva sobre cambios de SIM y verificar que cubre la portabilidad.
2. Verificar que el procedimiento de cada operador la cumple.
`,
  },
  'SIM-41': {
    title: 'El reemplazo de SIM por un apoderado registra la biometría o la foto del apoderado',
    howToTest: `1. Revisar el procedimiento de reemplazo por apoderado y una muestra de registros en cuanto a la imagen o el dato biométrico capturado.
`,
  },
  'SIM-42': {
    title: 'El operador notifica a los proveedores de SFD los números cambiados, portados y reciclados',
    howToTest: `1. Preguntar cómo se entrega la notificación (API, archivo, servicio de consulta) y con qué rapidez.
2. Verificar que un cambio de prueba aparece en la fuente de datos del proveedor.
`,
  },
  'SIM-43': {
    title: 'Verificación biométrica antes del cambio o reemplazo',
    howToTest: `1. Preguntar si se verifica la biometría en el momento del cambio y contra qué referencia (registro de alta,
   base de datos nacional de identidad).
`,
  },
  'SIM-44': {
    title: 'Validación multifactor antes de un cambio',
    howToTest: `1. Preguntar cuáles de estas familias de factores se verifican y cuántas deben superarse.
2. Revisar una muestra de registros de cambio.
`,
  },
  'SIM-45': {
    title: 'Números reciclados comunicados con el nuevo IMSI; cuenta bloqueada hasta su verificación',
    howToTest: `1. Pedir a ambas partes que describan el traspaso de información en el reciclaje y la regla de bloqueo.
`,
  },
  'SIM-46': {
    title: 'El titular actual del número recibe aviso de una solicitud de cambio',
    howToTest: `1. Solicitar el cambio de un número de prueba en una tienda o con un agente.
2. Verificar que el teléfono con la SIM actual recibe una notificación antes de que el cambio surta efecto.
`,
  },
  'SIM-47': {
    title: 'Detección en tiempo real por el proveedor de SFD de un cambio de IMSI o ICCID',
    howToTest: `1. Trasladar un número de prueba a una SIM nueva.
2. Intentar una transacción y un cambio en la cuenta; conforme si ambos requieren una verificación adicional.
`,
  },
  'SIM-48': {
    title: 'Detección en tiempo real por el proveedor de SFD de un cambio de dispositivo (IMEI)',
    howToTest: `1. Pasar la SIM de prueba a otro terminal y realizar una transacción por USSD.
2. Instalar la aplicación en otro dispositivo e iniciar sesión.
3. Conforme si cada cambio de dispositivo se señala.
`,
  },
  'SIM-49': {
    title: 'Los clientes pueden excluirse de las transacciones USSD/STK',
    howToTest: `1. Preguntar si existe la opción de exclusión y cómo la encuentran los clientes.
2. Excluir una cuenta de prueba e intentar una transacción USSD; no conforme si se completa.
`,
  },
  'SS7-01': {
    title: 'Firewalls que detectan y limitan los ataques SS7',
    howToTest: `1. Solicitar el despliegue del firewall de señalización y las categorías de reglas (GSMA FS.11, categorías 1/2/3).
2. Donde exista acceso de prueba a SS7, enviar sondeos de categorías 1-3 (por ej. consultas de ubicación o de datos del abonado)
   hacia un abonado de prueba y verificar que se bloquean.
`,
  },
  'SS7-02': {
    title: 'Ubicación de la transacción comparada con la última ubicación del teléfono',
    howToTest: `1. Preguntar si existen controles de velocidad de ubicación, quién los realiza y qué transacciones cubren.
`,
  },
  'SS7-10': {
    title: 'Filtrado de USSD suplantados iniciados por la red',
    howToTest: `1. Con acceso de prueba a SS7, enviar a un abonado de prueba una solicitud USSD terminada en el móvil que imite el menú
   de los SFD.
2. No conforme si llega al terminal sin filtrar.
`,
  },
  'SS7-11': {
    title: 'Enrutamiento de SMS a través de la red de origen (SMS home routing)',
    howToTest: `1. Solicitar la configuración de SMS home routing (GSMA FS.19).
2. Con acceso de prueba a SS7, consultar la información de enrutamiento de un número de prueba y verificar que no revela el
   IMSI real ni el nodo que lo atiende.
`,
  },
  'SS7-20': {
    title: 'Firewall SS7 contra la interceptación y los USSD/SMS no autorizados',
    howToTest: `1. Revisar la configuración del firewall y los registros recientes de bloqueos de operaciones MAP usadas para la interceptación
   y el abuso de USSD/SMS.
`,
  },
  'SS7-21': {
    title: 'Acceso limitado a las herramientas de trazado MAP y a los analizadores de protocolo',
    howToTest: `1. Revisar quién tiene acceso a las herramientas de trazado y a los analizadores, y cómo se aprueba y registra ese acceso.
`,
  },
  'SS7-22': {
    title: 'Controles de señalización SS7 y Diameter implementados',
    howToTest: `1. Solicitar el inventario de protecciones SS7 y Diameter (firewalls, filtrado en los agentes de borde) y
   su última evaluación.
`,
  },
  'SS7-30': {
    title: 'Autenticación fuera de banda, fuera del canal de telecomunicaciones',
    howToTest: `1. Verificar si los usuarios de la aplicación pueden autenticarse y confirmar transacciones en la aplicación sin códigos por SMS.
2. Preguntar qué proporción de usuarios utiliza la autenticación basada en la aplicación.
`,
  },
  'SS7-31': {
    title: 'Códigos de un solo uso bidireccionales con verificación del origen de la respuesta',
    howToTest: `1. Preguntar si se usan códigos bidireccionales y si se verifica el Global Title de las respuestas.
2. Revisar la configuración de esa verificación y los registros de respuestas rechazadas.
`,
  },
  'SS7-32': {
    title: 'Ubicación e IMSI/IMEI verificados antes de transacciones USSD o en cajeros automáticos',
    howToTest: `1. Preguntar cuáles de estas verificaciones se realizan, para qué transacciones y mediante qué interfaz del operador.
`,
  },
  'SS7-33': {
    title: 'Expiración de sesiones USSD y STK, códigos de un solo uso que caducan',
    howToTest: `1. Medir los tiempos de expiración por inactividad de las sesiones USSD y STK.
2. Solicitar un código de un solo uso, esperar y luego usarlo; registrar el período de validez; no conforme si nunca caduca.
3. Verificar que un código ya usado no puede volver a usarse.
`,
  },
  'SS7-34': {
    title: 'Detección de ingeniería social e interceptación por USSD',
    howToTest: `1. Preguntar qué reglas de detección existen para estos escenarios y revisar ejemplos de alertas.
`,
  },
  'SS7-35': {
    title: 'Cifrados GSM seguros en la interfaz de radio',
    howToTest: `1. En el laboratorio, observar el cifrado que negocia un terminal de prueba en cada generación de red.
2. No conforme ante A5/0 o A5/1 cuando hay cifrados más robustos disponibles.
`,
  },
  'SS7-36': {
    title: 'Enmascaramiento del PIN en USSD (lado del operador)',
    howToTest: `1. Ingresar el PIN en el menú USSD de los SFD; no conforme si se muestra en claro.
`,
  },
  'SS7-37': {
    title: 'TLS 1.2 o superior en los enlaces de las pasarelas, tráfico del núcleo de red monitoreado',
    howToTest: `1. Revisar la configuración TLS de cada enlace y el esquema de monitoreo del tráfico del núcleo de red.
`,
  },
  'SS7-38': {
    title: 'Acceso auditado a las trazas, sin PIN de USSD en los registros de eventos',
    howToTest: `1. Revisar las revisiones de acceso de los sistemas de trazas y registros.
2. Inspeccionar una muestra de registros de datos de eventos de transacciones de prueba; no conforme si aparece un PIN.
`,
  },
  'SS7-39': {
    title: 'SMS binarios/OTA bloqueados salvo desde fuentes en lista blanca (operador)',
    howToTest: `1. Enviar un SMS binario a una SIM de prueba desde una fuente externa; no conforme si se entrega.
`,
  },
  'SS7-40': {
    title: 'SMS home routing; OTA STK solo a través de la plataforma del operador',
    howToTest: `1. Revisar la configuración de home routing y de la plataforma OTA.
`,
  },
  'SS7-41': {
    title: 'Pasarela de validación del IMSI para los proveedores de SFD',
    howToTest: `1. Preguntar si existe la pasarela, qué datos devuelve y cómo la usan los proveedores en cada transacción.
`,
  },
  'PLAT-01': {
    title: 'Expiración de sesión, reglas de PIN, límite de intentos y bloqueo aplicados por el servidor',
    howToTest: `1. Medir los tiempos de expiración por inactividad en la aplicación y en USSD.
2. Contar los intentos fallidos hasta el bloqueo y medir la duración del bloqueo.
3. Probar PIN débiles y el PIN anterior al cambiarlo, reenviando las solicitudes a través de un proxy para confirmar que
   el servidor (y no solo el cliente) aplica las reglas.
`,
  },
  'PLAT-02': {
    title: 'Identidad revalidada antes de reactivar una cuenta inactiva',
    howToTest: `1. Solicitar el procedimiento de inactividad y reactivación de cuentas.
2. Revisar una muestra de cuentas reactivadas y verificar la evidencia de identidad recabada.
`,
  },
  'PLAT-03': {
    title: 'Direcciones de los sistemas de SFD ocultas tras NAT',
    howToTest: `1. Revisar el diagrama de red y la configuración NAT del segmento de SFD.
2. Verificar que las respuestas y cabeceras de los endpoints públicos no revelan direcciones internas.
`,
  },
  'PLAT-04': {
    title: 'Back-end de SFD ubicado en una DMZ',
    howToTest: `1. Revisar el diagrama de red y las reglas de firewall en torno al back-end de SFD.
`,
  },
  'PLAT-05': {
    title: 'PIN y contraseñas cifrados en tránsito y en reposo',
    howToTest: `1. Revisar cómo se transportan los PIN desde el terminal hasta el servidor de SFD y cómo se almacenan.
2. En el laboratorio, capturar una transacción de prueba en los puntos accesibles y buscar el PIN.
`,
  },
  'PLAT-06': {
    title: 'Datos sensibles de los clientes eliminados de los registros de traza',
    howToTest: `1. Ejecutar transacciones de prueba con valores conocidos (vale, número de cuenta, PIN).
2. Obtener los registros de traza de cada sistema involucrado y buscar esos valores.
`,
  },
  'PLAT-07': {
    title: 'Entradas validadas en el cliente y en el servidor, violaciones del esquema bloqueadas',
    howToTest: `1. Capturar las solicitudes de API de la aplicación y enviar directamente al servidor valores fuera de rango y malformados,
   eludiendo las comprobaciones propias de la aplicación.
2. Hacer lo mismo en la interfaz USSD.
3. Solicitar los registros que muestran las solicitudes rechazadas.
`,
  },
  'PLAT-08': {
    title: 'Detección de la manipulación de los datos almacenados',
    howToTest: `1. Preguntar cómo se protegen los saldos y los registros de transacciones contra la modificación directa.
2. Revisar la evidencia de una prueba en la que se alteró un registro y se detectó el cambio.
`,
  },
  'PLAT-09': {
    title: 'Datos y cuentas de prueba eliminados antes del paso a producción',
    howToTest: `1. En el paquete de la aplicación, buscar endpoints de prueba o de preproducción y credenciales de prueba.
2. Solicitar la lista de verificación de liberación y la evidencia de que se eliminaron las cuentas de prueba de producción.
`,
  },
  'PLAT-10': {
    title: 'Registro a prueba de manipulaciones de las acciones de los usuarios y de las operaciones críticas',
    howToTest: `1. Realizar algunas acciones de prueba identificables y pedir al proveedor que las muestre en los registros.
2. Preguntar cómo se protege la integridad de los registros (reenvío a otro sistema, almacenamiento de una sola escritura, hash).
`,
  },
  'PLAT-11': {
    title: 'Claves y certificados confiables y protegidos para el intercambio de datos con socios',
    howToTest: `1. Revisar cómo se autentican las conexiones de los socios y dónde se guardan las claves.
`,
  },
  'PLAT-12': {
    title: 'Procedimientos ante caídas del servicio y para la operación sin conexión con socios',
    howToTest: `1. Solicitar los procedimientos ante caídas del servicio y cuándo se usaron o ensayaron por última vez.
`,
  },
  'PLAT-13': {
    title: 'Cuentas y credenciales predeterminadas eliminadas',
    howToTest: `1. En el paquete de la aplicación, buscar credenciales codificadas de forma fija.
2. Solicitar la lista de verificación de endurecimiento y los inventarios de cuentas de los sistemas de SFD.
`,
  },
  'PLAT-14': {
    title: 'Autenticación multifactor robusta para acceder a los sistemas de SFD',
    howToTest: `1. Revisar cómo se autentican el personal, los agentes y los socios en los portales de back-office y de socios.
`,
  },
  'PLAT-15': {
    title: 'Análisis de velocidad y de horario que activan una autorización adicional',
    howToTest: `1. Solicitar las reglas; con autorización, realizar varias transacciones de prueba rápidas o a altas horas de la noche y observar
   si se solicita una autorización adicional.
`,
  },
  'PLAT-16': {
    title: 'PIN y contraseñas cifrados de forma robusta dentro de la red y en reposo',
    howToTest: `1. Revisar cómo se protegen los PIN entre los sistemas internos y cómo se almacenan (HSM, bloques de PIN,
   hash).
`,
  },
  'PLAT-17': {
    title: 'La detección de amenazas cubre las API',
    howToTest: `1. Revisar el esquema de monitoreo del tráfico de las API y una muestra de alertas.
`,
  },
  'PLAT-18': {
    title: 'Inicio de sesión remoto en los sistemas de back-end limitado',
    howToTest: `1. Revisar las vías de acceso remoto (VPN, servidores de salto) y las cuentas autorizadas a usarlas.
`,
  },
  'PLAT-19': {
    title: 'Usuarios privilegiados, agentes y comercios vinculados a una IP, un dispositivo y un horario',
    howToTest: `1. Revisar las reglas de vinculación y, si está permitido, probar un inicio de sesión desde un dispositivo no vinculado o fuera de horario.
`,
  },
  'PLAT-20': {
    title: 'Entornos de prueba y de producción separados; cambios probados previamente',
    howToTest: `1. Revisar la organización de los entornos y los registros de cambios de las versiones recientes.
`,
  },
  'PLAT-21': {
    title: 'Un HSM protege las claves de PIN, transacciones, tokens y vales',
    howToTest: `1. Revisar el inventario de claves y dónde reside cada una; verificar la certificación y el control de acceso del HSM.
`,
  },
  'PLAT-22': {
    title: 'Mínimo privilegio, desactivación de cuentas del personal desvinculado y revisión de accesos privilegiados',
    howToTest: `1. Comparar la lista de bajas de RR. HH. con las cuentas activas.
2. Revisar las definiciones de roles, los límites por rol y la última revisión de accesos privilegiados.
`,
  },
  'PLAT-23': {
    title: 'Uso de las API monitoreado, datos hacia los socios cifrados, acuerdos de confidencialidad (NDA) vigentes',
    howToTest: `1. Revisar las interfaces con los socios, su cifrado y monitoreo, y los acuerdos firmados.
`,
  },
  'PLAT-24': {
    title: 'Dispositivos de comercios y agentes gestionados y actualizados',
    howToTest: `1. Preguntar cómo se gestionan y actualizan los dispositivos de agentes y comercios; revisar algunos dispositivos en campo.
`,
  },
  'PLAT-25': {
    title: 'El operador controla los dispositivos que se conectan a los sistemas de SFD',
    howToTest: `1. Revisar los controles de endpoints (NAC, EDR) de los dispositivos de la red de SFD y una muestra de sus informes.
`,
  },
  'PLAT-26': {
    title: 'Los terceros comparten solo los datos que necesita una transacción',
    howToTest: `1. Contrastar los campos intercambiados en las interfaces con los socios con lo que cada transacción necesita.
`,
  },
  'PLAT-30': {
    title: 'Credenciales del personal desvinculado y credenciales inactivas desactivadas',
    howToTest: `1. Comparar las listas de bajas de personal y de agentes dados de baja con las cuentas activas; listar las cuentas sin uso en 90 días.
`,
  },
  'PLAT-31': {
    title: 'Cuentas predeterminadas del sistema eliminadas',
    howToTest: `1. Revisar las listas de cuentas de servidores, bases de datos y middleware de SFD en busca de cuentas predeterminadas de los fabricantes.
`,
  },
  'PLAT-32': {
    title: 'Cuentas de soporte de proveedores externos desactivadas después de su uso',
    howToTest: `1. Revisar las cuentas de proveedores externos, su estado y los tickets que justificaron su habilitación.
`,
  },
  'PLAT-33': {
    title: 'Verificación de identidad robusta antes de reactivar una cuenta inactiva',
    howToTest: `1. Revisar una muestra de reactivaciones y verificar la validación de identidad registrada.
`,
  },
  'PLAT-34': {
    title: 'Detección de transacciones fuera del patrón habitual',
    howToTest: `1. Revisar las reglas antifraude y una muestra de alertas con su resultado.
`,
  },
  'PLAT-35': {
    title: 'Gestión de caídas del servicio, pruebas de extremo a extremo, análisis de vulnerabilidades y disponibilidad',
    howToTest: `1. Revisar los informes de disponibilidad, la evidencia de pruebas de los cambios recientes y los informes de análisis recientes.
`,
  },
  'PLAT-36': {
    title: 'Sin datos sensibles en los registros de traza ni en los registros de datos de eventos',
    howToTest: `1. Ejecutar transacciones de prueba con PIN y valores conocidos; buscarlos en los registros generados.
`,
  },
  'PLAT-37': {
    title: 'Acceso basado en roles, revisión de administradores y control dual',
    howToTest: `1. Revisar los roles, la última revisión de administradores y qué tareas aplican control dual (y cómo).
`,
  },
  'PLAT-38': {
    title: 'Dispositivos analizados y parcheados, cambios aprobados, claves predeterminadas cambiadas',
    howToTest: `1. Revisar los informes de estado de parches, las actas de aceptación de los cambios recientes y el inventario de claves.
`,
  },
  'PLAT-39': {
    title: 'Direcciones internas no expuestas; claves almacenadas de forma segura',
    howToTest: `1. Verificar que los endpoints públicos no filtran direcciones internas (cabeceras, errores) y revisar el almacenamiento de claves.
`,
  },
  'PLAT-40': {
    title: 'Las firmas digitales identifican a los terceros que se conectan',
    howToTest: `1. Revisar cómo se firman las solicitudes de los socios y cómo se verifican las firmas.
`,
  },
  'PLAT-41': {
    title: 'Datos de prueba eliminados de producción; datos de registro de clientes protegidos',
    howToTest: `1. Buscar cuentas de prueba en producción; revisar cómo se almacenan y consultan los datos de registro (KYC).
`,
  },
  'PLAT-42': {
    title: 'Datos en reposo cifrados, intercambio de datos monitoreado, datos de prueba anonimizados',
    howToTest: `1. Revisar el cifrado en reposo, el esquema de DLP para las API, los campos de datos de los socios y cómo se generan los datos
   de prueba.
`,
  },
  'GOV-01': {
    title: 'Memorando de entendimiento (MoU) entre el regulador de telecomunicaciones y el banco central sobre SS7 y cambio de SIM',
    howToTest: `1. Solicitar el memorando firmado y los términos de referencia y actas del comité conjunto.
`,
  },
  'GOV-02': {
    title: 'Incentivos para medidas antifraude conjuntas entre operadores de telecomunicaciones y proveedores de SFD',
    howToTest: `1. Preguntar qué programas de incentivos existen y qué proveedores participan.
`,
  },
  'GOV-03': {
    title: 'Pérdidas por fraude asignadas a los proveedores de SFD y a los operadores de telecomunicaciones',
    howToTest: `1. Solicitar la regulación que asigna las pérdidas por fraude y cómo se resuelven las controversias.
`,
  },
  'GOV-04': {
    title: 'Reguladores capacitados en SS7 y su impacto en los SFD',
    howToTest: `1. Solicitar los registros y materiales de capacitación del personal de los reguladores.
`,
  },
  'GOV-05': {
    title: 'Medidas de seguridad mínimas por generación de red',
    howToTest: `1. Solicitar el documento de referencia y verificar que cubre cada generación de red en uso en el país.
`,
  },
  'GOV-10': {
    title: 'Memorando de entendimiento (MoU) sobre cambio de SIM entre el regulador de telecomunicaciones y el banco central',
    howToTest: `1. Solicitar el memorando y verificar que aborda el cambio de SIM y el reciclaje de números.
`,
  },
  'GOV-11': {
    title: 'Los reguladores impulsan a operadores y proveedores a adoptar los controles de SIM',
    howToTest: `1. Preguntar qué directivas, circulares o acciones de supervisión exigen los controles de SIM.
`,
  },
  'GOV-20': {
    title: 'El regulador de telecomunicaciones supervisa el servicio prestado a los proveedores de SFD',
    howToTest: `1. Revisar las condiciones de las licencias y los informes de supervisión sobre el servicio prestado a los proveedores de SFD.
`,
  },
  'GOV-21': {
    title: 'Los licenciatarios informan los resultados de las pruebas de penetración y su remediación',
    howToTest: `1. Solicitar los últimos informes presentados y verificar que se dio seguimiento a la remediación.
`,
  },
  'GOV-22': {
    title: 'Los licenciatarios notifican los incidentes de acceso no autorizado',
    howToTest: `1. Revisar los informes de incidentes recibidos y los plazos de notificación.
`,
  },
  'GOV-23': {
    title: 'Los licenciatarios adoptan con prontitud los estándares internacionales más recientes',
    howToTest: `1. Preguntar qué estándares ha adoptado cada licenciatario y cuándo.
`,
  },
  'GOV-24': {
    title: 'Pruebas continuas, filtrado de intrusiones y monitoreo con notificación oportuna',
    howToTest: `1. Revisar los mecanismos de monitoreo y los informes enviados al banco central.
`,
  },
  'GOV-25': {
    title: 'Detección de dispositivos de RF no autorizados, como los IMSI catchers',
    howToTest: `1. Preguntar si el operador vigila la presencia de estaciones base falsas y revisar las detecciones recientes.
`,
  },
  'GOV-26': {
    title: 'Áreas de cooperación acordadas entre reguladores',
    howToTest: `1. Verificar que el memorando o el marco de cooperación enumera cada una de estas áreas y que están en funcionamiento.
`,
  },
  'GOV-27': {
    title: 'Estructura de gobernanza del memorando (comité directivo, enlace, grupo de trabajo)',
    howToTest: `1. Revisar las cláusulas de gobernanza del memorando y las actas de las reuniones del comité.
`,
  },
  'USER-01': {
    title: 'Los clientes mantienen sus teléfonos actualizados e instalan solo software de confianza',
    howToTest: `1. Preguntar cómo fomenta el proveedor estos hábitos (avisos en la aplicación, mensajes, páginas web).
2. Verificar si la aplicación advierte cuando la versión del sistema operativo es muy antigua.
`,
  },
  'USER-02': {
    title: 'Clientes informados sobre dispositivos rooteados, Wi-Fi pública y aplicaciones no verificadas',
    howToTest: `1. Revisar el material y las campañas de concientización del proveedor del último año.
2. Verificar que explican cómo detectar aplicaciones falsas y phishing por USSD y SMS, mantener el PIN en secreto, usar
   la autenticación multifactor y cómo reclamar un pago.
`,
  },
};

export const CATALOG_ES: CatalogText = { items, areas };
