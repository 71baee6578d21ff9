package io.keyrotate.store.fs;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.internal.Texts;
import io.keyrotate.sse.SseSpec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A request to store an object in a {@link FileObjectStore}: the data and everything a server records
 * with it. Built with {@link #builder(String, String)}; immutable once built (the data stream is read
 * once, by the store).
 */
public final class PutRequest {
  private static final String SSE_PREFIX = "X-Minio-Internal-Server-Side-Encryption-";
  private static final String ACTUAL_SIZE = "X-Minio-Internal-actual-size";

  /** S3's tag limits. */
  static final int MAX_TAGS = 10;

  static final int MAX_TAG_KEY = 128;
  static final int MAX_TAG_VALUE = 256;

  private final String bucket;
  private final String key;
  private final InputStream data;
  private final Map<String, String> userMetadata;
  private final Map<String, String> tags;
  private final ObjectLock lock;
  private final @Nullable Instant modTime;
  private final List<Long> partSizes;
  private final Map<String, String> internalMetadata;
  private final @Nullable SseSpec encryption;

  private PutRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.data = b.data;
    this.userMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.userMetadata));
    this.tags = Collections.unmodifiableMap(new TreeMap<>(b.tags));
    this.lock = new ObjectLock(b.retentionMode, b.retainUntil, b.legalHold);
    this.modTime = b.modTime;
    this.partSizes = List.copyOf(b.partSizes);
    this.internalMetadata = Collections.unmodifiableMap(new TreeMap<>(b.internalMetadata));
    this.encryption = b.encryption;
  }

  /**
   * Starts a request with no data, metadata, tags or lock.
   *
   * @param bucket the bucket
   * @param key the object key: 1..1024 UTF-8 bytes, any characters
   * @return a builder
   */
  public static Builder builder(String bucket, String key) {
    return new Builder(bucket, key);
  }

  /**
   * The bucket.
   *
   * @return the bucket name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * The object key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  InputStream data() {
    return data;
  }

  /**
   * User metadata and content headers.
   *
   * @return the map, in the order given
   */
  public Map<String, String> userMetadata() {
    return userMetadata;
  }

  /**
   * The object tags.
   *
   * @return the tags
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * Retention and legal hold.
   *
   * @return the lock state
   */
  public ObjectLock lock() {
    return lock;
  }

  /**
   * The modification time to record, or {@code null} for the store clock's now.
   *
   * @return the time
   */
  public @Nullable Instant modTime() {
    return modTime;
  }

  /**
   * The plaintext size of each multipart part, or empty for a single-part upload.
   *
   * @return the part sizes
   */
  public List<Long> partSizes() {
    return partSizes;
  }

  /**
   * Internal metadata entries stored as given (for importing objects written elsewhere).
   *
   * @return the entries
   */
  public Map<String, String> internalMetadata() {
    return internalMetadata;
  }

  /**
   * How the store encrypts the data, or {@code null} to store it as given.
   *
   * @return the SSE request
   */
  public @Nullable SseSpec encryption() {
    return encryption;
  }

  @Override
  public String toString() {
    return "PutRequest[" + bucket + "/" + Texts.clip(key) + "]";
  }

  /** Builds a {@link PutRequest}. Not thread-safe. */
  public static final class Builder {
    private final String bucket;
    private final String key;
    private InputStream data = new ByteArrayInputStream(new byte[0]);
    private Map<String, String> userMetadata = Map.of();
    private Map<String, String> tags = Map.of();
    private ObjectLock.@Nullable RetentionMode retentionMode;
    private @Nullable Instant retainUntil;
    private boolean legalHold;
    private @Nullable Instant modTime;
    private List<Long> partSizes = List.of();
    private Map<String, String> internalMetadata = Map.of();
    private @Nullable SseSpec encryption;

    private Builder(String bucket, String key) {
      this.bucket = bucket;
      this.key = key;
    }

    /**
     * The data, read to its end by the store (not closed).
     *
     * @param in the stream
     * @return this builder
     */
    public Builder data(InputStream in) {
      this.data = in;
      return this;
    }

    /**
     * The data.
     *
     * @param bytes the content (copied)
     * @return this builder
     */
    public Builder data(byte[] bytes) {
      this.data = new ByteArrayInputStream(bytes.clone());
      return this;
    }

    /**
     * User metadata and content headers ({@code Content-Type}, {@code X-Amz-Meta-*}, ...). Keys must be
     * unique ignoring case, not empty and free of control characters; values free of line breaks.
     *
     * @param metadata the entries
     * @return this builder
     */
    public Builder userMetadata(Map<String, String> metadata) {
      this.userMetadata = new LinkedHashMap<>(metadata);
      return this;
    }

    /**
     * Object tags: at most 10, keys of 1..128 and values of 0..256 characters (S3's limits).
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags = new LinkedHashMap<>(tags);
      return this;
    }

    /**
     * A retention.
     *
     * @param mode governance or compliance
     * @param until when it ends
     * @return this builder
     */
    public Builder retention(ObjectLock.RetentionMode mode, Instant until) {
      this.retentionMode = mode;
      this.retainUntil = until;
      return this;
    }

    /**
     * The whole lock state: retention (or none) and legal hold.
     *
     * @param lock the lock state
     * @return this builder
     */
    public Builder lock(ObjectLock lock) {
      this.retentionMode = lock.mode();
      this.retainUntil = lock.retainUntil();
      this.legalHold = lock.legalHold();
      return this;
    }

    /**
     * A legal hold.
     *
     * @param on whether the hold is set
     * @return this builder
     */
    public Builder legalHold(boolean on) {
      this.legalHold = on;
      return this;
    }

    /**
     * The modification time to record instead of now (for imports and tests of time filters).
     *
     * @param time the time
     * @return this builder
     */
    public Builder modTime(Instant time) {
      this.modTime = time;
      return this;
    }

    /**
     * Stores the object as a multipart upload with these part sizes (plaintext bytes, each at least 1,
     * at most 10000 parts, adding up to the data's length).
     *
     * @param sizes the part sizes in order
     * @return this builder
     */
    public Builder parts(List<Long> sizes) {
      this.partSizes = new ArrayList<>(sizes);
      return this;
    }

    /**
     * Internal metadata entries stored verbatim, for objects whose stored bytes were produced elsewhere
     * (for example MinIO's encrypted data with its {@code X-Minio-Internal-Server-Side-Encryption-*}
     * entries).
     *
     * @param entries the entries
     * @return this builder
     */
    public Builder internalMetadata(Map<String, String> entries) {
      this.internalMetadata = new TreeMap<>(entries);
      return this;
    }

    /**
     * Encrypts the data on the way in, as MinIO does for SSE-S3, SSE-KMS and SSE-C uploads (the store
     * needs a KMS for the first two: {@link FileObjectStore.Builder#kms}).
     *
     * @param sse the SSE request
     * @return this builder
     */
    public Builder encryption(SseSpec sse) {
      this.encryption = sse;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the request
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public PutRequest build() {
      Location.keyBytes(key);
      TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, String> e : userMetadata.entrySet()) {
        String k = e.getKey();
        if (k.isEmpty() || hasControl(k, false)) {
          throw new IllegalArgumentException(
              "user metadata key '" + Texts.clip(k) + "' must be non-empty without control characters");
        }
        if (!seen.add(k)) {
          throw new IllegalArgumentException(
              "user metadata key '" + Texts.clip(k) + "' is given twice (keys ignore case)");
        }
        if (hasControl(e.getValue(), true)) {
          throw new IllegalArgumentException(
              "user metadata value of '" + Texts.clip(k) + "' must not contain line breaks");
        }
      }
      if (tags.size() > MAX_TAGS) {
        throw new IllegalArgumentException("at most " + MAX_TAGS + " tags, got " + tags.size());
      }
      for (Map.Entry<String, String> e : tags.entrySet()) {
        String k = e.getKey();
        if (k.isEmpty() || k.length() > MAX_TAG_KEY) {
          throw new IllegalArgumentException("tag key must have 1.." + MAX_TAG_KEY + " characters");
        }
        if (e.getValue().length() > MAX_TAG_VALUE) {
          throw new IllegalArgumentException(
              "value of tag '" + Texts.clip(k) + "' is longer than " + MAX_TAG_VALUE + " characters");
        }
      }
      if ((retentionMode == null) != (retainUntil == null)) {
        throw new IllegalArgumentException("retention needs a mode and an end");
      }
      if (partSizes.size() > VersionRecord.MAX_PARTS) {
        throw new IllegalArgumentException("at most " + VersionRecord.MAX_PARTS + " parts");
      }
      for (long p : partSizes) {
        if (p < 1) {
          throw new IllegalArgumentException("every part must have at least 1 byte, got " + p);
        }
      }
      if (encryption != null) {
        for (String k : internalMetadata.keySet()) {
          if (k.startsWith(SSE_PREFIX) || k.equals(EncryptionState.ENCRYPTED_MULTIPART)
              || k.equals(ACTUAL_SIZE)) {
            throw new IllegalArgumentException(
                "internal metadata entry " + k + " is written by the encryption; do not give it too");
          }
        }
      }
      return new PutRequest(this);
    }

    private static boolean hasControl(String s, boolean allowTab) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
          return true;
        }
      }
      return false;
    }
  }
}
