.class public Lorg/dfslab/testcases/more/MainActivity;
.super Landroid/app/Activity;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Activity;-><init>()V
    return-void
.end method

# Checksum over the APK: getPackageCodePath() is referenced through this subclass, as javac emits it.
.method public apkDigest()[B
    .registers 6
    invoke-virtual {p0}, Lorg/dfslab/testcases/more/MainActivity;->getPackageCodePath()Ljava/lang/String;
    move-result-object v0
    new-instance v1, Ljava/io/FileInputStream;
    invoke-direct {v1, v0}, Ljava/io/FileInputStream;-><init>(Ljava/lang/String;)V
    const-string v2, "SHA-256"
    invoke-static {v2}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    move-result-object v2
    const/16 v3, 0x400
    new-array v3, v3, [B
    invoke-virtual {v1, v3}, Ljava/io/FileInputStream;->read([B)I
    move-result v4
    const/4 v5, 0x0
    invoke-virtual {v2, v3, v5, v4}, Ljava/security/MessageDigest;->update([BII)V
    invoke-virtual {v2}, Ljava/security/MessageDigest;->digest()[B
    move-result-object v0
    return-object v0
.end method
