package io.keyrotate.job;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code flags.filter} section: which object versions a job selects. An absent field does not
 * restrict; categories combine with AND, entries within {@code tags} and within {@code metadata} with OR.
 * The exact semantics are those of {@code RotationPolicy} in keyrotate-core.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, which validates at once.
 */
public final class Filter {
  private static final String P = "keyrotate.flags.filter.";
  private static final Instant MIN_DATE = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final Filter NONE = builder().build();

  private final @Nullable Duration newerThan;
  private final @Nullable Duration olderThan;
  private final @Nullable Instant createdAfter;
  private final @Nullable Instant createdBefore;
  private final List<KeyValueFilter> tags;
  private final List<KeyValueFilter> metadata;
  private final @Nullable String kmsKey;
  private final boolean plaintextOnly;
  private final boolean forceEncryptLocked;

  private Filter(Builder b) {
    this.newerThan = b.newerThan;
    this.olderThan = b.olderThan;
    this.createdAfter = b.createdAfter;
    this.createdBefore = b.createdBefore;
    this.tags = List.copyOf(b.tags);
    this.metadata = List.copyOf(b.metadata);
    this.kmsKey = b.kmsKey;
    this.plaintextOnly = b.plaintextOnly;
    this.forceEncryptLocked = b.forceEncryptLocked;
  }

  /**
   * A filter that selects everything.
   *
   * @return the empty filter
   */
  public static Filter none() {
    return NONE;
  }

  /**
   * Starts an empty filter.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this filter.
   *
   * @return a new builder with this filter's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.newerThan = newerThan;
    b.olderThan = olderThan;
    b.createdAfter = createdAfter;
    b.createdBefore = createdBefore;
    b.tags.addAll(tags);
    b.metadata.addAll(metadata);
    b.kmsKey = kmsKey;
    b.plaintextOnly = plaintextOnly;
    b.forceEncryptLocked = forceEncryptLocked;
    return b;
  }

  /**
   * Select versions whose age ({@code now − modTime}) is strictly less than this.
   *
   * @return the bound, or {@code null} when unset
   */
  public @Nullable Duration newerThan() {
    return newerThan;
  }

  /**
   * Select versions whose age ({@code now − modTime}) is at least this.
   *
   * @return the bound, or {@code null} when unset
   */
  public @Nullable Duration olderThan() {
    return olderThan;
  }

  /**
   * Select versions with {@code modTime} strictly after this instant.
   *
   * @return the bound, or {@code null} when unset
   */
  public @Nullable Instant createdAfter() {
    return createdAfter;
  }

  /**
   * Select versions with {@code modTime} strictly before this instant.
   *
   * @return the bound, or {@code null} when unset
   */
  public @Nullable Instant createdBefore() {
    return createdBefore;
  }

  /**
   * Tag entries; a version matches when any entry matches any of its tags.
   *
   * @return an unmodifiable list, empty when unset
   */
  public List<KeyValueFilter> tags() {
    return tags;
  }

  /**
   * Metadata entries; a version matches when any entry matches any of its user metadata or content
   * headers.
   *
   * @return an unmodifiable list, empty when unset
   */
  public List<KeyValueFilter> metadata() {
    return metadata;
  }

  /**
   * Select only SSE-KMS versions under this key id (an {@code arn:aws:kms:} prefix is ignored on both
   * sides).
   *
   * @return the key id, or {@code null} when unset
   */
  public @Nullable String kmsKey() {
    return kmsKey;
  }

  /**
   * Select only plaintext versions.
   *
   * @return whether the job only encrypts plaintext
   */
  public boolean plaintextOnly() {
    return plaintextOnly;
  }

  /**
   * Rotate encrypted versions under retention or legal hold (plaintext locked versions are always
   * skipped).
   *
   * @return whether locked encrypted versions are rotated
   */
  public boolean forceEncryptLocked() {
    return forceEncryptLocked;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Filter)) {
      return false;
    }
    Filter f = (Filter) o;
    return Objects.equals(newerThan, f.newerThan)
        && Objects.equals(olderThan, f.olderThan)
        && Objects.equals(createdAfter, f.createdAfter)
        && Objects.equals(createdBefore, f.createdBefore)
        && tags.equals(f.tags)
        && metadata.equals(f.metadata)
        && Objects.equals(kmsKey, f.kmsKey)
        && plaintextOnly == f.plaintextOnly
        && forceEncryptLocked == f.forceEncryptLocked;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        newerThan,
        olderThan,
        createdAfter,
        createdBefore,
        tags,
        metadata,
        kmsKey,
        plaintextOnly,
        forceEncryptLocked);
  }

  @Override
  public String toString() {
    return "Filter{newerThan="
        + newerThan
        + ", olderThan="
        + olderThan
        + ", createdAfter="
        + createdAfter
        + ", createdBefore="
        + createdBefore
        + ", tags="
        + tags
        + ", metadata="
        + metadata
        + ", kmsKey="
        + kmsKey
        + ", plaintextOnly="
        + plaintextOnly
        + ", forceEncryptLocked="
        + forceEncryptLocked
        + "}";
  }

  /** Builds a {@link Filter}; each setter validates its value at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration newerThan;
    private @Nullable Duration olderThan;
    private @Nullable Instant createdAfter;
    private @Nullable Instant createdBefore;
    private final List<KeyValueFilter> tags = new ArrayList<>();
    private final List<KeyValueFilter> metadata = new ArrayList<>();
    private @Nullable String kmsKey;
    private boolean plaintextOnly;
    private boolean forceEncryptLocked;

    private Builder() {}

    /**
     * Sets {@code newerThan}.
     *
     * @param d positive whole milliseconds, or {@code null} to unset
     * @return this builder
     */
    public Builder newerThan(@Nullable Duration d) {
      this.newerThan = d == null ? null : Durations.check(P + "newerThan", d);
      return this;
    }

    /**
     * Sets {@code olderThan}.
     *
     * @param d positive whole milliseconds, or {@code null} to unset
     * @return this builder
     */
    public Builder olderThan(@Nullable Duration d) {
      this.olderThan = d == null ? null : Durations.check(P + "olderThan", d);
      return this;
    }

    /**
     * Sets {@code createdAfter}.
     *
     * @param t an instant in years 1–9999, or {@code null} to unset
     * @return this builder
     */
    public Builder createdAfter(@Nullable Instant t) {
      this.createdAfter = t == null ? null : checkDate(P + "createdAfter", t);
      return this;
    }

    /**
     * Sets {@code createdBefore}.
     *
     * @param t an instant in years 1–9999, or {@code null} to unset
     * @return this builder
     */
    public Builder createdBefore(@Nullable Instant t) {
      this.createdBefore = t == null ? null : checkDate(P + "createdBefore", t);
      return this;
    }

    /**
     * Adds a {@code tags} entry.
     *
     * @param key tag key, not empty
     * @param valuePattern value pattern
     * @return this builder
     */
    public Builder tag(String key, String valuePattern) {
      tags.add(entry("tags", tags.size(), key, valuePattern));
      return this;
    }

    /**
     * Adds a {@code metadata} entry.
     *
     * @param key metadata key (with or without {@code x-amz-meta-}), not empty
     * @param valuePattern value pattern
     * @return this builder
     */
    public Builder metadata(String key, String valuePattern) {
      metadata.add(entry("metadata", metadata.size(), key, valuePattern));
      return this;
    }

    /**
     * Sets {@code kmskey}.
     *
     * @param keyId a non-blank key id, or {@code null} to unset
     * @return this builder
     */
    public Builder kmsKey(@Nullable String keyId) {
      if (keyId != null && keyId.isBlank()) {
        throw new JobDefinitionException(P + "kmskey", "must not be empty");
      }
      if (keyId != null && !Texts.isWellFormed(keyId)) {
        throw new JobDefinitionException(P + "kmskey", "must be well-formed Unicode (no lone surrogates)");
      }
      this.kmsKey = keyId;
      return this;
    }

    /**
     * Sets {@code plaintextOnly}.
     *
     * @param value whether to select plaintext versions only
     * @return this builder
     */
    public Builder plaintextOnly(boolean value) {
      this.plaintextOnly = value;
      return this;
    }

    /**
     * Sets {@code forceEncryptLocked}.
     *
     * @param value whether to rotate locked encrypted versions
     * @return this builder
     */
    public Builder forceEncryptLocked(boolean value) {
      this.forceEncryptLocked = value;
      return this;
    }

    /**
     * Builds the filter, checking that the time windows can select something.
     *
     * @return the filter
     * @throws JobDefinitionException naming both fields when {@code newerThan ≤ olderThan} or {@code
     *     createdAfter ≥ createdBefore}
     */
    public Filter build() {
      if (newerThan != null && olderThan != null && newerThan.compareTo(olderThan) <= 0) {
        throw new JobDefinitionException(
            P + "newerThan",
            "newerThan ("
                + Durations.format(newerThan)
                + ") must be longer than olderThan ("
                + Durations.format(olderThan)
                + "), otherwise keyrotate.flags.filter.newerThan and"
                + " keyrotate.flags.filter.olderThan together select nothing");
      }
      if (createdAfter != null && createdBefore != null && !createdAfter.isBefore(createdBefore)) {
        throw new JobDefinitionException(
            P + "createdAfter",
            "createdAfter ("
                + createdAfter
                + ") must be before createdBefore ("
                + createdBefore
                + "), otherwise keyrotate.flags.filter.createdAfter and"
                + " keyrotate.flags.filter.createdBefore together select nothing");
      }
      return new Filter(this);
    }

    private static KeyValueFilter entry(String list, int index, String key, String value) {
      String field = P + list + "[" + index + "]";
      if (key.isEmpty()) {
        throw new JobDefinitionException(field + ".key", "must not be empty");
      }
      if (!Texts.isWellFormed(key)) {
        throw new JobDefinitionException(
            field + ".key", "must be well-formed Unicode (no lone surrogates)");
      }
      if (!Texts.isWellFormed(value)) {
        throw new JobDefinitionException(
            field + ".value", "must be well-formed Unicode (no lone surrogates)");
      }
      return new KeyValueFilter(key, value);
    }

    private static Instant checkDate(String field, Instant t) {
      if (t.isBefore(MIN_DATE) || t.isAfter(MAX_DATE)) {
        throw new JobDefinitionException(field, "must be in the years 0001 to 9999, got " + t);
      }
      return t;
    }
  }
}
