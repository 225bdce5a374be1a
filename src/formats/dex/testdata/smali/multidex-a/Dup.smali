# Defined in both DEX files: the first one (this) wins, as on ART.
.class public Lmd/Dup;
.super Ljava/lang/Object;

.method public static where()Ljava/lang/String;
    .registers 1
    const-string v0, "dup-in-a"
    return-object v0
.end method
