package io.keyrotate.policy;

import java.util.Objects;

/**
 * What {@link RotationPolicy#decide} chose for one object version: an action, its stable {@link Reason}
 * code and a one-line human explanation for reports. Dispatch with {@code instanceof} patterns over the
 * six records.
 *
 * <p>A detail names fields, entry names, key ids, patterns and times; it never contains a secret (no key
 * material, no KMS ciphertext, no notify token) and never an object's tag or metadata values.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Decision {

  /** The six things that can happen to a version. */
  enum Action {
    /** Encrypt a plaintext version: new object key, data rewritten as DARE 2.0, sealed as SSE-KMS. */
    ENCRYPT,
    /** Convert an SSE-S3 version to SSE-KMS: the object key is resealed; data untouched. */
    CONVERT,
    /** Rewrap an SSE-KMS version under a fresh data key of the target key; data untouched. */
    REWRAP,
    /** Leave the version unchanged on purpose. */
    SKIP,
    /** The version is outside the job's scope or filters. */
    NOT_SELECTED,
    /** The version is selected but cannot be processed; it is reported as failed and not written. */
    FAIL;

    /**
     * Whether the action writes the version.
     *
     * @return {@code true} for {@link #ENCRYPT}, {@link #CONVERT} and {@link #REWRAP}
     */
    public boolean changesObject() {
      return this == ENCRYPT || this == CONVERT || this == REWRAP;
    }
  }

  /**
   * The action.
   *
   * @return what happens to the version
   */
  Action action();

  /**
   * The stable reason code.
   *
   * @return the code; {@code reason().action() == action()}
   */
  Reason reason();

  /**
   * A one-line explanation for humans; not a stable format.
   *
   * @return the explanation, without secrets or object tag/metadata values
   */
  String detail();

  /**
   * Encrypt a plaintext version as SSE-KMS under the target key.
   *
   * @param detail the explanation
   */
  record Encrypt(String detail) implements Decision {
    /**
     * Checks the detail.
     *
     * @param detail the explanation
     */
    public Encrypt {
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Action action() {
      return Action.ENCRYPT;
    }

    @Override
    public ChangeReason reason() {
      return ChangeReason.PLAINTEXT;
    }
  }

  /**
   * Convert an SSE-S3 version to SSE-KMS under the target key.
   *
   * @param detail the explanation
   */
  record Convert(String detail) implements Decision {
    /**
     * Checks the detail.
     *
     * @param detail the explanation
     */
    public Convert {
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Action action() {
      return Action.CONVERT;
    }

    @Override
    public ChangeReason reason() {
      return ChangeReason.SSE_S3;
    }
  }

  /**
   * Rewrap an SSE-KMS version under a fresh data key of the target key.
   *
   * @param reason why: {@link ChangeReason#OTHER_KEY}, {@link ChangeReason#CONTEXT_DIFFERS}, {@link
   *     ChangeReason#OLD_KEY_VERSION}, {@link ChangeReason#KEY_VERSION_UNKNOWN} or {@link
   *     ChangeReason#KEY_VERSION_CHECK_FAILED}
   * @param detail the explanation
   */
  record Rewrap(ChangeReason reason, String detail) implements Decision {
    /**
     * Checks that the reason is a rewrap reason.
     *
     * @param reason why
     * @param detail the explanation
     * @throws IllegalArgumentException for {@code PLAINTEXT} or {@code SSE_S3}
     */
    public Rewrap {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      if (reason.action() != Action.REWRAP) {
        throw new IllegalArgumentException(reason + " is not a rewrap reason");
      }
    }

    @Override
    public Action action() {
      return Action.REWRAP;
    }
  }

  /**
   * Leave the version unchanged on purpose.
   *
   * @param reason why
   * @param detail the explanation
   */
  record Skip(SkipReason reason, String detail) implements Decision {
    /**
     * Checks the components.
     *
     * @param reason why
     * @param detail the explanation
     */
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Action action() {
      return Action.SKIP;
    }
  }

  /**
   * The version is not selected: outside the job's bucket or prefixes, or rejected by a filter.
   *
   * @param filter the first rule (in {@link FilterCategory} order) that rejected the version
   * @param detail the explanation
   */
  record NotSelected(FilterCategory filter, String detail) implements Decision {
    /**
     * Checks the components.
     *
     * @param filter the rejecting rule
     * @param detail the explanation
     */
    public NotSelected {
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Action action() {
      return Action.NOT_SELECTED;
    }

    @Override
    public FilterCategory reason() {
      return filter;
    }
  }

  /**
   * The version is selected but cannot be processed; it must be reported as failed and not written.
   *
   * @param reason why
   * @param detail the explanation
   */
  record Fail(FailReason reason, String detail) implements Decision {
    /**
     * Checks the components.
     *
     * @param reason why
     * @param detail the explanation
     */
    public Fail {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Action action() {
      return Action.FAIL;
    }
  }
}
