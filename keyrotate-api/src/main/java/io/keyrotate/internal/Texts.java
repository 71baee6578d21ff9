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
}
