package io.keyrotate.examples.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.policy.Decision;
import io.keyrotate.policy.PolicyContext;
import io.keyrotate.policy.RotationPolicy;
import io.keyrotate.yaml.KeyRotateYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Example: unit-test a job file before running it. {@link RotationPolicy#decide} is a pure function of
 * the version's metadata, the job and a {@link PolicyContext} (the instant and the target key), so a test
 * needs no store, no KMS and no clock: build the versions you care about and assert the decisions.
 */
class JobPolicyExampleTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final String TARGET = "new-key";

  /** The job under test, read exactly as {@code keyrotate run} reads it. */
  static final KeyRotateJob ROTATE_OLD_KEY = KeyRotateYaml.parse(Path.of("jobs/rotate-kmskey.yaml"));

  static Decision decide(KeyRotateJob job, ObjectVersion v) {
    return RotationPolicy.decide(v, job, PolicyContext.of(NOW, TARGET));
  }

  /** A version with the given internal (encryption) metadata. */
  static ObjectVersion version(String key, Map<String, String> internal, ObjectLock lock, Duration age) {
    return new ObjectVersion(
        "my-bucket", key, "v1", true, false, 1024, NOW.minus(age), Map.of("Content-Type", "text/plain"),
        Map.of(), lock, 0, internal);
  }

  /**
   * Well-formed SSE-KMS metadata as MinIO stores it. The policy reads only the entries' presence, shape
   * and key id, so zero bytes stand in for the sealed key and the KMS ciphertext.
   */
  static Map<String, String> sseKms(String keyId) {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> m = new TreeMap<>();
    m.put(EncryptionState.SEAL_ALGORITHM, EncryptionState.DARE_V2_HMAC_SHA256);
    m.put(EncryptionState.IV, b64.encodeToString(new byte[32]));
    m.put(EncryptionState.KMS_SEALED_KEY, b64.encodeToString(new byte[64]));
    m.put(EncryptionState.KMS_KEY_ID, keyId);
    m.put(EncryptionState.KMS_DATA_KEY, b64.encodeToString(new byte[76]));
    return m;
  }

  @Test
  void rotateKmsKeyJob_objectUnderTheOldKey_isRewrapped() {
    Decision d = decide(ROTATE_OLD_KEY, version("a", sseKms("old-key-id"), ObjectLock.none(), Duration.ofDays(3)));
    assertEquals(Decision.Action.REWRAP, d.action());
  }

  @Test
  void rotateKmsKeyJob_objectUnderAnotherKeyOrPlaintext_isNotSelected() {
    assertEquals(
        Decision.Action.NOT_SELECTED,
        decide(ROTATE_OLD_KEY, version("b", sseKms("team-key"), ObjectLock.none(), Duration.ofDays(3))).action());
    assertEquals(
        Decision.Action.NOT_SELECTED,
        decide(ROTATE_OLD_KEY, version("c", Map.of(), ObjectLock.none(), Duration.ofDays(3))).action());
  }

  @Test
  void rotateKmsKeyJob_lockedObject_isSkippedUnlessForced() {
    ObjectLock hold = new ObjectLock(null, null, true);
    ObjectVersion locked = version("d", sseKms("old-key-id"), hold, Duration.ofDays(3));
    Decision d = decide(ROTATE_OLD_KEY, locked);
    assertEquals(Decision.Action.SKIP, d.action());
    assertEquals("LOCKED", d.reason().name());

    KeyRotateJob forced =
        ROTATE_OLD_KEY.toBuilder()
            .filter(ROTATE_OLD_KEY.filter().toBuilder().forceEncryptLocked(true).build())
            .build();
    assertEquals(Decision.Action.REWRAP, decide(forced, locked).action());
  }

  @Test
  void encryptPlaintextJob_lockedPlaintext_isAlwaysSkipped() {
    KeyRotateJob job = KeyRotateYaml.parse(Path.of("jobs/encrypt-plaintext.yaml"));
    assertEquals(
        Decision.Action.ENCRYPT,
        decide(job, version("e", Map.of(), ObjectLock.none(), Duration.ofDays(1))).action());
    Decision d =
        decide(
            job,
            version("f", Map.of(), new ObjectLock(ObjectLock.RetentionMode.COMPLIANCE, NOW.plusSeconds(60), false),
                Duration.ofDays(1)));
    assertEquals(Decision.Action.SKIP, d.action());
    assertEquals("LOCKED_PLAINTEXT", d.reason().name());
  }
}
