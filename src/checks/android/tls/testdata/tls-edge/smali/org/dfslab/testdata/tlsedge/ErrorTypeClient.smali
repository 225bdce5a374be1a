.class public Lorg/dfslab/testdata/tlsedge/ErrorTypeClient;
.super Landroid/webkit/WebViewClient;

# proceed() for one error type (SSL_UNTRUSTED = 3): conditional.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/webkit/WebViewClient;-><init>()V
    return-void
.end method

.method public onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V
    .registers 6
    invoke-virtual {p3}, Landroid/net/http/SslError;->getPrimaryError()I
    move-result v0
    const/4 v1, 0x3
    if-ne v0, v1, :other
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->proceed()V
    return-void
    :other
    invoke-virtual {p2}, Landroid/webkit/SslErrorHandler;->cancel()V
    return-void
.end method
