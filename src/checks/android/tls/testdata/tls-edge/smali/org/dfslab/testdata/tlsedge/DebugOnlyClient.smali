.class public Lorg/dfslab/testdata/tlsedge/DebugOnlyClient;
.super Landroid/webkit/WebViewClient;

# proceed() only when the app is debuggable (the Cordova pattern), cancel() otherwise.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/webkit/WebViewClient;-><init>()V
    return-void
.end method

.method public onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V
    .registers 6
    invoke-virtual {p1}, Landroid/webkit/WebView;->getContext()Landroid/content/Context;
    move-result-object v0
    invoke-virtual {v0}, Landroid/content/Context;->getApplicationInfo()Landroid/content/pm/ApplicationInfo;
    move-result-object v0
    iget v1, v0, Landroid/content/pm/ApplicationInfo;->flags:I
    and-int/lit8 v1, v1, 0x2
    if-eqz v1, :release
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->proceed()V
    return-void
    :release
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->cancel()V
    return-void
.end method
