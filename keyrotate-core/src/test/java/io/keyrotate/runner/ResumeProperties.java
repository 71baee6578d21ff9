package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.spi.JobCheckpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ResumeProperties {
  /** Fills a bed deterministically from a seed: mixed encryption, versions, locks and filtered objects. */
  private static void fill(TestBed bed, long seed, int n) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      String key = String.format("k%03d", i);
      int versions = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
      for (int v = 0; v < versions; v++) {
        String vid = versions == 1 ? null : "v" + v;
        byte[] data = new byte[1 + r.nextInt(20)];
        r.nextBytes(data);
        switch (r.nextInt(7)) {
          case 0:
          case 1:
            bed.store.put(key, vid, data, Map.of());
            break;
          case 2:
            bed.store.put(key, vid, data, FakeComponents.sseS3(bed.kms, TestBed.OLD, TestBed.BUCKET, key));
            break;
          case 3:
            bed.store.put(key, vid, data,
                FakeComponents.sealed(bed.kms, TestBed.OLD, TestBed.BUCKET, key, Map.of()));
            break;
          case 4:
            bed.store.put(key, vid, data,
                FakeComponents.sealed(bed.kms, TestBed.TARGET, TestBed.BUCKET, key, Map.of()));
            break;
          case 5:
            bed.store.put(key, vid, data, Map.of(), Map.of(), Map.of(), new ObjectLock(null, null, true), false);
            break;
          default:
            bed.store.put(key, vid, data, Map.of(), Map.of(), Map.of("skip", "yes"), ObjectLock.none(), false);
        }
      }
    }
  }

  /** What must be equal between two end states: everything but random key material. */
  private static Map<String, String> abstractState(TestBed bed) {
    Map<String, String> m = new TreeMap<>();
    for (MemoryStore.Entry e : bed.store.all()) {
      ObjectVersion v = e.version();
      EncryptionState st = v.encryption();
      String enc = st.getClass().getSimpleName()
          + (st instanceof EncryptionState.SseKms ? ":" + ((EncryptionState.SseKms) st).keyId() : "");
      if (st instanceof EncryptionState.SseKms) {
        FakeComponents.unseal(bed.kms, v).close(); // the data key really decrypts
      }
      m.put(v.key() + "@" + v.versionId(),
          enc + " " + Arrays.toString(e.data()) + " " + v.modTime() + " " + v.tags() + " " + v.userMetadata()
              + " latest=" + v.latest());
    }
    return m;
  }

  private static void sleepMicros(int micros) {
    try {
      Thread.sleep(micros / 1000, (micros % 1000) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Property(tries = 20)
  void resume_afterCrashAtARandomPoint_sameEndStateAsAnUninterruptedRun(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 80) int crashAfterOutcomes,
      @ForAll @IntRange(min = 1, max = 12) int checkpointsBeforeCrash,
      @ForAll @IntRange(min = 1, max = 4) int workers,
      @ForAll boolean crashRightAfterACheckpoint) throws Exception {
    int n = 40;
    KeyRotateJob job = TestBed.job();

    TestBed reference = new TestBed();
    fill(reference, seed, n);
    JobReport ref = reference.builder().workers(workers).build().start(job).await(Duration.ofSeconds(30));
    assertEquals(JobState.COMPLETE, ref.state());

    TestBed bed = new TestBed();
    fill(bed, seed, n);
    bed.checkpoints.freezeAfter(checkpointsBeforeCrash);
    // uneven per-object latency, so that versions finish out of order and checkpoints fall mid-run
    bed.components.beforeApply = v -> sleepMicros(ThreadLocalRandom.current().nextInt(3000));
    AtomicReference<JobHandle> handle = new AtomicReference<>();
    AtomicBoolean crashed = new AtomicBoolean();
    AtomicInteger seen = new AtomicInteger();
    Runnable crash = () -> {
      // the process dies: no further checkpoint, and no in-flight write reaches the store
      if (crashed.getAndSet(true)) {
        return;
      }
      bed.checkpoints.crash();
      bed.store.beforeWrite = v -> {
        throw new ObjectStoreException("the process crashed");
      };
      JobHandle running = handle.get();
      if (running != null) {
        running.cancel();
      }
    };
    if (crashRightAfterACheckpoint) {
      bed.checkpoints.afterSave = cp -> {
        if (bed.checkpoints.history().size() == checkpointsBeforeCrash) {
          crash.run();
        }
      };
    }
    KeyRotation first = bed.builder().workers(workers).listener(new JobListener() {
      @Override
      public void objectFinished(ObjectOutcome outcome) {
        if (!crashRightAfterACheckpoint && seen.incrementAndGet() == crashAfterOutcomes) {
          crash.run();
        }
      }
    }).build();
    JobHandle h = first.start(job, "job-r");
    handle.set(h);
    if (crashed.get()) {
      h.cancel();
    }
    h.await(Duration.ofSeconds(30));

    JobCheckpoint cp = bed.checkpoints.load("job-r");
    bed.checkpoints.afterSave = null;
    bed.checkpoints.freezeAfter(Integer.MAX_VALUE);
    bed.store.beforeWrite = null;
    bed.components.beforeApply = null;
    if (cp.status() != JobCheckpoint.Status.COMPLETE) {
      JobReport resumed = bed.builder().workers(workers).build().resume("job-r", job)
          .await(Duration.ofSeconds(30));
      assertEquals(JobState.COMPLETE, resumed.state());
    }
    assertEquals(abstractState(reference), abstractState(bed));
  }
}
