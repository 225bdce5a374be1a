.class public Lorg/dfslab/testcases/uidecoys/SessionCookie;
.super Ljava/lang/Object;

.field private secure:Z

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public setSecure(Z)V
    .registers 2
    iput-boolean p1, p0, Lorg/dfslab/testcases/uidecoys/SessionCookie;->secure:Z
    return-void
.end method
