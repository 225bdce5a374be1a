.class public Lfix/TrustAllChild;
.super Lfix/TrustAll;

.method public checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    .registers 3
    invoke-super {p0, p1, p2}, Lfix/TrustAll;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
    return-void
.end method
