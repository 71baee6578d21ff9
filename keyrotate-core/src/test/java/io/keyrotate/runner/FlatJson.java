package io.keyrotate.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict test-side reader for one JSON object whose values are strings, numbers, booleans, null or
 * nested objects of the same kind (returned as maps). Enough to check reports and JSON lines.
 */
final class FlatJson {
  private final String s;
  private int pos;

  private FlatJson(String s) {
    this.s = s;
  }

  static Map<String, @Nullable Object> parse(String json) {
    FlatJson p = new FlatJson(json);
    Map<String, @Nullable Object> m = p.object();
    if (p.pos != json.length()) {
      throw new IllegalArgumentException("trailing data at " + p.pos);
    }
    return m;
  }

  private Map<String, @Nullable Object> object() {
    expect('{');
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      String k = string();
      expect(':');
      if (m.containsKey(k)) {
        throw new IllegalArgumentException("duplicate key " + k);
      }
      m.put(k, value());
      char c = s.charAt(pos++);
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or } at " + (pos - 1));
      }
    }
  }

  private @Nullable Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{') {
      return object();
    }
    if (s.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    if (s.startsWith("true", pos)) {
      pos += 4;
      return true;
    }
    if (s.startsWith("false", pos)) {
      pos += 5;
      return false;
    }
    int start = pos;
    while (pos < s.length() && "-+.eE0123456789".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String num = s.substring(start, pos);
    if (num.isEmpty()) {
      throw new IllegalArgumentException("unexpected " + c + " at " + start);
    }
    return num.contains(".") || num.contains("e") || num.contains("E")
        ? (Object) Double.parseDouble(num)
        : (Object) Long.parseLong(num);
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("raw control character at " + (pos - 1));
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u':
          b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
          break;
        default: b.append(e);
      }
    }
  }

  private char peek() {
    return s.charAt(pos);
  }

  private void expect(char c) {
    if (s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected " + c + " at " + pos + " in " + s);
    }
    pos++;
  }
}
