package io.keyrotate.runner;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON text builder for reports, JSON lines and the webhook body. Output is compact and always a
 * single line: every control character, the line and paragraph separators U+2028/U+2029 and lone
 * surrogates are escaped, so a value (an object key, a tag, an error message) can never break a JSON
 * line. Not thread-safe.
 */
final class Json {
  private final StringBuilder b;
  /** One bit per nesting level: whether the container at that level already holds a member. */
  private long hasMember;

  private int depth;
  private boolean afterName;

  Json() {
    this(new StringBuilder(256));
  }

  Json(StringBuilder b) {
    this.b = b;
  }

  Json beginObject() {
    beforeValue();
    b.append('{');
    push();
    return this;
  }

  Json endObject() {
    pop();
    b.append('}');
    return this;
  }

  Json beginArray() {
    beforeValue();
    b.append('[');
    push();
    return this;
  }

  Json endArray() {
    pop();
    b.append(']');
    return this;
  }

  Json name(String name) {
    if (afterName) {
      throw new IllegalStateException("a name must be followed by a value");
    }
    separate();
    quote(b, name);
    b.append(':');
    afterName = true;
    return this;
  }

  Json value(@Nullable String v) {
    beforeValue();
    if (v == null) {
      b.append("null");
    } else {
      quote(b, v);
    }
    return this;
  }

  Json value(long v) {
    beforeValue();
    b.append(v);
    return this;
  }

  Json value(boolean v) {
    beforeValue();
    b.append(v);
    return this;
  }

  /** Writes a finite double; NaN and infinities become {@code null} (JSON has no such numbers). */
  Json value(double v) {
    beforeValue();
    if (Double.isFinite(v)) {
      b.append(v);
    } else {
      b.append("null");
    }
    return this;
  }

  Json field(String name, @Nullable String v) {
    return name(name).value(v);
  }

  Json field(String name, long v) {
    return name(name).value(v);
  }

  Json field(String name, boolean v) {
    return name(name).value(v);
  }

  Json field(String name, double v) {
    return name(name).value(v);
  }

  /** Writes {@code name: {k: v, ...}} with the map's iteration order. */
  Json field(String name, Map<String, ?> map) {
    name(name).beginObject();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      Object v = e.getValue();
      name(e.getKey());
      if (v instanceof Long || v instanceof Integer) {
        value(((Number) v).longValue());
      } else {
        value(String.valueOf(v));
      }
    }
    return endObject();
  }

  @Override
  public String toString() {
    return b.toString();
  }

  private void push() {
    if (++depth >= 64) {
      throw new IllegalStateException("nesting too deep");
    }
    hasMember &= ~(1L << depth);
  }

  private void pop() {
    if (depth == 0 || afterName) {
      throw new IllegalStateException("unbalanced JSON");
    }
    depth--;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    separate();
  }

  private void separate() {
    long bit = 1L << depth;
    if (depth > 0 && (hasMember & bit) != 0) {
      b.append(',');
    }
    hasMember |= bit;
  }

  /** Appends {@code s} as a JSON string literal that contains no raw line break or control character. */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            hex(b, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            hex(b, c); // a lone surrogate has no UTF-8 form; keep it visible instead of '?'
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private static void hex(StringBuilder b, char c) {
    b.append("\\u");
    String h = Integer.toHexString(c);
    for (int k = h.length(); k < 4; k++) {
      b.append('0');
    }
    b.append(h);
  }
}
