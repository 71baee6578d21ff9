package io.keyrotate.internal;

/** Helpers to quote user input in messages without flooding them. */
public final class Texts {
  private static final int MAX = 64;

  private Texts() {}

  /**
   * Shortens {@code s} for an error message and escapes control characters so a message stays on one
   * line.
   */
  public static String clip(String s) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(s.length(), MAX);
    if (limit < s.length() && limit > 0 && Character.isHighSurrogate(s.charAt(limit - 1))) {
      limit--; // never cut a surrogate pair in half
    }
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > MAX) {
      b.append("…(").append(s.length()).append(" chars)");
    }
    return b.toString();
  }

  /**
   * Whether {@code s} is well-formed UTF-16 (no lone surrogates), i.e. encodes to UTF-8 and back
   * unchanged. Object keys, KMS key ids and YAML text are Unicode; a lone surrogate can never match one.
   */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
