.class public Lorg/dfslab/testdata/codeedge/Net;
.super Ljava/lang/Object;
# URLs and listening sockets for android.network.cleartext-urls and android.network.local-server.

.field private protocol:Ljava/lang/String;

.method public constructor <init>()V
    .registers 2
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    const-string v0, "http://"
    iput-object v0, p0, Lorg/dfslab/testdata/codeedge/Net;->protocol:Ljava/lang/String;
    return-void
.end method

# P: a constant http:// endpoint.
.method public static remote()Ljava/net/URL;
    .registers 2
    new-instance v0, Ljava/net/URL;
    const-string v1, "http://pay.edge.test/v1/transfer"
    invoke-direct {v0, v1}, Ljava/net/URL;-><init>(Ljava/lang/String;)V
    return-object v0
.end method

# N: the device itself, and https.
.method public static localAndTls()V
    .registers 2
    new-instance v0, Ljava/net/URL;
    const-string v1, "http://127.0.0.1:8080/status"
    invoke-direct {v0, v1}, Ljava/net/URL;-><init>(Ljava/lang/String;)V
    new-instance v0, Ljava/net/URL;
    const-string v1, "https://pay.edge.test/v1/transfer"
    invoke-direct {v0, v1}, Ljava/net/URL;-><init>(Ljava/lang/String;)V
    return-void
.end method

# P (host chosen at run time): the scheme from a field set to "http://" in the constructor.
.method public login(Ljava/lang/String;)Ljava/net/URL;
    .registers 5
    new-instance v0, Ljava/net/URL;
    new-instance v1, Ljava/lang/StringBuilder;
    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V
    iget-object v2, p0, Lorg/dfslab/testdata/codeedge/Net;->protocol:Ljava/lang/String;
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    move-result-object v1
    invoke-virtual {v1, p1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    move-result-object v1
    const-string v2, "/login"
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    move-result-object v1
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v1
    invoke-direct {v0, v1}, Ljava/net/URL;-><init>(Ljava/lang/String;)V
    return-object v0
.end method

# P: OkHttp request to an http:// URL, through a helper whose callers are examined.
.method private static get(Ljava/lang/String;)Lokhttp3/Request;
    .registers 3
    new-instance v0, Lokhttp3/Request$Builder;
    invoke-direct {v0}, Lokhttp3/Request$Builder;-><init>()V
    invoke-virtual {v0, p0}, Lokhttp3/Request$Builder;->url(Ljava/lang/String;)Lokhttp3/Request$Builder;
    move-result-object v0
    invoke-virtual {v0}, Lokhttp3/Request$Builder;->build()Lokhttp3/Request;
    move-result-object v0
    return-object v0
.end method

.method public static balance()Lokhttp3/Request;
    .registers 1
    const-string v0, "http://pay.edge.test/v1/balance"
    invoke-static {v0}, Lorg/dfslab/testdata/codeedge/Net;->get(Ljava/lang/String;)Lokhttp3/Request;
    move-result-object v0
    return-object v0
.end method

# N: an http:// URL that is only shown to the user.
.method public static shown(Landroid/widget/TextView;)V
    .registers 3
    const-string v0, "http://pay.edge.test/help"
    invoke-virtual {p0, v0}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    return-void
.end method

# P [local-server, high]: all interfaces.
.method public static serveAll()Ljava/net/ServerSocket;
    .registers 2
    new-instance v0, Ljava/net/ServerSocket;
    const/16 v1, 0x2328
    invoke-direct {v0, v1}, Ljava/net/ServerSocket;-><init>(I)V
    return-object v0
.end method

# P [local-server, medium]: loopback only.
.method public static serveLoopback()Ljava/net/ServerSocket;
    .registers 4
    new-instance v0, Ljava/net/ServerSocket;
    const/16 v1, 0x2329
    const/16 v2, 0x32
    const-string v3, "127.0.0.1"
    invoke-static {v3}, Ljava/net/InetAddress;->getByName(Ljava/lang/String;)Ljava/net/InetAddress;
    move-result-object v3
    invoke-direct {v0, v1, v2, v3}, Ljava/net/ServerSocket;-><init>(IILjava/net/InetAddress;)V
    return-object v0
.end method

# P [local-server, medium]: bind(new InetSocketAddress("localhost", 9002)).
.method public static bindLoopback()Ljava/net/ServerSocket;
    .registers 4
    new-instance v0, Ljava/net/ServerSocket;
    invoke-direct {v0}, Ljava/net/ServerSocket;-><init>()V
    new-instance v1, Ljava/net/InetSocketAddress;
    const-string v2, "localhost"
    const/16 v3, 0x232a
    invoke-direct {v1, v2, v3}, Ljava/net/InetSocketAddress;-><init>(Ljava/lang/String;I)V
    invoke-virtual {v0, v1}, Ljava/net/ServerSocket;->bind(Ljava/net/SocketAddress;)V
    return-object v0
.end method

# P [local-server, low]: abstract UNIX socket.
.method public static serveUnix()Landroid/net/LocalServerSocket;
    .registers 2
    new-instance v0, Landroid/net/LocalServerSocket;
    const-string v1, "edge.control"
    invoke-direct {v0, v1}, Landroid/net/LocalServerSocket;-><init>(Ljava/lang/String;)V
    return-object v0
.end method
