.class public Lorg/dfslab/testdata/tlsedge/RethrowingTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

# Negative: logs the failure and rethrows it.

.field private final delegate:Ljavax/net/ssl/X509TrustManager;

.method public constructor <init>(Ljavax/net/ssl/X509TrustManager;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lorg/dfslab/testdata/tlsedge/RethrowingTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    return-void
.end method

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 6
    :try_start
    iget-object v0, p0, Lorg/dfslab/testdata/tlsedge/RethrowingTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    invoke-interface {v0, p1, p2}, Ljavax/net/ssl/X509TrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    :try_end
    .catch Ljava/security/cert/CertificateException; {:try_start .. :try_end} :handler
    return-void
    :handler
    move-exception v0
    const-string v1, "tls"
    const-string v2, "rejected"
    invoke-static {v1, v2, v0}, Landroid/util/Log;->w(Ljava/lang/String;Ljava/lang/String;Ljava/lang/Throwable;)I
    throw v0
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    iget-object v0, p0, Lorg/dfslab/testdata/tlsedge/RethrowingTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    invoke-interface {v0}, Ljavax/net/ssl/X509TrustManager;->getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    move-result-object v0
    return-object v0
.end method
