.class public Lorg/dfslab/testcases/uidecoys/MainActivity;
.super Landroid/app/Activity;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    # FLAG_FULLSCREEN (0x400), not FLAG_SECURE.
    invoke-virtual {p0}, Lorg/dfslab/testcases/uidecoys/MainActivity;->getWindow()Landroid/view/Window;
    move-result-object v0
    const/16 v1, 0x400
    invoke-virtual {v0, v1}, Landroid/view/Window;->addFlags(I)V
    # Flags from an intent extra; the only literal with bit 0x2000 is a resource id.
    invoke-virtual {p0}, Lorg/dfslab/testcases/uidecoys/MainActivity;->getIntent()Landroid/content/Intent;
    move-result-object v1
    const-string v2, "flags"
    const/4 v3, 0x0
    invoke-virtual {v1, v2, v3}, Landroid/content/Intent;->getIntExtra(Ljava/lang/String;I)I
    move-result v1
    invoke-virtual {v0, v1}, Landroid/view/Window;->addFlags(I)V
    const v1, 0x7f0b2000
    invoke-virtual {p0, v1}, Lorg/dfslab/testcases/uidecoys/MainActivity;->setContentView(I)V
    # A cookie's secure attribute is not a secure surface.
    new-instance v1, Lorg/dfslab/testcases/uidecoys/SessionCookie;
    invoke-direct {v1}, Lorg/dfslab/testcases/uidecoys/SessionCookie;-><init>()V
    const/4 v2, 0x1
    invoke-virtual {v1, v2}, Lorg/dfslab/testcases/uidecoys/SessionCookie;->setSecure(Z)V
    # Turning the filter off is not protection.
    const v1, 0x7f0b0000
    invoke-virtual {p0, v1}, Lorg/dfslab/testcases/uidecoys/MainActivity;->findViewById(I)Landroid/view/View;
    move-result-object v1
    const/4 v2, 0x0
    invoke-virtual {v1, v2}, Landroid/view/View;->setFilterTouchesWhenObscured(Z)V
    return-void
.end method
