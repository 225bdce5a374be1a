.class public final Lorg/dfslab/testcases/more/Guard;
.super Ljava/lang/Object;

# The artifact is passed to a helper that does the probing.
.method public static rooted(Landroid/content/Context;)Z
    .registers 3
    const-string v0, "/system/xbin/su"
    invoke-static {v0}, Lorg/dfslab/testcases/more/Guard;->fileExists(Ljava/lang/String;)Z
    move-result v0
    if-nez v0, :yes
    new-instance v1, Lcom/scottyab/rootbeer/RootBeer;
    invoke-direct {v1, p0}, Lcom/scottyab/rootbeer/RootBeer;-><init>(Landroid/content/Context;)V
    invoke-virtual {v1}, Lcom/scottyab/rootbeer/RootBeer;->isRooted()Z
    move-result v0
    :yes
    return v0
.end method

.method private static fileExists(Ljava/lang/String;)Z
    .registers 2
    new-instance v0, Ljava/io/File;
    invoke-direct {v0, p0}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->exists()Z
    move-result v0
    return v0
.end method

# QEMU pipe and the emulator's default phone number.
.method public static emulated(Landroid/telephony/TelephonyManager;)Z
    .registers 3
    new-instance v0, Ljava/io/File;
    const-string v1, "/dev/qemu_pipe"
    invoke-direct {v0, v1}, Ljava/io/File;-><init>(Ljava/lang/String;)V
    invoke-virtual {v0}, Ljava/io/File;->exists()Z
    move-result v0
    if-nez v0, :yes
    invoke-virtual {p0}, Landroid/telephony/TelephonyManager;->getLine1Number()Ljava/lang/String;
    move-result-object v0
    const-string v1, "15555215554"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    :yes
    return v0
.end method

# FLAG_DEBUGGABLE held in a register, then and-int.
.method public static debuggable(Landroid/content/Context;)Z
    .registers 3
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationInfo()Landroid/content/pm/ApplicationInfo;
    move-result-object v0
    iget v0, v0, Landroid/content/pm/ApplicationInfo;->flags:I
    const/4 v1, 0x2
    and-int/2addr v0, v1
    return v0
.end method

# Is XposedBridge loadable?
.method public static xposed()Z
    .registers 2
    :try_start
    const-string v0, "de.robv.android.xposed.XposedBridge"
    invoke-static {v0}, Ljava/lang/Class;->forName(Ljava/lang/String;)Ljava/lang/Class;
    :try_end
    .catch Ljava/lang/ClassNotFoundException; {:try_start .. :try_end} :none
    const/4 v0, 0x1
    return v0
    :none
    const/4 v0, 0x0
    return v0
.end method

# API 33 flags object: PackageInfoFlags.of(GET_SIGNING_CERTIFICATES).
.method public static signers(Landroid/content/Context;)Landroid/content/pm/PackageInfo;
    .registers 5
    invoke-virtual {p0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v0
    invoke-virtual {p0}, Landroid/content/Context;->getPackageName()Ljava/lang/String;
    move-result-object v1
    const-wide/32 v2, 0x8000000
    invoke-static {v2, v3}, Landroid/content/pm/PackageManager$PackageInfoFlags;->of(J)Landroid/content/pm/PackageManager$PackageInfoFlags;
    move-result-object v2
    invoke-virtual {v0, v1, v2}, Landroid/content/pm/PackageManager;->getPackageInfo(Ljava/lang/String;Landroid/content/pm/PackageManager$PackageInfoFlags;)Landroid/content/pm/PackageInfo;
    move-result-object v0
    return-object v0
.end method

# Play Integrity standard requests.
.method public static attest(Landroid/content/Context;)V
    .registers 3
    invoke-static {p0}, Lcom/google/android/play/core/integrity/IntegrityManagerFactory;->createStandard(Landroid/content/Context;)Lcom/google/android/play/core/integrity/StandardIntegrityManager;
    move-result-object v0
    const/4 v1, 0x0
    invoke-interface {v0, v1}, Lcom/google/android/play/core/integrity/StandardIntegrityManager;->prepareIntegrityToken(Lcom/google/android/play/core/integrity/StandardIntegrityManager$PrepareIntegrityTokenRequest;)Lcom/google/android/gms/tasks/Task;
    return-void
.end method
