package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void write_nestedValues_compactJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", 3L);
    m.put("s", "x");
    String s = new Json().beginObject().field("a", "b").field("c", 1).field("d", true)
        .field("e", (String) null).field("f", 1.5).field("g", Double.NaN).field("m", m)
        .name("l").beginArray().value("x").value(2).beginObject().endObject().endArray().endObject()
        .toString();
    assertEquals(
        "{\"a\":\"b\",\"c\":1,\"d\":true,\"e\":null,\"f\":1.5,\"g\":null,\"m\":{\"n\":3,\"s\":\"x\"},"
            + "\"l\":[\"x\",2,{}]}",
        s);
  }

  @Test
  void quote_lineBreaksControlsAndSeparators_escaped() {
    StringBuilder b = new StringBuilder();
    Json.quote(b, "a\"b\\c\nd\re\tf\u0000g\u001fh\u007fi\u2028j\u2029k\ud800l\udc00m\ud83d\ude00");
    assertEquals(
        "\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\\u007fi\\u2028j\\u2029k\\ud800l\\udc00m\ud83d\ude00\"",
        b.toString());
  }

  @Test
  void misuse_unbalanced_rejected() {
    assertThrows(IllegalStateException.class, () -> new Json().endObject());
    assertThrows(IllegalStateException.class, () -> new Json().beginObject().name("a").name("b"));
  }
}
