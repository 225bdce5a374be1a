.class public final Lorg/dfslab/testdata/tlsedge/TlsSetup;
.super Ljava/lang/Object;

# Where the managers and verifiers are installed, and protocol versions requested.

.method static synthetic lambda$client$0(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    .registers 3
    const/4 v0, 0x1
    return v0
.end method

.method public static pinMatches(Ljava/security/cert/X509Certificate;)Z
    .registers 2
    invoke-virtual {p0}, Ljava/security/cert/X509Certificate;->getPublicKey()Ljava/security/PublicKey;
    const/4 v0, 0x1
    return v0
.end method

.method public static installLambdaVerifier()V
    .registers 1
    new-instance v0, Lorg/dfslab/testdata/tlsedge/LambdaVerifier;
    invoke-direct {v0}, Lorg/dfslab/testdata/tlsedge/LambdaVerifier;-><init>()V
    invoke-static {v0}, Ljavax/net/ssl/HttpsURLConnection;->setDefaultHostnameVerifier(Ljavax/net/ssl/HostnameVerifier;)V
    return-void
.end method

.method public static useDebugTrust()Ljavax/net/ssl/X509TrustManager;
    .registers 1
    new-instance v0, Lcom/github/fakelib/DebugTrust;
    invoke-direct {v0}, Lcom/github/fakelib/DebugTrust;-><init>()V
    return-object v0
.end method

.method public static noopVerifier(Ljavax/net/ssl/HttpsURLConnection;)V
    .registers 2
    sget-object v0, Lorg/apache/http/conn/ssl/NoopHostnameVerifier;->INSTANCE:Lorg/apache/http/conn/ssl/NoopHostnameVerifier;
    invoke-virtual {p0, v0}, Ljavax/net/ssl/HttpsURLConnection;->setHostnameVerifier(Ljavax/net/ssl/HostnameVerifier;)V
    return-void
.end method

.method public static oldProtocol()Ljavax/net/ssl/SSLContext;
    .registers 1
    const-string v0, "TLSv1"
    invoke-static {v0}, Ljavax/net/ssl/SSLContext;->getInstance(Ljava/lang/String;)Ljavax/net/ssl/SSLContext;
    move-result-object v0
    return-object v0
.end method

.method public static defaultProtocol()Ljavax/net/ssl/SSLContext;
    .registers 1
    const-string v0, "TLS"
    invoke-static {v0}, Ljavax/net/ssl/SSLContext;->getInstance(Ljava/lang/String;)Ljavax/net/ssl/SSLContext;
    move-result-object v0
    return-object v0
.end method

.method public static enableProtocols(Ljavax/net/ssl/SSLSocket;)V
    .registers 4
    const-string v0, "TLSv1.1"
    const-string v1, "TLSv1.2"
    filled-new-array {v0, v1}, [Ljava/lang/String;
    move-result-object v2
    invoke-virtual {p0, v2}, Ljavax/net/ssl/SSLSocket;->setEnabledProtocols([Ljava/lang/String;)V
    return-void
.end method
