.class public final Lorg/dfslab/testdata/cryptoedge/KeyHelpers;
.super Ljava/lang/Object;

# Key material reaching SecretKeySpec through a helper parameter, a pure hex decoder, or an impure lookup.

.method public static hexToBytes(Ljava/lang/String;)[B
    .registers 7
    # A hand-written hex decoder: only String and Character calls (pure).
    invoke-virtual {p0}, Ljava/lang/String;->length()I
    move-result v0
    div-int/lit8 v1, v0, 0x2
    new-array v1, v1, [B
    const/4 v2, 0x0
    :loop
    if-ge v2, v0, :done
    invoke-virtual {p0, v2}, Ljava/lang/String;->charAt(I)C
    move-result v3
    const/16 v4, 0x10
    invoke-static {v3, v4}, Ljava/lang/Character;->digit(CI)I
    move-result v3
    shl-int/lit8 v3, v3, 0x4
    add-int/lit8 v5, v2, 0x1
    invoke-virtual {p0, v5}, Ljava/lang/String;->charAt(I)C
    move-result v5
    invoke-static {v5, v4}, Ljava/lang/Character;->digit(CI)I
    move-result v5
    add-int/2addr v3, v5
    int-to-byte v3, v3
    div-int/lit8 v5, v2, 0x2
    aput-byte v3, v1, v5
    add-int/lit8 v2, v2, 0x2
    goto :loop
    :done
    return-object v1
.end method

.method public static keyFromPrefs(Landroid/content/Context;Ljava/lang/String;)[B
    .registers 5
    # Not pure: the value comes from preferences at run time.
    const/4 v0, 0x0
    const-string v1, "keys"
    invoke-virtual {p0, v1, v0}, Landroid/content/Context;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;
    move-result-object v1
    const-string v2, ""
    invoke-interface {v1, p1, v2}, Landroid/content/SharedPreferences;->getString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-static {v1, v0}, Landroid/util/Base64;->decode(Ljava/lang/String;I)[B
    move-result-object v1
    return-object v1
.end method

.method public static buildKey([B)Ljavax/crypto/spec/SecretKeySpec;
    .registers 3
    # The sink sits in a helper; the constant comes from one of its callers.
    new-instance v0, Ljavax/crypto/spec/SecretKeySpec;
    const-string v1, "AES"
    invoke-direct {v0, p0, v1}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v0
.end method

.method public static useHexKey()Ljavax/crypto/spec/SecretKeySpec;
    .registers 2
    const-string v0, "00112233445566778899aabbccddeeff"
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/KeyHelpers;->hexToBytes(Ljava/lang/String;)[B
    move-result-object v0
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/KeyHelpers;->buildKey([B)Ljavax/crypto/spec/SecretKeySpec;
    move-result-object v1
    return-object v1
.end method

.method public static usePrefsKey(Landroid/content/Context;)Ljavax/crypto/spec/SecretKeySpec;
    .registers 3
    const-string v0, "wallet-key"
    invoke-static {p0, v0}, Lorg/dfslab/testdata/cryptoedge/KeyHelpers;->keyFromPrefs(Landroid/content/Context;Ljava/lang/String;)[B
    move-result-object v0
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/KeyHelpers;->buildKey([B)Ljavax/crypto/spec/SecretKeySpec;
    move-result-object v1
    return-object v1
.end method

.method public static prefsOnly(Landroid/content/Context;)Ljavax/crypto/spec/SecretKeySpec;
    .registers 4
    # Negative: the helper is called with a constant alias, but it reads preferences.
    const-string v0, "alias"
    invoke-static {p0, v0}, Lorg/dfslab/testdata/cryptoedge/KeyHelpers;->keyFromPrefs(Landroid/content/Context;Ljava/lang/String;)[B
    move-result-object v0
    new-instance v1, Ljavax/crypto/spec/SecretKeySpec;
    const-string v2, "AES"
    invoke-direct {v1, v0, v2}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v1
.end method

.method public static digestOfPassphrase()Ljavax/crypto/spec/SecretKeySpec;
    .registers 4
    # A key derived by hashing a constant is still a constant key.
    const-string v0, "SHA-256"
    invoke-static {v0}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    move-result-object v0
    const-string v1, "correct horse battery staple"
    invoke-virtual {v1}, Ljava/lang/String;->getBytes()[B
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/security/MessageDigest;->digest([B)[B
    move-result-object v1
    new-instance v2, Ljavax/crypto/spec/SecretKeySpec;
    const-string v3, "AES"
    invoke-direct {v2, v1, v3}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v2
.end method

.method public static constantPassword([B)Ljavax/crypto/spec/PBEKeySpec;
    .registers 5
    new-instance v0, Ljavax/crypto/spec/PBEKeySpec;
    const-string v1, "hunter2"
    invoke-virtual {v1}, Ljava/lang/String;->toCharArray()[C
    move-result-object v1
    const v2, 0x27100
    const/16 v3, 0x100
    invoke-direct {v0, v1, p0, v2, v3}, Ljavax/crypto/spec/PBEKeySpec;-><init>([C[BII)V
    return-object v0
.end method

.method public static userPassword([C[B)Ljavax/crypto/spec/PBEKeySpec;
    .registers 6
    # Negative: the password is the user's.
    new-instance v0, Ljavax/crypto/spec/PBEKeySpec;
    const v2, 0x27100
    const/16 v3, 0x100
    invoke-direct {v0, p0, p1, v2, v3}, Ljavax/crypto/spec/PBEKeySpec;-><init>([C[BII)V
    return-object v0
.end method
