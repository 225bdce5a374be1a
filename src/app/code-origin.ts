/**
 * @module app/code-origin
 * Tells the app's own code from bundled third-party libraries, so a report can say "in the app" or "in
 * library X". The prefixes are well-known public SDK namespaces; nothing here names a particular audited app.
 * A library location is still reported (a weakness in bundled code ships with the app), but marked.
 */
import type { ManifestModel } from './android-manifest.js';

export type CodeOrigin = 'app' | 'library';

// Namespaces of widely used SDKs and runtimes (Android support/Jetpack, Google, Kotlin, Square, Apache, …).
const LIBRARY_PREFIXES = [
  'android.', 'androidx.', 'com.android.', 'dalvik.', 'java.', 'javax.', 'kotlin.', 'kotlinx.', 'org.jetbrains.',
  'org.intellij.', 'com.google.', 'com.squareup.', 'okhttp3.', 'okio.', 'retrofit2.', 'io.reactivex.', 'rx.',
  'dagger.', 'hilt_aggregated_deps.', 'com.facebook.', 'org.apache.', 'io.netty.', 'org.bouncycastle.', 'org.json.',
  'org.slf4j.', 'ch.qos.logback.', 'com.fasterxml.', 'com.bumptech.', 'io.fabric.', 'com.crashlytics.',
  'com.firebase.', 'io.grpc.', 'com.airbnb.', 'org.greenrobot.', 'com.jakewharton.', 'io.sentry.', 'com.microsoft.',
  'com.amazonaws.', 'org.chromium.', 'org.conscrypt.', 'net.sqlcipher.', 'com.journeyapps.', 'com.github.',
  'org.hamcrest.', 'org.junit.', 'junit.', 'org.mockito.', 'net.bytebuddy.', 'org.objenesis.', 'com.adjust.',
  'com.appsflyer.', 'com.onesignal.', 'io.flutter.', 'com.facebook.react.', 'org.xmlpull.', 'org.kxml2.',
  'com.yalantis.', 'de.greenrobot.', 'butterknife.', 'com.nostra13.', 'org.joda.', 'j$.', 'com.huawei.',
];

/** Dotted name from a descriptor (`Lcom/x/Y;` → `com.x.Y`); dotted names pass through. */
export function dottedClassName(classType: string): string {
  if (classType.startsWith('L') && classType.endsWith(';')) return classType.slice(1, -1).replace(/\//g, '.');
  return classType;
}

export function classifyCode(classType: string, manifest: Pick<ManifestModel, 'packageName' | 'components' | 'application'>): CodeOrigin {
  const name = dottedClassName(classType);
  // The app's own package (and the packages of its declared components) is app code even when it happens to
  // sit under a library-like namespace.
  const own = ownPrefixes(manifest);
  if (own.some((p) => name.startsWith(p))) return 'app';
  if (LIBRARY_PREFIXES.some((p) => name.startsWith(p))) return 'library';
  return 'app';
}

const ownCache = new WeakMap<object, string[]>();

function ownPrefixes(manifest: Pick<ManifestModel, 'packageName' | 'components' | 'application'>): string[] {
  let v = ownCache.get(manifest);
  if (!v) {
    const set = new Set<string>();
    if (manifest.packageName) set.add(`${manifest.packageName}.`);
    const add = (cls: string | undefined): void => {
      if (!cls) return;
      const i = cls.lastIndexOf('.');
      if (i <= 0) return;
      const pkg = cls.slice(0, i + 1);
      // Components that live in a library namespace (e.g. androidx test activities) do not make that
      // namespace the app's own.
      if (!LIBRARY_PREFIXES.some((p) => pkg.startsWith(p))) set.add(pkg);
    };
    for (const c of manifest.components) add(c.name);
    add(manifest.application.name);
    v = [...set];
    ownCache.set(manifest, v);
  }
  return v;
}
