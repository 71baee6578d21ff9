package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.internal.ContextJson;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class JsonProperties {
  /** Any string, however hostile, round-trips through an object and never breaks a line. */
  @Property(tries = 500)
  void quote_anyString_singleLineAndRoundTrips(
      @ForAll @StringLength(max = 40) @CharRange(from = 0, to = 0xffff) String k,
      @ForAll @StringLength(max = 40) @CharRange(from = 0, to = 0xffff) String v) {
    String json = new Json().beginObject().field(k, v).endObject().toString();
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      assertTrue(c >= 0x20 && c != 0x7f && c != '\u2028' && c != '\u2029', "raw char " + (int) c);
    }
    assertEquals(Map.of(k, v), ContextJson.parse(json));
  }

  /** An object outcome's JSON line parses back to its fields. */
  @Property(tries = 300)
  void outcome_toJson_parsesBackToItsFields(
      @ForAll @StringLength(min = 1, max = 30) String key,
      @ForAll @StringLength(max = 30) String detail,
      @ForAll boolean versioned) {
    ObjectOutcome o = new ObjectOutcome("bkt", key, versioned ? "v1" : null,
        ObjectOutcome.Action.SKIP, "LOCKED", ObjectOutcome.Result.DONE, detail, 5, 0);
    Map<String, ?> m = FlatJson.parse(o.toJson());
    assertEquals(key, m.get("key"));
    assertEquals(detail, m.get("detail"));
    assertEquals(versioned ? "v1" : null, m.get("versionId"));
    assertEquals("SKIP", m.get("action"));
    assertEquals("LOCKED", m.get("reason"));
    assertEquals("done", m.get("outcome"));
  }
}
