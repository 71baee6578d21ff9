package io.keyrotate.job;

import io.keyrotate.JobDefinitionException;

/**
 * One entry of the {@code tags} or {@code metadata} filter: a key (compared case-insensitively) and a
 * value pattern ({@code *} any run of characters, {@code ?} exactly one character, everything else
 * literal and case-sensitive).
 *
 * @param key the tag or metadata key; not empty
 * @param value the value pattern; may be empty (matches only an empty value)
 */
public record KeyValueFilter(String key, String value) {
  /**
   * Validates the entry.
   *
   * @throws JobDefinitionException when {@code key} is empty
   */
  public KeyValueFilter {
    if (key.isEmpty()) {
      throw new JobDefinitionException(
          "keyrotate.flags.filter.(tags|metadata)[].key", "must not be empty");
    }
  }
}
