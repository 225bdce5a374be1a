.class public Lorg/dfslab/testdata/tlsedge/PromptClient;
.super Landroid/webkit/WebViewClient;

# Asks the user; the listener proceeds.

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/webkit/WebViewClient;-><init>()V
    return-void
.end method

.method public onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V
    .registers 6
    new-instance v0, Landroid/app/AlertDialog$Builder;
    invoke-virtual {p1}, Landroid/webkit/WebView;->getContext()Landroid/content/Context;
    move-result-object v1
    invoke-direct {v0, v1}, Landroid/app/AlertDialog$Builder;-><init>(Landroid/content/Context;)V
    const-string v1, "Continue anyway"
    new-instance v2, Lorg/dfslab/testdata/tlsedge/PromptClient$1;
    invoke-direct {v2, p2}, Lorg/dfslab/testdata/tlsedge/PromptClient$1;-><init>(Landroid/webkit/SslErrorHandler;)V
    invoke-virtual {v0, v1, v2}, Landroid/app/AlertDialog$Builder;->setPositiveButton(Ljava/lang/CharSequence;Landroid/content/DialogInterface$OnClickListener;)Landroid/app/AlertDialog$Builder;
    invoke-virtual {v0}, Landroid/app/AlertDialog$Builder;->show()Landroid/app/AlertDialog;
    return-void
.end method
