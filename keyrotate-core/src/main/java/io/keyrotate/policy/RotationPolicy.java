package io.keyrotate.policy;

import io.keyrotate.EncryptionState;
import io.keyrotate.JobDefinitionException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.Texts;
import io.keyrotate.job.KeyRotateJob;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rotation policy: for one object version, a job and a {@link PolicyContext}, decides exactly what a
 * keyrotate job does to that version and why. It is a pure function: no I/O, no logging, no clock (the
 * instant comes from the context), no state; the same inputs always give an equal {@link Decision}.
 *
 * <h2>The rules, in the order they are applied</h2>
 *
 * <p>Below, "now" is {@link PolicyContext#now()}, the "target key" is {@link PolicyContext#targetKeyId()},
 * "age" is {@code now − modTime}, and key ids are compared exactly after removing one leading {@code
 * arn:aws:kms:} from each side. The first rule that applies gives the decision.
 *
 * <ol>
 *   <li><b>Scope.</b> A version in another bucket than the job's is {@code NotSelected(BUCKET)}. A
 *       version whose key starts with none of the job's prefixes (when it has any) is {@code
 *       NotSelected(PREFIX)}.
 *   <li><b>Delete markers</b> are never selected: {@code Skip(DELETE_MARKER)}, whatever the filters say.
 *   <li><b>Filters</b> ({@code flags.filter}). A version is selected only when it passes every category
 *       the job gives (AND); within {@code tags} and within {@code metadata} one matching entry is
 *       enough (OR). Otherwise the decision is {@code NotSelected(category)} for the first failing
 *       category in this order:
 *       <ol>
 *         <li>{@code newerThan D}: selected when age &lt; D. A version modified after now (clock skew)
 *             has a negative age and passes.
 *         <li>{@code olderThan D}: selected when age ≥ D (an age exactly D is selected).
 *         <li>{@code createdAfter X}: selected when modTime &gt; X (modTime exactly X is not).
 *         <li>{@code createdBefore X}: selected when modTime &lt; X (modTime exactly X is not).
 *         <li>{@code tags}: selected when some tag's key equals an entry's key ignoring case and the
 *             tag's value matches that entry's value pattern. A version without tags is not selected.
 *         <li>{@code metadata}: the same over the version's user metadata ({@code x-amz-meta-*}) and
 *             standard content headers (list in {@link VersionFilters#metadata}). An entry key {@code
 *             foo} matches the stored key {@code foo} and {@code x-amz-meta-foo}; an entry key {@code
 *             x-amz-meta-foo} matches only {@code x-amz-meta-foo}.
 *         <li>{@code kmskey K}: selected when the version is SSE-KMS and its stored key id is K.
 *             Plaintext, SSE-S3, SSE-C and damaged versions are not selected.
 *         <li>{@code plaintextOnly: true}: selected when the version is plaintext; SSE-S3, SSE-KMS,
 *             SSE-C and damaged versions are not selected.
 *       </ol>
 *       Patterns ({@link Wildcard}): {@code *} any run of characters (also none), {@code ?} exactly one
 *       character (a Unicode code point), anything else literal and case-sensitive; the empty pattern
 *       matches only an empty value.
 *   <li><b>Decision table</b> for a selected version. "Locked" means a legal hold is set, or a
 *       retention ends strictly after now (a retention that ends at or before now is no lock; a legal
 *       hold locks without any retention):
 *       <ol>
 *         <li>SSE-C: {@code Skip(SSE_C_UNSUPPORTED)} (the customer key is not held by the server).
 *         <li>Encryption metadata present but unreadable (damaged, tampered, unknown type): {@code
 *             Fail(INVALID_ENCRYPTION_METADATA)}; such a version is never written.
 *         <li>Plaintext and locked: {@code Skip(LOCKED_PLAINTEXT)}, always, even with {@code
 *             forceEncryptLocked: true} (encrypting rewrites the data the lock protects).
 *         <li>Encrypted (SSE-S3 or SSE-KMS) and locked, with {@code forceEncryptLocked} false: {@code
 *             Skip(LOCKED)}. With {@code forceEncryptLocked: true} the next rules apply (convert and
 *             rewrap change only the key wrap, never the data).
 *         <li>Plaintext: {@code Encrypt} (reason {@code PLAINTEXT}): new object key, data rewritten as
 *             DARE 2.0, sealed as SSE-KMS under the target key.
 *         <li>SSE-S3 or SSE-KMS stored in MinIO's legacy non-KMS mode (no key id): {@code
 *             Fail(NO_KMS_KEY_ID)}; no KMS can unseal it.
 *         <li>SSE-S3: {@code Convert} (reason {@code SSE_S3}): the object key is resealed as SSE-KMS
 *             under the target key, even when the SSE-S3 key already is the target key.
 *         <li>SSE-KMS under another key: {@code Rewrap(OTHER_KEY)}.
 *         <li>SSE-KMS under the target key whose stored context is not equal (as a map) to the job's
 *             {@code encryption.context}: {@code Rewrap(CONTEXT_DIFFERS)}.
 *         <li>SSE-KMS under the target key with the job's context, and the KMS cannot tell whether the
 *             wrap is current (no {@link CurrentVersionCheck}): {@code Rewrap(KEY_VERSION_UNKNOWN)}.
 *         <li>… and the check throws: {@code Rewrap(KEY_VERSION_CHECK_FAILED)} (not known to be current
 *             is treated as not current).
 *         <li>… and the check says the wrap is not current: {@code Rewrap(OLD_KEY_VERSION)}.
 *         <li>… and the check says the wrap is current: {@code Skip(ALREADY_CURRENT)}.
 *       </ol>
 * </ol>
 *
 * <p>Consequences a reviewer can rely on: a locked plaintext version is never encrypted; a locked
 * encrypted version is changed only with {@code forceEncryptLocked: true} and then only in its key wrap;
 * {@code plaintextOnly} never converts or rewraps; a version with damaged encryption metadata is never
 * written; {@code ALREADY_CURRENT} needs a positive answer from the KMS.
 *
 * <p><b>Totality.</b> For every non-null version, job and context, {@link #decide} returns a decision and
 * never throws, whatever the version's metadata holds and whatever the {@link CurrentVersionCheck} does
 * (an exception from it is caught; an {@link Error} is not). Null arguments are programmer errors.
 *
 * <p>Immutable and thread-safe.
 */
public final class RotationPolicy {
  private final KeyRotateJob job;
  private final VersionFilter scope;
  private final VersionFilter filters;

  private RotationPolicy(KeyRotateJob job) {
    this.job = job;
    this.scope = VersionFilters.bucket(job.bucket()).and(VersionFilters.prefixes(job.prefixes()));
    this.filters = VersionFilters.of(job.filter());
  }

  /**
   * Compiles the job's rules once, for deciding many versions.
   *
   * @param job the job
   * @return the policy of that job
   */
  public static RotationPolicy of(KeyRotateJob job) {
    return new RotationPolicy(Objects.requireNonNull(job, "job"));
  }

  /**
   * Decides what {@code job} does to {@code version}; the same as {@code of(job).decide(version,
   * context)}.
   *
   * @param version the version
   * @param job the job
   * @param context the instant, target key and optional key-version check
   * @return the decision; never throws for non-null arguments
   */
  public static Decision decide(ObjectVersion version, KeyRotateJob job, PolicyContext context) {
    return of(job).decide(version, context);
  }

  /**
   * Decides what this policy's job does to {@code version} (see the class documentation).
   *
   * @param version the version
   * @param context the instant, target key and optional key-version check
   * @return the decision; never throws for non-null arguments
   */
  public Decision decide(ObjectVersion version, PolicyContext context) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(context, "context");
    Instant now = context.now();
    Decision.NotSelected outOfScope = scope.test(version, now);
    if (outOfScope != null) {
      return outOfScope;
    }
    if (version.deleteMarker()) {
      return new Decision.Skip(SkipReason.DELETE_MARKER, "delete marker: nothing to rotate");
    }
    Decision.NotSelected rejected = filters.test(version, now);
    if (rejected != null) {
      return rejected;
    }
    return act(version, context);
  }

  /**
   * The job this policy decides for.
   *
   * @return the job
   */
  public KeyRotateJob job() {
    return job;
  }

  /**
   * Resolves the target key of a job: {@code encryption.key} when given, else the KMS default key. A
   * given key must be the default key (ignoring an {@code arn:aws:kms:} prefix on either side), because a
   * keyrotate job only rotates to the deployment's default key.
   *
   * @param job the job
   * @param kmsDefaultKeyId the KMS's default key id
   * @return {@code kmsDefaultKeyId}
   * @throws JobDefinitionException naming {@code keyrotate.encryption.key} when the given key is not the
   *     default key
   * @throws IllegalArgumentException when {@code kmsDefaultKeyId} is blank
   */
  public static String targetKeyId(KeyRotateJob job, String kmsDefaultKeyId) {
    if (KeyIds.strip(kmsDefaultKeyId).isBlank()) {
      throw new IllegalArgumentException("the KMS default key id must name a key");
    }
    String given = job.encryption().key();
    if (given != null && !KeyIds.same(given, kmsDefaultKeyId)) {
      throw new JobDefinitionException(
          "keyrotate.encryption.key",
          "'"
              + Texts.clip(given)
              + "' is not the KMS default key '"
              + Texts.clip(kmsDefaultKeyId)
              + "'; a keyrotate job rotates to the default key only (omit the field to use it)");
    }
    return kmsDefaultKeyId;
  }

  private Decision act(ObjectVersion v, PolicyContext ctx) {
    EncryptionState state = v.encryption();
    if (state instanceof EncryptionState.SseC) {
      return new Decision.Skip(
          SkipReason.SSE_C_UNSUPPORTED, "SSE-C: the server does not hold the customer key");
    }
    if (state instanceof EncryptionState.Unknown) {
      return new Decision.Fail(
          FailReason.INVALID_ENCRYPTION_METADATA,
          "encryption metadata is invalid, not overwritten: "
              + ((EncryptionState.Unknown) state).reason());
    }
    String lock = lockDescription(v.lock(), ctx.now());
    if (lock != null && state instanceof EncryptionState.Plaintext) {
      return new Decision.Skip(
          SkipReason.LOCKED_PLAINTEXT,
          "plaintext under " + lock + ": encrypting would rewrite locked data");
    }
    if (lock != null && !job.filter().forceEncryptLocked()) {
      return new Decision.Skip(
          SkipReason.LOCKED,
          describe(state) + " under " + lock + " and forceEncryptLocked is false");
    }
    String target = "'" + Texts.clip(ctx.targetKeyId()) + "'";
    if (state instanceof EncryptionState.Plaintext) {
      return new Decision.Encrypt("plaintext: encrypt as SSE-KMS under key " + target);
    }
    if (state instanceof EncryptionState.SseS3) {
      if (((EncryptionState.SseS3) state).keyId() == null) {
        return noKeyId("SSE-S3");
      }
      return new Decision.Convert(describe(state) + ": convert to SSE-KMS under key " + target);
    }
    EncryptionState.SseKms kms = (EncryptionState.SseKms) state;
    String keyId = kms.keyId();
    if (keyId == null) {
      return noKeyId("SSE-KMS");
    }
    if (!KeyIds.same(keyId, ctx.targetKeyId())) {
      return new Decision.Rewrap(
          ChangeReason.OTHER_KEY, describe(state) + ": rewrap under key " + target);
    }
    if (!kms.context().equals(job.encryption().context())) {
      return new Decision.Rewrap(
          ChangeReason.CONTEXT_DIFFERS,
          "SSE-KMS under the target key " + target
              + " with a stored context other than encryption.context: rewrap with the job's context");
    }
    return checkCurrent(v, keyId, target, ctx.currentVersionCheck());
  }

  private static Decision checkCurrent(
      ObjectVersion v, String keyId, String target, @Nullable CurrentVersionCheck check) {
    String what = "SSE-KMS under the target key " + target;
    if (check == null) {
      return new Decision.Rewrap(
          ChangeReason.KEY_VERSION_UNKNOWN,
          what + "; the KMS cannot tell whether the wrap is current: rewrap");
    }
    boolean current;
    try {
      String stored = v.internalMetadata().getOrDefault(EncryptionState.KMS_DATA_KEY, "");
      current = check.isCurrent(keyId, Base64.getDecoder().decode(stored));
    } catch (Exception e) {
      // The exception's message could echo what the KMS was given; report its type only.
      return new Decision.Rewrap(
          ChangeReason.KEY_VERSION_CHECK_FAILED,
          what + "; asking the KMS whether the wrap is current failed ("
              + e.getClass().getSimpleName() + "): rewrap");
    }
    return current
        ? new Decision.Skip(
            SkipReason.ALREADY_CURRENT, what + ", wrapped by its current version")
        : new Decision.Rewrap(
            ChangeReason.OLD_KEY_VERSION, what + ", wrapped by an older key version: rewrap");
  }

  private static Decision noKeyId(String type) {
    return new Decision.Fail(
        FailReason.NO_KMS_KEY_ID,
        type + " sealed in the legacy non-KMS mode (no " + EncryptionState.KMS_KEY_ID
            + "): no KMS can unseal its object key");
  }

  /** "legal hold", "retention COMPLIANCE until …", both, or null when not locked at {@code now}. */
  private static @Nullable String lockDescription(ObjectLock lock, Instant now) {
    if (!lock.isLockedAt(now)) {
      return null;
    }
    Instant until = lock.retainUntil();
    boolean retained = until != null && until.isAfter(now);
    String retention =
        retained ? "retention " + (lock.mode() == null ? "" : lock.mode() + " ") + "until " + until : "";
    if (lock.legalHold()) {
      return retained ? "legal hold and " + retention : "legal hold";
    }
    return retention;
  }

  /** A short, secret-free description of an encryption state for details. */
  static String describe(EncryptionState state) {
    if (state instanceof EncryptionState.Plaintext) {
      return "plaintext";
    }
    if (state instanceof EncryptionState.SseS3) {
      return "SSE-S3" + under(((EncryptionState.SseS3) state).keyId());
    }
    if (state instanceof EncryptionState.SseKms) {
      return "SSE-KMS" + under(((EncryptionState.SseKms) state).keyId());
    }
    if (state instanceof EncryptionState.SseC) {
      return "SSE-C";
    }
    return "damaged encryption metadata (" + ((EncryptionState.Unknown) state).reason() + ")";
  }

  private static String under(@Nullable String keyId) {
    return keyId == null ? " without a key id (legacy)" : " under key '" + Texts.clip(keyId) + "'";
  }
}
