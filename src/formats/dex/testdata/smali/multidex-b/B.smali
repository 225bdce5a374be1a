.class public Lmd/B;
.super Lmd/A;

.method public static hello(Ljava/lang/String;)V
    .registers 2
    const-string v0, "B"
    invoke-static {v0, p0}, Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I
    return-void
.end method

.method public static again()V
    .registers 1
    const-string v0, "from-b"
    invoke-static {v0}, Lmd/B;->hello(Ljava/lang/String;)V
    return-void
.end method
