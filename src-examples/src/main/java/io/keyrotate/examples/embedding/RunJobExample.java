package io.keyrotate.examples.embedding;

import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.runner.JobHandle;
import io.keyrotate.runner.JobListener;
import io.keyrotate.runner.JobReport;
import io.keyrotate.runner.KeyRotation;
import io.keyrotate.runner.ObjectOutcome;
import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.PutRequest;
import io.keyrotate.yaml.KeyRotateYaml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Example: run a keyrotate job from inside a server. The server supplies its {@link ObjectStore}, its
 * {@link Kms} and a {@link CheckpointStore} (here: the embedded file store, the example {@link
 * InMemoryKms} and {@link InMemoryCheckpointStore}); keyrotate does the rest. Run it with {@code java -cp
 * src-examples/target/keyrotate.jar io.keyrotate.examples.embedding.RunJobExample}.
 */
public final class RunJobExample {
  private RunJobExample() {}

  /** The job: the product document's "encrypt and rotate keys for all objects". */
  static final String JOB =
      "keyrotate:\n  apiVersion: v1\n  bucket: photos\n  encryption: {}  # the KMS default key\n";

  /**
   * Runs {@code jobYaml} against a store and a KMS, and waits for the report.
   *
   * @param store the object store
   * @param kms the KMS
   * @param checkpoints where progress is saved, so a crashed job resumes
   * @param jobYaml the job definition
   * @return the final report
   * @throws InterruptedException when interrupted while waiting (the job goes on)
   */
  public static JobReport rotate(ObjectStore store, Kms kms, CheckpointStore checkpoints, String jobYaml)
      throws InterruptedException {
    KeyRotateJob job = KeyRotateYaml.parse(jobYaml); // JobDefinitionException names field, line, column
    AtomicLong changed = new AtomicLong();
    KeyRotation rotation =
        KeyRotation.builder()
            .store(store)
            .kms(kms)
            .checkpoints(checkpoints)
            .workers(2)
            .listener(
                new JobListener() { // the audit trail: called once per visited version, from workers
                  @Override
                  public void objectFinished(ObjectOutcome outcome) {
                    if (outcome.action().changesObject()) {
                      changed.incrementAndGet();
                    }
                  }
                })
            .build();
    JobHandle handle = rotation.start(job); // validates the target key and bucket before touching anything
    JobReport report = handle.await();
    if (changed.get() != report.objectsChanged()) {
      throw new IllegalStateException("the listener saw " + changed + " changes, the report " + report.objectsChanged());
    }
    return report;
  }

  /**
   * Seeds a temporary store with a plaintext and an SSE-KMS object under an old key, makes a new key the
   * default, runs the job and prints the report.
   *
   * @param out where to print
   * @return the report
   * @throws IOException when the temporary directory fails
   * @throws InterruptedException when interrupted
   */
  public static JobReport demo(PrintStream out) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("keyrotate-example");
    InMemoryKms kms = new InMemoryKms("old-key");
    try (FileObjectStore store = FileObjectStore.builder(dir).kms(kms).open()) {
      store.createBucket("photos", true);
      byte[] data = "a photo".getBytes(StandardCharsets.UTF_8);
      store.put(PutRequest.builder("photos", "plain.jpg").data(data).build());
      store.put(
          PutRequest.builder("photos", "sealed.jpg").data(data).encryption(SseSpec.kms("old-key", Map.of())).build());
      kms.createKey("new-key");
      kms.setDefaultKey("new-key");
      JobReport report = rotate(store, kms, new InMemoryCheckpointStore(), JOB);
      out.println(report.toJson());
      return report;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Runs {@link #demo}.
   *
   * @param args ignored
   * @throws Exception when it fails
   */
  public static void main(String... args) throws Exception {
    demo(System.out);
  }
}
