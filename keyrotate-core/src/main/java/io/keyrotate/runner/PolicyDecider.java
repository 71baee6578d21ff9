package io.keyrotate.runner;

import io.keyrotate.ObjectVersion;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.policy.CurrentVersionCheck;
import io.keyrotate.policy.Decision;
import io.keyrotate.policy.PolicyContext;
import io.keyrotate.policy.RotationPolicy;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The production {@link Decider}: {@link RotationPolicy#decide} with the job's target key and, when the
 * KMS implements {@link Kms#isCurrent}, a current-version check through the job's metered KMS (so it is
 * counted and rate-limited like every other KMS call). A KMS that keeps the SPI's default cannot tell, and
 * no check is passed: the policy then rewraps with reason {@code KEY_VERSION_UNKNOWN}.
 */
final class PolicyDecider implements Decider {
  private final RotationPolicy policy;
  private final String targetKeyId;
  private final @Nullable CurrentVersionCheck check;

  PolicyDecider(KeyRotateJob job, String targetKeyId, Kms metered, boolean kmsCanTell) {
    this.policy = RotationPolicy.of(job);
    this.targetKeyId = targetKeyId;
    this.check =
        kmsCanTell
            ? (keyId, ciphertext) ->
                metered.isCurrent(new IsCurrentRequest(keyId, KmsCiphertext.copyOf(ciphertext)))
                    == KeyVersionState.CURRENT
            : null;
  }

  /** Whether a KMS overrides {@link Kms#isCurrent}, i.e. may know key versions. */
  static boolean canTellCurrent(Kms kms) {
    try {
      return kms.getClass().getMethod("isCurrent", IsCurrentRequest.class).getDeclaringClass()
          != Kms.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Override
  public Plan decide(ObjectVersion version, Instant now) {
    return toPlan(policy.decide(version, new PolicyContext(now, targetKeyId, check)));
  }

  /** The runner's terms: same action; the reason's enum name, or the filter's job-file name. */
  static Plan toPlan(Decision d) {
    ObjectOutcome.Action action = ObjectOutcome.Action.valueOf(d.action().name());
    String reason =
        d instanceof Decision.NotSelected
            ? ((Decision.NotSelected) d).filter().field()
            : d.reason().name();
    return new Plan(action, reason, d.detail());
  }
}
