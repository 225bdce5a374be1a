.class public Lcom/google/android/gms/auth/SignInActivity;
.super Landroid/app/Activity;
# A library's own screen sets FLAG_SECURE: it protects that screen, not the app's.

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    invoke-virtual {p0}, Lcom/google/android/gms/auth/SignInActivity;->getWindow()Landroid/view/Window;
    move-result-object v0
    const/16 v1, 0x2000
    invoke-virtual {v0, v1, v1}, Landroid/view/Window;->setFlags(II)V
    return-void
.end method
