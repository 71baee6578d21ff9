package io.keyrotate.examples.embedding;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * Example of implementing the {@link CheckpointStore} SPI: checkpoints in a map. A server keeps them
 * where it keeps its own metadata (a table, a system bucket); the contract is one atomic replace per
 * save and ids listed in UTF-8 byte order. Checkpoints are immutable records, so storing the reference
 * is an atomic replace. Thread-safe; nothing survives the process.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentSkipListMap<String, JobCheckpoint> checkpoints =
      new ConcurrentSkipListMap<>(
          (a, b) ->
              Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

  /** An empty store. */
  public InMemoryCheckpointStore() {}

  @Override
  public @Nullable JobCheckpoint load(String jobId) {
    return checkpoints.get(JobCheckpoint.checkJobId(jobId));
  }

  @Override
  public void save(JobCheckpoint checkpoint) {
    checkpoints.put(checkpoint.jobId(), checkpoint);
  }

  @Override
  public List<String> jobIds() {
    return new ArrayList<>(checkpoints.keySet());
  }
}
