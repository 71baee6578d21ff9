package io.keyrotate.runner;

/**
 * A token bucket shared by all workers of a job: at most {@code permitsPerSecond} on average, with bursts
 * of up to one second's worth after idle time. Callers reserve permits and then sleep outside the lock for
 * their turn, so waiting threads are served in the order they arrived and none holds a lock while it
 * waits.
 *
 * <p>Thread-safe.
 */
final class RateLimiter {
  private final double permitsPerSecond;
  private final double capacity;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  RateLimiter(double permitsPerSecond, Ticker ticker, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException("rate must be positive and finite, got " + permitsPerSecond);
    }
    this.permitsPerSecond = permitsPerSecond;
    this.capacity = Math.max(1.0, permitsPerSecond);
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.tokens = 1.0;
    this.last = ticker.nanoTime();
  }

  double permitsPerSecond() {
    return permitsPerSecond;
  }

  /** Takes {@code permits} permits, waiting as long as the rate requires. */
  void acquire(int permits) {
    long wait = reserve(permits);
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }

  /** Reserves permits and returns how long the caller must wait before using them, in nanoseconds. */
  synchronized long reserve(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    long now = ticker.nanoTime();
    long elapsed = now - last;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * permitsPerSecond / 1e9);
      last = now;
    }
    tokens -= permits;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / permitsPerSecond * 1e9);
  }
}
