package io.keyrotate.runner;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link CheckpointStore} that keeps the history of saves. {@link #freezeAfter} simulates a
 * crash: saves after the first {@code n} are dropped, as if the process had died.
 */
final class MemoryCheckpoints implements CheckpointStore {
  private final Map<String, JobCheckpoint> current = new TreeMap<>();
  final List<JobCheckpoint> history = new ArrayList<>();
  private int frozenAfter = Integer.MAX_VALUE;
  /** Runs after each recorded save, outside the lock. */
  volatile @Nullable Consumer<JobCheckpoint> afterSave;

  synchronized void freezeAfter(int n) {
    frozenAfter = n;
  }

  /** Drops every later save, as a crashed process makes none. */
  synchronized void crash() {
    frozenAfter = Math.min(frozenAfter, history.size());
  }

  synchronized List<JobCheckpoint> history() {
    return List.copyOf(history);
  }

  @Override
  public synchronized @Nullable JobCheckpoint load(String jobId) {
    return current.get(jobId);
  }

  @Override
  public void save(JobCheckpoint checkpoint) {
    synchronized (this) {
      if (history.size() >= frozenAfter) {
        return;
      }
      history.add(checkpoint);
      current.put(checkpoint.jobId(), checkpoint);
    }
    Consumer<JobCheckpoint> hook = afterSave;
    if (hook != null) {
      hook.accept(checkpoint);
    }
  }

  @Override
  public synchronized List<String> jobIds() {
    return new ArrayList<>(current.keySet());
  }
}
