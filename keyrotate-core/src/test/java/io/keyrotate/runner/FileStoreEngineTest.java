package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine (with the test stand-ins for policy and crypto) against the real file-system store. */
@Timeout(60)
class FileStoreEngineTest {
  private final FakeKms kms = new FakeKms(TestBed.TARGET, TestBed.OLD);
  private final FakeComponents components = new FakeComponents();

  private KeyRotation.Builder builder(FileObjectStore store, CheckpointStore checkpoints) {
    return KeyRotation.builder().store(store).kms(kms).checkpoints(checkpoints).components(components)
        .workers(3).checkpointInterval(Duration.ofMillis(10)).sleeper(n -> { });
  }

  private static List<ObjectVersion> all(FileObjectStore store) {
    return SseWorld.all(store, TestBed.BUCKET);
  }


  private static byte[] read(FileObjectStore store, ObjectVersion v) throws Exception {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    }
  }

  private static byte[] xor(byte[] b) {
    byte[] c = b.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] ^= 0x5A;
    }
    return c;
  }

  @Test
  void run_versionedBucketOnDisk_everyVersionRotatedInPlace(@TempDir Path dir) throws Exception {
    Map<String, byte[]> plain = new HashMap<>();
    try (FileObjectStore store = FileObjectStore.open(dir)) {
      store.createBucket(TestBed.BUCKET, true);
      for (int i = 0; i < 30; i++) {
        String key = "dir/" + i;
        byte[] data = ("version one of " + key).getBytes(StandardCharsets.UTF_8);
        store.put(PutRequest.builder(TestBed.BUCKET, key).data(data).tags(Map.of("t", "v")).build());
        store.put(PutRequest.builder(TestBed.BUCKET, key).data(new byte[] {1, 2})
            .internalMetadata(FakeComponents.sealed(kms, TestBed.OLD, TestBed.BUCKET, key, Map.of())).build());
        plain.put(key, data);
      }
      List<ObjectVersion> before = all(store);
      JobReport r = builder(store, store.checkpoints()).build().start(TestBed.job(), "fs-1")
          .await(Duration.ofSeconds(30));
      assertEquals(JobState.COMPLETE, r.state());
      assertEquals(60, r.objectsChanged());
      List<ObjectVersion> after = all(store);
      assertEquals(before.size(), after.size());
      for (int i = 0; i < after.size(); i++) {
        ObjectVersion b = before.get(i);
        ObjectVersion a = after.get(i);
        assertEquals(b.versionId(), a.versionId(), "version order kept");
        assertEquals(b.modTime(), a.modTime());
        assertEquals(b.tags(), a.tags());
        assertEquals(b.latest(), a.latest());
        assertTrue(a.encryption() instanceof EncryptionState.SseKms);
        if (b.encryption() instanceof EncryptionState.Plaintext) {
          assertArrayEquals(xor(plain.get(a.key())), read(store, a));
        }
      }
      JobCheckpoint cp = store.checkpoints().load("fs-1");
      assertNotNull(cp);
      assertEquals(JobCheckpoint.Status.COMPLETE, cp.status());
    }
  }

  @Test
  void resume_afterProcessRestart_finishesWithEverythingRotated(@TempDir Path dir) throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir)) {
      store.createBucket(TestBed.BUCKET, false);
      for (int i = 0; i < 80; i++) {
        store.put(PutRequest.builder(TestBed.BUCKET, String.format("k%03d", i))
            .data(new byte[] {(byte) i}).build());
      }
      CrashingCheckpoints cps = new CrashingCheckpoints(store.checkpoints());
      AtomicInteger done = new AtomicInteger();
      components.beforeApply = v -> {
        if (done.incrementAndGet() == 30) {
          cps.crashed.set(true);
        }
        if (cps.crashed.get()) {
          throw new ObjectStoreException("the process is gone");
        }
      };
      JobReport first = builder(store, cps).failureThreshold(FailureThreshold.of(0.0, 1)).build()
          .start(TestBed.job(), "fs-2").await(Duration.ofSeconds(30));
      assertEquals(JobState.FAILED, first.state());
    }
    components.beforeApply = null;
    try (FileObjectStore reopened = FileObjectStore.open(dir)) {
      JobCheckpoint cp = reopened.checkpoints().load("fs-2");
      assertNotNull(cp);
      assertEquals(JobCheckpoint.Status.RUNNING, cp.status(), "the crash left a running checkpoint");
      JobReport second = builder(reopened, reopened.checkpoints()).build().resume("fs-2", TestBed.job())
          .await(Duration.ofSeconds(30));
      assertEquals(JobState.COMPLETE, second.state());
      for (ObjectVersion v : all(reopened)) {
        assertTrue(v.encryption() instanceof EncryptionState.SseKms, v.key());
        byte[] data = read(reopened, v);
        assertEquals(1, data.length);
        assertEquals((byte) (Integer.parseInt(v.key().substring(1)) ^ 0x5A), data[0], "encrypted once");
      }
    }
  }

  @Test
  void run_concurrentClientPuts_neverOverwrittenByTheJob(@TempDir Path dir) throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir)) {
      store.createBucket(TestBed.BUCKET, false);
      Map<String, byte[]> last = new ConcurrentHashMap<>();
      for (int i = 0; i < 40; i++) {
        String k = String.format("k%02d", i);
        byte[] d = ("first " + k).getBytes(StandardCharsets.UTF_8);
        store.put(PutRequest.builder(TestBed.BUCKET, k).data(d).build());
        last.put(k, d);
      }
      AtomicInteger n = new AtomicInteger();
      components.beforeApply = v -> {
        // a client overwrites the object the job just read, for every third object
        if (n.incrementAndGet() % 3 == 0 && v.encryption() instanceof EncryptionState.Plaintext
            && !new String(read0(store, v), StandardCharsets.UTF_8).startsWith("second")) {
          byte[] d = ("second " + v.key()).getBytes(StandardCharsets.UTF_8);
          store.put(PutRequest.builder(TestBed.BUCKET, v.key()).data(d).build());
          last.put(v.key(), d);
        }
      };
      JobReport r = builder(store, store.checkpoints()).build().start(TestBed.job())
          .await(Duration.ofSeconds(30));
      assertEquals(JobState.COMPLETE, r.state());
      for (ObjectVersion v : all(store)) {
        assertTrue(v.encryption() instanceof EncryptionState.SseKms);
        assertArrayEquals(xor(last.get(v.key())), read(store, v), "the last write wins: " + v.key());
      }
      assertTrue(r.counters().get("attempts") > 40, "some writes lost their compare-and-set");
    }
  }

  private static byte[] read0(FileObjectStore store, ObjectVersion v) {
    try {
      return read(store, v);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
