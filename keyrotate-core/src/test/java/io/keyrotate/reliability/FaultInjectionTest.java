package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Retry;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.ObjectOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 8, item 2): a real job over a few hundred mixed objects on {@link
 * io.keyrotate.store.fs.FileObjectStore} and {@link io.keyrotate.kms.local.LocalKms}, seen through
 * {@link FaultyKms} and {@link FaultyObjectStore}. Transient failures, timeouts and slow calls are
 * retried until the job completes; permanent failures are reported per object and leave that object
 * exactly as it was.
 */
@Timeout(120)
class FaultInjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int OBJECTS = 300;

  @TempDir Path dir;

  /** A version's stored bytes and internal metadata, to prove it untouched. */
  private record Stored(Map<String, String> internal, byte[] bytes) {}

  private static Map<String, Stored> snapshot(RotationWorld w) {
    Map<String, Stored> out = new LinkedHashMap<>();
    for (ObjectVersion v : w.versions()) {
      out.put(v.describe(), new Stored(v.internalMetadata(), w.stored(v)));
    }
    return out;
  }

  private static KeyRotateJob job(int attempts) {
    return KeyRotateJob.builder()
        .bucket(RotationWorld.BUCKET)
        .retry(new Retry(attempts, Duration.ofMillis(1)))
        .build();
  }

  @Test
  void transientFaults_twentyPercentKmsAndStore_jobCompletesAndEveryObjectIsUnderTheTarget(
      TestReporter reporter) throws Exception {
    try (RotationWorld w = new RotationWorld(dir, 801).populate("t/", OBJECTS)) {
      Map<String, Stored> before = snapshot(w);
      Faults kmsFaults = new Faults(802, 0.15, 0.05, 0, 0.05, 2);
      Faults storeFaults = new Faults(803, 0.15, 0.05, 0, 0.05, 2);
      JobReport r =
          w.rotation()
              .kms(new FaultyKms(w.kms, kmsFaults))
              .store(new FaultyObjectStore(w.store, storeFaults))
              .build()
              .start(job(40))
              .await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(0, r.objectsFailed(), r.failures().toString());
      assertEquals(before.size(), r.versions());
      List<ObjectVersion> after = w.versions();
      assertEquals(before.keySet(), describes(after), "no version lost or added");
      for (ObjectVersion v : after) {
        assertArrayEquals(w.plaintext.get(v.describe()), w.read(v), "plaintext of " + v.describe());
        assertTrue(w.underTarget(v), v.describe() + " is under the target key");
      }
      assertTrue(kmsFaults.failuresInjected() > 0.15 * kmsFaults.calls(), kmsFaults.toString());
      assertTrue(storeFaults.failuresInjected() > 0.15 * storeFaults.calls(), storeFaults.toString());
      long attempts = r.counters().getOrDefault("attempts", 0L);
      assertTrue(attempts > before.size(), "faults forced retries: " + attempts);
      Map<String, Object> fig = figures(after.size(), kmsFaults, storeFaults);
      fig.put("attempts", attempts);
      fig.put("failed", r.objectsFailed());
      fig.put("lost", 0);
      Figures.write("faults-transient", fig);
      reporter.publishEntry("faults-transient", fig.toString());
    }
  }

  @Test
  void permanentFaults_areReportedPerObject_andThoseObjectsAreByteIdentical(TestReporter reporter)
      throws Exception {
    try (RotationWorld w = new RotationWorld(dir, 811).populate("p/", OBJECTS)) {
      Map<String, Stored> before = snapshot(w);
      Faults kmsFaults = new Faults(812, 0.10, 0.02, 0.04, 0.02, 2);
      Faults storeFaults = new Faults(813, 0.10, 0.02, 0.03, 0.02, 2);
      JobReport r =
          w.rotation()
              .kms(new FaultyKms(w.kms, kmsFaults))
              .store(new FaultyObjectStore(w.store, storeFaults))
              .failureThreshold(null)
              .build()
              .start(job(30))
              .await(WAIT);
      assertEquals(JobState.FAILED, r.state(), r.toString());
      assertTrue(r.objectsFailed() > 0, "some permanent failures hit objects");
      assertEquals(r.objectsFailed(), r.failures().size(), "every failure is listed");
      assertTrue(r.objectsFailed() <= kmsFaults.count(Faults.Kind.PERMANENT)
          + storeFaults.count(Faults.Kind.PERMANENT), "only permanent faults fail objects");
      Set<String> failed = new TreeSet<>();
      for (ObjectOutcome o : r.failures()) {
        assertEquals(ObjectOutcome.Action.FAIL, o.action());
        assertEquals(ObjectOutcome.Result.FAILED, o.result());
        assertTrue(Set.of("KMS_ERROR", "STORE_ERROR").contains(o.reason()), o.toString());
        assertTrue(o.detail().contains("injected permanent failure of "), o.detail());
        failed.add(o.describe());
      }
      assertTrue(before.keySet().containsAll(failed), "failures name existing versions: " + failed);
      List<ObjectVersion> after = w.versions();
      assertEquals(before.keySet(), describes(after), "no version lost or added");
      for (ObjectVersion v : after) {
        String d = v.describe();
        assertArrayEquals(w.plaintext.get(d), w.read(v), "plaintext of " + d);
        if (failed.contains(d)) {
          Stored b = before.get(d);
          assertEquals(b.internal(), v.internalMetadata(), d + " metadata untouched");
          assertArrayEquals(b.bytes(), w.stored(v), d + " stored bytes untouched");
          assertFalse(w.underTarget(v), d);
        } else {
          assertTrue(w.underTarget(v), d + " is under the target key");
        }
      }
      Map<String, Object> fig = figures(after.size(), kmsFaults, storeFaults);
      fig.put("versions failed (reported, byte-identical)", failed.size());
      fig.put("half-written", 0);
      fig.put("lost", 0);
      Figures.write("faults-permanent", fig);
      reporter.publishEntry("faults-permanent", fig.toString());
    }
  }

  @Test
  void transientFaults_onTheFirstCallsOfAJob_startIsRetriedToo() throws Exception {
    try (RotationWorld w = new RotationWorld(dir, 821).populate("s/", 10)) {
      // Every KMS and store call fails until two faults each have been injected: the start-up probe
      // and bucket check see them, and must retry like every other call.
      Faults kmsFaults = new Faults(822, 1, 0, 0, 0, 0).limit(2);
      Faults storeFaults = new Faults(823, 1, 0, 0, 0, 0).limit(2);
      JobReport r =
          w.rotation()
              .kms(new FaultyKms(w.kms, kmsFaults))
              .store(new FaultyObjectStore(w.store, storeFaults))
              .build()
              .start(job(3))
              .await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(2, kmsFaults.count(Faults.Kind.TRANSIENT));
      assertEquals(2, storeFaults.count(Faults.Kind.TRANSIENT));
      for (ObjectVersion v : w.versions()) {
        assertArrayEquals(w.plaintext.get(v.describe()), w.read(v), v.describe());
        assertTrue(w.underTarget(v), v.describe());
      }
    }
  }

  @Test
  void lostReplies_writesThatHappenedButReportedAFailure_jobConvergesAndNothingIsLost(
      TestReporter reporter) throws Exception {
    try (RotationWorld w = new RotationWorld(dir, 831).populate("l/", 120)) {
      Map<String, Stored> before = snapshot(w);
      Faults storeFaults = new Faults(832, 0.05, 0, 0, 0, 0);
      Faults lost = new Faults(833, 0.25, 0, 0, 0, 0);
      JobReport r =
          w.rotation()
              .store(new FaultyObjectStore(w.store, storeFaults, lost))
              .build()
              .start(job(20))
              .await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertTrue(lost.count(Faults.Kind.TRANSIENT) > 10, lost.toString());
      List<ObjectVersion> after = w.versions();
      assertEquals(before.keySet(), describes(after), "no version lost or added");
      for (ObjectVersion v : after) {
        assertArrayEquals(w.plaintext.get(v.describe()), w.read(v), "plaintext of " + v.describe());
        assertTrue(w.underTarget(v), v.describe() + " is under the target key");
      }
      Map<String, Object> fig = new LinkedHashMap<>();
      fig.put("jobs", 1);
      fig.put("objects", 120);
      fig.put("versions checked", after.size());
      fig.put("store calls / faults before the call",
          storeFaults.calls() + " / " + storeFaults.failuresInjected());
      fig.put("writes / replies lost after the write", lost.calls() + " / " + lost.failuresInjected());
      // A write whose reply was lost is found current on the retry and reported as ALREADY_CURRENT.
      fig.put("outcomes by reason", r.countsByReason());
      fig.put("lost", 0);
      Figures.write("faults-lost-replies", fig);
      reporter.publishEntry("faults-lost-replies", fig.toString());
    }
  }

  private static Map<String, Object> figures(int versions, Faults kms, Faults store) {
    Map<String, Object> fig = new LinkedHashMap<>();
    fig.put("jobs", 1);
    fig.put("objects", OBJECTS);
    fig.put("versions checked", versions);
    fig.put("kms calls / faults injected", kms.calls() + " / " + kms.failuresInjected() + " (" + kms + ")");
    fig.put("store calls / faults injected",
        store.calls() + " / " + store.failuresInjected() + " (" + store + ")");
    return fig;
  }

  private static Set<String> describes(List<ObjectVersion> vs) {
    Set<String> out = new java.util.LinkedHashSet<>();
    vs.forEach(v -> out.add(v.describe()));
    return out;
  }
}
