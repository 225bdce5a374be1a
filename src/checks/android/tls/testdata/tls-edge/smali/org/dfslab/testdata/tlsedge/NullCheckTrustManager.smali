.class public Lorg/dfslab/testdata/tlsedge/NullCheckTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;

# Throws only when no chain is given: any non-empty chain is accepted.

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
    .registers 5
    if-eqz p1, :bad
    array-length v0, p1
    if-eqz v0, :bad
    return-void
    :bad
    new-instance v1, Ljava/lang/IllegalArgumentException;
    const-string v2, "no certificate chain"
    invoke-direct {v1, v2}, Ljava/lang/IllegalArgumentException;-><init>(Ljava/lang/String;)V
    throw v1
.end method

.method public getAcceptedIssuers()[Ljava/security/cert/X509Certificate;
    .registers 2
    const/4 v0, 0x0
    new-array v0, v0, [Ljava/security/cert/X509Certificate;
    return-object v0
.end method
