package io.keyrotate.policy;

import static io.keyrotate.EncryptionState.CONTEXT;
import static io.keyrotate.EncryptionState.ENCRYPTED_MULTIPART;
import static io.keyrotate.EncryptionState.IV;
import static io.keyrotate.EncryptionState.KMS_DATA_KEY;
import static io.keyrotate.EncryptionState.KMS_KEY_ID;
import static io.keyrotate.EncryptionState.KMS_SEALED_KEY;
import static io.keyrotate.EncryptionState.S3_SEALED_KEY;
import static io.keyrotate.EncryptionState.SEAL_ALGORITHM;
import static io.keyrotate.EncryptionState.SSEC_SEALED_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EncryptionState#parse}: MinIO's detection order and the damaged-metadata cases the policy turns
 * into {@code INVALID_ENCRYPTION_METADATA}. (It lives here because the policy is its consumer.)
 */
class EncryptionStateTest {

  private static Map<String, String> edit(Map<String, String> base, Consumer<Map<String, String>> f) {
    Map<String, String> m = new LinkedHashMap<>(base);
    f.accept(m);
    return m;
  }

  private static EncryptionState.Unknown unknown(Map<String, String> m) {
    return assertInstanceOf(EncryptionState.Unknown.class, EncryptionState.parse(m));
  }

  @Test
  void parse_noSseEntries_isPlaintext() {
    assertInstanceOf(EncryptionState.Plaintext.class, EncryptionState.parse(Map.of()));
    assertInstanceOf(
        EncryptionState.Plaintext.class,
        EncryptionState.parse(Map.of("X-Minio-Internal-actual-size", "10", "etag", "abc")));
  }

  @Test
  void parse_validEntries_giveTypeKeyIdAndContext() {
    assertEquals(new EncryptionState.SseS3("k1"), EncryptionState.parse(Fixtures.sseS3("k1")));
    assertEquals(new EncryptionState.SseS3(null), EncryptionState.parse(Fixtures.sseS3(null)));
    assertEquals(
        new EncryptionState.SseKms("k1", Map.of("a", "1", "b", "é")),
        EncryptionState.parse(Fixtures.sseKms("k1", Map.of("a", "1", "b", "é"))));
    assertEquals(new EncryptionState.SseKms(null, Map.of()), EncryptionState.parse(Fixtures.sseKms(null, Map.of())));
    assertEquals(new EncryptionState.SseC(), EncryptionState.parse(Fixtures.sseC()));
  }

  @Test
  void parse_kmsSealedKeyFirst_thenS3_thenSseC() {
    Map<String, String> both = edit(Fixtures.sseKms("k1", Map.of()), m -> m.put(S3_SEALED_KEY, Fixtures.b64(64)));
    assertInstanceOf(EncryptionState.SseKms.class, EncryptionState.parse(both));
    Map<String, String> s3AndC = edit(Fixtures.sseS3("k1"), m -> m.put(SSEC_SEALED_KEY, Fixtures.b64(64)));
    assertInstanceOf(EncryptionState.SseS3.class, EncryptionState.parse(s3AndC));
  }

  @ParameterizedTest
  @ValueSource(strings = {ENCRYPTED_MULTIPART, IV, SEAL_ALGORITHM, KMS_KEY_ID, KMS_DATA_KEY, CONTEXT})
  void parse_sseEntryWithoutSealedKey_isUnknownType(String entry) {
    EncryptionState.Unknown u = unknown(Map.of(entry, ""));
    assertTrue(u.reason().contains(entry), u.reason());
  }

  @Test
  void parse_damagedS3OrKmsEntries_areUnknownNamingTheEntry() {
    Map<String, String> s3 = Fixtures.sseS3("k1");
    Map<String, String> kms = Fixtures.sseKms("k1", Map.of());
    String[][] cases = {
      {IV, "missing"},
      {IV, Fixtures.b64(16)},
      {IV, "%%%"},
      {SEAL_ALGORITHM, "missing"},
      {SEAL_ALGORITHM, EncryptionState.DARE_SHA256},
      {S3_SEALED_KEY, Fixtures.b64(63)},
      {KMS_KEY_ID, "missing"},
      {KMS_DATA_KEY, "missing"},
      {KMS_DATA_KEY, "not base64!"},
    };
    for (String[] c : cases) {
      Map<String, String> m =
          edit(s3, x -> {
            if (c[1].equals("missing")) {
              x.remove(c[0]);
            } else {
              x.put(c[0], c[1]);
            }
          });
      EncryptionState.Unknown u = unknown(m);
      assertTrue(u.reason().contains(c[0]), c[0] + ": " + u.reason());
      assertFalse(!c[1].equals("missing") && !c[1].isEmpty() && u.reason().contains(c[1]),
          "the reason must not echo the stored value: " + u.reason());
    }
    unknown(edit(kms, x -> x.put(KMS_SEALED_KEY, Fixtures.b64(65))));
  }

  @Test
  void parse_badContext_isUnknown() {
    Map<String, String> kms = Fixtures.sseKms("k1", Map.of());
    for (String json : new String[] {"{\"a\":1}", "[]", "{\"a\":\"1\",\"a\":\"2\"}", "{", "null"}) {
      String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
      EncryptionState.Unknown u = unknown(edit(kms, m -> m.put(CONTEXT, b64)));
      assertTrue(u.reason().contains(CONTEXT), u.reason());
    }
    unknown(edit(kms, m -> m.put(CONTEXT, "***")));
  }

  @Test
  void parse_sseC_acceptsBothSealAlgorithmsAndRejectsOthers() {
    assertInstanceOf(
        EncryptionState.SseC.class,
        EncryptionState.parse(edit(Fixtures.sseC(), m -> m.put(SEAL_ALGORITHM, EncryptionState.DARE_SHA256))));
    assertInstanceOf(
        EncryptionState.SseC.class, EncryptionState.parse(edit(Fixtures.sseC(), m -> m.remove(SEAL_ALGORITHM))));
    unknown(edit(Fixtures.sseC(), m -> m.put(SEAL_ALGORITHM, "ROT13")));
  }
}
