.class public final Lorg/dfslab/testdata/cryptoedge/Transforms;
.super Ljava/lang/Object;

# Algorithm names given directly, through a static field, and through a parameter.

.field private static TRANSFORM:Ljava/lang/String;

.method static constructor <clinit>()V
    .registers 1
    const-string v0, "AES/ECB/PKCS5Padding"
    sput-object v0, Lorg/dfslab/testdata/cryptoedge/Transforms;->TRANSFORM:Ljava/lang/String;
    return-void
.end method

.method public static fromField()Ljavax/crypto/Cipher;
    .registers 1
    sget-object v0, Lorg/dfslab/testdata/cryptoedge/Transforms;->TRANSFORM:Ljava/lang/String;
    invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static cipherFor(Ljava/lang/String;)Ljavax/crypto/Cipher;
    .registers 2
    invoke-static {p0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static legacy()Ljavax/crypto/Cipher;
    .registers 1
    const-string v0, "DESede/CBC/PKCS5Padding"
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/Transforms;->cipherFor(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static modern()Ljavax/crypto/Cipher;
    .registers 1
    const-string v0, "AES/GCM/NoPadding"
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/Transforms;->cipherFor(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static rsaOaep()Ljavax/crypto/Cipher;
    .registers 1
    const-string v0, "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"
    invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static rsaBare()Ljavax/crypto/Cipher;
    .registers 1
    const-string v0, "RSA"
    invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v0
    return-object v0
.end method

.method public static pbeDes()Ljavax/crypto/SecretKeyFactory;
    .registers 1
    const-string v0, "PBEWithMD5AndDES"
    invoke-static {v0}, Ljavax/crypto/SecretKeyFactory;->getInstance(Ljava/lang/String;)Ljavax/crypto/SecretKeyFactory;
    move-result-object v0
    return-object v0
.end method

.method public static macs()V
    .registers 1
    # HMAC-SHA1 is not reported; HMAC-MD5 is (low).
    const-string v0, "HmacSHA1"
    invoke-static {v0}, Ljavax/crypto/Mac;->getInstance(Ljava/lang/String;)Ljavax/crypto/Mac;
    const-string v0, "HmacMD5"
    invoke-static {v0}, Ljavax/crypto/Mac;->getInstance(Ljava/lang/String;)Ljavax/crypto/Mac;
    return-void
.end method

.method public static digests()V
    .registers 1
    const-string v0, "SHA-256"
    invoke-static {v0}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    const-string v0, "SHA"
    invoke-static {v0}, Ljava/security/MessageDigest;->getInstance(Ljava/lang/String;)Ljava/security/MessageDigest;
    return-void
.end method
