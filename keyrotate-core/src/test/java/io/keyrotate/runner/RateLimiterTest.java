package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private long now;
  private final List<Long> slept = new ArrayList<>();
  private final Ticker ticker = () -> now;
  private final Sleeper sleeper = nanos -> {
    slept.add(nanos);
    now += nanos;
  };

  @Test
  void acquire_backToBack_spacedAtTheRate() {
    RateLimiter r = new RateLimiter(100, ticker, sleeper);
    for (int i = 0; i < 5; i++) {
      r.acquire(1);
    }
    assertEquals(List.of(10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L), slept);
    assertEquals(40_000_000L, now);
  }

  @Test
  void acquire_afterIdle_burstOfOneSecondThenRate() {
    RateLimiter r = new RateLimiter(4, ticker, sleeper);
    now += 10_000_000_000L; // idle 10 s: the bucket holds 4 permits, not 40
    for (int i = 0; i < 4; i++) {
      r.acquire(1);
    }
    assertEquals(List.of(), slept);
    r.acquire(1);
    assertEquals(List.of(250_000_000L), slept);
  }

  @Test
  void reserve_concurrentCallers_queueInArrivalOrder() {
    RateLimiter r = new RateLimiter(10, ticker, sleeper);
    assertEquals(0, r.reserve(1));
    assertEquals(100_000_000L, r.reserve(1));
    assertEquals(200_000_000L, r.reserve(1));
    assertEquals(400_000_000L, r.reserve(2));
  }

  @Test
  void constructor_badRate_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, ticker, sleeper));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Double.NaN, ticker, sleeper));
    assertThrows(IllegalArgumentException.class,
        () -> new RateLimiter(Double.POSITIVE_INFINITY, ticker, sleeper));
  }
}
