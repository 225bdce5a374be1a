.class public Lfix/MyWebView;
.super Landroid/webkit/WebView;
