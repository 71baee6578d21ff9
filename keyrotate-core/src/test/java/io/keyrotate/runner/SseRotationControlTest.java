package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production rotator under interruption and interference: crash and resume, concurrent client
 * writes, pause, cancel and the completion webhook, against a real store and KMS.
 */
@Timeout(120)
class SseRotationControlTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The production components with a hook that runs before every apply (may block or throw). */
  static final class Hooked implements Components {
    volatile @Nullable Consumer<ObjectVersion> beforeApply;

    /** Makes the {@code n}th apply count {@code reached} down, then wait for {@code go}. */
    void blockAt(int n, CountDownLatch reached, CountDownLatch go) {
      AtomicInteger applies = new AtomicInteger();
      beforeApply = v -> {
        if (applies.incrementAndGet() == n) {
          reached.countDown();
          await(go);
        }
      };
    }

    @Override
    public Decider decider(Setup setup) {
      return ProductionComponents.INSTANCE.decider(setup);
    }

    @Override
    public VersionRotator rotator(Setup setup) {
      VersionRotator real = ProductionComponents.INSTANCE.rotator(setup);
      return new VersionRotator() {
        @Override
        public ObjectVersion apply(ObjectVersion version, Plan plan) {
          Consumer<ObjectVersion> h = beforeApply;
          if (h != null) {
            h.accept(version);
          }
          return real.apply(version, plan);
        }

        @Override
        public void verify(ObjectVersion version, Plan plan) {
          real.verify(version, plan);
        }
      };
    }

    @Override
    public InternalRotator internal(Setup setup, InternalDataStore store) {
      return ProductionComponents.INSTANCE.internal(setup, store);
    }
  }

  private static KeyRotateJob job() {
    return KeyRotateJob.builder().bucket(SseWorld.BUCKET).build();
  }

  @Test
  void resume_afterCrashAtRandomPoints_endsInTheStateOfAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    Random seeds = new Random(20261128L);
    for (int round = 0; round < 4; round++) {
      long seed = seeds.nextLong();
      Path d = dir.resolve("round-" + round);
      SseWorld w = new SseWorld(d, seed).populate().many("bulk/", 90);
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      int crashAt = 1 + new Random(seed).nextInt(changed.size() - 1);
      Hooked hooked = new Hooked();
      CrashingCheckpoints cps = new CrashingCheckpoints(w.store.checkpoints());
      AtomicInteger applies = new AtomicInteger();
      hooked.beforeApply = v -> {
        if (applies.incrementAndGet() >= crashAt) {
          cps.crashed.set(true);
        }
        if (cps.crashed.get()) {
          throw new ObjectStoreException("the process is gone");
        }
      };
      JobReport first =
          w.rotation().checkpoints(cps).components(hooked)
              .failureThreshold(FailureThreshold.of(0.0, 1)).build()
              .start(job(), "crash-" + round).await(WAIT);
      assertEquals(JobState.FAILED, first.state(), "round " + round + " crashed at " + crashAt);
      w.store.close();
      try (FileObjectStore reopened = SseWorld.reopen(d, w.kms)) {
        JobCheckpoint cp = reopened.checkpoints().load("crash-" + round);
        assertNotNull(cp);
        assertEquals(JobCheckpoint.Status.RUNNING, cp.status());
        JobReport second =
            KeyRotation.builder().store(reopened).kms(w.kms).checkpoints(reopened.checkpoints())
                .clock(java.time.Clock.fixed(SseWorld.NOW, java.time.ZoneOffset.UTC)).workers(3)
                .build().resume("crash-" + round, job()).await(WAIT);
        assertEquals(JobState.COMPLETE, second.state(), second.toString());
        SseWorld again = w.withStore(reopened);
        again.assertAfter(before, changed, Map.of());
      } finally {
        w.kms.close();
      }
    }
  }

  @Test
  void concurrentOverwrites_duringTheJob_areNotLost_andEndUnderTheTargetKey(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 31)) {
      String bucket = "unversioned";
      w.store.createBucket(bucket, false);
      Map<String, byte[]> last = new ConcurrentHashMap<>();
      for (int i = 0; i < 60; i++) {
        String k = String.format("k%02d", i);
        byte[] data = w.bytes(100 + i);
        w.store.put(PutRequest.builder(bucket, k).data(data)
            .encryption(i % 2 == 0 ? io.keyrotate.sse.SseSpec.s3()
                : io.keyrotate.sse.SseSpec.kms(SseWorld.OLD, Map.of())).build());
        last.put(k, data);
      }
      w.kms.setDefaultKey(SseWorld.NEW);
      Hooked hooked = new Hooked();
      AtomicInteger n = new AtomicInteger();
      Set<String> overwritten = ConcurrentHashMap.newKeySet();
      hooked.beforeApply = v -> {
        // A client overwrites every third object right after the job read it: plaintext this time.
        if (n.incrementAndGet() % 3 == 0 && overwritten.add(v.key())) {
          byte[] d = ("second version of " + v.key()).getBytes(StandardCharsets.UTF_8);
          w.store.put(PutRequest.builder(bucket, v.key()).data(d).tags(Map.of("w", "2")).build());
          last.put(v.key(), d);
        }
      };
      JobReport r =
          w.rotation().components(hooked).build()
              .start(KeyRotateJob.builder().bucket(bucket).build()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertTrue(overwritten.size() >= 15);
      assertTrue(r.counters().get("attempts") > 60, "writes lost their compare-and-set and were retried");
      for (int i = 0; i < 60; i++) {
        String k = String.format("k%02d", i);
        ObjectVersion v = w.store.stat(bucket, k, null);
        assertNotNull(v);
        assertTrue(w.underTarget(v), k);
        try (var g = w.store.get(io.keyrotate.store.fs.GetRequest.of(bucket, k))) {
          assertArrayEquals(last.get(k), g.stream().readAllBytes(), "the client's last write wins: " + k);
        }
        assertEquals(overwritten.contains(k) ? Map.of("w", "2") : Map.of(), v.tags());
      }
    }
  }

  @Test
  void pauseAndResume_midJob_stopsWritingWhilePaused_thenCompletes(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 32).many("p/", 150)) {
      w.kms.setDefaultKey(SseWorld.NEW);
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      Hooked hooked = new Hooked();
      CountDownLatch reached = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      hooked.blockAt(30, reached, go);
      JobHandle h = w.rotation().components(hooked).build().start(job(), "to-pause");
      assertTrue(reached.await(30, TimeUnit.SECONDS));
      assertTrue(h.pause());
      go.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      // The paused checkpoint is saved once no worker is busy any more.
      while (h.status().state() != JobState.PAUSED
          || w.store.checkpoints().load("to-pause").status() != JobCheckpoint.Status.PAUSED) {
        assertTrue(System.nanoTime() < deadline, "pause took effect");
        Thread.sleep(10);
      }
      long changedWhenPaused = h.status().changed();
      Thread.sleep(300);
      assertEquals(changedWhenPaused, h.status().changed(), "nothing changes while paused");
      assertTrue(changedWhenPaused < changed.size(), "paused mid-job");
      assertTrue(h.resume());
      JobReport r = h.await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void cancel_midJob_endsCanceled_withEveryObjectReadableAndEitherRotatedOrUntouched(
      @TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 33).many("c/", 150)) {
      w.kms.setDefaultKey(SseWorld.NEW);
      SseWorld.Snapshot before = w.snapshot();
      Hooked hooked = new Hooked();
      CountDownLatch reached = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      hooked.blockAt(25, reached, go);
      JobHandle h = w.rotation().components(hooked).build().start(job(), "to-cancel");
      assertTrue(reached.await(30, TimeUnit.SECONDS));
      h.cancel();
      go.countDown();
      JobReport r = h.await(WAIT);
      assertEquals(JobState.CANCELED, r.state());
      assertTrue(r.objectsChanged() >= 1 && r.objectsChanged() < 150, "stopped mid-job");
      Set<String> rotated = w.select(w::underTarget);
      assertEquals(r.objectsChanged(), rotated.size());
      w.assertAfter(before, rotated, Map.of());
      JobCheckpoint cp = w.store.checkpoints().load("to-cancel");
      assertNotNull(cp);
      assertEquals(JobCheckpoint.Status.CANCELED, cp.status());
    }
  }

  @Test
  void webhook_receivedByARealHttpServer_withHeadersAndSummary(@TempDir Path dir) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicReference<String> method = new AtomicReference<>();
    AtomicReference<String> contentType = new AtomicReference<>();
    AtomicReference<String> auth = new AtomicReference<>();
    AtomicReference<String> body = new AtomicReference<>();
    CountDownLatch received = new CountDownLatch(1);
    server.createContext("/hook", ex -> {
      method.set(ex.getRequestMethod());
      contentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
      auth.set(ex.getRequestHeaders().getFirst("Authorization"));
      body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
      received.countDown();
    });
    server.start();
    try (SseWorld w = new SseWorld(dir, 34).populate()) {
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      KeyRotateJob job =
          KeyRotateJob.builder().bucket(SseWorld.BUCKET)
              .notification(Notify.of(endpoint, "Bearer e2e.token")).build();
      JobReport r = w.rotation().build().start(job, "hooked-job").await(WAIT);
      assertTrue(received.await(10, TimeUnit.SECONDS));
      assertEquals("POST", method.get());
      assertEquals("application/json", contentType.get());
      assertEquals("Bearer e2e.token", auth.get());
      Map<String, @Nullable Object> json = FlatJson.parse(body.get());
      assertEquals("hooked-job", json.get("jobId"));
      assertEquals("keyrotate", json.get("jobType"));
      assertEquals("complete", json.get("status"));
      assertEquals(r.objectsChanged(), number(json.get("objects")));
      assertTrue(r.objectsChanged() > 0);
      assertEquals(0L, number(json.get("objectsFailed")));
      assertEquals(r.objectsSkipped(), number(json.get("objectsSkipped")));
      assertEquals(r.bytes(), number(json.get("bytesTransferred")));
      assertNotNull(json.get("startTime"));
      assertNotNull(json.get("endTime"));
      NotificationResult sent = r.notification();
      assertNotNull(sent);
      assertTrue(sent.delivered(), sent.toString());
    } finally {
      server.stop(0);
    }
  }

  private static long number(@Nullable Object o) {
    assertTrue(o instanceof Number, String.valueOf(o));
    return ((Number) o).longValue();
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
