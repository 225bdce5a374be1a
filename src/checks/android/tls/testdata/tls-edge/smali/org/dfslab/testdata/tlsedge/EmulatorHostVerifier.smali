.class public final Lorg/dfslab/testdata/tlsedge/EmulatorHostVerifier;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/HostnameVerifier;

# Negative for "always true": true for one host, false otherwise.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public final verify(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    .registers 4
    const-string v0, "10.0.2.2"
    invoke-virtual {v0, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-eqz v0, :no
    const/4 v1, 0x1
    return v1
    :no
    const/4 v1, 0x0
    return v1
.end method
