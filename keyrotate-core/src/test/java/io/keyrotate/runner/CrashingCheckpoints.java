package io.keyrotate.runner;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Checkpoints that a simulated crash cuts off: nothing is saved once {@link #crashed} is set. */
final class CrashingCheckpoints implements CheckpointStore {
  final CheckpointStore inner;
  final AtomicBoolean crashed = new AtomicBoolean();
  final AtomicInteger saves = new AtomicInteger();

  CrashingCheckpoints(CheckpointStore inner) {
    this.inner = inner;
  }

  @Override
  public @Nullable JobCheckpoint load(String jobId) {
    return inner.load(jobId);
  }

  @Override
  public void save(JobCheckpoint checkpoint) {
    if (!crashed.get()) {
      inner.save(checkpoint);
      saves.incrementAndGet();
    }
  }

  @Override
  public List<String> jobIds() {
    return inner.jobIds();
  }
}
