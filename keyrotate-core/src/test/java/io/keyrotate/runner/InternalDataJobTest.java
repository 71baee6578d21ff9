package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.sse.ConfigBlob;
import io.keyrotate.sse.InternalDataFormat;
import io.keyrotate.store.fs.FileObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine driving {@link InternalDataRotator} at the end of a job: report, counters and job state. */
class InternalDataJobTest {
  private final TestBed bed = new TestBed();

  /** The fake decider and rotator, with the production internal-data rotator. */
  private final class WithInternalData implements Components {
    @Override
    public Decider decider(Setup setup) {
      return bed.components.decider(setup);
    }

    @Override
    public VersionRotator rotator(Setup setup) {
      return bed.components.rotator(setup);
    }

    @Override
    public InternalRotator internal(Setup setup, InternalDataStore store) {
      return new InternalDataRotator(setup, store);
    }
  }

  private JobReport run(InternalDataStore internal, boolean dryRun) throws Exception {
    return bed.builder()
        .components(new WithInternalData())
        .internalData(internal)
        .dryRun(dryRun)
        .build()
        .start(TestBed.job())
        .await(Duration.ofSeconds(20));
  }

  private static byte[] blob(FakeKms kms, String keyId, String name) {
    return InternalDataRotatorTest.configBlob(
        kms, keyId, ConfigBlob.context(name), InternalDataRotatorTest.plain(name));
  }

  @Test
  void job_withInternalData_reencryptsItAndCountsItApart(@TempDir Path dir) throws Exception {
    bed.sseKms("obj", TestBed.OLD);
    try (FileObjectStore fs = FileObjectStore.open(dir)) {
      InternalDataStore internal = fs.internalData();
      String iam = "config/iam/users/alice/identity.json";
      internal.write(BlobWrite.create(iam, blob(bed.kms, TestBed.OLD, iam)));
      internal.write(BlobWrite.create("config/config.json", InternalDataRotatorTest.plain("c")));

      JobReport dry = run(internal, true);
      assertTrue(dry.internalData().attempted());
      assertEquals(2, dry.internalData().rotated());
      assertEquals(TestBed.OLD, ConfigBlob.parse(Objects.requireNonNull(internal.read(iam)).content()).keyId());

      JobReport r = run(internal, false);
      assertEquals(JobState.COMPLETE, r.state());
      assertEquals(2, r.internalData().rotated());
      assertEquals(2L, r.counters().get(Counters.INTERNAL_ROTATED));
      assertEquals(0L, r.counters().getOrDefault(Counters.INTERNAL_FAILED, 0L));
      byte[] now = Objects.requireNonNull(internal.read(iam)).content();
      assertEquals(TestBed.TARGET, ConfigBlob.parse(now).keyId());
      assertArrayEquals(
          InternalDataRotatorTest.plain(iam), InternalDataRotatorTest.openConfig(bed.kms, now, iam));
    }
  }

  @Test
  void job_damagedInternalBlob_failsTheJobAndNamesTheBlob(@TempDir Path dir) throws Exception {
    bed.sseKms("obj", TestBed.OLD);
    try (FileObjectStore fs = FileObjectStore.open(dir)) {
      InternalDataStore internal = fs.internalData();
      String name = InternalDataFormat.bucketTargetsName("photos");
      internal.write(BlobWrite.create(name, "{\"X-Minio-Internal-Server-Side-Encryption-Iv\":\"x\"}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

      JobReport r = run(internal, false);

      assertEquals(JobState.FAILED, r.state());
      assertEquals(1, r.objectsChanged(), "objects are rotated all the same");
      assertEquals(1, r.internalData().failed());
      assertTrue(r.internalData().failures().get(0).startsWith(name + ": "));
      assertEquals(1L, r.counters().get(Counters.INTERNAL_FAILED));
      assertFalse(r.internalData().failures().get(0).contains("Iv\":\"x"));
    }
  }
}
