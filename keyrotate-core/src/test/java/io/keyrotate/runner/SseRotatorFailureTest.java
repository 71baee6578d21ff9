package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production rotator's failure paths and the setups beside the keyring KMS: legacy metadata, a
 * flaky or broken KMS, MinIO's builtin single-key KMS, and sharded runs.
 */
@Timeout(120)
class SseRotatorFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KeyRotateJob job() {
    return KeyRotateJob.builder().bucket(SseWorld.BUCKET).build();
  }

  /** Forwards to a real KMS; generate and decrypt may be made to fail. */
  private static class Forwarding extends InternalDataRotatorTest.ForwardingKms {
    final AtomicInteger decryptFailures = new AtomicInteger();
    volatile boolean generateBroken;

    Forwarding(Kms inner) {
      super(inner);
    }

    @Override
    public DataKey generateKey(GenerateKeyRequest request) {
      if (generateBroken) {
        throw new KmsException("key service says no", null, false);
      }
      return kms.generateKey(request);
    }

    @Override
    public SecretBytes decrypt(DecryptRequest request) {
      if (decryptFailures.getAndDecrement() > 0) {
        throw new KmsException("the KMS is unavailable for a moment", null, true);
      }
      return kms.decrypt(request);
    }
  }

  @Test
  void legacySseS3WithoutKmsKey_failsAndStaysUntouched(@TempDir Path dir)
      throws Exception {
    try (SseWorld w = new SseWorld(dir, 41)) {
      byte[] iv = w.bytes(32);
      byte[] sealed = w.bytes(64);
      ObjectVersion legacy =
          w.store.put(PutRequest.builder(SseWorld.BUCKET, "legacy").data(w.bytes(100))
              .internalMetadata(SseMetadata.sseS3(iv, sealed, null, null).toMap()).build());
      assertTrue(legacy.encryption() instanceof EncryptionState.SseS3);
      w.kms.setDefaultKey(SseWorld.NEW);
      Map<String, String> files = w.fileDigests();
      JobReport r = w.rotation().dryRun(true).build().start(job()).await(WAIT);
      assertEquals(ObjectOutcome.Action.FAIL, r.plan().get(0).action(), "a dry run predicts it");
      assertEquals(files, w.fileDigests());
      r = w.rotation().build().start(job()).await(WAIT);
      assertEquals(JobState.FAILED, r.state());
      assertEquals("NO_KMS_KEY_ID", r.failures().get(0).reason(), "the policy refuses it");
      // The rotator refuses it too, should a decider ever let it through.
      SseRotator rotator =
          new SseRotator(new Components.Setup(job(), SseWorld.NEW, w.store, w.kms, null, Ticker.SYSTEM));
      io.keyrotate.FormatException e =
          assertThrows(io.keyrotate.FormatException.class,
              () -> rotator.apply(legacy, new Plan(ObjectOutcome.Action.CONVERT, "SSE_S3", "test")));
      assertTrue(e.getMessage().contains("without a KMS"), e.getMessage());
      assertThrows(io.keyrotate.FormatException.class,
          () -> rotator.verify(legacy, new Plan(ObjectOutcome.Action.CONVERT, "SSE_S3", "test")));
      assertEquals(legacy.internalMetadata(),
          w.store.stat(SseWorld.BUCKET, "legacy", legacy.versionId()).internalMetadata());
    }
  }

  @Test
  void transientKmsFailures_areRetried_andTheJobCompletes(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 42).many("t/", 30)) {
      w.kms.setDefaultKey(SseWorld.NEW);
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      Forwarding kms = new Forwarding(w.kms);
      kms.decryptFailures.set(2);
      JobReport r = w.rotation().kms(kms).workers(1).build().start(job()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(30 + 2, r.counters().get("attempts"), "two retries");
      assertEquals(30, changed.size());
      w.assertAfter(before, changed, Map.of());
    }
  }

  @Test
  void kmsCannotGenerateUnderTheTarget_startFailsBeforeAnythingIsTouched(@TempDir Path dir) {
    try (SseWorld w = new SseWorld(dir, 43).populate()) {
      Map<String, String> files = w.fileDigests();
      Forwarding kms = new Forwarding(w.kms);
      kms.generateBroken = true;
      KeyRotation rotation = w.rotation().kms(kms).build();
      KmsException e = assertThrows(KmsException.class, () -> rotation.start(job()));
      assertTrue(e.getMessage().contains("new-key"), e.getMessage());
      assertEquals(files, w.fileDigests());
      assertTrue(w.store.checkpoints().jobIds().isEmpty(), "no checkpoint either");
    }
  }

  @Test
  void minioBuiltinKms_convertsSseS3_andRewrapsSseKms_readableAfterwards(@TempDir Path dir)
      throws Exception {
    String secret = "my-minio-key:3e2tuGevo/c70zwlSZpyPtf59RFy7nsbZ54I3Hld68w=";
    try (LocalKms kms = LocalKms.fromMinioSecretKey(secret);
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      store.createBucket("minio", false);
      List<byte[]> data = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] d = ("object number " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        data.add(d);
        store.put(PutRequest.builder("minio", "o" + i).data(d)
            .encryption(i % 2 == 0 ? SseSpec.s3() : SseSpec.kms(null, Map.of("k", "v"))).build());
      }
      JobReport r =
          KeyRotation.builder().store(store).kms(kms).clock(Clock.fixed(SseWorld.NOW, ZoneOffset.UTC))
              .build().start(KeyRotateJob.builder().bucket("minio").build()).await(WAIT);
      assertEquals(JobState.COMPLETE, r.state(), r.toString());
      assertEquals(3L, r.countsByAction().get(ObjectOutcome.Action.CONVERT));
      // MinIO's builtin KMS cannot tell key versions: same-key objects are rewrapped, never skipped.
      assertEquals(3L, r.countsByReason().get("REWRAP/CONTEXT_DIFFERS")
          + r.countsByReason().getOrDefault("REWRAP/KEY_VERSION_UNKNOWN", 0L));
      for (int i = 0; i < 6; i++) {
        ObjectVersion v = store.stat("minio", "o" + i, null);
        assertTrue(v.encryption() instanceof EncryptionState.SseKms, "o" + i);
        try (GetResult g = store.get(GetRequest.of("minio", "o" + i))) {
          assertArrayEquals(data.get(i), g.stream().readAllBytes());
        }
      }
    }
  }

  @Test
  void shards_eachRunItsShare_mergedReportCoversEveryVersionOnce(@TempDir Path dir) throws Exception {
    try (SseWorld w = new SseWorld(dir, 44).populate().many("s/", 40)) {
      SseWorld.Snapshot before = w.snapshot();
      Set<String> changed = w.select(SseWorld::rotatable);
      List<JobReport> reports = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        reports.add(w.rotation().shard(i, 3).build().start(job(), "sharded").await(WAIT));
      }
      JobReport merged = JobReport.merge(reports);
      assertEquals(JobState.COMPLETE, merged.state());
      assertEquals(before.versions().size(), merged.versions());
      assertEquals(changed.size(), merged.objectsChanged());
      assertTrue(reports.stream().allMatch(x -> x.objectsChanged() > 0), "every shard had work");
      w.assertAfter(before, changed, Map.of());
    }
  }
}
