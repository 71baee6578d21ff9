package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionTest {
  private static final String CTX = "keyrotate.encryption.context";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void of_nullKeyAndNoContext_isTheDefaults() {
    assertSame(Encryption.defaults(), Encryption.of(null, Map.of()));
    assertNull(Encryption.defaults().key());
    assertTrue(Encryption.defaults().context().isEmpty());
  }

  @Test
  void of_keyAndContext_keepsContextOrderAndIsImmutable() {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put("z", "1");
    ctx.put("a", "2");
    Encryption e = Encryption.of("my-key", ctx);
    ctx.put("late", "x");
    assertEquals("my-key", e.key());
    assertEquals(List.of("z", "a"), List.copyOf(e.context().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> e.context().put("b", "c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void of_emptyOrBlankKey_isRejected(String key) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.of(key, Map.of()));
    assertEquals("keyrotate.encryption.key", e.field());
    assertTrue(e.problem().contains("must not be empty"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {" key", "key ", "key\n"})
  void of_keyWithSurroundingSpace_isRejected(String key) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.of(key, Map.of()));
    assertTrue(e.problem().contains("leading or trailing white space"), e.getMessage());
  }

  @Test
  void of_keyWithControlCharacterOrLoneSurrogate_isRejected() {
    assertTrue(
        assertThrows(JobDefinitionException.class, () -> Encryption.of("a\u0001b", Map.of()))
            .problem()
            .contains("control characters"));
    assertTrue(
        assertThrows(JobDefinitionException.class, () -> Encryption.of("a\ud800b", Map.of()))
            .problem()
            .contains("well-formed Unicode"));
  }

  @Test
  void of_contextWithLoneSurrogate_isRejected() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class, () -> Encryption.of(null, Map.of("k", "\udc00")));
    assertEquals(CTX, e.field());
  }

  @Test
  void decodeContext_base64OfJsonObject_givesOrderedMap() {
    Map<String, String> m = Encryption.decodeContext(b64("{\"b\":\"1\",\"a\":\"x\\\"y\"}"));
    assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
    assertEquals("x\"y", m.get("a"));
    assertEquals(Map.of(), Encryption.decodeContext(b64("{}")));
    assertEquals(Map.of("k", "v"), Encryption.decodeContext("  " + b64("{\"k\":\"v\"}") + "\n"));
  }

  @Test
  void decodeContext_badBase64_saysSo() {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.decodeContext("not base64!"));
    assertEquals(CTX, e.field());
    assertTrue(e.problem().contains("not valid standard base64"), e.getMessage());
  }

  @Test
  void decodeContext_urlSafeBase64_isRejected() {
    // "{\"k\":\"??>\"}" encodes with '+' or '/' in standard base64; the URL alphabet is not accepted.
    String std = b64("{\"k\":\"??>\"}");
    String url = std.replace('+', '-').replace('/', '_');
    assertTrue(!std.equals(url));
    assertThrows(JobDefinitionException.class, () -> Encryption.decodeContext(url));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[]", "\"s\"", "42", "null", "{\"a\":1}", "{\"a\":{}}", "{\"a\":\"1\",\"a\":\"2\"}",
        "{\"a\":\"1\"} x", "{"})
  void decodeContext_notAnObjectOfStrings_saysSo(String json) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.decodeContext(b64(json)));
    assertEquals(CTX, e.field());
    assertTrue(e.problem().contains("is not a JSON object whose values are strings"), e.getMessage());
  }

  @Test
  void decodeContext_notUtf8_saysSo() {
    String bad = Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xff, '}'});
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.decodeContext(bad));
    assertTrue(e.problem().contains("does not decode to UTF-8 text"), e.getMessage());
  }

  @Test
  void decodeContext_tooLarge_isRejected() {
    String big = b64("{\"k\":\"" + "v".repeat(Encryption.MAX_CONTEXT_BYTES) + "\"}");
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Encryption.decodeContext(big));
    assertTrue(e.problem().contains("at most " + Encryption.MAX_CONTEXT_BYTES), e.getMessage());
  }

  @Test
  void encodeContext_isBase64OfCompactJsonInMapOrder() {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put("project", "x");
    ctx.put("a\"b", "line\nbreak");
    String enc = Encryption.encodeContext(ctx);
    assertEquals(
        "{\"project\":\"x\",\"a\\\"b\":\"line\\nbreak\"}",
        new String(Base64.getDecoder().decode(enc), StandardCharsets.UTF_8));
    assertEquals(ctx, Encryption.decodeContext(enc));
  }

  @Test
  void equalsAndToString_coverKeyAndContext() {
    Encryption a = Encryption.of("k", Map.of("x", "y"));
    Encryption b = Encryption.of("k", Map.of("x", "y"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(!a.equals(Encryption.of("k", Map.of())));
    assertTrue(!a.equals(Encryption.of("j", Map.of("x", "y"))));
    assertEquals("Encryption{key=k, context={x=y}}", a.toString());
    assertEquals("Encryption{key=<default>, context={}}", Encryption.defaults().toString());
  }
}
