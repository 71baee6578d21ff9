package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.IntegrityException;
import io.keyrotate.JobDefinitionException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Retry;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class KeyRotationTest {
  private final TestBed bed = new TestBed();

  private static JobReport run(KeyRotation r, KeyRotateJob job) throws Exception {
    return r.start(job).await(Duration.ofSeconds(20));
  }

  @Test
  void start_mixedVersions_eachVersionHasOneOutcomeWithTheTableAction(@TempDir Path dir) throws Exception {
    bed.plaintext("a-plain");
    bed.sseS3("b-s3");
    bed.sseKms("c-kms-old", TestBed.OLD);
    bed.sseKms("d-kms-current", TestBed.TARGET);
    bed.store.put("e-ssec", null, new byte[] {9}, FakeComponents.sseC());
    bed.store.put("f-damaged", null, new byte[] {9}, FakeComponents.damaged());
    bed.store.put("g-marker", "v2", new byte[0], Map.of(), Map.of(), Map.of(), ObjectLock.none(), true);
    bed.store.put("h-locked", null, new byte[] {1}, Map.of(), Map.of(), Map.of(),
        new ObjectLock(null, null, true), false);
    bed.store.put("i-filtered", null, new byte[] {1}, Map.of(), Map.of(), Map.of("skip", "yes"),
        ObjectLock.none(), false);
    Path lines = dir.resolve("report.jsonl");

    JobReport r = run(bed.builder().reportFile(lines).build(), TestBed.job());

    Map<String, String> got = new HashMap<>();
    for (ObjectOutcome o : bed.recorder.outcomes) {
      assertNull(got.put(o.key(), o.action() + "/" + o.reason() + "/" + o.result().wireName()), o.key());
    }
    assertEquals(
        Map.of(
            "a-plain", "ENCRYPT/PLAINTEXT/done",
            "b-s3", "CONVERT/SSE_S3/done",
            "c-kms-old", "REWRAP/OTHER_KEY/done",
            "d-kms-current", "SKIP/ALREADY_CURRENT/done",
            "e-ssec", "SKIP/SSE_C_UNSUPPORTED/done",
            "f-damaged", "FAIL/INVALID_ENCRYPTION_METADATA/failed",
            "g-marker", "SKIP/DELETE_MARKER/done",
            "h-locked", "SKIP/LOCKED_PLAINTEXT/done",
            "i-filtered", "NOT_SELECTED/tags/done"),
        got);
    assertEquals(JobState.FAILED, r.state(), "a damaged version fails the job");
    assertEquals(9, r.versions());
    assertEquals(3, r.objectsChanged());
    assertEquals(4, r.objectsSkipped());
    assertEquals(1, r.objectsNotSelected());
    assertEquals(1, r.objectsFailed());
    assertEquals(1L, r.countsByReason().get("SKIP/LOCKED_PLAINTEXT"));
    assertEquals(1, r.failures().size());
    assertEquals("f-damaged", r.failures().get(0).key());

    List<String> jsonl = Files.readAllLines(lines);
    assertEquals(9, jsonl.size(), "one line per visited version");
    Set<String> keys = new HashSet<>();
    for (String line : jsonl) {
      Map<String, @Nullable Object> m = FlatJson.parse(line);
      assertTrue(keys.add((String) m.get("key")));
      assertEquals(TestBed.BUCKET, m.get("bucket"));
      assertTrue(m.containsKey("versionId"));
      assertNotNull(m.get("action"));
      assertNotNull(m.get("reason"));
      assertNotNull(m.get("outcome"));
    }
    Map<String, @Nullable Object> marker =
        jsonl.stream().map(FlatJson::parse).filter(m -> "g-marker".equals(m.get("key"))).findFirst().get();
    assertEquals("v2", marker.get("versionId"));
    Map<String, @Nullable Object> plain =
        jsonl.stream().map(FlatJson::parse).filter(m -> "a-plain".equals(m.get("key"))).findFirst().get();
    assertNull(plain.get("versionId"), "an unversioned object has a null versionId");
  }

  @Test
  void start_allChangeable_completeEveryObjectUnderTargetAndReadable() throws Exception {
    for (int i = 0; i < 60; i++) {
      String k = String.format("obj-%03d", i);
      switch (i % 3) {
        case 0: bed.plaintext(k); break;
        case 1: bed.sseS3(k); break;
        default: bed.sseKms(k, TestBed.OLD);
      }
    }
    Map<String, MemoryStore.Entry> before = new HashMap<>();
    bed.store.all().forEach(e -> before.put(e.version().key(), e));

    JobReport r = run(bed.builder().build(), TestBed.job());

    assertEquals(JobState.COMPLETE, r.state());
    assertEquals(60, r.objectsChanged());
    for (MemoryStore.Entry e : bed.store.all()) {
      ObjectVersion v = e.version();
      MemoryStore.Entry old = before.get(v.key());
      assertTrue(bed.underTarget(v), v.key());
      assertEquals(old.version().modTime(), v.modTime(), "modTime kept");
      assertEquals(old.version().userMetadata(), v.userMetadata());
      byte[] expected = old.data().clone();
      if (old.version().encryption() instanceof io.keyrotate.EncryptionState.Plaintext) {
        for (int i = 0; i < expected.length; i++) {
          expected[i] ^= 0x5A;
        }
      }
      assertArrayEquals(expected, e.data(), "only ENCRYPT rewrites data: " + v.key());
    }
    JobCheckpoint cp = bed.checkpoints.load(r.jobId());
    assertEquals(JobCheckpoint.Status.COMPLETE, cp.status());
    assertEquals(new ObjectRef(TestBed.BUCKET, "obj-059", null), cp.doneThrough());
    assertEquals(60L, cp.counters().get("versions"));
    assertEquals(r.kmsCalls(), cp.counters().get("kmsCalls"));
    assertEquals(1, bed.recorder.started);
    assertEquals(1, bed.recorder.finished.size());
  }

  @Test
  void start_keyCountsKmsCalls_probeOncePerJobNotPerObject() throws Exception {
    for (int i = 0; i < 10; i++) {
      bed.sseKms("k" + i, TestBed.OLD);
    }
    int before = bed.kms.generated.get();
    JobReport r = run(bed.builder().build(), TestBed.job());
    // per object: decrypt + generate; per job: defaultKeyId + one probe
    assertEquals(before + 10 + 1, bed.kms.generated.get());
    assertEquals(10 * 2 + 2, r.kmsCalls());
  }

  @Test
  void start_encryptionKeyNotTheDefault_refusedBeforeAnyWrite() {
    bed.plaintext("a");
    KeyRotateJob job =
        TestBed.job().toBuilder().encryption(Encryption.of(TestBed.OLD, Map.of())).build();
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> bed.builder().build().start(job));
    assertEquals("keyrotate.encryption.key", e.field());
    assertEquals(0, bed.store.writes.get());
    assertTrue(bed.checkpoints.history().isEmpty());
  }

  @Test
  void start_encryptionKeyIsTheDefaultWithArnPrefix_accepted() throws Exception {
    bed.plaintext("a");
    KeyRotateJob job = TestBed.job().toBuilder()
        .encryption(Encryption.of("arn:aws:kms:" + TestBed.TARGET, Map.of())).build();
    JobReport r = run(bed.builder().build(), job);
    assertEquals(JobState.COMPLETE, r.state());
    assertEquals(TestBed.TARGET, r.targetKeyId());
  }

  @Test
  void start_targetKeyCannotGenerate_refusedWithKmsError() {
    bed.plaintext("a");
    bed.kms.keys.remove(TestBed.TARGET);
    KmsException e = assertThrows(KmsException.class, () -> bed.builder().build().start(TestBed.job()));
    assertTrue(e.getMessage().contains(TestBed.TARGET), e.getMessage());
    assertEquals(0, bed.store.writes.get());
  }

  @Test
  void start_missingBucket_refused() {
    KeyRotateJob job = KeyRotateJob.builder().bucket("no-such-bucket").build();
    assertThrows(ObjectStoreException.class, () -> bed.builder().build().start(job));
  }

  @Test
  void start_existingCheckpoint_refused() throws Exception {
    bed.plaintext("a");
    KeyRotation r = bed.builder().build();
    JobReport first = r.start(TestBed.job(), "job-1").await();
    assertEquals("job-1", first.jobId());
    assertThrows(IllegalStateException.class, () -> r.start(TestBed.job(), "job-1"));
  }

  @Test
  void start_jobIds_uniqueAndWellFormed() throws Exception {
    KeyRotation r = bed.builder().build();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(r.start(TestBed.job()).await().jobId());
    }
    assertEquals(5, ids.size());
    for (String id : ids) {
      assertTrue(id.matches("kr-\\d{8}T\\d{6}Z-[0-9a-f]{16}"), id);
    }
  }

  @Test
  void process_retryableKmsFailures_retriedWithJitteredDelay() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    AtomicInteger fails = new AtomicInteger(2);
    // the start-time probe only generates; fail the first two decrypts of the object's data key
    bed.kms.failure = op -> op.equals("decrypt") && fails.getAndDecrement() > 0
        ? new KmsException("unavailable", null, true) : null;
    KeyRotateJob job = TestBed.job().toBuilder().retry(new Retry(3, Duration.ofMillis(40))).build();
    JobReport rep = run(bed.builder().build(), job);
    ObjectOutcome o = bed.recorder.outcomes.peek();
    assertEquals(ObjectOutcome.Action.REWRAP, o.action());
    assertEquals(3, o.attempts());
    assertEquals(JobState.COMPLETE, rep.state());
    assertEquals(2, bed.sleeps.size());
    for (long s : bed.sleeps) {
      assertTrue(s >= 40_000_000L && s < 80_000_000L, "delay·(1+U[0,1)): " + s);
    }
  }

  @Test
  void process_retriesExhausted_failsWithKmsErrorAndCheckpointStaysBefore() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    bed.sseKms("b", TestBed.OLD);
    bed.sseKms("c", TestBed.OLD);
    bed.components.beforeApply = v -> {
      if (v.key().equals("b")) {
        throw new KmsException("KMS unavailable", null, true);
      }
    };
    KeyRotateJob job = TestBed.job().toBuilder().retry(new Retry(4, Duration.ofMillis(1))).build();
    JobReport r = run(bed.builder().workers(1).build(), job);
    assertEquals(JobState.FAILED, r.state());
    ObjectOutcome b = r.failures().get(0);
    assertEquals("b", b.key());
    assertEquals("KMS_ERROR", b.reason());
    assertEquals(4, b.attempts());
    assertTrue(b.detail().startsWith("REWRAP failed: "), b.detail());
    assertEquals(3, bed.sleeps.size(), "slept between the 4 attempts only");
    JobCheckpoint cp = bed.checkpoints.load(r.jobId());
    assertEquals(JobCheckpoint.Status.FAILED, cp.status());
    assertEquals(new ObjectRef(TestBed.BUCKET, "a", null), cp.doneThrough(), "never past a failure");
    assertEquals(1L, cp.counters().get("versions"), "checkpoint counters cover the prefix only");
    assertEquals(3, r.versions(), "the report counts everything");
  }

  @Test
  void process_integrityFailure_notRetried() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    bed.components.beforeApply = v -> {
      throw new IntegrityException("sealed key does not authenticate");
    };
    JobReport r = run(bed.builder().build(), TestBed.job());
    assertEquals("INTEGRITY_ERROR", r.failures().get(0).reason());
    assertEquals(1, r.failures().get(0).attempts());
    assertTrue(bed.sleeps.isEmpty());
  }

  @Test
  void process_unexpectedExceptionFromPlugin_failsObjectAsInternalError() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    bed.sseKms("b", TestBed.OLD);
    bed.components.beforeApply = v -> {
      if (v.key().equals("a")) {
        throw new IllegalStateException("bug");
      }
    };
    JobReport r = run(bed.builder().build(), TestBed.job());
    assertEquals("INTERNAL_ERROR", r.failures().get(0).reason());
    assertEquals(1, r.objectsChanged(), "the other object is still done");
  }

  @Test
  void process_concurrentOverwrite_rereadRedecidedAndNotLost() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    AtomicBoolean once = new AtomicBoolean();
    bed.store.beforeWrite = expected -> {
      if (once.compareAndSet(false, true)) {
        // a client updates the object between the job's read and its write
        bed.store.touch("a", null, Map.of("x-amz-meta-owner", "client"));
      }
    };
    JobReport r = run(bed.builder().build(), TestBed.job());
    assertEquals(JobState.COMPLETE, r.state());
    ObjectVersion v = bed.store.find("a", null).version();
    assertEquals("client", v.userMetadata().get("x-amz-meta-owner"), "the concurrent write survives");
    assertTrue(bed.underTarget(v));
    assertEquals(2, bed.recorder.outcomes.peek().attempts());
  }

  @Test
  void process_versionDeletedConcurrently_skippedAsGone() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    bed.store.beforeWrite = expected -> bed.store.delete("a", null);
    JobReport r = run(bed.builder().build(), TestBed.job());
    assertEquals(JobState.COMPLETE, r.state());
    assertEquals(1L, r.countsByReason().get("SKIP/VERSION_GONE"));
  }

  @Test
  void process_concurrentChangeEveryTime_failsAsObjectChangedWithoutOverwriting() throws Exception {
    bed.sseKms("a", TestBed.OLD);
    AtomicInteger n = new AtomicInteger();
    bed.store.beforeWrite = expected ->
        bed.store.touch("a", null, Map.of("x-amz-meta-n", Integer.toString(n.incrementAndGet())));
    JobReport r = run(bed.builder().build(), TestBed.job());
    assertEquals("OBJECT_CHANGED", r.failures().get(0).reason());
    assertFalse(bed.underTarget(bed.store.find("a", null).version()));
  }

  @Test
  void cancel_midJob_endsCanceledSavesCanceledAndCannotResume() throws Exception {
    for (int i = 0; i < 50; i++) {
      bed.sseKms(String.format("k%02d", i), TestBed.OLD);
    }
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    bed.components.beforeApply = v -> {
      if (v.key().equals("k10")) {
        reached.countDown();
        await(release);
      }
    };
    KeyRotation r = bed.builder().workers(1).build();
    JobHandle h = r.start(TestBed.job());
    assertTrue(reached.await(10, TimeUnit.SECONDS));
    h.cancel();
    release.countDown();
    JobReport rep = h.await(Duration.ofSeconds(10));
    assertEquals(JobState.CANCELED, rep.state());
    assertEquals(11, rep.versions(), "the in-flight version finishes; no new one starts");
    assertEquals(JobCheckpoint.Status.CANCELED, bed.checkpoints.load(h.jobId()).status());
    assertThrows(IllegalStateException.class, () -> r.resume(h.jobId(), TestBed.job()));
    assertEquals(JobState.CANCELED, h.status().state());
  }

  @Test
  void pause_midJob_noNewVersionUntilResumed_andPausedCheckpointSaved() throws Exception {
    for (int i = 0; i < 30; i++) {
      bed.sseKms(String.format("k%02d", i), TestBed.OLD);
    }
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    bed.components.beforeApply = v -> {
      if (v.key().equals("k05")) {
        reached.countDown();
        await(release);
      }
    };
    JobHandle h = bed.builder().workers(1).build().start(TestBed.job());
    assertTrue(reached.await(10, TimeUnit.SECONDS));
    assertTrue(h.pause());
    assertFalse(h.pause(), "already paused");
    assertEquals(JobState.PAUSED, h.status().state());
    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bed.checkpoints.load(h.jobId()).status() != JobCheckpoint.Status.PAUSED) {
      assertTrue(System.nanoTime() < deadline, "a paused checkpoint is saved");
      Thread.sleep(5);
    }
    long finished = h.status().finished();
    assertEquals(6, finished, "the in-flight version finished, no other started");
    Thread.sleep(100);
    assertEquals(finished, h.status().finished());
    assertFalse(h.isDone());
    assertEquals(new ObjectRef(TestBed.BUCKET, "k05", null),
        bed.checkpoints.load(h.jobId()).doneThrough());
    assertTrue(h.resume());
    JobReport rep = h.await(Duration.ofSeconds(10));
    assertEquals(JobState.COMPLETE, rep.state());
    assertEquals(30, rep.objectsChanged());
  }

  @Test
  void failureThreshold_exceeded_abortsEarlyAsFailed() throws Exception {
    for (int i = 0; i < 200; i++) {
      bed.sseKms(String.format("k%03d", i), TestBed.OLD);
    }
    bed.components.beforeApply = v -> {
      throw new KmsException("access denied", null, false);
    };
    JobReport r = run(
        bed.builder().workers(2).failureThreshold(FailureThreshold.of(0.5, 20)).build(), TestBed.job());
    assertEquals(JobState.FAILED, r.state());
    assertNotNull(r.abortReason());
    assertTrue(r.abortReason().startsWith("failure threshold exceeded"), r.abortReason());
    assertTrue(r.versions() < 200, "stopped early: " + r.versions());
    assertTrue(r.versions() >= 20);
  }

  @Test
  void dryRun_writesNothingAndPlansEveryVersion(@TempDir Path dir) throws Exception {
    bed.plaintext("a");
    bed.sseKms("b", TestBed.TARGET);
    bed.store.put("c", null, new byte[] {1}, FakeComponents.damaged());
    bed.sseKms("d", TestBed.OLD);
    bed.store.put("e", null, new byte[] {1}, Map.of(), Map.of(), Map.of("skip", "yes"),
        ObjectLock.none(), false);
    bed.sseKms("f", TestBed.OLD);
    bed.components.beforeApply = v -> {
      if (v.key().equals("f")) {
        throw new IntegrityException("would not authenticate");
      }
    };
    Path lines = dir.resolve("plan.jsonl");
    KeyRotateJob job = TestBed.job().toBuilder()
        .notification(io.keyrotate.job.Notify.of("http://127.0.0.1:9/never", "Bearer x")).build();
    JobReport r = run(bed.builder().dryRun(true).reportFile(lines).build(), job);

    assertEquals(0, bed.store.writes.get());
    assertTrue(bed.checkpoints.history().isEmpty(), "a dry run saves no checkpoint");
    assertNull(r.notification(), "a dry run sends no webhook");
    assertTrue(r.dryRun());
    Map<String, ObjectOutcome.Plan> plan = new HashMap<>();
    for (ObjectOutcome o : r.plan()) {
      assertEquals(ObjectOutcome.Result.PLANNED, o.result());
      plan.put(o.key(), o.plan());
    }
    assertEquals(
        Map.of(
            "a", ObjectOutcome.Plan.WOULD_CHANGE,
            "b", ObjectOutcome.Plan.ALREADY_CURRENT,
            "c", ObjectOutcome.Plan.WOULD_FAIL,
            "d", ObjectOutcome.Plan.WOULD_CHANGE,
            "e", ObjectOutcome.Plan.WOULD_SKIP,
            "f", ObjectOutcome.Plan.WOULD_FAIL),
        plan);
    assertEquals("INTEGRITY_ERROR", r.plan().stream().filter(o -> o.key().equals("f")).findFirst()
        .get().reason());
    for (String line : Files.readAllLines(lines)) {
      assertEquals("planned", FlatJson.parse(line).get("outcome"));
    }
    assertEquals(6, Files.readAllLines(lines).size());
  }

  @Test
  void shards_togetherCoverEveryVersionOnce_andMergeToTheWholeJob() throws Exception {
    for (int i = 0; i < 100; i++) {
      bed.sseKms("obj/" + i, TestBed.OLD);
    }
    List<JobReport> reports = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      reports.add(bed.builder().shard(s, 3).build().start(TestBed.job(), "sharded").await());
    }
    Set<String> seen = new HashSet<>();
    for (ObjectOutcome o : bed.recorder.outcomes) {
      assertTrue(seen.add(o.key()), "processed twice: " + o.key());
    }
    assertEquals(100, seen.size());
    for (JobReport rep : reports) {
      assertTrue(rep.versions() > 10 && rep.versions() < 60, "roughly even: " + rep.versions());
      assertNotNull(bed.checkpoints.load("sharded.shard-" + rep.shard().index() + "-of-3"));
    }
    JobReport merged = JobReport.merge(List.of(reports.get(2), reports.get(0), reports.get(1)));
    assertEquals(100, merged.versions());
    assertEquals(100, merged.objectsChanged());
    assertEquals(JobState.COMPLETE, merged.state());
    assertEquals(Shard.all(), merged.shard());
    assertThrows(IllegalArgumentException.class, () -> JobReport.merge(reports.subList(0, 2)));
    assertThrows(IllegalArgumentException.class,
        () -> JobReport.merge(List.of(reports.get(0), reports.get(0), reports.get(1))));
  }

  @Test
  void resume_changedDefinition_refused() throws Exception {
    bed.plaintext("a");
    bed.components.beforeApply = v -> {
      throw new KmsException("down", null, false);
    };
    KeyRotation r = bed.builder().build();
    JobReport first = run(r, TestBed.job());
    assertEquals(JobState.FAILED, first.state());
    KeyRotateJob changed = TestBed.job().toBuilder().prefix("x/").build();
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> r.resume(first.jobId(), changed));
    assertTrue(e.getMessage().contains("differs"), e.getMessage());
    bed.components.beforeApply = null;
    JobReport second = r.resume(first.jobId(), TestBed.job()).await();
    assertEquals(JobState.COMPLETE, second.state(), "a failed job resumes and revisits its failures");
    assertEquals(first.jobId(), second.jobId());
  }

  @Test
  void resume_withoutCheckpoint_refused() {
    KeyRotation r = bed.builder().build();
    assertThrows(IllegalStateException.class, () -> r.resume("nope", TestBed.job()));
  }

  @Test
  void listener_throws_jobCompletesAndWarns() throws Exception {
    bed.plaintext("a");
    JobReport r = run(bed.builder().listener(new JobListener() {
      @Override
      public void objectFinished(ObjectOutcome outcome) {
        throw new IllegalStateException("listener bug");
      }
    }).build(), TestBed.job());
    assertEquals(JobState.COMPLETE, r.state());
    assertEquals(1, r.warnings().size());
  }

  @Test
  void listing_retryableFailure_retried() throws Exception {
    bed.plaintext("a");
    AtomicInteger fails = new AtomicInteger(2);
    KeyRotation r = bed.builder().build();
    bed.store.beforeList = req -> {
      if (req.maxResults() > 1 && fails.getAndDecrement() > 0) {
        throw new ObjectStoreException("timeout", null, true);
      }
    };
    assertEquals(JobState.COMPLETE, run(r, TestBed.job()).state());
  }

  @Test
  void listing_permanentFailure_jobFailsWithReason() throws Exception {
    bed.plaintext("a");
    KeyRotation r = bed.builder().build();
    bed.store.beforeList = req -> {
      if (req.maxResults() > 1) {
        throw new ObjectStoreException("disk gone");
      }
    };
    JobReport rep = run(r, TestBed.job());
    assertEquals(JobState.FAILED, rep.state());
    assertTrue(rep.abortReason().contains("disk gone"), rep.abortReason());
  }

  @Test
  void prefixes_overlappingAndUnsorted_eachVersionOnceInOrder() throws Exception {
    for (String k : List.of("a/1", "ab/2", "b/3", "c/4", "d/5")) {
      bed.plaintext(k);
    }
    KeyRotateJob job = TestBed.job().toBuilder().prefixes(List.of("c/", "a", "ab")).build();
    JobReport r = run(bed.builder().workers(1).build(), job);
    List<String> keys = new ArrayList<>();
    bed.recorder.outcomes.forEach(o -> keys.add(o.key()));
    assertEquals(List.of("a/1", "ab/2", "c/4"), keys);
    assertEquals(3, r.versions());
  }

  @Test
  void objectRate_limitsChangesButNotSkips() throws Exception {
    for (int i = 0; i < 5; i++) {
      bed.sseKms("k" + i, TestBed.OLD);
      bed.sseKms("s" + i, TestBed.TARGET);
    }
    run(bed.builder().objectsPerSecond(10).build(), TestBed.job());
    // 5 changes at 10/s with one initial token: 4 waits totalling ~0.4 s of reserved time
    long total = bed.sleeps.stream().mapToLong(Long::longValue).sum();
    assertEquals(4, bed.sleeps.size(), "only changing versions take a permit: " + bed.sleeps);
    assertTrue(total >= 390_000_000L, "total wait " + total);
  }

  @Test
  void status_whileRunning_countsAndRates() throws Exception {
    for (int i = 0; i < 20; i++) {
      bed.sseKms(String.format("k%02d", i), TestBed.OLD);
    }
    CountDownLatch release = new CountDownLatch(1);
    bed.components.beforeApply = v -> {
      if (v.key().equals("k05")) {
        await(release);
      }
    };
    JobHandle h = bed.builder().workers(1).build().start(TestBed.job());
    Instant t0 = Instant.now();
    while (h.status().finished() < 5 && Duration.between(t0, Instant.now()).getSeconds() < 10) {
      Thread.sleep(5);
    }
    JobStatus st = h.status();
    assertEquals(JobState.RUNNING, st.state());
    assertTrue(st.inFlight() >= 1);
    assertEquals(5, st.changed());
    assertTrue(st.objectsPerSecond() > 0);
    release.countDown();
    h.await();
    assertEquals(JobState.COMPLETE, h.status().state());
  }

  private static void await(CountDownLatch l) {
    try {
      assertTrue(l.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unused")
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
