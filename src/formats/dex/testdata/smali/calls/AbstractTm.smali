.class public abstract Lfix/AbstractTm;
.super Ljava/lang/Object;
.implements Lfix/MyTrustManager;

.method public abstract checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V
.end method
