.class public Lmd/Dup;
.super Ljava/lang/Object;

.method public static where()Ljava/lang/String;
    .registers 1
    const-string v0, "dup-in-b"
    return-object v0
.end method
