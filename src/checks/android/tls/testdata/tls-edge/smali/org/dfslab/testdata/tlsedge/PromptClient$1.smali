.class Lorg/dfslab/testdata/tlsedge/PromptClient$1;
.super Ljava/lang/Object;
.implements Landroid/content/DialogInterface$OnClickListener;

# The "Continue anyway" button of the prompt: proceed() outside onReceivedSslError.

.field final synthetic val$handler:Landroid/webkit/SslErrorHandler;

.method constructor <init>(Landroid/webkit/SslErrorHandler;)V
    .registers 2
    iput-object p1, p0, Lorg/dfslab/testdata/tlsedge/PromptClient$1;->val$handler:Landroid/webkit/SslErrorHandler;
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public onClick(Landroid/content/DialogInterface;I)V
    .registers 4
    iget-object v0, p0, Lorg/dfslab/testdata/tlsedge/PromptClient$1;->val$handler:Landroid/webkit/SslErrorHandler;
    invoke-virtual {v0}, Landroid/webkit/SslErrorHandler;->proceed()V
    return-void
.end method
