.class public final Lorg/dfslab/testdata/cryptoedge/FieldKey;
.super Ljava/lang/Object;

# Keys held in fields: an instance field that a setter may replace (not constant), and a static field set
# once in <clinit> from a Base64 constant and read through a getter (constant).

.field private key:Ljava/lang/String;
.field private static STATIC_KEY:[B

.method static constructor <clinit>()V
    .registers 2
    const-string v0, "c3RhdGljLWtleS0xMjM0NQ=="
    const/4 v1, 0x0
    invoke-static {v0, v1}, Landroid/util/Base64;->decode(Ljava/lang/String;I)[B
    move-result-object v0
    sput-object v0, Lorg/dfslab/testdata/cryptoedge/FieldKey;->STATIC_KEY:[B
    return-void
.end method

.method public constructor <init>()V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    const-string v0, "default-key-0001"
    iput-object v0, p0, Lorg/dfslab/testdata/cryptoedge/FieldKey;->key:Ljava/lang/String;
    return-void
.end method

.method public setKey(Ljava/lang/String;)V
    .registers 2
    iput-object p1, p0, Lorg/dfslab/testdata/cryptoedge/FieldKey;->key:Ljava/lang/String;
    return-void
.end method

.method public instanceKeySpec()Ljavax/crypto/spec/SecretKeySpec;
    .registers 4
    # Negative: `key` may hold the setter's value.
    iget-object v0, p0, Lorg/dfslab/testdata/cryptoedge/FieldKey;->key:Ljava/lang/String;
    invoke-virtual {v0}, Ljava/lang/String;->getBytes()[B
    move-result-object v0
    new-instance v1, Ljavax/crypto/spec/SecretKeySpec;
    const-string v2, "AES"
    invoke-direct {v1, v0, v2}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v1
.end method

.method public static getStaticKey()[B
    .registers 1
    sget-object v0, Lorg/dfslab/testdata/cryptoedge/FieldKey;->STATIC_KEY:[B
    return-object v0
.end method

.method public static staticKeySpec()Ljavax/crypto/spec/SecretKeySpec;
    .registers 3
    invoke-static {}, Lorg/dfslab/testdata/cryptoedge/FieldKey;->getStaticKey()[B
    move-result-object v0
    new-instance v1, Ljavax/crypto/spec/SecretKeySpec;
    const-string v2, "AES"
    invoke-direct {v1, v0, v2}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v1
.end method
