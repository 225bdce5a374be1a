.class public final Lorg/dfslab/testdata/cryptoedge/Scramble;
.super Ljava/lang/Object;

# A ROT13 routine applied to a hidden URL, a CRC-like XOR with shifts and an XOR checksum (negatives), and
# a Base64 constant that is binary (negative).

.method public static rot13(Ljava/lang/String;)Ljava/lang/String;
    .registers 6
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V
    const/4 v1, 0x0
    :loop
    invoke-virtual {p0}, Ljava/lang/String;->length()I
    move-result v2
    if-ge v1, v2, :done
    invoke-virtual {p0, v1}, Ljava/lang/String;->charAt(I)C
    move-result v2
    const/16 v3, 0x61
    if-lt v2, v3, :append
    const/16 v3, 0x7a
    if-gt v2, v3, :append
    add-int/lit8 v2, v2, -0x61
    add-int/lit8 v2, v2, 0xd
    rem-int/lit8 v2, v2, 0x1a
    add-int/lit8 v2, v2, 0x61
    int-to-char v2, v2
    :append
    invoke-virtual {v0, v2}, Ljava/lang/StringBuilder;->append(C)Ljava/lang/StringBuilder;
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v4
    return-object v4
.end method

.method public static endpoint()Ljava/lang/String;
    .registers 1
    const-string v0, "uggcf://ncv.rknzcyr.pbz/i1"
    invoke-static {v0}, Lorg/dfslab/testdata/cryptoedge/Scramble;->rot13(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

.method public static crc8([B)Ljava/lang/String;
    .registers 6
    # Negative: XOR with shifts is a checksum, not scrambling.
    const/4 v0, 0x0
    const/4 v1, 0x0
    :loop
    array-length v2, p0
    if-ge v1, v2, :done
    aget-byte v2, p0, v1
    xor-int/2addr v0, v2
    shl-int/lit8 v3, v0, 0x1
    xor-int/lit8 v0, v3, 0x7
    and-int/lit16 v0, v0, 0xff
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    new-array v4, v1, [B
    new-instance v5, Ljava/lang/String;
    invoke-direct {v5, v4}, Ljava/lang/String;-><init>([B)V
    return-object v5
.end method

.method public static lrc([B)Ljava/lang/String;
    .registers 5
    # Negative: an XOR checksum of its input (no hiding name, no constant, no Base64).
    const/4 v0, 0x0
    const/4 v1, 0x0
    :loop
    array-length v2, p0
    if-ge v1, v2, :done
    aget-byte v2, p0, v1
    xor-int/2addr v0, v2
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    invoke-static {v0}, Ljava/lang/Integer;->toHexString(I)Ljava/lang/String;
    move-result-object v3
    new-instance v4, Ljava/lang/String;
    invoke-direct {v4, p0}, Ljava/lang/String;-><init>([B)V
    return-object v3
.end method

.method public static publicKeyBytes()[B
    .registers 2
    # Negative: Base64 of binary data (a DER public key header).
    const-string v0, "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
    const/4 v1, 0x0
    invoke-static {v0, v1}, Landroid/util/Base64;->decode(Ljava/lang/String;I)[B
    move-result-object v0
    return-object v0
.end method

.method public static hiddenText()Ljava/lang/String;
    .registers 3
    const-string v0, "YWRtaW46czNjcjN0LXBhc3M="
    const/4 v1, 0x0
    invoke-static {v0, v1}, Landroid/util/Base64;->decode(Ljava/lang/String;I)[B
    move-result-object v0
    new-instance v2, Ljava/lang/String;
    invoke-direct {v2, v0}, Ljava/lang/String;-><init>([B)V
    return-object v2
.end method
