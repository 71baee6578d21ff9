package io.keyrotate.runner;

/** A monotonic nanosecond clock; tests substitute a manual one. */
@FunctionalInterface
interface Ticker {
  /** The system ticker ({@link System#nanoTime()}). */
  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
