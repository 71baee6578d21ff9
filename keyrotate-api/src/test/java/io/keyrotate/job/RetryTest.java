package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {

  @Test
  void defaults_areThreeAttemptsAt25ms() {
    assertEquals(new Retry(3, Duration.ofMillis(25)), Retry.defaults());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void attempts_belowOne_isRejectedWithTheValue(int attempts) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> new Retry(attempts, Duration.ofSeconds(1)));
    assertEquals(
        "keyrotate.flags.retry.attempts: must be at least 1, got " + attempts, e.getMessage());
  }

  @Test
  void delay_notPositiveWholeMilliseconds_isRejected() {
    assertEquals(
        "keyrotate.flags.retry.delay",
        assertThrows(JobDefinitionException.class, () -> new Retry(1, Duration.ZERO)).field());
    assertEquals(
        "keyrotate.flags.retry.delay",
        assertThrows(JobDefinitionException.class, () -> new Retry(1, Duration.ofNanos(10)))
            .field());
  }
}
