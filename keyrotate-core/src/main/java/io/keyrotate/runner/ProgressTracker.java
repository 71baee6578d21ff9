package io.keyrotate.runner;

import io.keyrotate.spi.ObjectRef;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The contiguous-prefix checkpoint of one run (as HDFS re-encryption does it): every listed version gets
 * a sequence number in listing order; the checkpoint marker is the last version of the longest prefix of
 * sequence numbers that all finished successfully. It never passes a version that is in flight, queued or
 * failed, so a resumed job revisits all of them; a failure pins the marker before it for the rest of the
 * run.
 *
 * <p>Memory is bounded: the lister may run at most {@code window} versions ahead of the marker (it waits
 * in {@link #register}), except past the first failure, whose successors can never enter the checkpoint
 * and are therefore not kept.
 *
 * <p>Two sets of counters are kept: {@link Snapshot#prefix()} covers exactly the versions up to the marker
 * (what a checkpoint may claim, so that a resume does not count them twice), {@link Snapshot#total()}
 * every finished version of the run. Both start from the resumed checkpoint's counters.
 *
 * <p>Thread-safe.
 */
final class ProgressTracker {
  /** A consistent view of the progress. */
  record Snapshot(
      @Nullable ObjectRef marker, Map<String, Long> prefix, Map<String, Long> total, long registered,
      long finished) {}

  private static final Object FAILED = new Object();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final int window;
  private final Object[] ring;
  private final Counters prefix;
  private final Counters total;
  private @Nullable ObjectRef marker;
  private long nextSeq;
  private long frontier = -1;
  private long minFailed = Long.MAX_VALUE;
  private long finished;

  ProgressTracker(int window, @Nullable ObjectRef start, Map<String, Long> base) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.window = window;
    this.ring = new Object[window];
    this.marker = start;
    this.prefix = new Counters(base);
    this.total = new Counters(base);
  }

  /**
   * Assigns the next sequence number to a listed version, first waiting while the lister is a whole
   * window ahead of the marker.
   *
   * @param stop polled while waiting; when it turns true the version is not registered
   * @return the sequence number, or -1 when {@code stop} ended the wait
   */
  long register(BooleanSupplier stop) {
    lock.lock();
    try {
      while (nextSeq - frontier > window && nextSeq < minFailed) {
        if (stop.getAsBoolean()) {
          return -1;
        }
        advanced.await(50, TimeUnit.MILLISECONDS);
      }
      long seq = nextSeq++;
      if (seq < minFailed) {
        ring[slot(seq)] = null; // in flight
      }
      return seq;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the outcome of a registered version.
   *
   * @param seq its sequence number
   * @param outcome what happened; {@code FAIL} keeps the marker before it
   */
  void finished(long seq, ObjectOutcome outcome) {
    lock.lock();
    try {
      if (seq < 0 || seq >= nextSeq || seq <= frontier) {
        throw new IllegalStateException("sequence number " + seq + " is not in flight");
      }
      finished++;
      total.add(outcome);
      if (seq > minFailed) {
        return; // can never enter the checkpoint in this run
      }
      if (outcome.action() == ObjectOutcome.Action.FAIL) {
        minFailed = seq;
        ring[slot(seq)] = FAILED;
      } else {
        ring[slot(seq)] = outcome;
        while (frontier + 1 < nextSeq && frontier + 1 < minFailed) {
          Object o = ring[slot(frontier + 1)];
          if (!(o instanceof ObjectOutcome)) {
            break;
          }
          ObjectOutcome done = (ObjectOutcome) o;
          prefix.add(done);
          marker = done.ref();
          ring[slot(frontier + 1)] = null;
          frontier++;
        }
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sets a counter in both sets (internal-data counts, which belong to the job as a whole). */
  void set(String name, long value) {
    lock.lock();
    try {
      prefix.set(name, value);
      total.set(name, value);
    } finally {
      lock.unlock();
    }
  }

  Snapshot snapshot() {
    lock.lock();
    try {
      return new Snapshot(marker, prefix.toMap(), total.toMap(), nextSeq, finished);
    } finally {
      lock.unlock();
    }
  }

  /** Whether some version of this run failed. */
  boolean anyFailed() {
    lock.lock();
    try {
      return minFailed != Long.MAX_VALUE;
    } finally {
      lock.unlock();
    }
  }

  private int slot(long seq) {
    return (int) (seq % window);
  }
}
