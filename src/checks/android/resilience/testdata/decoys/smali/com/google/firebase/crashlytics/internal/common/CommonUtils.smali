.class public final Lcom/google/firebase/crashlytics/internal/common/CommonUtils;
.super Ljava/lang/Object;
# Library code (a crash reporter tags reports with device state): real probes, but not the app's protection.

.method public static isRooted()Z
    .registers 3
    sget-object v0, Landroid/os/Build;->TAGS:Ljava/lang/String;
    const-string v1, "test-keys"
    invoke-virtual {v0, v1}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    if-nez v0, :yes
    new-instance v0, Ljava/io/File;
    const-string v1, "/system/app/Superuser.apk"
    invoke-direct {v0, v1}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->exists()Z
    move-result v0
    return v0
    :yes
    const/4 v0, 0x1
    return v0
.end method

.method public static isEmulator()Z
    .registers 2
    sget-object v0, Landroid/os/Build;->PRODUCT:Ljava/lang/String;
    const-string v1, "sdk_gphone"
    invoke-virtual {v0, v1}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    return v0
.end method

.method public static isDebuggerAttached()Z
    .registers 1
    invoke-static {}, Landroid/os/Debug;->isDebuggerConnected()Z
    move-result v0
    return v0
.end method

.method public static installer(Landroid/content/Context;)Ljava/lang/String;
    .registers 3
    invoke-virtual {p0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v0
    invoke-virtual {p0}, Landroid/content/Context;->getPackageName()Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Landroid/content/pm/PackageManager;->getInstallerPackageName(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

.method public static hasFrida(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "frida"
    invoke-virtual {p0, v0}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    return v0
.end method
