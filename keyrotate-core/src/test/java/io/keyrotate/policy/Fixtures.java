package io.keyrotate.policy;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builders for versions with real-looking MinIO SSE metadata, shared by the policy tests. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final String BUCKET = "bkt";
  static final String TARGET = "target-key";

  private Fixtures() {}

  static String b64(int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (i * 7 + 1);
    }
    return Base64.getEncoder().encodeToString(b);
  }

  /** The stored KMS ciphertext of every fixture version; a check can recognise it. */
  static final String KMS_CIPHERTEXT = b64(76);

  static Map<String, String> sseS3(@Nullable String keyId) {
    Map<String, String> m = common(EncryptionState.S3_SEALED_KEY);
    if (keyId != null) {
      m.put(EncryptionState.KMS_KEY_ID, keyId);
      m.put(EncryptionState.KMS_DATA_KEY, KMS_CIPHERTEXT);
    }
    return m;
  }

  static Map<String, String> sseKms(@Nullable String keyId, Map<String, String> context) {
    Map<String, String> m = common(EncryptionState.KMS_SEALED_KEY);
    if (keyId != null) {
      m.put(EncryptionState.KMS_KEY_ID, keyId);
      m.put(EncryptionState.KMS_DATA_KEY, KMS_CIPHERTEXT);
    }
    if (!context.isEmpty()) {
      m.put(EncryptionState.CONTEXT, Encryption.encodeContext(context));
    }
    return m;
  }

  static Map<String, String> sseC() {
    return common(EncryptionState.SSEC_SEALED_KEY);
  }

  /** SSE-KMS entries without the IV: MinIO refuses to read it. */
  static Map<String, String> damaged() {
    Map<String, String> m = sseKms("k1", Map.of());
    m.remove(EncryptionState.IV);
    return m;
  }

  /** Only an IV: "encrypted, unknown type". */
  static Map<String, String> unknownType() {
    return new LinkedHashMap<>(Map.of(EncryptionState.IV, b64(32)));
  }

  private static Map<String, String> common(String sealedKeyEntry) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(EncryptionState.SEAL_ALGORITHM, EncryptionState.DARE_V2_HMAC_SHA256);
    m.put(EncryptionState.IV, b64(32));
    m.put(sealedKeyEntry, b64(64));
    return m;
  }

  static V version() {
    return new V();
  }

  static KeyRotateJob job(Filter filter) {
    return KeyRotateJob.builder().bucket(BUCKET).filter(filter).build();
  }

  static KeyRotateJob job(Filter.Builder filter) {
    return job(filter.build());
  }

  /** A mutable version builder; defaults: plaintext, one day old, unlocked, no metadata. */
  static final class V {
    String bucket = BUCKET;
    String key = "photos/cat.png";
    @Nullable String versionId = "v1";
    boolean deleteMarker;
    Instant modTime = NOW.minusSeconds(86_400);
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    ObjectLock lock = ObjectLock.none();
    Map<String, String> internal = new LinkedHashMap<>();

    V bucket(String b) {
      bucket = b;
      return this;
    }

    V key(String k) {
      key = k;
      return this;
    }

    V deleteMarker() {
      deleteMarker = true;
      return this;
    }

    V modTime(Instant t) {
      modTime = t;
      return this;
    }

    V meta(String k, String v) {
      meta.put(k, v);
      return this;
    }

    V tag(String k, String v) {
      tags.put(k, v);
      return this;
    }

    V lock(ObjectLock l) {
      lock = l;
      return this;
    }

    V retainUntil(Instant until) {
      return lock(new ObjectLock(ObjectLock.RetentionMode.COMPLIANCE, until, lock.legalHold()));
    }

    V legalHold() {
      return lock(new ObjectLock(lock.mode(), lock.retainUntil(), true));
    }

    V internal(Map<String, String> m) {
      internal = m;
      return this;
    }

    V sseS3(@Nullable String keyId) {
      return internal(Fixtures.sseS3(keyId));
    }

    V sseKms(@Nullable String keyId) {
      return internal(Fixtures.sseKms(keyId, Map.of()));
    }

    V sseKms(String keyId, Map<String, String> context) {
      return internal(Fixtures.sseKms(keyId, context));
    }

    V sseC() {
      return internal(Fixtures.sseC());
    }

    ObjectVersion build() {
      return new ObjectVersion(
          bucket, key, versionId, true, deleteMarker, 1234, modTime, meta, tags, lock, 0, internal);
    }
  }
}
