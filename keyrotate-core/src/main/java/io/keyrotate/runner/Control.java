package io.keyrotate.runner;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The run state shared by the lister, the workers and the coordinator of one job: pause, cancel and
 * abort requests, and waits that end early when the job stops. Thread-safe.
 */
final class Control {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean paused;
  private boolean canceled;
  private @Nullable String abortReason;

  boolean pause() {
    lock.lock();
    try {
      if (canceled || abortReason != null || paused) {
        return false;
      }
      paused = true;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean resume() {
    lock.lock();
    try {
      boolean was = paused;
      paused = false;
      changed.signalAll();
      return was;
    } finally {
      lock.unlock();
    }
  }

  void cancel() {
    lock.lock();
    try {
      if (abortReason == null) {
        canceled = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the job as failed; the first reason wins. */
  void abort(String reason) {
    lock.lock();
    try {
      if (abortReason == null && !canceled) {
        abortReason = reason;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean paused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  boolean canceled() {
    lock.lock();
    try {
      return canceled;
    } finally {
      lock.unlock();
    }
  }

  @Nullable String abortReason() {
    lock.lock();
    try {
      return abortReason;
    } finally {
      lock.unlock();
    }
  }

  boolean stopping() {
    lock.lock();
    try {
      return canceled || abortReason != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks while the job is paused.
   *
   * @return {@code true} to go on, {@code false} when the job is stopping
   */
  boolean awaitRunnable() {
    lock.lock();
    try {
      while (paused && !canceled && abortReason == null) {
        changed.await();
      }
      return !canceled && abortReason == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortReason = abortReason == null && !canceled ? "interrupted" : abortReason;
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps up to {@code nanos}, returning early when the job stops; the job's default {@link Sleeper}. */
  void sleep(long nanos) {
    lock.lock();
    try {
      long left = nanos;
      while (left > 0 && !canceled && abortReason == null) {
        left = changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code millis} for any state change. */
  void awaitChange(long millis) {
    lock.lock();
    try {
      changed.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter (the coordinator uses it when the workers are done). */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
