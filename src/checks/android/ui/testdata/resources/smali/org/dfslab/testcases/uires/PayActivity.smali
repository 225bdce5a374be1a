.class public Lorg/dfslab/testcases/uires/PayActivity;
.super Landroid/app/Activity;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 5
    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    # flags = FLAG_SECURE | extra flags from the intent: the argument is computed, the bit is a literal here.
    invoke-virtual {p0}, Lorg/dfslab/testcases/uires/PayActivity;->getIntent()Landroid/content/Intent;
    move-result-object v1
    const-string v2, "flags"
    const/4 v3, 0x0
    invoke-virtual {v1, v2, v3}, Landroid/content/Intent;->getIntExtra(Ljava/lang/String;I)I
    move-result v1
    or-int/lit16 v1, v1, 0x2000
    invoke-virtual {p0}, Lorg/dfslab/testcases/uires/PayActivity;->getWindow()Landroid/view/Window;
    move-result-object v0
    invoke-virtual {v0, v1}, Landroid/view/Window;->addFlags(I)V
    return-void
.end method
