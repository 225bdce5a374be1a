.class public Lorg/dfslab/testdata/codeedge/Gate;
.super Ljava/lang/Object;
# Hidden functionality for android.code.hidden-backdoor (and hard-coded secrets).

.field private url:Ljava/lang/String;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

# P: a privileged user name selects a hidden administrator endpoint.
.method public route(Ljava/lang/String;)V
    .registers 4
    const-string v0, "https://api.edge.test/login"
    const-string v1, "superuser"
    invoke-virtual {v1, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :normal
    const-string v0, "https://api.edge.test/admin/login"
    :normal
    iput-object v0, p0, Lorg/dfslab/testdata/codeedge/Gate;->url:Ljava/lang/String;
    return-void
.end method

# N: a log level compared with "debug"; nothing privileged follows.
.method public static logLevel(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "debug"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equalsIgnoreCase(Ljava/lang/String;)Z
    move-result v0
    return v0
.end method

# P: a master PIN typed by the user opens the developer screen.
.method public static masterPin(Landroid/widget/EditText;)V
    .registers 3
    invoke-virtual {p0}, Landroid/widget/EditText;->getText()Landroid/text/Editable;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    const-string v1, "4242"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-eqz v1, :done
    invoke-static {}, Lorg/dfslab/testdata/codeedge/Gate;->showDeveloperOptions()V
    :done
    return-void
.end method

.method private static showDeveloperOptions()V
    .registers 0
    return-void
.end method

# N: an empty-field check on typed text.
.method public static emptyCheck(Landroid/widget/EditText;)Z
    .registers 3
    invoke-virtual {p0}, Landroid/widget/EditText;->getText()Landroid/text/Editable;
    move-result-object v0
    invoke-virtual {v0}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    const-string v1, ""
    invoke-virtual {v0, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    return v0
.end method
