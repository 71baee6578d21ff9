package io.keyrotate.job;

import io.keyrotate.internal.Texts;
import io.keyrotate.JobDefinitionException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses and formats the date syntax of job files: {@code YYYY-MM-DD} (midnight UTC) or an RFC 3339
 * instant ({@code 2024-05-01T12:30:00Z}, {@code 2024-05-01T12:30:00.5+02:00}).
 *
 * <p>Thread-safe (stateless).
 */
public final class Dates {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

  private Dates() {}

  /**
   * Parses a date or instant.
   *
   * @param field the field path used in error messages
   * @param text {@code YYYY-MM-DD} or an RFC 3339 date-time with offset
   * @return the instant (a date means midnight UTC)
   * @throws JobDefinitionException naming {@code field} when the text is neither
   */
  public static Instant parse(String field, String text) {
    try {
      if (DATE.matcher(text).matches()) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (RFC3339.matcher(text).matches()) {
        String iso = text.replace('t', 'T').replace('z', 'Z');
        return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
    } catch (DateTimeParseException e) {
      throw new JobDefinitionException(
          field, "invalid date '" + Texts.clip(text) + "': " + e.getMessage());
    }
    throw new JobDefinitionException(
        field,
        "invalid date '"
            + Texts.clip(text)
            + "' (expected YYYY-MM-DD or an RFC 3339 instant such as 2024-05-01T12:30:00Z)");
  }

  /**
   * Formats an instant the shortest way {@link #parse} reads back: {@code YYYY-MM-DD} at midnight UTC,
   * else an RFC 3339 instant in UTC.
   *
   * @param instant the instant
   * @return the text form
   */
  public static String format(Instant instant) {
    OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
    if (t.toLocalTime().toNanoOfDay() == 0 && t.getYear() >= 0 && t.getYear() <= 9999) {
      return t.toLocalDate().toString();
    }
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
