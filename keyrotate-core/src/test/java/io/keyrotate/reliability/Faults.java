package io.keyrotate.reliability;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Decides, from a seeded {@link Random}, whether one call to a wrapped service fails and how, and counts
 * what it injected. Fractions are of all calls through the wrapper: {@code transientRate} throws a
 * retryable error before the call reaches the delegate, {@code timeoutRate} waits {@code slowMillis}
 * and then throws a retryable "timed out" error, {@code permanentRate} throws a non-retryable error, and
 * {@code slowRate} waits {@code slowMillis} and then lets the call through.
 */
final class Faults {
  /** What happens to one call. */
  enum Kind {
    NONE,
    TRANSIENT,
    TIMEOUT,
    PERMANENT,
    SLOW
  }

  private final Random random;
  private final double transientRate;
  private final double timeoutRate;
  private final double permanentRate;
  private final double slowRate;
  private final long slowMillis;
  private final Map<Kind, AtomicLong> counts = new TreeMap<>();
  private final AtomicLong calls = new AtomicLong();
  private volatile boolean armed = true;
  private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);

  Faults(long seed, double transientRate, double timeoutRate, double permanentRate, double slowRate,
      long slowMillis) {
    if (transientRate + timeoutRate + permanentRate + slowRate > 1) {
      throw new IllegalArgumentException("fault fractions add up to more than 1");
    }
    this.random = new Random(seed);
    this.transientRate = transientRate;
    this.timeoutRate = timeoutRate;
    this.permanentRate = permanentRate;
    this.slowRate = slowRate;
    this.slowMillis = slowMillis;
    for (Kind k : Kind.values()) {
      counts.put(k, new AtomicLong());
    }
  }

  /** Turns injection on or off (calls made while off are neither failed nor counted). */
  Faults armed(boolean on) {
    armed = on;
    return this;
  }

  /** Injects at most {@code n} more faults; calls after that all go through. */
  Faults limit(long n) {
    budget.set(n);
    return this;
  }

  /**
   * Decides the fate of one call and acts on it: returns normally (possibly after a delay) when the call
   * may proceed, otherwise throws the exception {@code error} makes from a message and retryability.
   */
  void call(String what, BiFunction<String, Boolean, RuntimeException> error) {
    if (!armed) {
      return;
    }
    calls.incrementAndGet();
    double d;
    synchronized (random) {
      d = random.nextDouble();
    }
    Kind k;
    if (d < transientRate) {
      k = Kind.TRANSIENT;
    } else if ((d -= transientRate) < timeoutRate) {
      k = Kind.TIMEOUT;
    } else if ((d -= timeoutRate) < permanentRate) {
      k = Kind.PERMANENT;
    } else if ((d -= permanentRate) < slowRate) {
      k = Kind.SLOW;
    } else {
      k = Kind.NONE;
    }
    if (k != Kind.NONE && budget.getAndDecrement() <= 0) {
      k = Kind.NONE;
    }
    counts.get(k).incrementAndGet();
    switch (k) {
      case TRANSIENT -> throw error.apply("injected transient failure of " + what, true);
      case TIMEOUT -> {
        pause();
        throw error.apply("injected timeout of " + what + " after " + slowMillis + " ms", true);
      }
      case PERMANENT -> throw error.apply("injected permanent failure of " + what, false);
      case SLOW -> pause();
      case NONE -> { }
    }
  }

  private void pause() {
    try {
      Thread.sleep(slowMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long calls() {
    return calls.get();
  }

  long count(Kind k) {
    return counts.get(k).get();
  }

  /** Faults that made a call fail (transient, timeout, permanent). */
  long failuresInjected() {
    return count(Kind.TRANSIENT) + count(Kind.TIMEOUT) + count(Kind.PERMANENT);
  }

  @Override
  public String toString() {
    return "calls " + calls + ", " + counts;
  }
}
