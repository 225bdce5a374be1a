# Fixture for the code index: constant values flowing into calls, fields, arrays and parameters.
.class public Lfix/Calls;
.super Ljava/lang/Object;

.field private secret:Ljava/lang/String;
.field public static DEBUG:Z

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

# Cipher.getInstance with a constant transformation.
.method public static ecb()Ljavax/crypto/Cipher;
    .registers 2
    const-string v0, "AES/ECB/PKCS5Padding"
    invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(Ljava/lang/String;)Ljavax/crypto/Cipher;
    move-result-object v1
    return-object v1
.end method

# setJavaScriptEnabled(true) on the settings of a parameter.
.method public static webview(Landroid/webkit/WebView;)V
    .registers 3
    invoke-virtual {p0}, Landroid/webkit/WebView;->getSettings()Landroid/webkit/WebSettings;
    move-result-object v0
    const/4 v1, 0x1
    invoke-virtual {v0, v1}, Landroid/webkit/WebSettings;->setJavaScriptEnabled(Z)V
    return-void
.end method

# Log.d of text that came from EditText.getText() through toString().
.method public logText(Landroid/widget/EditText;)V
    .registers 4
    invoke-virtual {p1}, Landroid/widget/EditText;->getText()Landroid/text/Editable;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    const-string v1, "TAG"
    invoke-static {v1, v0}, Landroid/util/Log;->d(Ljava/lang/String;Ljava/lang/String;)I
    return-void
.end method

# A hard-coded AES key: new-array + fill-array-data into SecretKeySpec.<init>.
.method public static key()Ljavax/crypto/spec/SecretKeySpec;
    .registers 4
    const/16 v0, 0x10
    new-array v0, v0, [B
    fill-array-data v0, :key_bytes
    new-instance v1, Ljavax/crypto/spec/SecretKeySpec;
    const-string v2, "AES"
    invoke-direct {v1, v0, v2}, Ljavax/crypto/spec/SecretKeySpec;-><init>([BLjava/lang/String;)V
    return-object v1

    :key_bytes
    .array-data 1
        0x0t 0x1t 0x2t 0x3t 0x4t 0x5t 0x6t 0x7t 0x8t 0x9t 0xat 0xbt 0xct 0xdt 0xet -0x1t
    .end array-data
.end method

# Wide constants and a wide parameter passed through a range invoke: one value per parameter.
.method public static wide(J)V
    .registers 6
    const-wide v0, 0x123456789abcdefL
    const-wide/16 v2, -0x1
    invoke-static/range {v0 .. v5}, Lfix/Calls;->sink(JJJ)V
    return-void
.end method

.method public static sink(JJJ)V
    .registers 6
    return-void
.end method

# Values are kept across branches in address order: the join sees "b" (documented imprecision).
.method public static branchJoin(Z)V
    .registers 2
    if-eqz p0, :else
    const-string v0, "a"
    goto :join
    :else
    const-string v0, "b"
    :join
    invoke-static {v0}, Lfix/Calls;->use(Ljava/lang/String;)V
    return-void
.end method

.method public static use(Ljava/lang/String;)V
    .registers 1
    return-void
.end method

# Moves copy values; any other write makes a register unknown.
.method public static moves()V
    .registers 4
    const-string v0, "copied"
    move-object v2, v0
    invoke-static {v2}, Lfix/Calls;->use(Ljava/lang/String;)V
    const-string v1, "overwritten"
    add-int/lit8 v1, v3, 0x1
    invoke-static {v1}, Lfix/Calls;->use(Ljava/lang/String;)V
    const-class v0, Lfix/Calls;
    invoke-virtual {v0}, Ljava/lang/Class;->getName()Ljava/lang/String;
    filled-new-array {v2, v2}, [Ljava/lang/String;
    move-result-object v1
    invoke-static {v1}, Ljava/util/Arrays;->asList([Ljava/lang/Object;)Ljava/util/List;
    return-void
.end method

# Build.TAGS read, compared with a constant.
.method public static buildTags()Z
    .registers 2
    sget-object v0, Landroid/os/Build;->TAGS:Ljava/lang/String;
    const-string v1, "test-keys"
    invoke-virtual {v0, v1}, Ljava/lang/String;->contains(Ljava/lang/CharSequence;)Z
    move-result v0
    return v0
.end method

# Field writes with constant values.
.method public setSecret()V
    .registers 3
    const-string v0, "hunter2"
    iput-object v0, p0, Lfix/Calls;->secret:Ljava/lang/String;
    const/4 v1, 0x1
    sput-boolean v1, Lfix/Calls;->DEBUG:Z
    iget-object v2, p0, Lfix/Calls;->secret:Ljava/lang/String;
    invoke-static {v2}, Lfix/Calls;->use(Ljava/lang/String;)V
    return-void
.end method

# Strings in MUTF-8: a 2-byte sequence, an encoded NUL (C0 80) and a surrogate pair (two 3-byte sequences).
.method public static unicode()V
    .registers 1
    const-string v0, "caf\u00e9 \u0000 \ud83d\ude00"
    invoke-static {v0}, Lfix/Calls;->use(Ljava/lang/String;)V
    return-void
.end method

# A call through an app subclass of WebView: exact-match lookups for WebView miss it.
.method public static subclassCall(Lfix/MyWebView;)V
    .registers 2
    const-string v0, "file:///android_asset/index.html"
    invoke-virtual {p0, v0}, Lfix/MyWebView;->loadUrl(Ljava/lang/String;)V
    return-void
.end method
