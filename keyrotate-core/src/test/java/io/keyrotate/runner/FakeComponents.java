package io.keyrotate.runner;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Engine-test stand-ins for the rotation policy and the SSE toolkit. The decider follows the decision
 * table's order on {@link EncryptionState}; the tag {@code skip=yes} stands for a filter rejection. The
 * rotator writes SSE-KMS-shaped metadata whose data key really comes from (and must decrypt with) the
 * {@link FakeKms}; "encryption" of data is XOR 0x5A, so tests can read objects back.
 */
final class FakeComponents implements Components {
  static final SecureRandom RANDOM = new SecureRandom();

  /** Runs before each apply/verify, with the version; may block or throw. */
  volatile @Nullable Consumer<ObjectVersion> beforeApply;

  @Override
  public Decider decider(Setup setup) {
    return (v, now) -> {
      if (v.deleteMarker()) {
        return new Plan(ObjectOutcome.Action.SKIP, "DELETE_MARKER", "delete marker");
      }
      if ("yes".equals(v.tags().get("skip"))) {
        return new Plan(ObjectOutcome.Action.NOT_SELECTED, "tags", "no tag entry matches");
      }
      EncryptionState st = v.encryption();
      if (st instanceof EncryptionState.SseC) {
        return new Plan(ObjectOutcome.Action.SKIP, "SSE_C_UNSUPPORTED", "SSE-C");
      }
      if (st instanceof EncryptionState.Unknown) {
        return new Plan(ObjectOutcome.Action.FAIL, "INVALID_ENCRYPTION_METADATA", "damaged");
      }
      if (v.lock().isLockedAt(now)) {
        return st instanceof EncryptionState.Plaintext
            ? new Plan(ObjectOutcome.Action.SKIP, "LOCKED_PLAINTEXT", "locked")
            : new Plan(ObjectOutcome.Action.SKIP, "LOCKED", "locked");
      }
      if (st instanceof EncryptionState.Plaintext) {
        return new Plan(ObjectOutcome.Action.ENCRYPT, "PLAINTEXT", "plaintext");
      }
      if (st instanceof EncryptionState.SseS3) {
        return new Plan(ObjectOutcome.Action.CONVERT, "SSE_S3", "sse-s3");
      }
      String keyId = ((EncryptionState.SseKms) st).keyId();
      return setup.targetKeyId().equals(keyId)
          ? new Plan(ObjectOutcome.Action.SKIP, "ALREADY_CURRENT", "current")
          : new Plan(ObjectOutcome.Action.REWRAP, "OTHER_KEY", "other key");
    };
  }

  @Override
  public VersionRotator rotator(Setup setup) {
    Kms kms = setup.kms();
    String target = setup.targetKeyId();
    return new VersionRotator() {
      @Override
      public ObjectVersion apply(ObjectVersion v, Plan plan) {
        hook(v);
        if (plan.action() == ObjectOutcome.Action.ENCRYPT) {
          byte[] data;
          try (ReadResult r = setup.store().open(ReadRequest.of(v))) {
            data = r.stream().readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          for (int i = 0; i < data.length; i++) {
            data[i] ^= 0x5A;
          }
          Map<String, String> md = sealed(kms, target, v.bucket(), v.key(), v.internalMetadata());
          return setup.store().rewriteData(new RewriteDataRequest(
              v, new ByteArrayInputStream(data), data.length, List.of(), md));
        }
        try (SecretBytes old = unseal(kms, v)) {
          old.length();
        }
        return setup.store().replaceEncryption(new ReplaceEncryptionRequest(
            v, sealed(kms, target, v.bucket(), v.key(), v.internalMetadata())));
      }

      @Override
      public void verify(ObjectVersion v, Plan plan) {
        hook(v);
        if (plan.action() != ObjectOutcome.Action.ENCRYPT) {
          unseal(kms, v).close();
        }
      }

      private void hook(ObjectVersion v) {
        Consumer<ObjectVersion> h = beforeApply;
        if (h != null) {
          h.accept(v);
        }
      }
    };
  }

  @Override
  public InternalRotator internal(Setup setup, InternalDataStore store) {
    return (dryRun, stop) -> InternalDataReport.notAttempted();
  }

  static SecretBytes unseal(Kms kms, ObjectVersion v) {
    Map<String, String> m = v.internalMetadata();
    Map<String, String> ctx = new LinkedHashMap<>();
    if (m.containsKey(EncryptionState.CONTEXT)) {
      ctx.putAll(((EncryptionState.SseKms) v.encryption()).context());
    }
    ctx.putIfAbsent(v.bucket(), v.bucket() + "/" + v.key());
    return kms.decrypt(new DecryptRequest(
        m.get(EncryptionState.KMS_KEY_ID), KmsCiphertext.fromBase64(m.get(EncryptionState.KMS_DATA_KEY)), ctx));
  }

  /** SSE-KMS metadata under {@code keyId}, keeping entries that are not SSE entries. */
  static Map<String, String> sealed(
      Kms kms, String keyId, String bucket, String key, Map<String, String> keep) {
    Map<String, String> md = new TreeMap<>(keep);
    md.keySet().removeIf(k -> k.startsWith("X-Minio-Internal-Server-Side-Encryption-"));
    try (DataKey dk = kms.generateKey(new GenerateKeyRequest(keyId, Map.of(bucket, bucket + "/" + key)))) {
      md.put(EncryptionState.KMS_KEY_ID, dk.keyId());
      md.put(EncryptionState.KMS_DATA_KEY, dk.ciphertext().toBase64());
    }
    md.put(EncryptionState.IV, b64(32));
    md.put(EncryptionState.SEAL_ALGORITHM, EncryptionState.DARE_V2_HMAC_SHA256);
    md.put(EncryptionState.KMS_SEALED_KEY, b64(64));
    return md;
  }

  /** SSE-S3 metadata under {@code keyId}. */
  static Map<String, String> sseS3(Kms kms, String keyId, String bucket, String key) {
    Map<String, String> md = sealed(kms, keyId, bucket, key, Map.of());
    md.put(EncryptionState.S3_SEALED_KEY, md.remove(EncryptionState.KMS_SEALED_KEY));
    return md;
  }

  static Map<String, String> sseC() {
    return Map.of(
        EncryptionState.SSEC_SEALED_KEY, b64(64),
        EncryptionState.IV, b64(32),
        EncryptionState.SEAL_ALGORITHM, EncryptionState.DARE_V2_HMAC_SHA256);
  }

  static Map<String, String> damaged() {
    return Map.of(EncryptionState.IV, b64(32));
  }

  static String b64(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
