package io.keyrotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EncryptionStateProperties {
  private static final List<String> ENTRIES =
      List.of(
          EncryptionState.SEAL_ALGORITHM,
          EncryptionState.IV,
          EncryptionState.S3_SEALED_KEY,
          EncryptionState.KMS_SEALED_KEY,
          EncryptionState.SSEC_SEALED_KEY,
          EncryptionState.KMS_KEY_ID,
          EncryptionState.KMS_DATA_KEY,
          EncryptionState.CONTEXT,
          EncryptionState.ENCRYPTED_MULTIPART);

  /** Total: any map gives a state, and the state's type follows MinIO's detection order. */
  @Property(tries = 2000)
  void parse_anyMap_neverThrowsAndFollowsDetectionOrder(@ForAll("metadata") Map<String, String> m) {
    EncryptionState st = EncryptionState.parse(m);
    if (m.containsKey(EncryptionState.KMS_SEALED_KEY)) {
      assertTrue(st instanceof EncryptionState.SseKms || st instanceof EncryptionState.Unknown, st::toString);
    } else if (m.containsKey(EncryptionState.S3_SEALED_KEY)) {
      assertTrue(st instanceof EncryptionState.SseS3 || st instanceof EncryptionState.Unknown, st::toString);
    } else if (m.containsKey(EncryptionState.SSEC_SEALED_KEY)) {
      assertTrue(st instanceof EncryptionState.SseC || st instanceof EncryptionState.Unknown, st::toString);
    } else if (ENTRIES.stream().anyMatch(m::containsKey)) {
      assertTrue(st instanceof EncryptionState.Unknown, st::toString);
    } else {
      assertEquals(new EncryptionState.Plaintext(), st);
    }
  }

  @Provide
  Arbitrary<Map<String, String>> metadata() {
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of(ENTRIES),
            Arbitraries.of(ENTRIES).map(String::toLowerCase),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                "DAREv2-HMAC-SHA256",
                "DARE-SHA256",
                "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=",
                "eyJwcm9qZWN0IjoiYWxwaGEifQ==",
                "bnVsbA==",
                "my-key"),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(80)
                .map(b -> java.util.Base64.getEncoder().encodeToString(b)),
            Arbitraries.strings().all().ofMaxLength(100));
    return Arbitraries.maps(keys, values.injectNull(0.05)).ofMaxSize(10).map(HashMap::new);
  }
}
