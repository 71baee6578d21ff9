package io.keyrotate.runner;

import io.keyrotate.ObjectVersion;
import java.time.Instant;

/** Decides what to do with one version; the runner's seam around the rotation policy. Thread-safe. */
@FunctionalInterface
interface Decider {
  /**
   * Decides.
   *
   * @param version the version as last read
   * @param now the instant to judge ages and locks at
   * @return the plan
   */
  Plan decide(ObjectVersion version, Instant now);
}
