package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.JobState;
import io.keyrotate.runner.KeyRotation;
import io.keyrotate.runner.ObjectOutcome;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole rotation job against the HSM: a demo bucket in a FileObjectStore holds plaintext, SSE-S3 and
 * SSE-KMS objects under HSM key A; the KMS's default key becomes HSM key B and the production runner
 * moves every object to B; a second run finds everything current; after B is rotated in the token, a
 * third run rewraps everything again.
 */
@Timeout(120)
class Pkcs11RotationJobTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int OBJECTS = 12;
  @TempDir Path dir;

  private static byte[] data(int i) {
    byte[] b = new byte[1_000 + i * 9_000];
    for (int j = 0; j < b.length; j++) {
      b[j] = (byte) (j * 7 + i);
    }
    return b;
  }

  private static SseSpec spec(int i, String keyA) {
    switch (i % 3) {
      case 0:
        return SseSpec.kms(keyA, Map.of("team", "t" + i));
      case 1:
        return SseSpec.s3();
      default:
        return SseSpec.kms(null, Map.of()); // the default key (A), no client context
    }
  }

  private static JobReport run(FileObjectStore store, Pkcs11Kms kms) throws Exception {
    KeyRotateJob job = KeyRotateJob.builder().bucket("demo").build();
    return KeyRotation.builder().store(store).kms(kms).checkpoints(store.checkpoints()).workers(2)
        .build().start(job).await(WAIT);
  }

  private static long count(JobReport r, ObjectOutcome.Action a) {
    return r.countsByAction().getOrDefault(a, 0L);
  }

  @Test
  void job_rotatesADemoBucketFromHsmKeyAToHsmKeyB() throws Exception {
    SoftHsm hsm = SoftHsm.get();
    String a = SoftHsm.uniqueName("job-a");
    String b = SoftHsm.uniqueName("job-b");
    try (Pkcs11Kms kmsA = Pkcs11Kms.create(hsm.config(a).build());
        FileObjectStore storeA = FileObjectStore.builder(dir.resolve("store")).kms(kmsA).open()) {
      kmsA.createKey(b);
      storeA.createBucket("demo", true);
      for (int i = 0; i < OBJECTS; i++) {
        PutRequest.Builder put = PutRequest.builder("demo", "obj/" + i).data(data(i));
        storeA.put((i == 5 ? put : put.encryption(spec(i, a))).build()); // obj/5 stays plaintext
      }
    }

    try (Pkcs11Kms kmsB = Pkcs11Kms.open(hsm.config(b).build());
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kmsB).open()) {
      JobReport first = run(store, kmsB);
      assertEquals(JobState.COMPLETE, first.state(), first.toString());
      assertEquals(0, first.objectsFailed(), first.failures().toString());
      assertEquals(OBJECTS, first.objectsChanged(), first.toString());
      assertEquals(1, count(first, ObjectOutcome.Action.ENCRYPT));
      assertEquals(4, count(first, ObjectOutcome.Action.CONVERT));
      assertEquals(7, count(first, ObjectOutcome.Action.REWRAP));
      assertAllUnder(store, kmsB, b, KeyVersionState.CURRENT);

      JobReport second = run(store, kmsB);
      assertEquals(JobState.COMPLETE, second.state(), second.toString());
      assertEquals(0, second.objectsChanged(), second.toString());
      assertEquals(OBJECTS, count(second, ObjectOutcome.Action.SKIP), "all already current");

      kmsB.rotateKey(b);
      assertAllUnder(store, kmsB, b, KeyVersionState.OUTDATED);
      JobReport third = run(store, kmsB);
      assertEquals(JobState.COMPLETE, third.state(), third.toString());
      assertEquals(OBJECTS, count(third, ObjectOutcome.Action.REWRAP), third.toString());
      assertAllUnder(store, kmsB, b, KeyVersionState.CURRENT);
    }
  }

  private static void assertAllUnder(FileObjectStore store, Pkcs11Kms kms, String key, KeyVersionState state)
      throws IOException {
    List<ObjectVersion> versions = store.list(ListRequest.of("demo", "")).versions();
    assertEquals(OBJECTS, versions.size());
    for (ObjectVersion v : versions) {
      assertTrue(v.encryption() instanceof EncryptionState.SseKms, v.key() + ": " + v.encryption());
      SseMetadata m = SseMetadata.parse(v.internalMetadata());
      assertEquals(key, m.kmsKeyId(), v.key());
      byte[] ct = m.kmsCiphertext();
      assertNotNull(ct);
      assertEquals(state, kms.isCurrent(new IsCurrentRequest(key, KmsCiphertext.copyOf(ct))), v.key());
      int i = Integer.parseInt(v.key().substring("obj/".length()));
      try (GetResult r = store.get(new GetRequest("demo", v.key(), null, 0, -1, null))) {
        assertArrayEquals(data(i), r.stream().readAllBytes(), v.key());
      }
    }
  }
}
