package io.keyrotate.policy;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.internal.Texts;
import io.keyrotate.job.Durations;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.KeyValueFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The standard selection rules, one per category, exactly as {@link RotationPolicy} applies them. Each
 * factory validates its argument (programmer errors throw {@link IllegalArgumentException}); the filters
 * it returns never throw.
 *
 * <p>Thread-safe: all filters are immutable.
 */
public final class VersionFilters {
  /** The prefix of user-defined metadata keys. */
  static final String USER_META_PREFIX = "x-amz-meta-";

  /**
   * The standard headers the {@code metadata} filter sees besides user metadata (MinIO's {@code
   * standardHeaders}), lower case.
   */
  static final Set<String> STANDARD_HEADERS =
      Set.of(
          "content-type",
          "cache-control",
          "content-encoding",
          "content-language",
          "content-disposition",
          "x-amz-storage-class",
          "x-amz-tagging",
          "x-amz-replication-status",
          "x-amz-object-lock-mode",
          "x-amz-object-lock-retain-until-date",
          "x-amz-object-lock-legal-hold",
          "x-amz-tagging-count",
          "x-amz-server-side-encryption");

  private static final VersionFilter ALL = (v, now) -> null;

  private VersionFilters() {}

  /**
   * A filter that passes every version.
   *
   * @return the identity of {@link VersionFilter#and}
   */
  public static VersionFilter all() {
    return ALL;
  }

  /**
   * Everything a job selects: its scope ({@link #bucket}, {@link #prefixes}) and then its filter ({@link
   * #of}). Delete markers are not this filter's business: {@link RotationPolicy} skips them.
   *
   * @param job the job
   * @return the conjunction, in {@link FilterCategory} order
   */
  public static VersionFilter forJob(KeyRotateJob job) {
    return bucket(job.bucket()).and(prefixes(job.prefixes())).and(of(job.filter()));
  }

  /**
   * The conjunction of the categories a job filter gives, in {@link FilterCategory} order; absent
   * categories (and empty {@code tags}/{@code metadata} lists) do not restrict. {@code
   * forceEncryptLocked} is not a selection rule (it changes the action, see {@link RotationPolicy}).
   *
   * @param filter the job filter
   * @return the conjunction ({@link #all()} for an empty filter)
   */
  public static VersionFilter of(Filter filter) {
    List<VersionFilter> parts = new ArrayList<>();
    Duration newer = filter.newerThan();
    if (newer != null) {
      parts.add(newerThan(newer));
    }
    Duration older = filter.olderThan();
    if (older != null) {
      parts.add(olderThan(older));
    }
    Instant after = filter.createdAfter();
    if (after != null) {
      parts.add(createdAfter(after));
    }
    Instant before = filter.createdBefore();
    if (before != null) {
      parts.add(createdBefore(before));
    }
    if (!filter.tags().isEmpty()) {
      parts.add(tags(filter.tags()));
    }
    if (!filter.metadata().isEmpty()) {
      parts.add(metadata(filter.metadata()));
    }
    String key = filter.kmsKey();
    if (key != null) {
      parts.add(kmsKey(key));
    }
    if (filter.plaintextOnly()) {
      parts.add(plaintextOnly());
    }
    VersionFilter all = ALL;
    for (VersionFilter p : parts) {
      all = all == ALL ? p : all.and(p);
    }
    return all;
  }

  /**
   * The job's bucket: passes versions whose bucket equals {@code bucket} exactly.
   *
   * @param bucket the job's bucket
   * @return the filter ({@link FilterCategory#BUCKET})
   */
  public static VersionFilter bucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    return (v, now) ->
        v.bucket().equals(bucket)
            ? null
            : reject(
                FilterCategory.BUCKET,
                "bucket '" + Texts.clip(v.bucket()) + "' is not the job's bucket '" + bucket + "'");
  }

  /**
   * The job's prefixes: passes versions whose key starts with any of them (exact, case-sensitive
   * comparison of characters); an empty list passes every key.
   *
   * @param prefixes the job's prefixes
   * @return the filter ({@link FilterCategory#PREFIX})
   */
  public static VersionFilter prefixes(List<String> prefixes) {
    List<String> list = List.copyOf(prefixes);
    if (list.isEmpty()) {
      return ALL;
    }
    return (v, now) -> {
      for (String p : list) {
        if (v.key().startsWith(p)) {
          return null;
        }
      }
      return reject(
          FilterCategory.PREFIX,
          "key '" + Texts.clip(v.key()) + "' starts with none of the prefixes " + quoted(list));
    };
  }

  /**
   * {@code newerThan d}: passes when {@code now − modTime < d}. A version whose modTime is after {@code
   * now} (clock skew) has a negative age and always passes.
   *
   * @param d a positive bound
   * @return the filter ({@link FilterCategory#NEWER_THAN})
   */
  public static VersionFilter newerThan(Duration d) {
    positive("newerThan", d);
    return (v, now) -> {
      Duration age = Duration.between(v.modTime(), now);
      return age.compareTo(d) < 0
          ? null
          : reject(
              FilterCategory.NEWER_THAN,
              "age " + human(age) + " is not less than newerThan " + human(d));
    };
  }

  /**
   * {@code olderThan d}: passes when {@code now − modTime ≥ d}. A version whose modTime is after {@code
   * now} (clock skew) has a negative age and never passes.
   *
   * @param d a positive bound
   * @return the filter ({@link FilterCategory#OLDER_THAN})
   */
  public static VersionFilter olderThan(Duration d) {
    positive("olderThan", d);
    return (v, now) -> {
      Duration age = Duration.between(v.modTime(), now);
      return age.compareTo(d) >= 0
          ? null
          : reject(
              FilterCategory.OLDER_THAN,
              "age " + human(age) + " is less than olderThan " + human(d));
    };
  }

  /**
   * {@code createdAfter t}: passes when {@code modTime > t} (strictly).
   *
   * @param t the bound
   * @return the filter ({@link FilterCategory#CREATED_AFTER})
   */
  public static VersionFilter createdAfter(Instant t) {
    Objects.requireNonNull(t, "createdAfter");
    return (v, now) ->
        v.modTime().isAfter(t)
            ? null
            : reject(
                FilterCategory.CREATED_AFTER,
                "modTime " + v.modTime() + " is not after createdAfter " + t);
  }

  /**
   * {@code createdBefore t}: passes when {@code modTime < t} (strictly).
   *
   * @param t the bound
   * @return the filter ({@link FilterCategory#CREATED_BEFORE})
   */
  public static VersionFilter createdBefore(Instant t) {
    Objects.requireNonNull(t, "createdBefore");
    return (v, now) ->
        v.modTime().isBefore(t)
            ? null
            : reject(
                FilterCategory.CREATED_BEFORE,
                "modTime " + v.modTime() + " is not before createdBefore " + t);
  }

  /**
   * {@code tags}: passes when some entry matches some tag of the version: the tag key equals the entry
   * key ignoring case, and the tag value matches the entry's {@link Wildcard} pattern (case-sensitive).
   * A version without tags never passes.
   *
   * @param entries one or more entries (OR)
   * @return the filter ({@link FilterCategory#TAGS})
   * @throws IllegalArgumentException when {@code entries} is empty (an empty OR would select nothing;
   *     omit the category instead)
   */
  public static VersionFilter tags(List<KeyValueFilter> entries) {
    List<Entry> list = compile("tags", entries);
    return (v, now) -> {
      for (Entry e : list) {
        for (Map.Entry<String, String> tag : v.tags().entrySet()) {
          if (tag.getKey().equalsIgnoreCase(e.key) && e.value.matches(tag.getValue())) {
            return null;
          }
        }
      }
      return reject(
          FilterCategory.TAGS,
          "none of the version's " + v.tags().size() + " tags matches any of " + list);
    };
  }

  /**
   * {@code metadata}: passes when some entry matches some eligible metadata entry of the version, the
   * value by the entry's {@link Wildcard} pattern (case-sensitive).
   *
   * <p>Eligible are the {@link ObjectVersion#userMetadata()} keys that start with {@code x-amz-meta-}
   * and these standard headers: {@code Content-Type}, {@code Cache-Control}, {@code Content-Encoding},
   * {@code Content-Language}, {@code Content-Disposition}, {@code x-amz-storage-class}, {@code
   * X-Amz-Tagging}, {@code X-Amz-Replication-Status}, {@code X-Amz-Object-Lock-Mode}, {@code
   * X-Amz-Object-Lock-Retain-Until-Date}, {@code X-Amz-Object-Lock-Legal-Hold}, {@code
   * x-amz-tagging-count}, {@code X-Amz-Server-Side-Encryption}; any other key is not matched.
   *
   * <p>Keys compare ignoring case. An entry key without the {@code x-amz-meta-} prefix ({@code owner},
   * {@code Content-Type}) matches the stored key of that name and the stored key {@code
   * x-amz-meta-<name>}. An entry key with the prefix ({@code x-amz-meta-owner}) names user metadata
   * exactly and matches only that stored key: never a bare {@code owner} key, and so never a standard
   * header ({@code x-amz-meta-content-type} does not match {@code Content-Type}).
   *
   * @param entries one or more entries (OR)
   * @return the filter ({@link FilterCategory#METADATA})
   * @throws IllegalArgumentException when {@code entries} is empty
   */
  public static VersionFilter metadata(List<KeyValueFilter> entries) {
    List<Entry> list = compile("metadata", entries);
    return (v, now) -> {
      for (Entry e : list) {
        for (Map.Entry<String, String> m : v.userMetadata().entrySet()) {
          if (eligible(m.getKey()) && metadataKeyMatches(e.key, m.getKey())
              && e.value.matches(m.getValue())) {
            return null;
          }
        }
      }
      return reject(
          FilterCategory.METADATA,
          "no user metadata or content header of the version matches any of " + list);
    };
  }

  /**
   * {@code kmskey k}: passes SSE-KMS versions whose stored key id equals {@code k}, ignoring one leading
   * {@code arn:aws:kms:} on either side; the comparison is otherwise exact (case-sensitive). Plaintext,
   * SSE-S3, SSE-C, legacy SSE-KMS without a key id, and versions with damaged encryption metadata never
   * pass.
   *
   * @param keyId the key id
   * @return the filter ({@link FilterCategory#KMS_KEY})
   */
  public static VersionFilter kmsKey(String keyId) {
    Objects.requireNonNull(keyId, "kmskey");
    return (v, now) -> {
      EncryptionState state = v.encryption();
      if (state instanceof EncryptionState.SseKms) {
        String stored = ((EncryptionState.SseKms) state).keyId();
        if (stored != null && KeyIds.same(stored, keyId)) {
          return null;
        }
      }
      return reject(
          FilterCategory.KMS_KEY,
          "version is " + RotationPolicy.describe(state) + ", not SSE-KMS under key '"
              + Texts.clip(keyId) + "'");
    };
  }

  /**
   * {@code plaintextOnly: true}: passes plaintext versions only. SSE-S3, SSE-KMS, SSE-C and versions with
   * damaged encryption metadata never pass.
   *
   * @return the filter ({@link FilterCategory#PLAINTEXT_ONLY})
   */
  public static VersionFilter plaintextOnly() {
    return (v, now) -> {
      EncryptionState state = v.encryption();
      return state instanceof EncryptionState.Plaintext
          ? null
          : reject(
              FilterCategory.PLAINTEXT_ONLY,
              "version is " + RotationPolicy.describe(state) + ", not plaintext");
    };
  }

  static boolean eligible(String storedKey) {
    return startsWithIgnoreCase(storedKey, USER_META_PREFIX)
        || STANDARD_HEADERS.contains(storedKey.toLowerCase(Locale.ROOT));
  }

  static boolean metadataKeyMatches(String entryKey, String storedKey) {
    if (storedKey.equalsIgnoreCase(entryKey)) {
      return true;
    }
    return !startsWithIgnoreCase(entryKey, USER_META_PREFIX)
        && storedKey.length() == USER_META_PREFIX.length() + entryKey.length()
        && startsWithIgnoreCase(storedKey, USER_META_PREFIX)
        && storedKey.regionMatches(true, USER_META_PREFIX.length(), entryKey, 0, entryKey.length());
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static Decision.NotSelected reject(FilterCategory category, String detail) {
    return new Decision.NotSelected(category, detail);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** A readable duration: the job-file syntax for whole milliseconds, ISO-8601 otherwise. */
  private static String human(Duration d) {
    if (d.isZero()) {
      return "0ms";
    }
    if (d.isNegative() || !d.truncatedTo(ChronoUnit.MILLIS).equals(d)) {
      return d.toString();
    }
    return Durations.format(d);
  }

  private static String quoted(List<String> items) {
    return items.stream()
        .map(s -> "'" + Texts.clip(s) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static List<Entry> compile(String name, List<KeyValueFilter> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + name + " filter needs at least one entry (an empty OR selects nothing)");
    }
    List<Entry> out = new ArrayList<>();
    for (KeyValueFilter e : entries) {
      out.add(new Entry(e.key(), Wildcard.compile(e.value())));
    }
    return List.copyOf(out);
  }

  /** A compiled entry; its toString is the entry as the job file wrote it (no object values). */
  private static final class Entry {
    final String key;
    final Wildcard value;

    Entry(String key, Wildcard value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public String toString() {
      return Texts.clip(key) + "=" + Texts.clip(value.pattern());
    }
  }
}
