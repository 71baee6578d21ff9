package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.ObjectRef;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProgressTrackerTest {
  static ObjectOutcome done(String key) {
    return new ObjectOutcome("b", key, null, ObjectOutcome.Action.REWRAP, "OTHER_KEY",
        ObjectOutcome.Result.DONE, "", 10, 1);
  }

  static ObjectOutcome failed(String key) {
    return new ObjectOutcome("b", key, null, ObjectOutcome.Action.FAIL, "KMS_ERROR",
        ObjectOutcome.Result.FAILED, "", 10, 3);
  }

  @Test
  void finished_outOfOrder_markerAdvancesOnlyOverTheContiguousPrefix() {
    ProgressTracker t = new ProgressTracker(10, null, Map.of());
    long a = t.register(() -> false);
    long b = t.register(() -> false);
    long c = t.register(() -> false);
    t.finished(c, done("c"));
    t.finished(b, done("b"));
    assertNull(t.snapshot().marker(), "a is still in flight");
    t.finished(a, done("a"));
    assertEquals(new ObjectRef("b", "c", null), t.snapshot().marker());
    assertEquals(3L, t.snapshot().prefix().get("versions"));
    assertEquals(30L, t.snapshot().prefix().get("bytes"));
  }

  @Test
  void finished_failure_pinsTheMarkerBeforeItForTheRun() {
    ProgressTracker t = new ProgressTracker(4, null, Map.of());
    long a = t.register(() -> false);
    long b = t.register(() -> false);
    t.finished(a, done("a"));
    t.finished(b, failed("b"));
    for (int i = 0; i < 20; i++) { // past the failure the window no longer applies
      t.finished(t.register(() -> false), done("z" + i));
    }
    ProgressTracker.Snapshot s = t.snapshot();
    assertEquals(new ObjectRef("b", "a", null), s.marker());
    assertEquals(1L, s.prefix().get("versions"));
    assertEquals(22L, s.total().get("versions"));
    assertEquals(1L, s.total().get("action.FAIL"));
    assertTrue(t.anyFailed());
  }

  @Test
  void register_windowFull_waitsUntilTheMarkerMoves() throws Exception {
    ProgressTracker t = new ProgressTracker(2, null, Map.of());
    long a = t.register(() -> false);
    t.register(() -> false);
    CountDownLatch registered = new CountDownLatch(1);
    AtomicLong third = new AtomicLong(-2);
    Thread th = new Thread(() -> {
      third.set(t.register(() -> false));
      registered.countDown();
    });
    th.start();
    assertTrue(!registered.await(150, TimeUnit.MILLISECONDS), "blocked while the window is full");
    t.finished(a, done("a"));
    assertTrue(registered.await(5, TimeUnit.SECONDS));
    assertEquals(2, third.get());
  }

  @Test
  @Timeout(5)
  void register_stopRequested_returnsMinusOne() {
    ProgressTracker t = new ProgressTracker(1, null, Map.of());
    t.register(() -> false);
    assertEquals(-1, t.register(() -> true));
  }

  @Test
  void finished_twiceOrUnknown_rejected() {
    ProgressTracker t = new ProgressTracker(3, null, Map.of());
    long a = t.register(() -> false);
    t.finished(a, done("a"));
    assertThrows(IllegalStateException.class, () -> t.finished(a, done("a")));
    assertThrows(IllegalStateException.class, () -> t.finished(7, done("x")));
  }

  @Test
  void start_fromResumedCheckpoint_keepsMarkerAndCounters() {
    ObjectRef m = new ObjectRef("b", "m", "v1");
    ProgressTracker t = new ProgressTracker(3, m, Map.of("versions", 5L));
    assertEquals(m, t.snapshot().marker());
    t.finished(t.register(() -> false), done("n"));
    assertEquals(6L, t.snapshot().prefix().get("versions"));
  }
}
