package io.keyrotate.policy;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class WildcardProperties {
  /** Characters that exercise every branch: literals (1 and 2 UTF-16 units, 2 and 4 UTF-8 bytes) and both wildcards. */
  private static final List<String> TOKENS = List.of("a", "b", "é", "😀", "*", "?");

  @Provide
  Arbitrary<String> small() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(8).map(l -> String.join("", l));
  }

  /** The specification as a regular expression over code points: '*' = ".*", '?' = ".", else literal. */
  private static boolean oracle(String pattern, String value) {
    StringBuilder re = new StringBuilder();
    pattern.codePoints()
        .forEach(
            cp -> {
              if (cp == '*') {
                re.append(".*");
              } else if (cp == '?') {
                re.append('.');
              } else {
                re.append(Pattern.quote(new String(Character.toChars(cp))));
              }
            });
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
  }

  @Property(tries = 3000)
  void matches_smallInputs_agreesWithRegexOracle(
      @ForAll("small") String pattern, @ForAll("small") String value) {
    if (Wildcard.matches(pattern, value) != oracle(pattern, value)) {
      throw new AssertionError("'" + pattern + "' vs '" + value + "': oracle says " + oracle(pattern, value));
    }
  }

  @Property(tries = 500)
  void matches_anyPattern_matchesItself(@ForAll String pattern) {
    // '*' matches '*', '?' matches any one character, literals match themselves.
    if (!Wildcard.matches(pattern, pattern)) {
      throw new AssertionError(pattern);
    }
  }

  @Property(tries = 500)
  void matches_star_matchesAnyValue(@ForAll String value) {
    if (!Wildcard.matches("*", value)) {
      throw new AssertionError(value);
    }
  }

  @Property(tries = 500)
  void matches_literalPattern_matchesOnlyAnEqualValue(@ForAll String literal, @ForAll String value) {
    String p = literal.replace("*", "").replace("?", "");
    if (Wildcard.matches(p, value) != p.equals(value) || !Wildcard.matches(p, p)) {
      throw new AssertionError("'" + p + "' vs '" + value + "'");
    }
  }

  @Property(tries = 500)
  void matches_oneQuestionMarkPerCodePoint_matchesTheValue(@ForAll String value) {
    String p = "?".repeat((int) value.codePoints().count());
    if (!Wildcard.matches(p, value) || Wildcard.matches(p + "?", value)) {
      throw new AssertionError(value);
    }
  }

  @Property(tries = 500)
  void matches_prefixThenStar_matchesExactlyTheValuesWithThatPrefix(
      @ForAll("small") String prefix, @ForAll String value) {
    String literal = prefix.replace("*", "").replace("?", "");
    if (Wildcard.matches(literal + "*", value) != value.startsWith(literal)) {
      throw new AssertionError("'" + literal + "*' vs '" + value + "'");
    }
  }
}
