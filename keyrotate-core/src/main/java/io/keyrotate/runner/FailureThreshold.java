package io.keyrotate.runner;

/**
 * Aborts a job early when too many selected versions fail, e.g. more than half of them after the first
 * thousand ({@code FailureThreshold.of(0.5, 1000)}): a job against a wrong KMS or a broken store then
 * stops instead of failing every object.
 *
 * @param maxFailedFraction the largest tolerated fraction of failed versions among the selected versions
 *     finished so far, in {@code [0, 1)}
 * @param minSelected how many selected versions must have finished before the threshold applies, at
 *     least 1
 */
public record FailureThreshold(double maxFailedFraction, long minSelected) {
  /** Validates the bounds. */
  public FailureThreshold {
    if (!(maxFailedFraction >= 0 && maxFailedFraction < 1)) {
      throw new IllegalArgumentException(
          "maxFailedFraction must be in [0, 1), got " + maxFailedFraction);
    }
    if (minSelected < 1) {
      throw new IllegalArgumentException("minSelected must be at least 1, got " + minSelected);
    }
  }

  /**
   * Creates a threshold.
   *
   * @param maxFailedFraction e.g. {@code 0.5}
   * @param minSelected e.g. {@code 1000}
   * @return the threshold
   */
  public static FailureThreshold of(double maxFailedFraction, long minSelected) {
    return new FailureThreshold(maxFailedFraction, minSelected);
  }

  /**
   * Whether the job must abort.
   *
   * @param failed failed selected versions so far
   * @param selected finished selected versions so far (failed included)
   * @return {@code true} when at least {@link #minSelected()} finished and the failed fraction exceeds
   *     the bound
   */
  public boolean exceeded(long failed, long selected) {
    return selected >= minSelected && failed > maxFailedFraction * selected;
  }
}
