package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Retry;
import io.keyrotate.runner.JobHandle;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.ObjectOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races (issue 8, item 3): writer threads use the store's own request path to overwrite, delete and add
 * objects and versions while a rotation job runs over the same bucket. Afterwards no update is lost (the
 * last write to each key is what a read returns), nothing deleted reappears, and every version reads
 * back to the bytes written (nothing was sealed under a key the object no longer has). A second job
 * then brings everything under the target key.
 */
@Timeout(120)
class ConcurrentWritersTest {
  private static final int OBJECTS = 240;
  private static final int WRITERS = 3;

  @TempDir Path dir;

  /** What the writers did, per key (each key belongs to exactly one writer). */
  private static final class Ledger {
    /** Unversioned: the last bytes written to a key, or absent-with-null after a delete. */
    final Map<String, byte @Nullable []> latest = new ConcurrentHashMap<>();
    /** Versioned: every live version's plaintext by describe, and every removed version. */
    final Map<String, byte[]> live = new ConcurrentHashMap<>();
    final Set<String> removed = ConcurrentHashMap.newKeySet();
    /** Versioned: each key's versions and delete markers, oldest first. */
    final Map<String, List<String>> stack = new ConcurrentHashMap<>();

    void push(String key, String describe) {
      stack.computeIfAbsent(key, x -> new ArrayList<>()).add(describe);
    }

    @Nullable String top(String key) {
      List<String> l = stack.get(key);
      return l == null || l.isEmpty() ? null : l.get(l.size() - 1);
    }
    final AtomicLong overwrites = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final AtomicLong adds = new AtomicLong();
  }

  private static KeyRotateJob job() {
    return KeyRotateJob.builder()
        .bucket(RotationWorld.BUCKET)
        .retry(new Retry(10, Duration.ofMillis(1)))
        .build();
  }

  private static String key(int i) {
    return String.format("r/%04d", i);
  }

  private JobReport runWithWriters(RotationWorld w, boolean versioned, Ledger ledger) throws Exception {
    for (ObjectVersion v : w.versions()) {
      if (versioned) {
        ledger.live.put(v.describe(), w.plaintext.get(v.describe()));
        ledger.push(v.key(), v.describe()); // one version per key at the start
      } else {
        ledger.latest.put(v.key(), w.plaintext.get(v.describe()));
      }
    }
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    JobHandle h = w.rotation().workers(2).objectsPerSecond(300).failureThreshold(null).build().start(job());
    for (int t = 0; t < WRITERS; t++) {
      int me = t;
      writers.add(pool.submit(() -> {
        Random rnd = new Random(900 + me);
        int next = OBJECTS + me;
        while (!done.get()) {
          int i = me + WRITERS * rnd.nextInt(OBJECTS / WRITERS);
          String k = key(i);
          int op = rnd.nextInt(10);
          if (op < 5) { // overwrite
            byte[] data = w.bytes(1 + rnd.nextInt(3000));
            ObjectVersion v = w.put(k, RotationWorld.spec(rnd.nextInt(3)), data);
            record(ledger, versioned, v, data);
            ledger.overwrites.incrementAndGet();
          } else if (op < 8) { // delete
            delete(w, ledger, versioned, k, rnd);
          } else { // add a new key
            String nk = key(next);
            next += WRITERS;
            byte[] data = w.bytes(1 + rnd.nextInt(3000));
            record(ledger, versioned, w.put(nk, RotationWorld.spec(rnd.nextInt(3)), data), data);
            ledger.adds.incrementAndGet();
          }
          Thread.onSpinWait();
        }
        return null;
      }));
    }
    JobReport r;
    try {
      r = h.await(Duration.ofSeconds(60));
    } finally {
      done.set(true);
      pool.shutdown();
    }
    for (Future<?> f : writers) {
      f.get();
    }
    return r;
  }

  private static void record(Ledger ledger, boolean versioned, ObjectVersion v, byte[] data) {
    if (versioned) {
      ledger.live.put(v.describe(), data);
      ledger.push(v.key(), v.describe());
    } else {
      ledger.latest.put(v.key(), data);
    }
  }

  private static void delete(RotationWorld w, Ledger ledger, boolean versioned, String k, Random rnd) {
    if (!versioned) {
      if (ledger.latest.get(k) != null) {
        w.store.delete(RotationWorld.BUCKET, k, null);
        ledger.latest.remove(k);
        ledger.deletes.incrementAndGet();
      }
      return;
    }
    if (rnd.nextBoolean()) { // a delete marker on top
      ObjectVersion m = w.store.delete(RotationWorld.BUCKET, k, null);
      assertNotNull(m);
      ledger.push(k, m.describe());
      ledger.deletes.incrementAndGet();
      return;
    }
    // Permanently remove the latest live version (if the key has one on top).
    String top = ledger.top(k);
    if (top != null && ledger.live.containsKey(top)) {
      String versionId = top.substring(top.indexOf('@') + 1);
      w.store.delete(RotationWorld.BUCKET, k, versionId);
      ledger.live.remove(top);
      ledger.removed.add(top);
      List<String> l = ledger.stack.get(k);
      l.remove(l.size() - 1);
      ledger.deletes.incrementAndGet();
    }
  }

  private static void assertNothingLost(RotationWorld w, boolean versioned, Ledger ledger) {
    List<ObjectVersion> after = w.versions();
    if (!versioned) {
      Map<String, ObjectVersion> byKey = new HashMap<>();
      after.forEach(v -> byKey.put(v.key(), v));
      assertEquals(ledger.latest.keySet(), byKey.keySet(), "deleted keys stay deleted, none lost");
      for (Map.Entry<String, byte @Nullable []> e : ledger.latest.entrySet()) {
        assertArrayEquals(e.getValue(), w.read(byKey.get(e.getKey())), "last write wins: " + e.getKey());
      }
      return;
    }
    Set<String> present = new HashSet<>();
    for (ObjectVersion v : after) {
      if (v.deleteMarker()) {
        continue;
      }
      String d = v.describe();
      present.add(d);
      assertTrue(!ledger.removed.contains(d), d + " was deleted and reappeared");
      byte[] expected = ledger.live.get(d);
      assertNotNull(expected, d + " was never written");
      assertArrayEquals(expected, w.read(v), "plaintext of " + d);
    }
    assertEquals(ledger.live.keySet(), present, "every written version is still there");
    for (ObjectVersion v : after) {
      if (v.latest()) {
        assertEquals(ledger.top(v.key()), v.describe(), "latest of " + v.key());
      }
    }
  }

  private void race(boolean versioned, long seed, String name, TestReporter reporter) throws Exception {
    try (RotationWorld w = new RotationWorld(dir.resolve(name), seed, versioned)) {
      for (int i = 0; i < OBJECTS; i++) {
        w.put(key(i), RotationWorld.spec(i), w.bytes(1 + w.random.nextInt(3000)));
      }
      w.kms.setDefaultKey(RotationWorld.NEW);
      Ledger ledger = new Ledger();
      JobReport r = runWithWriters(w, versioned, ledger);
      assertTrue(ledger.overwrites.get() + ledger.deletes.get() + ledger.adds.get() > 50,
          "the writers raced the job");
      for (ObjectOutcome o : r.failures()) {
        assertTrue(Set.of("OBJECT_CHANGED", "VERSION_GONE").contains(o.reason()), o.toString());
      }
      assertNothingLost(w, versioned, ledger);
      // With the writers gone, a second job converges: everything under the target key, still intact.
      JobReport second = w.rotation().build().start(job()).await(Duration.ofSeconds(60));
      assertEquals(JobState.COMPLETE, second.state(), second.toString());
      assertNothingLost(w, versioned, ledger);
      int checked = 0;
      for (ObjectVersion v : w.versions()) {
        if (!v.deleteMarker()) {
          assertTrue(w.underTarget(v), v.describe());
          checked++;
        }
      }
      Map<String, Object> fig = new LinkedHashMap<>();
      fig.put("jobs", 2);
      fig.put("bucket versioned", versioned);
      fig.put("objects at start", OBJECTS);
      fig.put("writer threads", WRITERS);
      fig.put("overwrites / deletes / adds during the job",
          ledger.overwrites + " / " + ledger.deletes + " / " + ledger.adds);
      fig.put("first job changed / failed", r.objectsChanged() + " / " + r.objectsFailed());
      fig.put("first job outcomes by reason", r.countsByReason());
      fig.put("first job counters", r.counters());
      fig.put("versions checked", checked);
      fig.put("lost updates", 0);
      fig.put("reappeared", 0);
      fig.put("unreadable", 0);
      Figures.write(name, fig);
      reporter.publishEntry(name, fig.toString());
    }
  }

  @Test
  void unversionedBucket_writersOverwriteDeleteAndAddDuringAJob_lastWriteWinsAndNothingReappears(
      TestReporter reporter) throws Exception {
    race(false, 901, "races-unversioned", reporter);
  }

  @Test
  void versionedBucket_writersAddVersionsMarkersAndRemoveVersionsDuringAJob_everyVersionIntact(
      TestReporter reporter) throws Exception {
    race(true, 902, "races-versioned", reporter);
  }
}
