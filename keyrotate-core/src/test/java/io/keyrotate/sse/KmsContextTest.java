package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.sse.Vectors.V;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** context.json vectors and the spec examples of the canonical KMS context. */
class KmsContextTest {

  @TestFactory
  Stream<DynamicTest> toJson_everyVector_isByteExact() {
    return Vectors.tests("context.json", "vectors", KmsContextTest::checkMarshal);
  }

  private static void checkMarshal(V v) {
    Map<String, String> m = new LinkedHashMap<>();
    for (V e : v.list("entries")) {
      m.put(e.goStr("key"), e.goStr("value"));
    }
    KmsContext ctx = v.bool("isNil") ? KmsContext.empty() : KmsContext.of(m);
    assertEquals(v.str("canonicalHex"), Vectors.hex(ctx.toJson()));
  }

  @TestFactory
  Stream<DynamicTest> parseJson_everyVector_parsesLikeMinioOrFails() {
    return Vectors.tests("context.json", "fromJsonVectors", KmsContextTest::checkParse);
  }

  private static void checkParse(V v) {
    byte[] text = v.hex("storedTextHex");
    if (v.bool("expectError")) {
      assertThrows(FormatException.class, () -> KmsContext.parseJson(text));
      return;
    }
    KmsContext ctx = KmsContext.parseJson(text);
    assertEquals(v.str("canonicalHex"), Vectors.hex(ctx.toJson()));
  }

  @Test
  void toJson_specExampleWithEscapesAndNonAscii_matchesSection63() {
    KmsContext ctx = KmsContext.of(Map.of("b", "x<y>&\"\\\n", "a", "é", "A", "1"));
    assertEquals(
        "{\"A\":\"1\",\"a\":\"é\",\"b\":\"x\\u003cy\\u003e\\u0026\\\"\\\\\\n\"}",
        new String(ctx.toJson(), StandardCharsets.UTF_8));
  }

  @Test
  void toJson_emptyContext_isTwoBraces() {
    assertEquals("{}", new String(KmsContext.empty().toJson(), StandardCharsets.US_ASCII));
    assertSame(KmsContext.empty(), KmsContext.of(Map.of()));
  }

  @Test
  void toJson_supplementaryVersusPrivateUse_sortsByUtf8NotUtf16() {
    // U+1F600 (F0 9F 98 80) sorts after U+FF21 (EF BC A1) in UTF-8, before it in UTF-16.
    KmsContext ctx = KmsContext.of(Map.of("\uD83D\uDE00", "e", "\uFF21", "f"));
    assertEquals("[\uFF21, \uD83D\uDE00]", ctx.asMap().keySet().toString());
  }

  @Test
  void withDefault_keyAlreadyPresent_keepsTheClientValue() {
    KmsContext ctx = KmsContext.of(Map.of("finance", "client-chosen-value"));
    assertSame(ctx, ctx.withDefault("finance", "finance/q3/ledger.csv"));
    assertEquals(
        "{\"a\":\"b\",\"finance\":\"client-chosen-value\"}",
        new String(ctx.withDefault("a", "b").toJson(), StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_nonStringValues_areRejectedWithoutEchoingTheInput() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> KmsContext.parseJson("{\"secret-ish\":42}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(!e.getMessage().contains("secret-ish"), e.getMessage());
  }

  @Test
  void associatedData_sseKmsSpecExample_matchesSection46() {
    KmsContext client = KmsContext.of("project", "alpha");
    assertEquals(
        "{\"mybucket\":\"mybucket/photos/2024/cat.png\",\"project\":\"alpha\"}",
        new String(
            SseMetadata.associatedData(client, "mybucket", "photos/2024/cat.png").toJson(),
            StandardCharsets.UTF_8));
    assertEquals(
        "eyJwcm9qZWN0IjoiYWxwaGEifQ==",
        java.util.Base64.getEncoder().encodeToString(client.toJson()));
  }
}
