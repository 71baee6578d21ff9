package io.keyrotate.policy;

import io.keyrotate.internal.Texts;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RotationPolicy#decide} needs besides the version and the job: the instant to judge ages
 * and locks at, the target key, and, where the KMS can tell, a check whether a wrap is current.
 *
 * <p>Carrying the instant (instead of reading a clock) makes every decision reproducible. The runner
 * takes one instant per listed version (or per page); tests fix it.
 *
 * <p>Immutable; thread-safe when the check is.
 *
 * @param now the instant at which ages ({@code newerThan}, {@code olderThan}) and retention are judged
 * @param targetKeyId the resolved target KMS key id (see {@link RotationPolicy#targetKeyId}); an {@code
 *     arn:aws:kms:} prefix is allowed and ignored when comparing
 * @param currentVersionCheck the KMS's answer to "is this wrap current?", or {@code null} when the KMS
 *     cannot tell (then no version is ever {@link SkipReason#ALREADY_CURRENT})
 */
public record PolicyContext(
    Instant now, String targetKeyId, @Nullable CurrentVersionCheck currentVersionCheck) {

  /**
   * Validates the components.
   *
   * @param now the instant to judge at
   * @param targetKeyId the target key id
   * @param currentVersionCheck the KMS's check, or {@code null} when the KMS cannot tell
   * @throws IllegalArgumentException when {@code targetKeyId} is blank, or nothing but {@code
   *     arn:aws:kms:}
   */
  public PolicyContext {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(targetKeyId, "targetKeyId");
    if (KeyIds.strip(targetKeyId).isBlank()) {
      throw new IllegalArgumentException(
          "targetKeyId must name a key, got '" + Texts.clip(targetKeyId) + "'");
    }
  }

  /**
   * A context for a KMS that cannot tell whether a wrap is current.
   *
   * @param now the instant to judge at
   * @param targetKeyId the target key id
   * @return the context
   */
  public static PolicyContext of(Instant now, String targetKeyId) {
    return new PolicyContext(now, targetKeyId, null);
  }

  /**
   * A context for a KMS that can tell whether a wrap is current.
   *
   * @param now the instant to judge at
   * @param targetKeyId the target key id
   * @param check the KMS's check
   * @return the context
   */
  public static PolicyContext of(Instant now, String targetKeyId, CurrentVersionCheck check) {
    return new PolicyContext(now, targetKeyId, Objects.requireNonNull(check, "check"));
  }

  /**
   * Whether the KMS can tell that a wrap is current.
   *
   * @return {@code true} when a {@link #currentVersionCheck()} is present
   */
  public boolean kmsCanTellCurrent() {
    return currentVersionCheck != null;
  }
}
