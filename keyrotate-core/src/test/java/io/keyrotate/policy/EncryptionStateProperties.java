package io.keyrotate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.keyrotate.EncryptionState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EncryptionStateProperties {

  @Provide
  Arbitrary<Map<String, String>> sseMaps() {
    Arbitrary<String> key =
        Arbitraries.of(EncryptionState.SEAL_ALGORITHM, EncryptionState.IV, EncryptionState.S3_SEALED_KEY,
            EncryptionState.KMS_SEALED_KEY, EncryptionState.SSEC_SEALED_KEY, EncryptionState.KMS_KEY_ID,
            EncryptionState.KMS_DATA_KEY, EncryptionState.CONTEXT, EncryptionState.ENCRYPTED_MULTIPART);
    Arbitrary<String> jsonish =
        Arbitraries.strings().withChars("{}[]\":,\\u0aé ").ofMaxLength(12)
            .map(s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(100),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(Base64.getEncoder()::encodeToString),
            jsonish,
            Arbitraries.of(EncryptionState.DARE_V2_HMAC_SHA256, EncryptionState.DARE_SHA256, Fixtures.b64(32),
                Fixtures.b64(64)));
    return Arbitraries.maps(key, value).ofMaxSize(9);
  }

  @Property(tries = 2000)
  void parse_anySseEntries_neverThrows(@ForAll("sseMaps") Map<String, String> m) {
    assertNotNull(EncryptionState.parse(m));
  }

  @Property(tries = 500)
  void parse_validKmsContext_roundTrips(@ForAll Map<String, String> context) {
    // Contexts are JSON strings: lone surrogates cannot be encoded as UTF-8, so keep well-formed text.
    Map<String, String> ctx = new LinkedHashMap<>();
    context.forEach((k, v) -> ctx.put(wellFormed(k), wellFormed(v)));
    EncryptionState s = EncryptionState.parse(Fixtures.sseKms("k", ctx));
    assertEquals(new EncryptionState.SseKms("k", ctx), s);
  }

  private static String wellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
