package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.internal.Crypto;
import io.keyrotate.sse.internal.GoStrings;
import io.keyrotate.sse.internal.InternalNames;
import io.keyrotate.sse.internal.Json;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Re-encryption of MinIO's internal data (minio-keyrotate.md §5.3–5.5): IAM items, the server
 * configuration and its history, the tier configuration and the bucket-targets metadata, each in its own
 * format, under the target key — which is always the KMS default key.
 *
 * <h2>How internal data appears in an {@link io.keyrotate.spi.InternalDataStore}</h2>
 *
 * <p>Blob names are MinIO's own object names inside its system bucket {@code .minio.sys}; the kind of a
 * blob follows from its name alone ({@link #classify}):
 *
 * <table>
 *   <caption>Blob layout</caption>
 *   <tr><th>name</th><th>content</th><th>KMS context</th></tr>
 *   <tr><td>{@code config/config.json}, {@code config/history/<id>.kv}, {@code config/iam/...}
 *       (users, service accounts, STS, groups, policies, policy DB, {@code format.json}; the same
 *       relative paths as etcd keys)</td>
 *       <td>the stored bytes: a KMS config blob ({@link ConfigBlob}, §5.1) or plaintext</td>
 *       <td>{@code {".minio.sys": ".minio.sys/<name>"}}; legacy {@code {".minio.sys": "<name>"}} is read</td></tr>
 *   <tr><td>{@code config/tier-config.bin}</td>
 *       <td>the object's internal metadata map as a JSON object of strings (the
 *       {@code X-Minio-Internal-Server-Side-Encryption-*} entries of an SSE-S3 object, §4.1)</td>
 *       <td>{@code {".minio.sys": ".minio.sys/config/tier-config.bin"}}</td></tr>
 *   <tr><td>{@code buckets/<b>/.metadata.bin/BucketTargetsConfigMetaJSON}</td>
 *       <td>the value of the field {@code BucketTargetsConfigMetaJSON} of {@code buckets/<b>/.metadata.bin}:
 *       a JSON object of SSE-S3 metadata entries</td>
 *       <td>{@code {"<b>": "<b>", "bucket-targets.json": "bucket-targets.json"}}</td></tr>
 * </table>
 *
 * <p>Design note — why metadata only for the last two. Both are SSE-S3-sealed: the data (the tier
 * configuration object's DARE stream; the DARE-encrypted {@code BucketTargetsConfigJSON}) is encrypted
 * under an object key that a rotation never changes, and only the sealing of that key is rewritten
 * (§3.3, §5.5). So a store exposes exactly the part a rotation writes and keeps every data byte where it
 * is. {@code .metadata.bin} is a msgpack document; the specification (§5.3) defines only the two fields
 * above, so keyrotate does not parse msgpack: the store adapter extracts the field and writes it back
 * (compare-and-set on the whole file), and every other byte of {@code .metadata.bin} stays as it was.
 * Within the metadata map only the sealing entries change (IV, sealed key, KMS key id and ciphertext;
 * the algorithm stays {@code DAREv2-HMAC-SHA256}); every other entry keeps its value, and the map is
 * written as Go's {@code json.Marshal} writes it (keys in byte order, HTML-safe escaping), which is how
 * MinIO wrote it, so a rotation changes the sealing values and nothing else.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Config blobs</b> are read with MinIO's rules (§5.4): valid UTF-8 is plaintext; otherwise a KMS
 *       config blob, decrypted under its stored key id with the canonical context and then the legacy
 *       one. Valid UTF-8 that starts with the blob version byte {@code 0x01} is a damaged blob and
 *       fails (MinIO would read it as plaintext and then fail to parse it). Plaintext is encrypted:
 *       MinIO encrypts every config blob when a KMS is configured (§5.3)
 *       and reads plaintext and encrypted blobs alike, and a keyrotate job always has a KMS. The new
 *       blob is always in the current form: canonical context, binary KMS ciphertext of the target key,
 *       a fresh data key and stream nonce. MinIO's legacy root-credential format (madmin {@code
 *       EncryptData}, §5.4 step 2) needs the root user's password, not a KMS key, and fails with a
 *       clear reason.
 *   <li><b>Tier config</b>: SSE-S3 object rotation (§3.3) with bucket {@code .minio.sys}, object {@code
 *       config/tier-config.bin}. <b>Bucket targets</b>: SSE-S3 sealing with bucket {@code <b>}, object
 *       {@code ""}, and the bucket-targets context. A map without sealing entries (written while no KMS
 *       was configured) is not rotated: its data is plaintext and outside the blob.
 *   <li>A blob is {@link Outcome#ALREADY_CURRENT} only after it decrypted (so damage is never hidden),
 *       when it is in the current form, its key id is the target key and the KMS says its ciphertext is
 *       the {@linkplain KeyVersionState#CURRENT current} version. A KMS that cannot tell (MinIO's builtin
 *       KMS) gets every blob rewritten, as objects are.
 *   <li>New data keys come only from the target key; a KMS answering with another key id fails the blob.
 *   <li>Names of any other kind are {@link Outcome#NOT_ROTATED} (batch job records, usage caches, plain
 *       bucket metadata: not encrypted by MinIO).
 * </ul>
 *
 * <p>Failures are {@link io.keyrotate.KeyRotateException}s whose messages never contain content, keys or
 * ciphertexts. Plaintext config is wiped after re-encryption.
 *
 * <p>Thread-safe when its {@link Kms} is.
 */
public final class InternalDataFormat {
  /** What a blob holds, by name. */
  public enum Kind {
    /** {@code config/config.json}: a config blob. */
    SERVER_CONFIG,
    /** {@code config/history/...}: a config blob. */
    CONFIG_HISTORY,
    /** {@code config/iam/...}: a config blob. */
    IAM,
    /** {@code config/tier-config.bin}: the SSE-S3 metadata of the tier configuration object. */
    TIER_CONFIG,
    /** {@code buckets/<b>/.metadata.bin/BucketTargetsConfigMetaJSON}: SSE-S3 metadata of the targets. */
    BUCKET_TARGETS,
    /** Anything else: not internal data a rotation touches. */
    OTHER;

    /**
     * Whether blobs of this kind are KMS config blobs (§5.1).
     *
     * @return {@code true} for server config, history and IAM
     */
    public boolean isConfigBlob() {
      return this == SERVER_CONFIG || this == CONFIG_HISTORY || this == IAM;
    }
  }

  /** What {@link #rotate} decided. */
  public enum Outcome {
    /** Re-encrypted under the target key; {@link Result#content()} holds the new bytes. */
    REWRITTEN,
    /** Verified, and already in the current form under the current version of the target key. */
    ALREADY_CURRENT,
    /** Not a blob a rotation changes (see {@link Result#note()}). */
    NOT_ROTATED
  }

  private static final String TARGETS_FILE = "bucket-targets.json";

  private final Kms kms;
  private final String targetKeyId;
  private final AeadCipher cipher;
  private final SecureRandom random;

  private InternalDataFormat(Builder b) {
    this.kms = Objects.requireNonNull(b.kms, "kms");
    this.targetKeyId = Objects.requireNonNull(b.targetKeyId, "targetKeyId");
    if (targetKeyId.isBlank()) {
      throw new IllegalArgumentException("targetKeyId must name a key");
    }
    this.cipher = b.cipher;
    this.random = b.random;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The kind of the blob stored under {@code name} (see the class comment for the layout).
   *
   * @param name a blob name, relative to {@code .minio.sys}
   * @return its kind, {@link Kind#OTHER} when it is none of MinIO's encrypted internal data
   */
  public static Kind classify(String name) {
    if (name.equals(InternalNames.SERVER_CONFIG)) {
      return Kind.SERVER_CONFIG;
    }
    if (name.startsWith(InternalNames.HISTORY_PREFIX)
        && name.length() > InternalNames.HISTORY_PREFIX.length()) {
      return Kind.CONFIG_HISTORY;
    }
    if (name.startsWith(InternalNames.IAM_PREFIX)
        && name.length() > InternalNames.IAM_PREFIX.length()) {
      return Kind.IAM;
    }
    if (name.equals(InternalNames.TIER_CONFIG)) {
      return Kind.TIER_CONFIG;
    }
    if (InternalNames.targetsBucket(name) != null) {
      return Kind.BUCKET_TARGETS;
    }
    return Kind.OTHER;
  }

  /**
   * The blob name of a bucket's targets metadata.
   *
   * @param bucket the bucket
   * @return {@code buckets/<bucket>/.metadata.bin/BucketTargetsConfigMetaJSON}
   */
  public static String bucketTargetsName(String bucket) {
    if (bucket.isEmpty() || bucket.indexOf('/') >= 0) {
      throw new IllegalArgumentException("a bucket name is one non-empty path segment");
    }
    return InternalNames.BUCKETS_PREFIX + bucket + InternalNames.BUCKET_TARGETS_SUFFIX;
  }

  /**
   * The KMS context MinIO binds to the data under {@code name} (for {@link Kind#OTHER}: the config-blob
   * context).
   *
   * @param name a blob name
   * @return the context new ciphertexts get
   */
  public static KmsContext context(String name) {
    String bucket = InternalNames.targetsBucket(name);
    if (bucket != null) {
      return KmsContext.of(Map.of(bucket, bucket, TARGETS_FILE, TARGETS_FILE));
    }
    return ConfigBlob.context(name);
  }

  /**
   * The legacy config-blob context {@code {".minio.sys": "<name>"}} that MinIO still reads (§5.4).
   *
   * @param name a config blob name
   * @return the legacy context
   */
  public static KmsContext legacyContext(String name) {
    return KmsContext.of(InternalNames.SYSTEM_BUCKET, name);
  }

  /**
   * Reads a config blob the way MinIO does (§5.4): plaintext as is, a KMS config blob decrypted with the
   * canonical or the legacy context.
   *
   * @param name the blob name (a {@link Kind#isConfigBlob() config blob} kind)
   * @param content the stored bytes
   * @return the plaintext
   * @throws IllegalArgumentException when {@code name} is not a config blob
   * @throws FormatException when the bytes are neither plaintext nor a KMS config blob
   * @throws IntegrityException when the blob does not decrypt
   * @throws KmsException when the KMS fails
   */
  public byte[] readConfig(String name, byte[] content) {
    if (!classify(name).isConfigBlob()) {
      throw new IllegalArgumentException("'" + name + "' is not a config blob");
    }
    if (isPlaintext(content)) {
      return content.clone();
    }
    return openConfig(name, content).plaintext;
  }

  /**
   * MinIO's plaintext rule (valid UTF-8), except that bytes starting with the config-blob version byte
   * {@code 0x01} are never plaintext: real configuration is JSON, and such bytes are a damaged blob
   * (e.g. truncated to its first byte) which must be reported, not encrypted as if it were config.
   */
  private static boolean isPlaintext(byte[] content) {
    return (content.length == 0 || content[0] != 0x01) && InternalNames.isUtf8(content);
  }

  /**
   * Re-encrypts one blob under the target key in its current form.
   *
   * @param name the blob name
   * @param content the stored bytes
   * @return what was decided, with the new bytes when rewritten
   * @throws FormatException when the content is not what its name says (nothing else is written)
   * @throws IntegrityException when the content does not decrypt (tampered, wrong key or context)
   * @throws KmsException when the KMS fails or does not generate under the target key
   */
  public Result rotate(String name, byte[] content) {
    return process(name, content, true);
  }

  /**
   * Does everything {@link #rotate} does except generating the new data key and encrypting: reads and
   * verifies the blob and says what a rotation would do (a dry run). {@link Outcome#REWRITTEN} then
   * means "would be rewritten" and the result has no content.
   *
   * @param name the blob name
   * @param content the stored bytes
   * @return the decision, without new bytes
   * @throws FormatException when the content is not what its name says
   * @throws IntegrityException when the content does not decrypt
   * @throws KmsException when the KMS fails
   */
  public Result check(String name, byte[] content) {
    return process(name, content, false);
  }

  private Result process(String name, byte[] content, boolean write) {
    Kind kind = classify(name);
    switch (kind) {
      case SERVER_CONFIG:
      case CONFIG_HISTORY:
      case IAM:
        return rotateConfig(kind, name, content, write);
      case TIER_CONFIG:
        return rotateSealed(
            kind,
            content,
            InternalNames.SYSTEM_BUCKET,
            InternalNames.TIER_CONFIG,
            context(name),
            write);
      case BUCKET_TARGETS:
        String bucket = Objects.requireNonNull(InternalNames.targetsBucket(name));
        return rotateSealed(kind, content, bucket, "", context(name), write);
      default:
        return new Result(kind, Outcome.NOT_ROTATED, null, "not encrypted internal data");
    }
  }

  // ------------------------------------------------------------------ config blobs

  /** A decrypted config blob. */
  private static final class Opened {
    final ConfigBlob blob;
    final byte[] plaintext;
    final boolean legacyContext;

    Opened(ConfigBlob blob, byte[] plaintext, boolean legacyContext) {
      this.blob = blob;
      this.plaintext = plaintext;
      this.legacyContext = legacyContext;
    }
  }

  private Opened openConfig(String name, byte[] content) {
    ConfigBlob blob;
    try {
      blob = ConfigBlob.parse(content);
    } catch (FormatException e) {
      throw new FormatException(
          "neither plaintext nor a KMS config blob ("
              + e.getMessage()
              + "); MinIO's legacy root-credential format needs the root credentials and is not"
              + " rotated",
          e);
    }
    KmsCiphertext ct = KmsCiphertext.copyOf(blob.kmsCiphertext());
    String keyId = checkedKeyId(blob.keyId());
    boolean legacy = false;
    SecretBytes dataKey;
    try {
      dataKey = kms.decrypt(new DecryptRequest(keyId, ct, context(name).asMap()));
    } catch (IntegrityException current) {
      try {
        dataKey = kms.decrypt(new DecryptRequest(keyId, ct, legacyContext(name).asMap()));
        legacy = true;
      } catch (IntegrityException old) {
        throw new IntegrityException(
            "the KMS ciphertext of key '"
                + keyId
                + "' does not authenticate with the current or the legacy context",
            null);
      }
    }
    return decryptWith(blob, dataKey, legacy);
  }

  private static Opened decryptWith(ConfigBlob blob, SecretBytes dataKey, boolean legacy) {
    try (dataKey) {
      return new Opened(blob, blob.decrypt(dataKey), legacy);
    }
  }

  private Result rotateConfig(Kind kind, String name, byte[] content, boolean write) {
    byte[] plaintext;
    String note;
    if (isPlaintext(content)) {
      plaintext = content.clone();
      note = "plaintext encrypted";
    } else {
      Opened o = openConfig(name, content);
      plaintext = o.plaintext;
      if (!o.legacyContext && isCurrent(o.blob.keyId(), o.blob.kmsCiphertext())) {
        Arrays.fill(plaintext, (byte) 0);
        return new Result(kind, Outcome.ALREADY_CURRENT, null, "current");
      }
      note = o.legacyContext ? "legacy context rewritten" : "re-encrypted";
    }
    if (!write) {
      Arrays.fill(plaintext, (byte) 0);
      return new Result(kind, Outcome.REWRITTEN, null, note);
    }
    try (DataKey key = generate(context(name))) {
      byte[] out =
          ConfigBlob.encrypt(
              key.keyId(),
              key.ciphertext().toByteArray(),
              cipher,
              key.plaintext(),
              plaintext,
              random);
      return new Result(kind, Outcome.REWRITTEN, out, note);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  // ------------------------------------------------------------------ SSE-S3-sealed metadata

  private Result rotateSealed(
      Kind kind, byte[] content, String bucket, String object, KmsContext ctx, boolean write) {
    Map<String, String> meta = metadataFromJson(content);
    if (!SseMetadata.isEncrypted(meta)) {
      return new Result(
          kind, Outcome.NOT_ROTATED, null, "no sealing entries: the data is stored unencrypted");
    }
    SseMetadata sealed = SseMetadata.parse(meta);
    if (sealed.type() != SseType.SSE_S3) {
      throw new FormatException(
          "the metadata is " + sealed.type().domain() + ", expected SSE-S3 sealing");
    }
    String oldKeyId = sealed.kmsKeyId();
    byte[] oldCt = sealed.kmsCiphertext();
    if (oldKeyId == null || oldCt == null) {
      throw new FormatException(
          "the SSE-S3 metadata has no KMS key id and ciphertext (legacy non-KMS layout)");
    }
    String keyId = checkedKeyId(oldKeyId);
    try (SecretBytes oldKey =
        kms.decrypt(new DecryptRequest(keyId, KmsCiphertext.copyOf(oldCt), ctx.asMap()))) {
      // Verify before deciding anything, so a damaged seal is reported, never skipped.
      sealed.unsealObjectKey(oldKey, bucket, object).close();
      if (isCurrent(keyId, oldCt)) {
        return new Result(kind, Outcome.ALREADY_CURRENT, null, "current");
      }
      if (!write) {
        return new Result(kind, Outcome.REWRITTEN, null, "object key resealed");
      }
      try (DataKey fresh = generate(ctx)) {
        Map<String, String> updated =
            Rewrap.rewrap(
                RewrapRequest.builder()
                    .metadata(meta)
                    .object(bucket, object)
                    .oldDataKey(oldKey)
                    .newDataKey(fresh.plaintext(), fresh.keyId(), fresh.ciphertext().toByteArray())
                    .target(SseType.SSE_S3)
                    .cipher(cipher)
                    .random(random)
                    .build());
        return new Result(kind, Outcome.REWRITTEN, metadataToJson(updated), "object key resealed");
      }
    }
  }

  /**
   * Parses the blob form of an SSE metadata map (tier config, bucket targets): a JSON object of strings,
   * as MinIO's {@code json.Marshal} writes it. Empty bytes and {@code null} are the empty map (MinIO
   * leaves the bucket-targets field empty when no KMS is configured).
   *
   * @param content the bytes
   * @return the map in document order (a repeated key keeps its last value)
   * @throws FormatException when the bytes are not a JSON object of strings
   */
  public static Map<String, String> metadataFromJson(byte[] content) {
    if (content.length == 0) {
      return Map.of(); // MinIO leaves the field empty when no KMS was configured
    }
    Object v;
    try {
      v = Json.parse(content);
    } catch (FormatException e) {
      throw new FormatException("the metadata is not JSON: " + e.getMessage(), e);
    }
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map)) {
      throw new FormatException("the metadata is not a JSON object");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw new FormatException("the metadata entry values must be JSON strings");
      }
      m.put((String) e.getKey(), (String) e.getValue());
    }
    return m;
  }

  /**
   * The blob form of an SSE metadata map, for store adapters: written as Go's {@code json.Marshal}
   * writes a {@code map[string]string} (keys in byte order, no whitespace, HTML-safe escaping).
   *
   * @param map the entries
   * @return the JSON bytes
   */
  public static byte[] metadataToJson(Map<String, String> map) {
    return GoStrings.jsonObject(map);
  }

  // ------------------------------------------------------------------ KMS

  private boolean isCurrent(String storedKeyId, byte[] ciphertext) {
    return sameKey(storedKeyId, targetKeyId)
        && kms.isCurrent(new IsCurrentRequest(targetKeyId, KmsCiphertext.copyOf(ciphertext)))
            == KeyVersionState.CURRENT;
  }

  private DataKey generate(KmsContext ctx) {
    DataKey key = kms.generateKey(new GenerateKeyRequest(targetKeyId, ctx.asMap()));
    if (!sameKey(key.keyId(), targetKeyId)) {
      key.close();
      throw new KmsException(
          "the KMS generated a data key under '"
              + key.keyId()
              + "', not the target key '"
              + targetKeyId
              + "'",
          null,
          false);
    }
    return key;
  }

  private static String checkedKeyId(String keyId) {
    if (keyId.isEmpty() || keyId.length() > 256 || hasControl(keyId)) {
      throw new FormatException("the stored KMS key id is not a valid key name");
    }
    return keyId;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i)) || Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** MinIO key names compare exactly; an {@code arn:aws:kms:} prefix is ignored, as in job files. */
  static boolean sameKey(String a, String b) {
    return strip(a).equals(strip(b));
  }

  private static String strip(String id) {
    return id.startsWith("arn:aws:kms:") ? id.substring("arn:aws:kms:".length()) : id;
  }

  /** The target key the blobs are re-encrypted under. */
  String targetKeyId() {
    return targetKeyId;
  }

  /** Key names only. */
  @Override
  public String toString() {
    return "InternalDataFormat[target " + targetKeyId + ", " + cipher.configName() + "]";
  }

  // ------------------------------------------------------------------ values

  /**
   * The result of {@link #rotate}: kind, outcome, the new bytes when rewritten, and a short note (what
   * was read, or why nothing changes; never content). Immutable.
   */
  public static final class Result {
    private final Kind kind;
    private final Outcome outcome;
    private final byte @Nullable [] content;
    private final String note;

    Result(Kind kind, Outcome outcome, byte @Nullable [] content, String note) {
      if (content != null && outcome != Outcome.REWRITTEN) {
        throw new IllegalArgumentException("only a rewritten blob has content");
      }
      this.kind = kind;
      this.outcome = outcome;
      this.content = content;
      this.note = note;
    }

    /**
     * The blob's kind.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * What was decided.
     *
     * @return the outcome
     */
    public Outcome outcome() {
      return outcome;
    }

    /**
     * Whether there are new bytes to store ({@link Outcome#REWRITTEN} by {@link #rotate}, not {@link
     * #check}).
     *
     * @return {@code true} when {@link #content()} has bytes
     */
    public boolean hasContent() {
      return content != null;
    }

    /**
     * The new bytes to store.
     *
     * @return a copy
     * @throws IllegalStateException unless {@link #hasContent()}
     */
    public byte[] content() {
      if (content == null) {
        throw new IllegalStateException("nothing to write: " + outcome);
      }
      return content.clone();
    }

    /**
     * A short note: {@code plaintext encrypted}, {@code legacy context rewritten}, {@code
     * re-encrypted}, {@code object key resealed}, {@code current}, or why the blob is not rotated.
     *
     * @return the note
     */
    public String note() {
      return note;
    }

    /** Kind, outcome and note (never content). */
    @Override
    public String toString() {
      return "Result[" + kind + ", " + outcome + ", " + note + "]";
    }
  }

  /** Collects the parts of an {@link InternalDataFormat}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Kms kms;
    private @Nullable String targetKeyId;
    private AeadCipher cipher = AeadCipher.AES_256_GCM;
    private SecureRandom random = Crypto.random();

    private Builder() {}

    /**
     * The KMS (required): it decrypts the stored data keys and generates the new ones.
     *
     * @param kms the KMS
     * @return this builder
     */
    public Builder kms(Kms kms) {
      this.kms = kms;
      return this;
    }

    /**
     * The target key (required): the KMS default key; every new data key comes from it.
     *
     * @param keyId the key id
     * @return this builder
     */
    public Builder targetKeyId(String keyId) {
      this.targetKeyId = keyId;
      return this;
    }

    /**
     * The AEAD of new config-blob streams and sealed keys (default AES-256-GCM).
     *
     * @param cipher the suite
     * @return this builder
     */
    public Builder cipher(AeadCipher cipher) {
      this.cipher = cipher;
      return this;
    }

    /**
     * The source of nonces and IVs (default a shared strong {@link SecureRandom}).
     *
     * @param random the source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the format
     * @throws NullPointerException when the KMS or the target key is missing
     */
    public InternalDataFormat build() {
      return new InternalDataFormat(this);
    }
  }
}
