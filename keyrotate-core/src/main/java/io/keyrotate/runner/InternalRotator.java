package io.keyrotate.runner;

import java.util.function.BooleanSupplier;

/** Re-encrypts the server's internal data under the target key; the runner's seam. Thread-safe. */
interface InternalRotator {
  /**
   * Processes every internal-data blob.
   *
   * @param dryRun when true, reads and checks but writes nothing
   * @param stop polled between blobs; when true the rotation stops early
   * @return the counts
   */
  InternalDataReport rotate(boolean dryRun, BooleanSupplier stop);
}
