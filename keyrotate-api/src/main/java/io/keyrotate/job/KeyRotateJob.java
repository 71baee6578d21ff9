package io.keyrotate.job;

import io.keyrotate.internal.Texts;
import io.keyrotate.JobDefinitionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A keyrotate job: which bucket and prefixes to walk, which versions to select, the target key and
 * context, retries and the completion webhook. This is the model of the {@code keyrotate:} body of a job
 * file (see the product document), made exact by validation at construction.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the notify token.
 */
public final class KeyRotateJob {
  /** The only supported {@code apiVersion}. */
  public static final String API_VERSION_V1 = "v1";

  /** S3's longest object key, in UTF-8 bytes; a longer prefix can never match. */
  public static final int MAX_PREFIX_BYTES = 1024;

  private static final Pattern BUCKET =
      Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private final String apiVersion;
  private final String bucket;
  private final List<String> prefixes;
  private final Encryption encryption;
  private final Filter filter;
  private final @Nullable Notify notify;
  private final Retry retry;

  private KeyRotateJob(Builder b, String bucket) {
    this.apiVersion = b.apiVersion;
    this.bucket = bucket;
    this.prefixes = List.copyOf(b.prefixes);
    this.encryption = b.encryption;
    this.filter = b.filter;
    this.notify = b.notify;
    this.retry = b.retry;
  }

  /**
   * Starts a job with the defaults ({@code apiVersion v1}, no prefix, default key, no filter, no
   * notification, 3 attempts at 25 ms).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this job.
   *
   * @return a new builder with this job's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.apiVersion = apiVersion;
    b.bucket = bucket;
    b.prefixes.addAll(prefixes);
    b.seenPrefixes.addAll(prefixes);
    b.encryption = encryption;
    b.filter = filter;
    b.notify = notify;
    b.retry = retry;
    return b;
  }

  /**
   * The job format version.
   *
   * @return always {@code v1}
   */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The bucket to walk.
   *
   * @return a valid S3 bucket name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * The key prefixes to walk; a version is a candidate when its key starts with any of them.
   *
   * @return an unmodifiable list; empty means the whole bucket
   */
  public List<String> prefixes() {
    return prefixes;
  }

  /**
   * The target key and context.
   *
   * @return the encryption section
   */
  public Encryption encryption() {
    return encryption;
  }

  /**
   * Which versions are selected.
   *
   * @return the filter ({@link Filter#none()} when absent)
   */
  public Filter filter() {
    return filter;
  }

  /**
   * The completion webhook.
   *
   * @return the notify section, or {@code null} when none is configured
   */
  public @Nullable Notify notification() {
    return notify;
  }

  /**
   * Per-object retries.
   *
   * @return the retry section
   */
  public Retry retry() {
    return retry;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyRotateJob)) {
      return false;
    }
    KeyRotateJob j = (KeyRotateJob) o;
    return apiVersion.equals(j.apiVersion)
        && bucket.equals(j.bucket)
        && prefixes.equals(j.prefixes)
        && encryption.equals(j.encryption)
        && filter.equals(j.filter)
        && Objects.equals(notify, j.notify)
        && retry.equals(j.retry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, bucket, prefixes, encryption, filter, notify, retry);
  }

  /** Describes the job; the notify token is redacted. */
  @Override
  public String toString() {
    return "KeyRotateJob{apiVersion="
        + apiVersion
        + ", bucket="
        + bucket
        + ", prefixes="
        + prefixes
        + ", encryption="
        + encryption
        + ", filter="
        + filter
        + ", notify="
        + notify
        + ", retry="
        + retry
        + "}";
  }

  /** Builds a {@link KeyRotateJob}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private String apiVersion = API_VERSION_V1;
    private @Nullable String bucket;
    private final List<String> prefixes = new ArrayList<>();
    private final Set<String> seenPrefixes = new HashSet<>();
    private Encryption encryption = Encryption.defaults();
    private Filter filter = Filter.none();
    private @Nullable Notify notify;
    private Retry retry = Retry.defaults();

    private Builder() {}

    /**
     * Sets the format version.
     *
     * @param v must be {@code v1}
     * @return this builder
     */
    public Builder apiVersion(String v) {
      if (!API_VERSION_V1.equals(v)) {
        throw new JobDefinitionException(
            "keyrotate.apiVersion", "unsupported version '" + Texts.clip(v) + "' (expected v1)");
      }
      this.apiVersion = v;
      return this;
    }

    /**
     * Sets the bucket.
     *
     * @param name a valid S3 bucket name (3–63 characters of lower-case letters, digits, dots and
     *     hyphens, beginning and ending with a letter or digit, not an IP address)
     * @return this builder
     */
    public Builder bucket(String name) {
      this.bucket = checkBucket(name);
      return this;
    }

    /**
     * Adds a prefix. Calling it once gives the single-prefix form; more calls give the list form.
     *
     * @param prefix a key prefix (may be empty for the whole bucket)
     * @return this builder
     */
    public Builder prefix(String prefix) {
      return addPrefix(
          "keyrotate.prefix" + (prefixes.isEmpty() ? "" : "[" + prefixes.size() + "]"), prefix);
    }

    /**
     * Replaces the prefixes.
     *
     * @param list the prefixes; each validated as by {@link #prefix(String)}
     * @return this builder
     */
    public Builder prefixes(List<String> list) {
      prefixes.clear();
      seenPrefixes.clear();
      for (String p : list) {
        addPrefix("keyrotate.prefix[" + prefixes.size() + "]", Objects.requireNonNull(p, "prefix"));
      }
      return this;
    }

    private Builder addPrefix(String field, String prefix) {
      if (prefix.length() > MAX_PREFIX_BYTES
          || prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES) {
        throw new JobDefinitionException(
            field, "is longer than the longest S3 key (" + MAX_PREFIX_BYTES + " bytes)");
      }
      if (!Texts.isWellFormed(prefix)) {
        throw new JobDefinitionException(
            field, "must be well-formed Unicode (no lone surrogates); S3 keys are UTF-8");
      }
      // A set, not List.contains: a job file may list many prefixes.
      if (!seenPrefixes.add(prefix)) {
        throw new JobDefinitionException(field, "repeats prefix '" + Texts.clip(prefix) + "'");
      }
      prefixes.add(prefix);
      return this;
    }

    /**
     * Sets the encryption section.
     *
     * @param e target key and context
     * @return this builder
     */
    public Builder encryption(Encryption e) {
      this.encryption = Objects.requireNonNull(e);
      return this;
    }

    /**
     * Sets the filter.
     *
     * @param f the filter
     * @return this builder
     */
    public Builder filter(Filter f) {
      this.filter = Objects.requireNonNull(f);
      return this;
    }

    /**
     * Sets or clears the webhook.
     *
     * @param n the notify section, or {@code null}
     * @return this builder
     */
    public Builder notification(@Nullable Notify n) {
      this.notify = n;
      return this;
    }

    /**
     * Sets the retry section.
     *
     * @param r the retry section
     * @return this builder
     */
    public Builder retry(Retry r) {
      this.retry = Objects.requireNonNull(r);
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     * @throws JobDefinitionException when the bucket is missing
     */
    public KeyRotateJob build() {
      if (bucket == null) {
        throw new JobDefinitionException("keyrotate.bucket", "is required");
      }
      return new KeyRotateJob(this, bucket);
    }

    private static String checkBucket(String name) {
      String f = "keyrotate.bucket";
      if (name.isEmpty()) {
        throw new JobDefinitionException(f, "must not be empty");
      }
      if (!BUCKET.matcher(name).matches()
          || name.contains("..")
          || name.contains(".-")
          || name.contains("-.")
          || IP_LIKE.matcher(name).matches()) {
        throw new JobDefinitionException(
            f,
            "'"
                + Texts.clip(name)
                + "' is not a valid bucket name (3-63 characters: lower-case letters, digits, dots"
                + " and hyphens, starting and ending with a letter or digit)");
      }
      return name;
    }
  }
}
