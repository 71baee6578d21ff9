package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  private static final String F = "keyrotate.flags.filter.newerThan";

  @ParameterizedTest
  @CsvSource({
    "7d, 604800000",
    "24h, 86400000",
    "5d12h30s, 475230000",
    "500ms, 500",
    "1w, 604800000",
    "90m, 5400000",
    "1s1ms, 1001",
    "1h1h, 7200000",
    "007s, 7000",
    "10d10h31s, 900031000"
  })
  void parse_productSyntax_givesMilliseconds(String text, long ms) {
    assertEquals(Duration.ofMillis(ms), Durations.parse(F, text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| it is empty",
        "0s| it is zero",
        "0d0h| it is zero",
        "7| the number at position 1 has no unit",
        "1h30| the number at position 3 has no unit",
        "7x| unknown unit 'x'",
        "7D| unknown unit 'D'",
        "1us| unknown unit 'us'",
        "d7| expected a number at position 1",
        "-1s| expected a number at position 1",
        "+1s| expected a number at position 1",
        "1.5h| the number at position 1 has no unit",
        "' 7d'| expected a number at position 1",
        "'7d '| expected a number at position 3",
        "99999999999999999999s| the number is too large",
        "9223372036854775807w| the duration is too large",
        "9223372036854775807ms1ms| the duration is too large"
      })
  void parse_badText_namesFieldAndReason(String text, String reason) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Durations.parse(F, text));
    assertEquals(F, e.field());
    assertTrue(e.getMessage().startsWith(F + ": invalid duration '"), e.getMessage());
    assertTrue(e.getMessage().contains(reason.strip()), e.getMessage());
    assertTrue(e.getMessage().contains("expected terms like 7d"), e.getMessage());
  }

  @Test
  void parse_spaceInside_isAnUnknownUnitError() {
    // "7 d": the unit after 7 is empty-then-space; the scanner stops at the space.
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Durations.parse(F, "7 d"));
    assertTrue(e.problem().contains("has no unit"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1ms",
    "1000, 1s",
    "60000, 1m",
    "3600000, 1h",
    "86400000, 1d",
    "604800000, 1w",
    "475230000, 5d12h30s",
    "694861001, 1w1d1h1m1s1ms",
    "25, 25ms"
  })
  void format_positiveDuration_isShortestForm(long ms, String text) {
    assertEquals(text, Durations.format(Duration.ofMillis(ms)));
  }

  @Test
  void format_zeroNegativeOrSubMillisecond_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Durations.format(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Durations.format(Duration.ofMillis(-5)));
    assertThrows(IllegalArgumentException.class, () -> Durations.format(Duration.ofNanos(1500)));
  }

  @Test
  void check_zeroNegativeSubMillisecondOrHuge_namesField() {
    assertEquals(
        "keyrotate.flags.retry.delay: must be a positive duration, got PT0S",
        assertThrows(
                JobDefinitionException.class,
                () -> Durations.check("keyrotate.flags.retry.delay", Duration.ZERO))
            .getMessage());
    assertTrue(
        assertThrows(
                JobDefinitionException.class, () -> Durations.check(F, Duration.ofSeconds(-1)))
            .problem()
            .startsWith("must be a positive duration"));
    assertTrue(
        assertThrows(JobDefinitionException.class, () -> Durations.check(F, Duration.ofNanos(1)))
            .problem()
            .startsWith("must be whole milliseconds"));
    assertTrue(
        assertThrows(
                JobDefinitionException.class,
                () -> Durations.check(F, Duration.ofSeconds(Long.MAX_VALUE)))
            .problem()
            .startsWith("is too large"));
    assertEquals(Duration.ofMillis(3), Durations.check(F, Duration.ofMillis(3)));
  }
}
