package io.keyrotate.job;

import io.keyrotate.internal.Texts;
import io.keyrotate.JobDefinitionException;
import java.time.Duration;

/**
 * Parses and formats the duration syntax of job files.
 *
 * <p>A duration is one or more {@code <digits><unit>} terms with units {@code w} (7 days), {@code d} (24
 * hours), {@code h}, {@code m}, {@code s} and {@code ms}, for example {@code 7d}, {@code 5d12h30s} or
 * {@code 500ms}. Terms add up. No sign, no spaces, no fractions. Zero in total, an empty string, an unknown
 * unit or an overflow are errors: a filter or retry delay of zero is almost always a mistake. Durations are
 * whole milliseconds.
 *
 * <p>Thread-safe (stateless).
 */
public final class Durations {
  private static final long MS_PER_S = 1000L;
  private static final long MS_PER_M = 60 * MS_PER_S;
  private static final long MS_PER_H = 60 * MS_PER_M;
  private static final long MS_PER_D = 24 * MS_PER_H;
  private static final long MS_PER_W = 7 * MS_PER_D;

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param field the field path used in error messages
   * @param text the duration text, e.g. {@code 5d12h30s}
   * @return the positive duration
   * @throws JobDefinitionException naming {@code field} when the text is not a valid positive duration
   */
  public static Duration parse(String field, String text) {
    if (text.isEmpty()) {
      throw bad(field, text, "it is empty");
    }
    long totalMs = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int digitsStart = i;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
      }
      if (i == digitsStart) {
        throw bad(field, text, "expected a number at position " + (i + 1));
      }
      long value = 0;
      for (int k = digitsStart; k < i; k++) {
        try {
          value = Math.addExact(Math.multiplyExact(value, 10), text.charAt(k) - '0');
        } catch (ArithmeticException e) {
          throw bad(field, text, "the number is too large");
        }
      }
      int unitStart = i;
      while (i < n && Character.isLetter(text.charAt(i))) {
        i++;
      }
      String unit = text.substring(unitStart, i);
      long factor;
      switch (unit) {
        case "w":
          factor = MS_PER_W;
          break;
        case "d":
          factor = MS_PER_D;
          break;
        case "h":
          factor = MS_PER_H;
          break;
        case "m":
          factor = MS_PER_M;
          break;
        case "s":
          factor = MS_PER_S;
          break;
        case "ms":
          factor = 1;
          break;
        case "":
          throw bad(field, text, "the number at position " + (digitsStart + 1) + " has no unit");
        default:
          throw bad(field, text, "unknown unit '" + unit + "'");
      }
      try {
        totalMs = Math.addExact(totalMs, Math.multiplyExact(value, factor));
      } catch (ArithmeticException e) {
        throw bad(field, text, "the duration is too large");
      }
    }
    if (totalMs == 0) {
      throw bad(field, text, "it is zero");
    }
    return Duration.ofMillis(totalMs);
  }

  /**
   * Formats a duration in the shortest form {@link #parse} reads back to the same value, e.g. {@code
   * 1w2d3h}.
   *
   * @param d a positive duration of whole milliseconds
   * @return the text form
   * @throws IllegalArgumentException when {@code d} is not positive or not whole milliseconds
   */
  public static String format(Duration d) {
    if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("not a positive whole-millisecond duration: " + d);
    }
    long ms = d.toMillis();
    StringBuilder b = new StringBuilder();
    ms = term(b, ms, MS_PER_W, "w");
    ms = term(b, ms, MS_PER_D, "d");
    ms = term(b, ms, MS_PER_H, "h");
    ms = term(b, ms, MS_PER_M, "m");
    ms = term(b, ms, MS_PER_S, "s");
    term(b, ms, 1, "ms");
    return b.toString();
  }

  private static long term(StringBuilder b, long ms, long unit, String name) {
    long q = ms / unit;
    if (q > 0) {
      b.append(q).append(name);
    }
    return ms - q * unit;
  }

  /**
   * Checks a programmatically supplied duration against the same rules as {@link #parse}.
   *
   * @param field the field path used in error messages
   * @param d the duration
   * @return {@code d}
   */
  static Duration check(String field, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new JobDefinitionException(field, "must be a positive duration, got " + d);
    }
    if (d.getNano() % 1_000_000 != 0) {
      throw new JobDefinitionException(field, "must be whole milliseconds, got " + d);
    }
    try {
      d.toMillis();
    } catch (ArithmeticException e) {
      throw new JobDefinitionException(field, "is too large: " + d);
    }
    return d;
  }

  private static JobDefinitionException bad(String field, String text, String why) {
    return new JobDefinitionException(
        field,
        "invalid duration '"
            + Texts.clip(text)
            + "': "
            + why
            + " (expected terms like 7d, 5d12h30s or 500ms; units w, d, h, m, s, ms)");
  }
}
