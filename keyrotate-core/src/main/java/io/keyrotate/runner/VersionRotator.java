package io.keyrotate.runner;

import io.keyrotate.ObjectVersion;

/**
 * Performs a changing plan ({@code ENCRYPT}, {@code CONVERT}, {@code REWRAP}) on one version with a
 * compare-and-set write; the runner's seam around the SSE toolkit, so the engine can be tested with fakes.
 * Thread-safe.
 */
interface VersionRotator {
  /**
   * Changes the version.
   *
   * @param version the version as last read (the compare-and-set's expected state)
   * @param plan the changing plan
   * @return the version as stored afterwards
   * @throws io.keyrotate.ObjectChangedException when the version changed concurrently; nothing written
   * @throws io.keyrotate.KeyRotateException for other failures; nothing written
   */
  ObjectVersion apply(ObjectVersion version, Plan plan);

  /**
   * Checks, without writing anything, that {@link #apply} could succeed as far as can be told by reading
   * (for a dry run's "would fail" answers): for example that the KMS can decrypt the stored data key and
   * the sealed object key authenticates.
   *
   * @param version the version as listed
   * @param plan the changing plan
   * @throws io.keyrotate.KeyRotateException when the change would fail
   */
  void verify(ObjectVersion version, Plan plan);

  /**
   * Releases what the rotator holds for the job (e.g. wipes reused data keys). The runner calls it once,
   * after every worker has stopped. The default holds nothing.
   */
  default void close() {}
}
