# classes.dex of a two-DEX app: calls into a class that lives in classes2.dex.
.class public Lmd/A;
.super Ljava/lang/Object;

.method public static run()V
    .registers 1
    const-string v0, "from-a"
    invoke-static {v0}, Lmd/B;->hello(Ljava/lang/String;)V
    return-void
.end method
