.class public Lorg/dfslab/testdata/codeedge/Bcast;
.super Ljava/lang/Object;
# Broadcasts and PendingIntents for the android.ipc checks.

# P: implicit (action only), extras, no permission; the intent built fluently.
.method public static implicitFluent(Landroid/content/Context;Ljava/lang/String;)V
    .registers 5
    new-instance v0, Landroid/content/Intent;
    invoke-direct {v0}, Landroid/content/Intent;-><init>()V
    const-string v1, "org.dfslab.edge.BALANCE"
    invoke-virtual {v0, v1}, Landroid/content/Intent;->setAction(Ljava/lang/String;)Landroid/content/Intent;
    move-result-object v0
    const-string v1, "balance"
    invoke-virtual {v0, v1, p1}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    move-result-object v0
    invoke-virtual {p0, v0}, Landroid/content/Context;->sendBroadcast(Landroid/content/Intent;)V
    return-void
.end method

# N: fluent build, then setPackage on the result register (not chained).
.method public static withPackage(Landroid/content/Context;Ljava/lang/String;)V
    .registers 5
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.BALANCE"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    const-string v1, "balance"
    invoke-virtual {v0, v1, p1}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    move-result-object v0
    invoke-virtual {p0}, Landroid/content/Context;->getPackageName()Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Landroid/content/Intent;->setPackage(Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {p0, v0}, Landroid/content/Context;->sendBroadcast(Landroid/content/Intent;)V
    return-void
.end method

# N: receiver permission.
.method public static withPermission(Landroid/content/Context;Ljava/lang/String;)V
    .registers 5
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.BALANCE"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    const-string v1, "balance"
    invoke-virtual {v0, v1, p1}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.permission.RECEIVE"
    invoke-virtual {p0, v0, v1}, Landroid/content/Context;->sendBroadcast(Landroid/content/Intent;Ljava/lang/String;)V
    return-void
.end method

# N: explicit component.
.method public static explicitClass(Landroid/content/Context;Ljava/lang/String;)V
    .registers 5
    new-instance v0, Landroid/content/Intent;
    const-class v1, Lorg/dfslab/testdata/codeedge/Bcast;
    invoke-direct {v0, p0, v1}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    const-string v1, "balance"
    invoke-virtual {v0, v1, p1}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {p0, v0}, Landroid/content/Context;->sendBroadcast(Landroid/content/Intent;)V
    return-void
.end method

# N: an event without data.
.method public static noExtras(Landroid/content/Context;)V
    .registers 3
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.REFRESH"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    invoke-virtual {p0, v0}, Landroid/content/Context;->sendBroadcast(Landroid/content/Intent;)V
    return-void
.end method

# N: in-process broadcast (LocalBroadcastManager.sendBroadcast returns boolean).
.method public static local(Landroidx/localbroadcastmanager/content/LocalBroadcastManager;Ljava/lang/String;)V
    .registers 5
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.BALANCE"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    const-string v1, "balance"
    invoke-virtual {v0, v1, p1}, Landroid/content/Intent;->putExtra(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;
    invoke-virtual {p0, v0}, Landroidx/localbroadcastmanager/content/LocalBroadcastManager;->sendBroadcast(Landroid/content/Intent;)Z
    return-void
.end method

# P: sticky, even without extras.
.method public static sticky(Landroid/content/Context;)V
    .registers 3
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.STATE"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    invoke-virtual {p0, v0}, Landroid/content/Context;->sendStickyBroadcast(Landroid/content/Intent;)V
    return-void
.end method

# P [mutable-pending-intent]: an empty intent, flags 0.
.method public static pendingEmpty(Landroid/content/Context;)Landroid/app/PendingIntent;
    .registers 4
    new-instance v0, Landroid/content/Intent;
    invoke-direct {v0}, Landroid/content/Intent;-><init>()V
    const/4 v1, 0x0
    invoke-static {p0, v1, v0, v1}, Landroid/app/PendingIntent;->getActivity(Landroid/content/Context;ILandroid/content/Intent;I)Landroid/app/PendingIntent;
    move-result-object v0
    return-object v0
.end method

# N: FLAG_IMMUTABLE.
.method public static pendingImmutable(Landroid/content/Context;)Landroid/app/PendingIntent;
    .registers 4
    new-instance v0, Landroid/content/Intent;
    const-string v1, "org.dfslab.edge.REMIND"
    invoke-direct {v0, v1}, Landroid/content/Intent;-><init>(Ljava/lang/String;)V
    const/4 v1, 0x0
    const/high16 v2, 0x4000000
    invoke-static {p0, v1, v0, v2}, Landroid/app/PendingIntent;->getBroadcast(Landroid/content/Context;ILandroid/content/Intent;I)Landroid/app/PendingIntent;
    move-result-object v0
    return-object v0
.end method

# N: mutable but explicit.
.method public static pendingExplicit(Landroid/content/Context;)Landroid/app/PendingIntent;
    .registers 4
    new-instance v0, Landroid/content/Intent;
    const-class v1, Lorg/dfslab/testdata/codeedge/Bcast;
    invoke-direct {v0, p0, v1}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    const/4 v1, 0x0
    const/high16 v2, 0x2000000
    invoke-static {p0, v1, v0, v2}, Landroid/app/PendingIntent;->getService(Landroid/content/Context;ILandroid/content/Intent;I)Landroid/app/PendingIntent;
    move-result-object v0
    return-object v0
.end method

# P [sms-send, medium]: destination from an intent extra.
.method public static smsFromIntent(Landroid/content/Intent;)V
    .registers 8
    invoke-static {}, Landroid/telephony/SmsManager;->getDefault()Landroid/telephony/SmsManager;
    move-result-object v0
    const-string v1, "to"
    invoke-virtual {p0, v1}, Landroid/content/Intent;->getStringExtra(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    const/4 v2, 0x0
    const-string v3, "hello"
    const/4 v4, 0x0
    const/4 v5, 0x0
    invoke-virtual/range {v0 .. v5}, Landroid/telephony/SmsManager;->sendTextMessage(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;Landroid/app/PendingIntent;Landroid/app/PendingIntent;)V
    return-void
.end method
