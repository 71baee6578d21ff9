package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

class ProgressTrackerProperties {
  /**
   * Random interleavings of registrations and completions (with failures) against a model: the marker is
   * always the last version of the longest all-successful prefix, never past anything in flight or
   * failed, and the prefix counters count exactly that prefix.
   */
  @Property(tries = 300)
  void marker_isAlwaysTheEndOfTheContiguousSuccessfulPrefix(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 16) int window,
      @ForAll @IntRange(min = 0, max = 20) int failPercent) {
    Random rnd = new Random(seed);
    ProgressTracker t = new ProgressTracker(window, null, java.util.Map.of());
    int[] state = new int[n]; // 0 unregistered, 1 in flight, 2 ok, 3 failed
    List<Integer> inFlight = new ArrayList<>();
    int next = 0;
    int firstFailed = Integer.MAX_VALUE;
    while (next < n || !inFlight.isEmpty()) {
      int frontier = -1;
      while (frontier + 1 < next && state[frontier + 1] == 2) {
        frontier++;
      }
      boolean canRegister = next < n && (next - frontier <= window || next > firstFailed);
      if (canRegister && (inFlight.isEmpty() || rnd.nextBoolean())) {
        long seq = t.register(() -> false);
        assertEquals(next, seq);
        state[next] = 1;
        inFlight.add(next++);
      } else {
        assertTrue(!inFlight.isEmpty(), "the model never deadlocks");
        int i = inFlight.remove(rnd.nextInt(inFlight.size()));
        boolean fail = rnd.nextInt(100) < failPercent;
        state[i] = fail ? 3 : 2;
        if (fail) {
          firstFailed = Math.min(firstFailed, i);
        }
        t.finished(i, fail ? ProgressTrackerTest.failed("k" + key(i)) : ProgressTrackerTest.done("k" + key(i)));
      }
      int prefix = 0;
      while (prefix < next && state[prefix] == 2) {
        prefix++;
      }
      ProgressTracker.Snapshot s = t.snapshot();
      @Nullable ObjectRef expected = prefix == 0 ? null : new ObjectRef("b", "k" + key(prefix - 1), null);
      assertEquals(expected, s.marker());
      assertEquals(prefix, s.prefix().getOrDefault("versions", 0L));
    }
  }

  private static String key(int i) {
    return String.format("%05d", i);
  }
}
