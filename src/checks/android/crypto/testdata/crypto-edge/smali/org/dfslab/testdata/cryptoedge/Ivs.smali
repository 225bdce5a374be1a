.class public final Lorg/dfslab/testdata/cryptoedge/Ivs;
.super Ljava/lang/Object;

# IVs: a fresh zero array used as is (constant), one filled from SecureRandom or copied from the
# ciphertext (not constant), and a GCM nonce from a string constant.

.method public static zeroIv()Ljavax/crypto/spec/IvParameterSpec;
    .registers 3
    const/16 v0, 0x10
    new-array v0, v0, [B
    new-instance v1, Ljavax/crypto/spec/IvParameterSpec;
    invoke-direct {v1, v0}, Ljavax/crypto/spec/IvParameterSpec;-><init>([B)V
    return-object v1
.end method

.method public static randomIv()Ljavax/crypto/spec/IvParameterSpec;
    .registers 3
    const/16 v0, 0x10
    new-array v0, v0, [B
    new-instance v1, Ljava/security/SecureRandom;
    invoke-direct {v1}, Ljava/security/SecureRandom;-><init>()V
    invoke-virtual {v1, v0}, Ljava/security/SecureRandom;->nextBytes([B)V
    new-instance v1, Ljavax/crypto/spec/IvParameterSpec;
    invoke-direct {v1, v0}, Ljavax/crypto/spec/IvParameterSpec;-><init>([B)V
    return-object v1
.end method

.method public static ivFromCiphertext([B)Ljavax/crypto/spec/GCMParameterSpec;
    .registers 6
    const/16 v0, 0xc
    new-array v0, v0, [B
    const/4 v1, 0x0
    const/16 v2, 0xc
    invoke-static {p0, v1, v0, v1, v2}, Ljava/lang/System;->arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V
    new-instance v3, Ljavax/crypto/spec/GCMParameterSpec;
    const/16 v4, 0x80
    invoke-direct {v3, v4, v0}, Ljavax/crypto/spec/GCMParameterSpec;-><init>(I[B)V
    return-object v3
.end method

.method public static gcmConstNonce()Ljavax/crypto/spec/GCMParameterSpec;
    .registers 4
    const-string v0, "nonce-123456"
    invoke-virtual {v0}, Ljava/lang/String;->getBytes()[B
    move-result-object v0
    new-instance v1, Ljavax/crypto/spec/GCMParameterSpec;
    const/16 v2, 0x80
    invoke-direct {v1, v2, v0}, Ljavax/crypto/spec/GCMParameterSpec;-><init>(I[B)V
    return-object v1
.end method
