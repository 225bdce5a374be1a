.class public Lorg/dfslab/testdata/tlsedge/PinningTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

# Negative: delegates, then compares a pin and throws on mismatch.

.field private final delegate:Ljavax/net/ssl/X509TrustManager;

.method public constructor <init>(Ljavax/net/ssl/X509TrustManager;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lorg/dfslab/testdata/tlsedge/PinningTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    return-void
.end method

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    new-instance v0, Ljava/security/cert/CertificateException;
    invoke-direct {v0}, Ljava/security/cert/CertificateException;-><init>()V
    throw v0
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 5
    iget-object v0, p0, Lorg/dfslab/testdata/tlsedge/PinningTrustManager;->delegate:Ljavax/net/ssl/X509TrustManager;
    invoke-interface {v0, p1, p2}, Ljavax/net/ssl/X509TrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    const/4 v0, 0x0
    aget-object v0, p1, v0
    invoke-static {v0}, Lorg/dfslab/testdata/tlsedge/TlsSetup;->pinMatches(Ljava/security/cert/X509Certificate;)Z
    move-result v0
    if-nez v0, :ok
    new-instance v1, Ljava/security/cert/CertificateException;
    const-string v2, "pin mismatch"
    invoke-direct {v1, v2}, Ljava/security/cert/CertificateException;-><init>(Ljava/lang/String;)V
    throw v1
    :ok
    return-void
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    const/4 v0, 0x0
    new-array v0, v0, [Ljava/security/cert/X509Certificate;
    return-object v0
.end method
