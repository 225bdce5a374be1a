.class public final synthetic Lorg/dfslab/testdata/tlsedge/LambdaVerifier;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/HostnameVerifier;

# What javac/d8 make of `(host, session) -> true`: verify forwards to a static lambda body.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public final verify(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    .registers 3
    invoke-static {p1, p2}, Lorg/dfslab/testdata/tlsedge/TlsSetup;->lambda$client$0(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z
    move-result v0
    return v0
.end method
