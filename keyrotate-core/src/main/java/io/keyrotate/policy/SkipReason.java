package io.keyrotate.policy;

/** Why a version is deliberately left unchanged: the codes of {@link Decision.Skip}. */
public enum SkipReason implements Reason {
  /** The version is a delete marker: it has no data and no key, so there is nothing to rotate. */
  DELETE_MARKER,
  /** The version is SSE-C: the server does not hold the customer's key, so it cannot be rotated. */
  SSE_C_UNSUPPORTED,
  /**
   * The version is plaintext and under retention or legal hold: encrypting rewrites its data, which the
   * lock forbids. Always skipped, whatever {@code forceEncryptLocked} says.
   */
  LOCKED_PLAINTEXT,
  /** The version is encrypted and under retention or legal hold, and {@code forceEncryptLocked} is false. */
  LOCKED,
  /**
   * The version is SSE-KMS under the target key, with the job's context, and the KMS confirmed that the
   * wrap is from the key's current version.
   */
  ALREADY_CURRENT;

  @Override
  public Decision.Action action() {
    return Decision.Action.SKIP;
  }
}
