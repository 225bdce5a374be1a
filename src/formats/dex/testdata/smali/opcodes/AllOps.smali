# Every Dalvik opcode at least once (dex 039, smali --api 28), for the decoder and the dexdump oracle.
# Register numbers and operand types are arbitrary: this code is assembled, never verified or run.
.class public Lops/AllOps;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field public static sI:I
.field public static sJ:J
.field public static sO:Ljava/lang/Object;
.field public iI:I
.field public iJ:J
.field public iO:Ljava/lang/Object;

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public run()V
    .registers 1
    return-void
.end method

.method public static i()I
    .registers 1
    const/4 v0, 0x0
    return v0
.end method

.method public static j()J
    .registers 2
    const-wide/16 v0, 0x0
    return-wide v0
.end method

.method public static o()Ljava/lang/Object;
    .registers 1
    const/4 v0, 0x0
    return-object v0
.end method

.method public static five(IIIII)V
    .registers 5
    return-void
.end method

.method public static six(IIIIII)V
    .registers 6
    return-void
.end method

.method public static bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    .registers 4
    const/4 v0, 0x0
    return-object v0
.end method

.method public static all(I)V
    .registers 300
    nop
    move v0, v1
    move/from16 v2, v256
    move/16 v257, v258
    move-wide v0, v2
    move-wide/from16 v4, v260
    move-wide/16 v262, v264
    move-object v0, v1
    move-object/from16 v2, v256
    move-object/16 v257, v258
    invoke-static {}, Lops/AllOps;->i()I
    move-result v0
    invoke-static {}, Lops/AllOps;->j()J
    move-result-wide v0
    invoke-static {}, Lops/AllOps;->o()Ljava/lang/Object;
    move-result-object v0
    const/4 v0, -0x8
    const/4 v1, 0x7
    const/16 v0, -0x8000
    const v0, 0x12345678
    const/high16 v0, 0x7f010000
    const-wide/16 v0, -0x2
    const-wide/32 v0, 0x7fffffff
    const-wide v0, 0x123456789abcdef0L
    const-wide/high16 v0, -0x4000000000000000L
    const-string v0, "s"
    const-string/jumbo v0, "jumbo"
    const-class v0, Ljava/lang/String;
    monitor-enter v0
    monitor-exit v0
    check-cast v0, Ljava/lang/String;
    instance-of v0, v1, Ljava/lang/String;
    array-length v0, v1
    new-instance v0, Ljava/lang/Object;
    new-array v0, v1, [I
    filled-new-array {v0, v1, v2, v3, v4}, [I
    filled-new-array/range {v0 .. v5}, [I
    fill-array-data v0, :array_data
    cmpl-float v0, v1, v2
    cmpg-float v0, v1, v2
    cmpl-double v0, v2, v4
    cmpg-double v0, v2, v4
    cmp-long v0, v2, v4

    if-eq v0, v1, :target_near
    if-ne v0, v1, :target_near
    if-lt v0, v1, :target_near
    if-ge v0, v1, :target_near
    if-gt v0, v1, :target_near
    if-le v0, v1, :target_near
    if-eqz v0, :target_near
    if-nez v0, :target_near
    if-ltz v0, :target_near
    if-gez v0, :target_near
    if-gtz v0, :target_near
    if-lez v0, :target_near
    aget v0, v2, v3
    aget-wide v0, v2, v3
    aget-object v0, v2, v3
    aget-boolean v0, v2, v3
    aget-byte v0, v2, v3
    aget-char v0, v2, v3
    aget-short v0, v2, v3
    aput v0, v2, v3
    aput-wide v0, v2, v3
    aput-object v0, v2, v3
    aput-boolean v0, v2, v3
    aput-byte v0, v2, v3
    aput-char v0, v2, v3
    aput-short v0, v2, v3
    iget v0, v1, Lops/AllOps;->iI:I
    iget-wide v0, v1, Lops/AllOps;->iJ:J
    iget-object v0, v1, Lops/AllOps;->iO:Ljava/lang/Object;
    iget-boolean v0, v1, Lops/AllOps;->iI:I
    iget-byte v0, v1, Lops/AllOps;->iI:I
    iget-char v0, v1, Lops/AllOps;->iI:I
    iget-short v0, v1, Lops/AllOps;->iI:I
    iput v0, v1, Lops/AllOps;->iI:I
    iput-wide v0, v1, Lops/AllOps;->iJ:J
    iput-object v0, v1, Lops/AllOps;->iO:Ljava/lang/Object;
    iput-boolean v0, v1, Lops/AllOps;->iI:I
    iput-byte v0, v1, Lops/AllOps;->iI:I
    iput-char v0, v1, Lops/AllOps;->iI:I
    iput-short v0, v1, Lops/AllOps;->iI:I
    sget v0, Lops/AllOps;->sI:I
    sget-wide v0, Lops/AllOps;->sJ:J
    sget-object v0, Lops/AllOps;->sO:Ljava/lang/Object;
    sget-boolean v0, Lops/AllOps;->sI:I
    sget-byte v0, Lops/AllOps;->sI:I
    sget-char v0, Lops/AllOps;->sI:I
    sget-short v0, Lops/AllOps;->sI:I
    sput v0, Lops/AllOps;->sI:I
    sput-wide v0, Lops/AllOps;->sJ:J
    sput-object v0, Lops/AllOps;->sO:Ljava/lang/Object;
    sput-boolean v0, Lops/AllOps;->sI:I
    sput-byte v0, Lops/AllOps;->sI:I
    sput-char v0, Lops/AllOps;->sI:I
    sput-short v0, Lops/AllOps;->sI:I
    invoke-virtual {v0, v1}, Ljava/lang/Object;->equals(Ljava/lang/Object;)Z
    invoke-super {v0}, Ljava/lang/Object;->hashCode()I
    invoke-direct {v0}, Ljava/lang/Object;-><init>()V
    invoke-static {v0, v1, v2, v3, v4}, Lops/AllOps;->five(IIIII)V
    invoke-interface {v0}, Ljava/lang/Runnable;->run()V
    invoke-virtual/range {v0 .. v1}, Ljava/lang/Object;->equals(Ljava/lang/Object;)Z
    invoke-super/range {v0 .. v0}, Ljava/lang/Object;->hashCode()I
    invoke-direct/range {v0 .. v0}, Ljava/lang/Object;-><init>()V
    invoke-static/range {v0 .. v5}, Lops/AllOps;->six(IIIIII)V
    invoke-interface/range {v280 .. v280}, Ljava/lang/Runnable;->run()V
    neg-int v0, v2
    not-int v0, v2
    neg-long v0, v2
    not-long v0, v2
    neg-float v0, v2
    neg-double v0, v2
    int-to-long v0, v2
    int-to-float v0, v2
    int-to-double v0, v2
    long-to-int v0, v2
    long-to-float v0, v2
    long-to-double v0, v2
    float-to-int v0, v2
    float-to-long v0, v2
    float-to-double v0, v2
    double-to-int v0, v2
    double-to-long v0, v2
    double-to-float v0, v2
    int-to-byte v0, v2
    int-to-char v0, v2
    int-to-short v0, v2
    add-int v0, v2, v4
    sub-int v0, v2, v4
    mul-int v0, v2, v4
    div-int v0, v2, v4
    rem-int v0, v2, v4
    and-int v0, v2, v4
    or-int v0, v2, v4
    xor-int v0, v2, v4
    shl-int v0, v2, v4
    shr-int v0, v2, v4
    ushr-int v0, v2, v4
    add-long v0, v2, v4
    sub-long v0, v2, v4
    mul-long v0, v2, v4
    div-long v0, v2, v4
    rem-long v0, v2, v4
    and-long v0, v2, v4
    or-long v0, v2, v4
    xor-long v0, v2, v4
    shl-long v0, v2, v4
    shr-long v0, v2, v4
    ushr-long v0, v2, v4
    add-float v0, v2, v4
    sub-float v0, v2, v4
    mul-float v0, v2, v4
    div-float v0, v2, v4
    rem-float v0, v2, v4
    add-double v0, v2, v4
    sub-double v0, v2, v4
    mul-double v0, v2, v4
    div-double v0, v2, v4
    rem-double v0, v2, v4
    add-int/2addr v0, v2
    sub-int/2addr v0, v2
    mul-int/2addr v0, v2
    div-int/2addr v0, v2
    rem-int/2addr v0, v2
    and-int/2addr v0, v2
    or-int/2addr v0, v2
    xor-int/2addr v0, v2
    shl-int/2addr v0, v2
    shr-int/2addr v0, v2
    ushr-int/2addr v0, v2
    add-long/2addr v0, v2
    sub-long/2addr v0, v2
    mul-long/2addr v0, v2
    div-long/2addr v0, v2
    rem-long/2addr v0, v2
    and-long/2addr v0, v2
    or-long/2addr v0, v2
    xor-long/2addr v0, v2
    shl-long/2addr v0, v2
    shr-long/2addr v0, v2
    ushr-long/2addr v0, v2
    add-float/2addr v0, v2
    sub-float/2addr v0, v2
    mul-float/2addr v0, v2
    div-float/2addr v0, v2
    rem-float/2addr v0, v2
    add-double/2addr v0, v2
    sub-double/2addr v0, v2
    mul-double/2addr v0, v2
    div-double/2addr v0, v2
    rem-double/2addr v0, v2
    add-int/lit16 v0, v1, 0x4d2
    rsub-int v0, v1, -0x4d3
    mul-int/lit16 v0, v1, 0x4d4
    div-int/lit16 v0, v1, -0x4d5
    rem-int/lit16 v0, v1, 0x4d6
    and-int/lit16 v0, v1, -0x4d7
    or-int/lit16 v0, v1, 0x4d8
    xor-int/lit16 v0, v1, -0x4d9
    add-int/lit8 v0, v1, 0xa
    rsub-int/lit8 v0, v1, -0xb
    mul-int/lit8 v0, v1, 0xc
    div-int/lit8 v0, v1, -0xd
    rem-int/lit8 v0, v1, 0xe
    and-int/lit8 v0, v1, -0xf
    or-int/lit8 v0, v1, 0x10
    xor-int/lit8 v0, v1, -0x11
    shl-int/lit8 v0, v1, 0x12
    shr-int/lit8 v0, v1, -0x13
    ushr-int/lit8 v0, v1, 0x14
    invoke-polymorphic {v0, v1}, Ljava/lang/invoke/MethodHandle;->invoke([Ljava/lang/Object;)Ljava/lang/Object;, (I)V
    invoke-polymorphic/range {v0 .. v1}, Ljava/lang/invoke/MethodHandle;->invokeExact([Ljava/lang/Object;)Ljava/lang/Object;, (I)V
    invoke-custom {v0}, call_site_0("doRun", (I)V)@Lops/AllOps;->bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    invoke-custom/range {v0 .. v0}, call_site_0("doRun", (I)V)@Lops/AllOps;->bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    const-method-handle v0, invoke-static@Lops/AllOps;->i()I
    const-method-type v0, (I)V
    packed-switch v0, :pswitch_data
    sparse-switch v0, :sswitch_data
    :target_near
    goto :target_far
    goto/16 :target_far
    goto/32 :target_far
    :target_far
    :try_start
    throw v0
    :try_end
    .catch Ljava/lang/Exception; {:try_start .. :try_end} :handler
    .catchall {:try_start .. :try_end} :handler
    :handler
    move-exception v0
    return-void

    :array_data
    .array-data 4
        0x1 0x2 -0x3
    .end array-data

    :pswitch_data
    .packed-switch 0x5
        :target_near
        :target_far
    .end packed-switch

    :sswitch_data
    .sparse-switch
        -0x1 -> :target_near
        0x64 -> :target_far
    .end sparse-switch
.end method
