.class public Lorg/dfslab/testdata/codeedge/Cmd;
.super Ljava/lang/Object;
# Process-launching shapes for android.code.command-execution. P = must be reported, N = must not.

# N: constant argv (root check).
.method public static rootCheck()Z
    .registers 5
    invoke-static {}, Ljava/lang/Runtime;->getRuntime()Ljava/lang/Runtime;
    move-result-object v0
    const/4 v1, 0x2
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    const-string v3, "/system/xbin/which"
    aput-object v3, v1, v2
    const/4 v2, 0x1
    const-string v3, "su"
    aput-object v3, v1, v2
    invoke-virtual {v0, v1}, Ljava/lang/Runtime;->exec([Ljava/lang/String;)Ljava/lang/Process;
    const/4 v0, 0x1
    return v0
.end method

# N: constant command line.
.method public static getprop()V
    .registers 2
    invoke-static {}, Ljava/lang/Runtime;->getRuntime()Ljava/lang/Runtime;
    move-result-object v0
    const-string v1, "getprop ro.debuggable"
    invoke-virtual {v0, v1}, Ljava/lang/Runtime;->exec(Ljava/lang/String;)Ljava/lang/Process;
    return-void
.end method

# P: a parameter in the command line.
.method public static ping(Ljava/lang/String;)V
    .registers 4
    invoke-static {}, Ljava/lang/Runtime;->getRuntime()Ljava/lang/Runtime;
    move-result-object v0
    new-instance v1, Ljava/lang/StringBuilder;
    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V
    const-string v2, "ping -c 1 "
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1, p0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/Runtime;->exec(Ljava/lang/String;)Ljava/lang/Process;
    return-void
.end method

# P (high): an intent extra inside "sh -c".
.method public static fromIntent(Landroid/content/Intent;)V
    .registers 6
    const-string v0, "cmd"
    invoke-virtual {p0, v0}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    const/4 v1, 0x3
    new-array v1, v1, [Ljava/lang/String;
    const/4 v2, 0x0
    const-string v3, "sh"
    aput-object v3, v1, v2
    const/4 v2, 0x1
    const-string v3, "-c"
    aput-object v3, v1, v2
    const/4 v2, 0x2
    aput-object v0, v1, v2
    new-instance v4, Ljava/lang/ProcessBuilder;
    invoke-direct {v4, v1}, Ljava/lang/ProcessBuilder;-><init>([Ljava/lang/String;)V
    return-void
.end method

# A helper only ever called with constants: N.
.method private static runFixed(Ljava/lang/String;)V
    .registers 2
    invoke-static {}, Ljava/lang/Runtime;->getRuntime()Ljava/lang/Runtime;
    move-result-object v0
    invoke-virtual {v0, p0}, Ljava/lang/Runtime;->exec(Ljava/lang/String;)Ljava/lang/Process;
    return-void
.end method

.method public static callsFixed()V
    .registers 1
    const-string v0, "id"
    invoke-static {v0}, Lorg/dfslab/testdata/codeedge/Cmd;->runFixed(Ljava/lang/String;)V
    return-void
.end method
