package io.keyrotate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

  @ParameterizedTest(name = "''{0}'' vs ''{1}'' → {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      emptyValue = "",
      textBlock =
          """
          *          | ""          | true
          *          | anything    | true
          **         | ""          | true
          ""         | ""          | true
          ""         | a           | false
          ?          | ""          | false
          ?          | a           | true
          ?          | ab          | false
          ?          | é           | true
          ?          | 😀          | true
          ??         | 😀          | false
          a?c        | a😀c        | true
          *😀        | x😀         | true
          😀*        | 😀          | true
          é          | e\u0301     | false
          a*b*c      | abc         | true
          a*b*c      | aXbYc       | true
          a*b*c      | acb         | false
          a*         | a           | true
          *a         | ba          | true
          *a         | ab          | false
          ?*         | ""          | false
          *?         | x           | true
          *?*?*      | x           | false
          Prod       | prod        | false
          pick*      | pickle      | true
          pick*      | Pickle      | false
          image/*    | image/png   | true
          x          | xx          | false
          *x*        | abxcd       | true
          [a]        | [a]         | true
          .*         | ab          | false
          .*         | .anything   | true
          \\*        | \\abc       | true
          a*a*a*a*b  | aaaaaaaa    | false
          a*a*a*a*b  | aaaaaaab    | true
          *ab*ab*    | xabyab      | true
          *ab*ab*    | xaby        | false
          """)
  void matches_table(String pattern, String value, boolean expected) {
    String v = value.replace("\\u0301", "\u0301");
    assertEquals(expected, Wildcard.matches(pattern, v), () -> "'" + pattern + "' vs '" + v + "'");
    assertEquals(expected, Wildcard.compile(pattern).matches(v));
  }

  @Test
  void matches_loneSurrogate_isOneCharacter() {
    assertTrue(Wildcard.matches("a?", "a\uD800"));
    assertTrue(Wildcard.matches("?\uDC00", "x\uDC00"));
    assertFalse(Wildcard.matches("??", "\uD83D\uDE00")); // a valid pair is one character
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS) // a liveness guard, not a performance assertion
  void matches_pathologicalPattern_doesNotBacktrackExponentially() {
    String value = "a".repeat(5_000);
    String pattern = "a*".repeat(40) + "b";
    assertFalse(Wildcard.matches(pattern, value));
    assertTrue(Wildcard.matches(pattern, value + "b"));
  }

  @Test
  void compile_keepsPatternAndEquality() {
    Wildcard w = Wildcard.compile("pick*");
    assertEquals("pick*", w.pattern());
    assertEquals("pick*", w.toString());
    assertEquals(Wildcard.compile("pick*"), w);
    assertEquals(Wildcard.compile("pick*").hashCode(), w.hashCode());
    assertFalse(w.equals(Wildcard.compile("pick?")));
  }
}
