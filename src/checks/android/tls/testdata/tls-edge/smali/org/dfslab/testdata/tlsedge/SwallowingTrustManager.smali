.class public Lorg/dfslab/testdata/tlsedge/SwallowingTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

# Delegates to the platform manager but catches and logs its CertificateException: accepts everything.

.field private final delegate:Ljavax/net/ssl/X509TrustManager;

.method public constructor <init>(Ljavax/net/ssl/X509TrustManager;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lorg/dfslab/testdata/tlsedge/SwallowingTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    return-void
.end method

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 6
    :try_start
    iget-object v0, p0, Lorg/dfslab/testdata/tlsedge/SwallowingTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    invoke-interface {v0, p1, p2}, Ljavax/net/ssl/X509TrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    :try_end
    .catch Ljava/security/cert/CertificateException; {:try_start .. :try_end} :handler
    :ret
    return-void
    :handler
    move-exception v0
    const-string v1, "tls"
    const-string v2, "certificate problem ignored"
    invoke-static {v1, v2, v0}, Landroid/util/Log;->w(Ljava/lang/String;Ljava/lang/String;Ljava/lang/Throwable;)I
    goto :ret
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    const/4 v0, 0x0
    return-object v0
.end method
