# An app interface extending X509TrustManager, implemented by an abstract class.
.class public interface abstract Lfix/MyTrustManager;
.super Ljava/lang/Object;
.implements Ljavax/net/ssl/X509TrustManager;
