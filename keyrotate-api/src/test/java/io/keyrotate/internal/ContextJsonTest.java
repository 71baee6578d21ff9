package io.keyrotate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextJsonTest {

  @Test
  void parse_objectOfStrings_keepsOrderAndDecodesEscapes() {
    Map<String, String> m =
        ContextJson.parse(" {\"z\" : \"a\\\"b\\\\c\\/d\", \"a\":\"\\b\\f\\n\\r\\t\\u00e9\\u20AC\"} ");
    assertEquals(List.of("z", "a"), List.copyOf(m.keySet()));
    assertEquals("a\"b\\c/d", m.get("z"));
    assertEquals("\b\f\n\r\té€", m.get("a"));
    assertEquals(Map.of(), ContextJson.parse("{}"));
    assertEquals(Map.of("", ""), ContextJson.parse("{\"\":\"\"}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| unexpected end of JSON",
        "[]| expected a JSON object ('{')",
        "{| unexpected end of JSON",
        "{\"a\"| unexpected end of JSON",
        "{\"a\":| unexpected end of JSON",
        "{a:\"b\"}| expected a string key",
        "{\"a\" \"b\"}| expected ':' after a key",
        "{\"a\":1}| the value of key 'a' must be a string",
        "{\"a\":null}| the value of key 'a' must be a string",
        "{\"a\":{}}| the value of key 'a' must be a string",
        "{\"a\":\"1\" \"b\":\"2\"}| expected ',' or '}'",
        "{\"a\":\"1\",}| expected a string key",
        "{\"a\":\"1\",\"a\":\"2\"}| duplicate key 'a'",
        "{\"a\":\"1\"}x| unexpected data after the JSON object",
        "{\"a\":\"1\"}{}| unexpected data after the JSON object",
        "{\"a\":\"\\x\"}| invalid escape '\\x'",
        "{\"a\":\"\\u12| truncated \\u escape",
        "{\"a\":\"\\u12G4\"}| invalid \\u escape",
        "{\"a\":\"abc| unterminated string",
        "{\"a\":\"abc\\| unterminated escape"
      })
  void parse_malformed_saysWhatAndWhere(String json, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parse(json));
    assertTrue(e.getMessage().startsWith(expected + " at offset "), e.getMessage());
  }

  @Test
  void parse_rawControlCharacterInString_isRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parse("{\"a\":\"x\ny\"}"));
    assertEquals("control character in a string must be escaped at offset 7", e.getMessage());
  }

  @Test
  void write_escapesWhatJsonRequires() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("q\"", "back\\slash");
    m.put("ctl", "\n\r\t\u0001\u001f");
    m.put("uni", "é€😀/");
    assertEquals(
        "{\"q\\\"\":\"back\\\\slash\",\"ctl\":\"\\n\\r\\t\\u0001\\u001f\",\"uni\":\"é€😀/\"}",
        ContextJson.write(m));
    assertEquals(m, ContextJson.parse(ContextJson.write(m)));
    assertEquals("{}", ContextJson.write(Map.of()));
  }

  @Test
  void parseBase64_distinguishesBase64Utf8JsonAndSize() {
    assertEquals(
        Map.of("a", "b"),
        ContextJson.parseBase64(
            Base64.getEncoder().encodeToString("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8)),
            100));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parseBase64("e30!", 100))
            .getMessage()
            .startsWith("not valid standard base64"));
    // Go's StdEncoding (and so MinIO) requires the padding the JDK decoder would let pass.
    assertEquals(
        "not valid standard base64: length 3 is not a multiple of 4 (missing padding?)",
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parseBase64("e30", 100))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parseBase64("/w==", 100))
            .getMessage()
            .startsWith("does not decode to UTF-8 text"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parseBase64("W10=", 100))
            .getMessage()
            .startsWith("is not a JSON object whose values are strings: expected a JSON object"));
    assertEquals(
        "decodes to 2 bytes; at most 1 are accepted",
        assertThrows(IllegalArgumentException.class, () -> ContextJson.parseBase64("e30=", 1))
            .getMessage());
  }
}
