.class public Lorg/dfslab/testdata/tlsedge/AlwaysRejectTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

# Negative: rejects every chain (no path returns normally).

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public checkClientTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 4
    new-instance v0, Ljava/security/cert/CertificateException;
    invoke-direct {v0}, Ljava/security/cert/CertificateException;-><init>()V
    throw v0
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    const/4 v0, 0x0
    return-object v0
.end method
