.class public Lorg/dfslab/testcases/uires/SignatureSurface;
.super Landroid/view/SurfaceView;

.method public constructor <init>(Landroid/content/Context;)V
    .registers 3
    invoke-direct {p0, p1}, Landroid/view/SurfaceView;-><init>(Landroid/content/Context;)V
    const/4 v0, 0x1
    invoke-virtual {p0, v0}, Lorg/dfslab/testcases/uires/SignatureSurface;->setSecure(Z)V
    return-void
.end method
