/**
 * keyrotate core: the rotation policy, MinIO-compatible crypto formats, the job runner and the embedded
 * object store and KMS. Only API packages are exported; {@code ...internal} packages stay private.
 */
@org.jspecify.annotations.NullMarked
module io.keyrotate.core {
  requires transitive io.keyrotate.api;
  requires java.net.http;
  requires org.slf4j;
  requires org.bouncycastle.provider;
  // Pkcs11Kms: the SunPKCS11 provider (reached through java.security.Provider, no API of its own).
  requires jdk.crypto.cryptoki;
  requires static transitive org.jspecify;

  exports io.keyrotate.policy;
  exports io.keyrotate.crypto;
  exports io.keyrotate.sse;
  exports io.keyrotate.kms.local;
  exports io.keyrotate.kms.pkcs11;
  exports io.keyrotate.runner;
  exports io.keyrotate.store.fs;
}
