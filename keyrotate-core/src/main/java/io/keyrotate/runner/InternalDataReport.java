package io.keyrotate.runner;

import java.util.List;
import java.util.Objects;

/**
 * What the job did with the server's internal data (IAM, server configuration and history, tier
 * configuration, bucket metadata), counted apart from objects.
 *
 * @param attempted whether the job processed internal data at all (it does only when the target is the
 *     KMS default key, an {@link io.keyrotate.spi.InternalDataStore} is configured, the job reached its
 *     end, and for a sharded job on shard 0)
 * @param rotated blobs re-encrypted under the target key (in a dry run: that would be)
 * @param skipped blobs left as they are on purpose (not encrypted data, or not a format the job rotates)
 * @param failed blobs that could not be re-encrypted
 * @param failures one line per failed blob: its name and why (never content)
 */
public record InternalDataReport(
    boolean attempted, long rotated, long skipped, long failed, List<String> failures) {
  private static final InternalDataReport NONE = new InternalDataReport(false, 0, 0, 0, List.of());

  /** Copies the list and checks the counts. */
  public InternalDataReport {
    failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
    if (rotated < 0 || skipped < 0 || failed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * The report of a job that did not touch internal data.
   *
   * @return an empty, not attempted report
   */
  public static InternalDataReport notAttempted() {
    return NONE;
  }

  InternalDataReport plus(InternalDataReport o) {
    if (!o.attempted) {
      return this;
    }
    if (!attempted) {
      return o;
    }
    List<String> all = new java.util.ArrayList<>(failures);
    all.addAll(o.failures);
    return new InternalDataReport(true, rotated + o.rotated, skipped + o.skipped, failed + o.failed, all);
  }
}
