package io.keyrotate.job;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;

/**
 * The {@code retry} section: how many times one object is tried and the minimum wait between tries.
 * The runner sleeps {@code delay · (1 + U[0,1))} between attempts and retries only retryable failures.
 *
 * @param attempts tries per object, at least 1 (default 3)
 * @param delay minimum wait between tries, positive whole milliseconds (default 25ms)
 */
public record Retry(int attempts, Duration delay) {
  /** The default number of attempts. */
  public static final int DEFAULT_ATTEMPTS = 3;

  /** The default delay. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(25);

  private static final Retry DEFAULTS = new Retry(DEFAULT_ATTEMPTS, DEFAULT_DELAY);

  /**
   * Validates the section.
   *
   * @throws JobDefinitionException naming the field when attempts &lt; 1 or the delay is not positive
   */
  public Retry {
    if (attempts < 1) {
      throw new JobDefinitionException(
          "keyrotate.flags.retry.attempts", "must be at least 1, got " + attempts);
    }
    Durations.check("keyrotate.flags.retry.delay", delay);
  }

  /**
   * The defaults: 3 attempts, 25 ms.
   *
   * @return the default section
   */
  public static Retry defaults() {
    return DEFAULTS;
  }
}
