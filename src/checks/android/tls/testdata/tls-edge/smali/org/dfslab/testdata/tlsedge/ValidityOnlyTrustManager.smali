.class public Lorg/dfslab/testdata/tlsedge/ValidityOnlyTrustManager;
.super Ljavax/net/ssl/X509ExtendedTrustManager;

# Extended manager: the socket/engine overloads forward to the two-argument one, which only checks dates.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljavax/net/ssl/X509ExtendedTrustManager;-><init>()V
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 5
    const/4 v0, 0x0
    aget-object v0, p1, v0
    invoke-virtual {v0}, Ljava/security/cert/X509Certificate;->checkValidity()V
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;Ljava/net/Socket;)V
    .registers 4
    invoke-virtual {p0, p1, p2}, Lorg/dfslab/testdata/tlsedge/ValidityOnlyTrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    return-void
.end method

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;Ljavax/net/ssl/SSLEngine;)V
    .registers 4
    invoke-virtual {p0, p1, p2}, Lorg/dfslab/testdata/tlsedge/ValidityOnlyTrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    return-void
.end method
