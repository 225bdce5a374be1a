.class public Lorg/dfslab/testdata/codeedge/Secrets;
.super Ljava/lang/Object;
# Hard-coded secrets for android.secrets.hardcoded-secret.

.field private static clientSecret:Ljava/lang/String;
.field private static greeting:Ljava/lang/String;

.method static constructor <clinit>()V
    .registers 1
    # P: a field named like a secret set to a constant.
    const-string v0, "q8Fz-21mXc_Lp0vT"
    sput-object v0, Lorg/dfslab/testdata/codeedge/Secrets;->clientSecret:Ljava/lang/String;
    # N: an ordinary field.
    const-string v0, "Welcome back"
    sput-object v0, Lorg/dfslab/testdata/codeedge/Secrets;->greeting:Ljava/lang/String;
    return-void
.end method

# P: the password is checked by a helper that receives typed text.
.method private static check(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "Tr0ub4dor&3"
    invoke-virtual {p0, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    return v0
.end method

.method public static unlock(Landroid/widget/EditText;)Z
    .registers 2
    invoke-virtual {p0}, Landroid/widget/EditText;->getText()Landroid/text/Editable;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lorg/dfslab/testdata/codeedge/Secrets;->check(Ljava/lang/String;)Z
    move-result v0
    return v0
.end method

# N: a comparison of a parameter nobody fills with typed text.
.method public static isProduction(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "production"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    return v0
.end method

# P: HTTP Basic credentials in a header; N: an ordinary header.
.method public static headers(Ljava/net/HttpURLConnection;)V
    .registers 3
    const-string v0, "Authorization"
    const-string v1, "Basic c3ZjLXBheW1lbnRzOlMzY3IzdCFQYXNz"
    invoke-virtual {p0, v0, v1}, Ljava/net/HttpURLConnection;->setRequestProperty(Ljava/lang/String;Ljava/lang/String;)V
    const-string v0, "Content-Type"
    const-string v1, "application/json"
    invoke-virtual {p0, v0, v1}, Ljava/net/HttpURLConnection;->setRequestProperty(Ljava/lang/String;Ljava/lang/String;)V
    return-void
.end method

# P: a constant proxy password.
.method public static proxyAuth()Ljava/net/PasswordAuthentication;
    .registers 4
    new-instance v0, Ljava/net/PasswordAuthentication;
    const-string v1, "svc-proxy"
    const-string v2, "Pr0xy!pass"
    invoke-virtual {v2}, Ljava/lang/String;->toCharArray()[C
    move-result-object v2
    invoke-direct {v0, v1, v2}, Ljava/net/PasswordAuthentication;-><init>(Ljava/lang/String;[C)V
    return-object v0
.end method

# P: a Google API key in a known format (the smali source escapes its first letter).
.method public static mapsKey()Ljava/lang/String;
    .registers 1
    const-string v0, "\u0041IzaSyB3xF9mQ2vL7kP0wR5tY8uZ1aC4dE6gH2j"
    return-object v0
.end method

# N: placeholders and sample values.
.method public static placeholders()V
    .registers 2
    const-string v0, "Authorization"
    const-string v1, "Bearer YOUR_API_KEY_HERE"
    invoke-static {v0, v1}, Lorg/dfslab/testdata/codeedge/Secrets;->ignore(Ljava/lang/String;Ljava/lang/String;)V
    return-void
.end method

.method private static ignore(Ljava/lang/String;Ljava/lang/String;)V
    .registers 2
    return-void
.end method
