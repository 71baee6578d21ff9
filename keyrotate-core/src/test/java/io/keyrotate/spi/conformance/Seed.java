package io.keyrotate.spi.conformance;

import io.keyrotate.ObjectLock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One object version a conformance test wants in the store, built fluently. A {@link
 * ObjectStoreConformanceTest.Fixture} stores it with the implementation's own write path.
 */
public final class Seed {
  private final String bucket;
  private final String key;
  private final byte[] data;
  private Map<String, String> userMetadata = Map.of();
  private Map<String, String> tags = Map.of();
  private ObjectLock lock = ObjectLock.none();
  private Map<String, String> internalMetadata = Map.of();
  private List<Long> partSizes = List.of();

  private Seed(String bucket, String key, byte[] data) {
    this.bucket = bucket;
    this.key = key;
    this.data = data;
  }

  /**
   * A version with the given stored bytes and nothing else.
   *
   * @param bucket the bucket
   * @param key the key
   * @param data the stored bytes (copied)
   * @return the seed
   */
  public static Seed of(String bucket, String key, byte[] data) {
    return new Seed(bucket, key, data.clone());
  }

  /**
   * A version whose stored bytes are the UTF-8 of {@code text}.
   *
   * @param bucket the bucket
   * @param key the key
   * @param text the content
   * @return the seed
   */
  public static Seed of(String bucket, String key, String text) {
    return new Seed(bucket, key, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sets user metadata.
   *
   * @param m entries
   * @return this seed
   */
  public Seed userMetadata(Map<String, String> m) {
    this.userMetadata = Map.copyOf(m);
    return this;
  }

  /**
   * Sets tags.
   *
   * @param t tags
   * @return this seed
   */
  public Seed tags(Map<String, String> t) {
    this.tags = Map.copyOf(t);
    return this;
  }

  /**
   * Sets the lock state.
   *
   * @param l retention and legal hold
   * @return this seed
   */
  public Seed lock(ObjectLock l) {
    this.lock = l;
    return this;
  }

  /**
   * Sets internal metadata, stored verbatim.
   *
   * @param m entries
   * @return this seed
   */
  public Seed internalMetadata(Map<String, String> m) {
    this.internalMetadata = Map.copyOf(m);
    return this;
  }

  /**
   * Makes it a multipart object with these stored part sizes (adding up to the data length).
   *
   * @param sizes part sizes
   * @return this seed
   */
  public Seed parts(List<Long> sizes) {
    this.partSizes = List.copyOf(sizes);
    return this;
  }

  /** @return the bucket */
  public String bucket() {
    return bucket;
  }

  /** @return the key */
  public String key() {
    return key;
  }

  /** @return a copy of the stored bytes */
  public byte[] data() {
    return data.clone();
  }

  /** @return user metadata */
  public Map<String, String> userMetadata() {
    return userMetadata;
  }

  /** @return tags */
  public Map<String, String> tags() {
    return tags;
  }

  /** @return the lock state */
  public ObjectLock lock() {
    return lock;
  }

  /** @return internal metadata */
  public Map<String, String> internalMetadata() {
    return internalMetadata;
  }

  /** @return stored part sizes, empty for single-part */
  public List<Long> partSizes() {
    return partSizes;
  }
}
