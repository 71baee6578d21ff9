package io.keyrotate.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  private static Object parse(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_nestedValues_mapToJavaTypes() {
    Map<?, ?> m = (Map<?, ?>) parse(" {\"a\":[1,-2.5e3,true,false,null,\"x\"],\"b\":{}} ");
    assertEquals(
        List.of(1L, new BigDecimal("-2.5e3"), true, false), ((List<?>) m.get("a")).subList(0, 4));
    assertNull(((List<?>) m.get("a")).get(4));
    assertEquals(Map.of(), m.get("b"));
    assertEquals(
        new BigDecimal("123456789012345678901234567890"), parse("123456789012345678901234567890"));
  }

  @Test
  void parse_duplicateMember_keepsTheLastValue() {
    assertEquals(Map.of("a", "2"), parse("{\"a\":\"1\",\"a\":\"2\"}"));
  }

  @Test
  void parse_escapes_followGoDecoding() {
    assertEquals("é/<\uD83D\uDE00", parse("\"\\u00e9\\/\\u003c\\ud83d\\ude00\""));
    assertEquals("\uFFFDx", parse("\"\\ud800x\""), "lone surrogate escape");
    assertEquals("\uFFFDA", parse("\"\\ud83d\\u0041\""), "high surrogate without its pair");
    // a raw invalid byte is kept (as an escape surrogate), not replaced
    Object raw = Json.parse(new byte[] {'"', 'a', (byte) 0xff, '"'});
    assertEquals("a\uDCFF", raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "}",
        "{\"a\":1,}",
        "[1,]",
        "{'a':1}",
        "{\"a\" 1}",
        "01",
        "1.",
        "-",
        "1e",
        "+1",
        "tru",
        "nul",
        "\"\\x\"",
        "\"\\u12\"",
        "\"a",
        "{} x",
        "[1] [2]",
        "{\"a\":\"\t\"}",
        "NaN",
        "/* c */ {}",
      })
  void parse_malformedText_isRejectedWithoutEchoingIt(String text) {
    FormatException e = assertThrows(FormatException.class, () -> parse(text));
    assertTrue(e.getMessage().startsWith("invalid JSON: expected "), e.getMessage());
  }

  @Test
  void parse_deepNesting_isBounded() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThrows(FormatException.class, () -> parse(deep));
    String ok = "[".repeat(60) + "]".repeat(60);
    assertTrue(parse(ok) instanceof List);
  }
}
