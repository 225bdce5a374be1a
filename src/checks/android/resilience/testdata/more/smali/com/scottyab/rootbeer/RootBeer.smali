.class public Lcom/scottyab/rootbeer/RootBeer;
.super Ljava/lang/Object;
# Stand-in for the RootBeer library's entry point (only its signature matters here).

.method public constructor <init>(Landroid/content/Context;)V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public isRooted()Z
    .registers 2
    const/4 v0, 0x0
    return v0
.end method
