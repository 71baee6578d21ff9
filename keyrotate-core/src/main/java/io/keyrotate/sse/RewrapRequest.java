package io.keyrotate.sse;

import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.Crypto;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link Rewrap#rewrap(RewrapRequest)} needs to move an SSE-S3 or SSE-KMS object key
 * from its old KMS data key to a new one: the version's metadata, its bucket and object name, both
 * plaintext data keys (fetched from the KMS by the caller), and the new key's id, KMS ciphertext
 * and client context.
 *
 * <p>Built with {@link #builder()}; the builder validates on {@link Builder#build()}. The request
 * holds references to the caller's {@link SecretBytes}, which the caller keeps owning (and closes).
 * {@link #toString()} shows names only. Immutable apart from those references; thread-safe.
 */
public final class RewrapRequest {
  private final Map<String, String> metadata;
  private final String bucket;
  private final String object;
  private final SecretBytes oldDataKey;
  private final SecretBytes newDataKey;
  private final String newKeyId;
  private final byte[] newKmsCiphertext;
  private final KmsContext newContext;
  private final SseType target;
  private final AeadCipher cipher;
  private final SecureRandom random;
  private final byte @Nullable [] iv;
  private final byte @Nullable [] nonce;

  private RewrapRequest(Builder b) {
    this.metadata =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(b.metadata, "metadata")));
    this.bucket = Objects.requireNonNull(b.bucket, "bucket");
    this.object = Objects.requireNonNull(b.object, "object");
    this.oldDataKey = Objects.requireNonNull(b.oldDataKey, "oldDataKey");
    this.newDataKey = Objects.requireNonNull(b.newDataKey, "newDataKey");
    this.newKeyId = Objects.requireNonNull(b.newKeyId, "newKeyId");
    this.newKmsCiphertext = Objects.requireNonNull(b.newKmsCiphertext, "newKmsCiphertext").clone();
    this.newContext = b.newContext;
    this.target = b.target;
    this.cipher = b.cipher;
    this.random = b.random;
    this.iv = b.iv == null ? null : b.iv.clone();
    this.nonce = b.nonce == null ? null : b.nonce.clone();
    if (target == SseType.SSE_C) {
      throw new IllegalArgumentException("the target of a KMS rewrap is SSE-S3 or SSE-KMS");
    }
    if (target == SseType.SSE_S3 && !newContext.isEmpty()) {
      throw new IllegalArgumentException("SSE-S3 has no client context");
    }
    if (oldDataKey.length() != 32 || newDataKey.length() != 32) {
      throw new IllegalArgumentException("data keys have 32 bytes");
    }
    if (iv != null) {
      ObjectKey.checkLength(iv, ObjectKey.IV_SIZE, "IV");
    }
    if (nonce != null) {
      ObjectKey.checkLength(nonce, ObjectKey.NONCE_SIZE, "nonce");
    }
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  Map<String, String> metadata() {
    return metadata;
  }

  String bucket() {
    return bucket;
  }

  String object() {
    return object;
  }

  SecretBytes oldDataKey() {
    return oldDataKey;
  }

  SecretBytes newDataKey() {
    return newDataKey;
  }

  String newKeyId() {
    return newKeyId;
  }

  byte[] newKmsCiphertext() {
    return newKmsCiphertext;
  }

  KmsContext newContext() {
    return newContext;
  }

  SseType target() {
    return target;
  }

  AeadCipher cipher() {
    return cipher;
  }

  byte[] ivOrRandom() {
    if (iv != null) {
      return iv.clone();
    }
    byte[] b = new byte[ObjectKey.IV_SIZE];
    random.nextBytes(b);
    return b;
  }

  byte[] nonceOrRandom() {
    if (nonce != null) {
      return nonce.clone();
    }
    byte[] b = new byte[ObjectKey.NONCE_SIZE];
    random.nextBytes(b);
    return b;
  }

  /** Names only: bucket, object, target type and key id. */
  @Override
  public String toString() {
    return "RewrapRequest["
        + bucket
        + "/"
        + object
        + " -> "
        + target.domain()
        + " key "
        + newKeyId
        + "]";
  }

  /** Collects the parts of a {@link RewrapRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Map<String, String> metadata;
    private @Nullable String bucket;
    private @Nullable String object;
    private @Nullable SecretBytes oldDataKey;
    private @Nullable SecretBytes newDataKey;
    private @Nullable String newKeyId;
    private byte @Nullable [] newKmsCiphertext;
    private KmsContext newContext = KmsContext.empty();
    private SseType target = SseType.SSE_KMS;
    private AeadCipher cipher = AeadCipher.AES_256_GCM;
    private SecureRandom random = Crypto.random();
    private byte @Nullable [] iv;
    private byte @Nullable [] nonce;

    private Builder() {}

    /**
     * The version's current internal metadata (required; SSE-S3 or SSE-KMS).
     *
     * @param metadata the map
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * Bucket and object name the key is bound to (required).
     *
     * @param bucket bucket name
     * @param object object name
     * @return this builder
     */
    public Builder object(String bucket, String object) {
      this.bucket = bucket;
      this.object = object;
      return this;
    }

    /**
     * The plaintext of the current data key, as the KMS decrypted it (required).
     *
     * @param key 32 bytes; still owned by the caller
     * @return this builder
     */
    public Builder oldDataKey(SecretBytes key) {
      this.oldDataKey = key;
      return this;
    }

    /**
     * The new data key from the KMS: plaintext, key id and ciphertext (required).
     *
     * @param plaintext 32 bytes; still owned by the caller
     * @param keyId the KMS key name to store
     * @param kmsCiphertext the KMS ciphertext to store
     * @return this builder
     */
    public Builder newDataKey(SecretBytes plaintext, String keyId, byte[] kmsCiphertext) {
      this.newDataKey = plaintext;
      this.newKeyId = keyId;
      this.newKmsCiphertext = kmsCiphertext;
      return this;
    }

    /**
     * The client context to store with an SSE-KMS target (default empty). The KMS call for the new
     * key must have used {@link SseMetadata#associatedData(KmsContext, String, String)} of this
     * context.
     *
     * @param context the client context
     * @return this builder
     */
    public Builder newContext(KmsContext context) {
      this.newContext = context;
      return this;
    }

    /**
     * The SSE type to write (default SSE-KMS): SSE-S3 → SSE-S3, SSE-S3 → SSE-KMS (conversion) and
     * SSE-KMS → SSE-KMS are supported.
     *
     * @param target SSE-S3 or SSE-KMS
     * @return this builder
     */
    public Builder target(SseType target) {
      this.target = target;
      return this;
    }

    /**
     * The DARE suite of the new sealed key (default AES-256-GCM).
     *
     * @param cipher the suite
     * @return this builder
     */
    public Builder cipher(AeadCipher cipher) {
      this.cipher = cipher;
      return this;
    }

    /**
     * The source of the new IV and nonce (default a shared {@link SecureRandom}).
     *
     * @param random the source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /**
     * Fixes the new 32-byte IV instead of drawing it (reproducible vectors only; never reuse an
     * IV).
     *
     * @param iv 32 bytes
     * @return this builder
     */
    public Builder iv(byte[] iv) {
      this.iv = iv.clone();
      return this;
    }

    /**
     * Fixes the new 12-byte DARE nonce instead of drawing it (reproducible vectors only).
     *
     * @param nonce 12 bytes
     * @return this builder
     */
    public Builder nonce(byte[] nonce) {
      this.nonce = nonce.clone();
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the request
     * @throws NullPointerException when a required part is missing
     * @throws IllegalArgumentException for inconsistent parts
     */
    public RewrapRequest build() {
      return new RewrapRequest(this);
    }
  }
}
