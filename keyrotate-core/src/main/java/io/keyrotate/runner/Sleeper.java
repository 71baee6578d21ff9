package io.keyrotate.runner;

/**
 * Waits; tests substitute one that records instead of sleeping. Implementations return early rather
 * than throw: on interruption they restore the thread's interrupt flag and return.
 */
@FunctionalInterface
interface Sleeper {
  /** A sleeper backed by {@link Thread#sleep}. */
  Sleeper SYSTEM =
      nanos -> {
        try {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  void sleep(long nanos);
}
