.class public Lflow/FlowCases;
.super Ljava/lang/Object;

# Methods that build strings the ways compilers do, each passing the result to Lflow/Sink;, for the tests
# of value-flow-support.ts (concatenationParts, reachingValues).


# javac style: every append's result moved back into the builder register.
.method public static chained(Ljava/lang/String;)V
    .registers 3

    new-instance v0, Ljava/lang/StringBuilder;

    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V

    const-string v1, "pin="

    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    move-result-object v0

    invoke-virtual {v0, p0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    move-result-object v0

    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;

    move-result-object v0

    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void
.end method

# R8 style: append results dropped, the builder stays in its register; new StringBuilder(String).
.method public static unchained(Ljava/lang/String;I)V
    .registers 4

    new-instance v0, Ljava/lang/StringBuilder;

    const-string v1, "file://"

    invoke-direct {v0, v1}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V

    invoke-virtual {v0, p0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    invoke-virtual {v0, p1}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;

    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;

    move-result-object v0

    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void
.end method

# Two builders filled in turns: only the one passed to the sink counts.
.method public static interleaved(Ljava/lang/String;)V
    .registers 4

    new-instance v0, Ljava/lang/StringBuilder;

    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V

    new-instance v1, Ljava/lang/StringBuilder;

    invoke-direct {v1}, Ljava/lang/StringBuilder;-><init>()V

    const-string v2, "A1"

    invoke-virtual {v0, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    const-string v2, "B1"

    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    invoke-virtual {v0, p0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;

    move-result-object v2

    invoke-static {v2}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void
.end method

# A builder's result appended to another builder, then turned into bytes.
.method public static nested(Ljava/lang/String;)V
    .registers 4

    new-instance v0, Ljava/lang/StringBuilder;

    invoke-direct {v0}, Ljava/lang/StringBuilder;-><init>()V

    const-string v1, "user="

    invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    invoke-virtual {v0, p0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;

    invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;

    move-result-object v1

    const-string v2, "; "

    invoke-virtual {v2, v1}, Ljava/lang/String;->concat(Ljava/lang/String;)Ljava/lang/String;

    move-result-object v1

    invoke-virtual {v1}, Ljava/lang/String;->getBytes()[B

    move-result-object v1

    invoke-static {v1}, Lflow/Sink;->bytes([B)V

    return-void
.end method

# A value chosen on a branch: the index keeps the last write in address order (the constant); the
# control-flow walk finds the parameter too.
.method public static branch(Ljava/lang/String;)V
    .registers 2

    move-object v0, p0

    if-nez v0, :cond_load

    const-string v0, "https://help.example/"

    :cond_load
    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void
.end method

# A loop that rewrites the register: the walk must terminate and find both writes.
.method public static loop(Ljava/lang/String;I)V
    .registers 4

    const-string v0, "start"

    :loop
    if-lez p1, :done

    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    invoke-virtual {v0, p0}, Ljava/lang/String;->concat(Ljava/lang/String;)Ljava/lang/String;

    move-result-object v0

    add-int/lit8 p1, p1, -0x1

    goto :loop

    :done
    return-void
.end method

# A value read in a catch handler: the exception edge is a predecessor.
.method public static handler(Ljava/lang/String;)V
    .registers 3

    const-string v0, "before"

    :try_start
    invoke-static {p0}, Ljava/lang/Integer;->parseInt(Ljava/lang/String;)I

    const-string v0, "parsed"
    :try_end
    .catch Ljava/lang/NumberFormatException; {:try_start .. :try_end} :catch

    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void

    :catch
    move-exception v1

    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void
.end method

# A switch choosing the value.
.method public static switched(I)V
    .registers 2

    const-string v0, "zero"

    packed-switch p0, :table

    goto :out

    :one
    const-string v0, "one"

    goto :out

    :two
    const-string v0, "two"

    :out
    invoke-static {v0}, Lflow/Sink;->take(Ljava/lang/String;)V

    return-void

    :table
    .packed-switch 0x1
        :one
        :two
    .end packed-switch
.end method
