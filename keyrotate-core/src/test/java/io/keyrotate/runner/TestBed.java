package io.keyrotate.runner;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A store, a KMS, checkpoints and fake components, wired for engine tests. */
final class TestBed {
  static final String BUCKET = "bucket";
  static final String TARGET = "key-new";
  static final String OLD = "key-old";

  final MemoryStore store = new MemoryStore(BUCKET);
  final FakeKms kms = new FakeKms(TARGET, OLD);
  final MemoryCheckpoints checkpoints = new MemoryCheckpoints();
  final FakeComponents components = new FakeComponents();
  final Recorder recorder = new Recorder();
  final List<Long> sleeps = new ArrayList<>();

  /** Collects every event. */
  static final class Recorder implements JobListener {
    final ConcurrentLinkedQueue<ObjectOutcome> outcomes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<JobReport> finished = new ConcurrentLinkedQueue<>();
    volatile int started;

    @Override
    public void jobStarted(JobStatus status) {
      started++;
    }

    @Override
    public void objectFinished(ObjectOutcome outcome) {
      outcomes.add(outcome);
    }

    @Override
    public void jobFinished(JobReport report) {
      finished.add(report);
    }
  }

  KeyRotation.Builder builder() {
    return KeyRotation.builder()
        .store(store)
        .kms(kms)
        .checkpoints(checkpoints)
        .components(components)
        .listener(recorder)
        .workers(3)
        .checkpointInterval(java.time.Duration.ofMillis(10))
        .sleeper(
            nanos -> {
              synchronized (sleeps) {
                sleeps.add(nanos);
              }
            })
        .notifyBackoff(java.time.Duration.ZERO);
  }

  static KeyRotateJob job() {
    return KeyRotateJob.builder().bucket(BUCKET).build();
  }

  ObjectVersion plaintext(String key) {
    return store.put(key, null, ("data of " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
  }

  ObjectVersion sseKms(String key, String keyId) {
    return store.put(key, null, new byte[] {1, 2, 3}, FakeComponents.sealed(kms, keyId, BUCKET, key, Map.of()));
  }

  ObjectVersion sseS3(String key) {
    return store.put(key, null, new byte[] {4, 5}, FakeComponents.sseS3(kms, OLD, BUCKET, key));
  }

  /** Whether a stored version is SSE-KMS under the target key and its data key decrypts. */
  boolean underTarget(ObjectVersion v) {
    if (!(v.encryption() instanceof EncryptionState.SseKms)
        || !TARGET.equals(((EncryptionState.SseKms) v.encryption()).keyId())) {
      return false;
    }
    FakeComponents.unseal(kms, v).close();
    return true;
  }
}
