.class public final Lorg/dfslab/testdata/cryptoedge/Randoms;
.super Ljava/lang/Object;

# java.util.Random for harmless and for security uses, a SecureRandom typed as Random, seeds.

.method public static animationJitter()I
    .registers 3
    # Negative: UI jitter.
    new-instance v0, Ljava/util/Random;
    invoke-direct {v0}, Ljava/util/Random;-><init>()V
    const/16 v1, 0x64
    invoke-virtual {v0, v1}, Ljava/util/Random;->nextInt(I)I
    move-result v0
    return v0
.end method

.method public static newTokenSecureTyped()I
    .registers 2
    # Negative: a SecureRandom behind the java.util.Random type.
    new-instance v0, Ljava/security/SecureRandom;
    invoke-direct {v0}, Ljava/security/SecureRandom;-><init>()V
    invoke-virtual {v0}, Ljava/util/Random;->nextInt()I
    move-result v0
    return v0
.end method

.method public static a()Ljava/lang/String;
    .registers 4
    # Obfuscated name; the string says what the value is for.
    new-instance v0, Ljava/util/Random;
    invoke-direct {v0}, Ljava/util/Random;-><init>()V
    invoke-virtual {v0}, Ljava/util/Random;->nextLong()J
    move-result-wide v0
    invoke-static {v0, v1}, Ljava/lang/Long;->toHexString(J)Ljava/lang/String;
    move-result-object v2
    const-string v3, "otp_code"
    return-object v2
.end method

.method public static randomDigits(I)Ljava/lang/String;
    .registers 3
    # A generic helper; its caller's name gives the purpose.
    invoke-static {}, Ljava/lang/Math;->random()D
    move-result-wide v0
    invoke-static {v0, v1}, Ljava/lang/String;->valueOf(D)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

.method public static createPinCode()Ljava/lang/String;
    .registers 1
    const/4 v0, 0x6
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/Randoms;->randomDigits(I)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

.method public static shuffleDeck()I
    .registers 3
    # Constant seed, no security purpose: low severity.
    new-instance v0, Ljava/util/Random;
    const-wide/16 v1, 0x2a
    invoke-direct {v0, v1, v2}, Ljava/util/Random;-><init>(J)V
    invoke-virtual {v0}, Ljava/util/Random;->nextInt()I
    move-result v0
    return v0
.end method

.method public static seededPrng()[B
    .registers 3
    const-string v0, "SHA1PRNG"
    invoke-static {v0}, Ljava/security/SecureRandom;->getInstance(Ljava/lang/String;)Ljava/security/SecureRandom;
    move-result-object v0
    const-string v1, "fixed-seed"
    invoke-virtual {v1}, Ljava/lang/String;->getBytes()[B
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/security/SecureRandom;->setSeed([B)V
    const/16 v1, 0x10
    new-array v1, v1, [B
    invoke-virtual {v0, v1}, Ljava/security/SecureRandom;->nextBytes([B)V
    return-object v1
.end method

.method public static x1()Ljavax/crypto/spec/SecretKeySpec;
    .registers 4
    # Key bytes from java.util.Random (the method builds a key spec).
    const/16 v0, 0x10
    new-array v0, v0, [B
    new-instance v1, Ljava/util/Random;
    invoke-direct {v1}, Ljava/util/Random;-><init>()V
    invoke-virtual {v1, v0}, Ljava/util/Random;->nextBytes([B)V
    new-instance v2, Ljavax/crypto/spec/SecretKeySpec;
    const-string v3, "AES"
    invoke-direct {v2, v0, v3}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v2
.end method
