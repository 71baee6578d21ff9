package io.keyrotate.policy;

import org.jspecify.annotations.Nullable;

/**
 * The value pattern of the {@code tags} and {@code metadata} filters.
 *
 * <p>A pattern matches a whole value. {@code *} matches any run of characters, including none; {@code ?}
 * matches exactly one character; every other character matches only itself, case-sensitively. There is
 * no escape: a pattern cannot require a literal {@code *} or {@code ?}. The empty pattern matches only
 * the empty value. "Character" means a Unicode code point, so {@code ?} matches {@code é} (two UTF-8
 * bytes) and {@code 😀} (two UTF-16 units) alike; this deliberately differs from MinIO's matcher, which
 * works on bytes. An unpaired surrogate counts as one character. No Unicode normalisation is applied:
 * {@code é} precomposed and {@code e}+combining accent are different values.
 *
 * <p>Matching is the greedy two-pointer algorithm with one back-tracking point (the last {@code *}), so
 * it takes at most {@code O(pattern × value)} steps and no pattern can make it exponential (e.g. {@code
 * a*a*a*a*b}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Wildcard {
  private static final int STAR = '*';
  private static final int ONE = '?';

  private final String pattern;
  private final int[] cps;

  private Wildcard(String pattern) {
    this.pattern = pattern;
    this.cps = pattern.codePoints().toArray();
  }

  /**
   * Compiles a pattern for repeated use.
   *
   * @param pattern the pattern; any string is valid
   * @return the matcher
   */
  public static Wildcard compile(String pattern) {
    return new Wildcard(pattern);
  }

  /**
   * Whether {@code value} matches {@code pattern}; shorthand for {@code compile(pattern).matches(value)}.
   *
   * @param pattern the pattern
   * @param value the value
   * @return {@code true} when the whole value matches
   */
  public static boolean matches(String pattern, String value) {
    return compile(pattern).matches(value);
  }

  /**
   * Whether {@code value} matches this pattern.
   *
   * @param value the value
   * @return {@code true} when the whole value matches
   */
  public boolean matches(String value) {
    int[] s = value.codePoints().toArray();
    int p = 0;
    int i = 0;
    int star = -1; // index in the pattern of the last '*' seen
    int resume = 0; // index in the value where that '*' currently stops
    while (i < s.length) {
      if (p < cps.length && cps[p] != STAR && (cps[p] == ONE || cps[p] == s[i])) {
        p++;
        i++;
      } else if (p < cps.length && cps[p] == STAR) {
        star = p++;
        resume = i;
      } else if (star >= 0) {
        // Let the last '*' swallow one more character and retry the rest of the pattern after it.
        p = star + 1;
        i = ++resume;
      } else {
        return false;
      }
    }
    while (p < cps.length && cps[p] == STAR) {
      p++;
    }
    return p == cps.length;
  }

  /**
   * The pattern text.
   *
   * @return the pattern as compiled
   */
  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Wildcard && ((Wildcard) o).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
