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
    int limit = Math.min(s.length(), MAX);
    if (limit < s.length() && limit > 0 && Character.isHighSurrogate(s.charAt(limit - 1))) {
      limit--; // never cut a surrogate pair in half
    }
    String head = oneLine(s.substring(0, limit));
    return s.length() > MAX ? head + "…(" + s.length() + " chars)" : head;
  }

  /**
   * Escapes control characters (U+0000–U+001F, U+007F) as six-character {@code u}-escapes and keeps
   * everything else, so that a name from untrusted data (an S3 key may hold a newline) cannot break or
   * forge a log line.
   */
  public static String oneLine(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
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
