package io.keyrotate;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The object-lock state of one version: an optional retention (mode and end) and a legal hold.
 *
 * @param mode the retention mode, or {@code null} when the version has no retention
 * @param retainUntil when the retention ends, or {@code null}; a retention that ended is no lock
 * @param legalHold whether a legal hold is set (independent of retention)
 */
public record ObjectLock(@Nullable RetentionMode mode, @Nullable Instant retainUntil, boolean legalHold) {
  private static final ObjectLock NONE = new ObjectLock(null, null, false);

  /** S3 object-lock retention modes. */
  public enum RetentionMode {
    /** Users with a special permission may shorten or remove the retention. */
    GOVERNANCE,
    /** Nobody may shorten or remove the retention. */
    COMPLIANCE
  }

  /**
   * No retention, no legal hold.
   *
   * @return the unlocked state
   */
  public static ObjectLock none() {
    return NONE;
  }

  /**
   * Whether the version is protected at {@code now}: a legal hold, or a retention whose end is strictly
   * after {@code now}. A retention ending exactly at {@code now} has ended.
   *
   * @param now the instant to judge at
   * @return {@code true} when the version must not be modified
   */
  public boolean isLockedAt(Instant now) {
    return legalHold || (retainUntil != null && retainUntil.isAfter(now));
  }
}
