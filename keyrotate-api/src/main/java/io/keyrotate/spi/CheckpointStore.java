package io.keyrotate.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Durable storage of job checkpoints, one per job id.
 *
 * <p>{@link #save} replaces the job's checkpoint atomically: after a crash, {@link #load} returns the last
 * completely saved checkpoint, never a mix. Saves of one job are made by one runner at a time; saves of
 * different jobs may run concurrently.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface CheckpointStore {
  /**
   * Loads a job's checkpoint.
   *
   * @param jobId the job id
   * @return the last saved checkpoint, or {@code null} when the job has none
   * @throws io.keyrotate.ObjectStoreException when the store fails or the stored checkpoint is unreadable
   */
  @Nullable JobCheckpoint load(String jobId);

  /**
   * Saves (creates or replaces) a job's checkpoint, durably.
   *
   * @param checkpoint the checkpoint
   * @throws io.keyrotate.ObjectStoreException when the store fails; the previous checkpoint is kept
   */
  void save(JobCheckpoint checkpoint);

  /**
   * The ids of all jobs that have a checkpoint.
   *
   * @return the ids in ascending order of their UTF-8 bytes
   * @throws io.keyrotate.ObjectStoreException when the store fails
   */
  List<String> jobIds();
}
