package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {
  private static final String F = "keyrotate.flags.filter.createdAfter";

  @ParameterizedTest
  @CsvSource({
    "2023-03-02, 2023-03-02T00:00:00Z",
    "2024-02-29, 2024-02-29T00:00:00Z",
    "2024-05-01T12:30:00Z, 2024-05-01T12:30:00Z",
    "2024-05-01t12:30:00z, 2024-05-01T12:30:00Z",
    "2024-05-01T12:30:00.5+02:00, 2024-05-01T10:30:00.500Z",
    "2024-05-01T00:30:00-01:30, 2024-05-01T02:00:00Z",
    "2024-05-01T12:30:00.123456789Z, 2024-05-01T12:30:00.123456789Z",
    "0001-01-01, 0001-01-01T00:00:00Z"
  })
  void parse_dateOrRfc3339_givesInstant(String text, String expected) {
    assertEquals(Instant.parse(expected), Dates.parse(F, text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "date",
        "",
        "2023-3-2",
        "2023/03/02",
        "02-03-2023",
        "2023-03-02 12:00:00",
        "2023-03-02T12:00:00",
        "2023-03-02T12:00Z",
        "2023-03-02T12:00:00.Z",
        "2023-03-02T12:00:00.1234567890Z",
        " 2023-03-02",
        "2023-03-02\n",
        "20230302"
      })
  void parse_otherSyntax_isRejectedWithTheExpectedForm(String text) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Dates.parse(F, text));
    assertEquals(F, e.field());
    assertTrue(e.problem().contains("expected YYYY-MM-DD or an RFC 3339 instant"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-30",
        "2023-13-01",
        "2023-00-10",
        "2023-03-02T24:00:00Z",
        "2023-03-02T12:60:00Z",
        "2023-03-02T12:00:00+24:00",
        "2023-03-02T12:00:00+99:99"
      })
  void parse_impossibleDate_isRejectedNamingTheField(String text) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Dates.parse(F, text));
    assertEquals(F, e.field());
    assertTrue(e.problem().startsWith("invalid date '" + text + "'"), e.getMessage());
  }

  @Test
  void parse_hugeText_isClippedInTheMessage() {
    String text = "x".repeat(100_000);
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Dates.parse(F, text));
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertTrue(e.getMessage().contains("(100000 chars)"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "2023-03-02T00:00:00Z, 2023-03-02",
    "2023-03-02T00:00:00.001Z, 2023-03-02T00:00:00.001Z",
    "2023-03-02T10:30:00Z, 2023-03-02T10:30:00Z",
    "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z"
  })
  void format_instant_isShortestReadableForm(String instant, String text) {
    assertEquals(text, Dates.format(Instant.parse(instant)));
  }
}
