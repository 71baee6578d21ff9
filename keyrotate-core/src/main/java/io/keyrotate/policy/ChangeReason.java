package io.keyrotate.policy;

/** Why a selected version is changed: the codes of {@link Decision.Encrypt}, {@link Decision.Convert} and {@link Decision.Rewrap}. */
public enum ChangeReason implements Reason {
  /** The version is plaintext: it is encrypted as SSE-KMS under the target key. */
  PLAINTEXT(Decision.Action.ENCRYPT),
  /** The version is SSE-S3: its object key is resealed as SSE-KMS under the target key. */
  SSE_S3(Decision.Action.CONVERT),
  /** The version is SSE-KMS under another key than the target key. */
  OTHER_KEY(Decision.Action.REWRAP),
  /**
   * The version is SSE-KMS under the target key but its stored KMS context differs from the job's
   * {@code encryption.context}; the rewrap applies the job's context.
   */
  CONTEXT_DIFFERS(Decision.Action.REWRAP),
  /** The version is SSE-KMS under the target key and the KMS says the wrap is from an older key version. */
  OLD_KEY_VERSION(Decision.Action.REWRAP),
  /**
   * The version is SSE-KMS under the target key and the KMS cannot tell whether the wrap is current:
   * it is rewrapped, because the job must leave every selected version under the current key version.
   */
  KEY_VERSION_UNKNOWN(Decision.Action.REWRAP),
  /**
   * The version is SSE-KMS under the target key and asking the KMS whether the wrap is current failed
   * (the check threw); treated as not known to be current, so it is rewrapped.
   */
  KEY_VERSION_CHECK_FAILED(Decision.Action.REWRAP);

  private final Decision.Action action;

  ChangeReason(Decision.Action action) {
    this.action = action;
  }

  @Override
  public Decision.Action action() {
    return action;
  }
}
