.class public final Lcom/github/fakelib/UnsafeTrust;
.super Ljava/lang/Object;

# A library's "insecure" factory that nothing in the app uses (dead code).

.field public static final INSTANCE:Ljavax/net/ssl/X509TrustManager;

.method static constructor <clinit>()V
    .registers 1
    new-instance v0, Lcom/github/fakelib/UnsafeTrust$1;
    invoke-direct {v0}, Lcom/github/fakelib/UnsafeTrust$1;-><init>()V
    sput-object v0, Lcom/github/fakelib/UnsafeTrust;->INSTANCE:Ljavax/net/ssl/X509TrustManager;
    return-void
.end method
