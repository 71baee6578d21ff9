package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.Dare;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareEncryptOptions;
import io.keyrotate.internal.Texts;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a storage server needs on its PUT and GET paths to store objects the way MinIO does:
 * {@link #encrypt} turns a plaintext into stored bytes plus the {@code X-Minio-Internal-*} metadata
 * (SSE-S3, SSE-KMS or SSE-C; single-part or multipart), and {@link #decrypt} turns stored bytes and
 * metadata back into plaintext, for any byte range, decrypting only the 64 KiB packages the range
 * touches.
 *
 * <p><b>Format</b> (minio-keyrotate.md §4): a fresh object key (OEK, MinIO's {@code GenerateKey}) is
 * sealed under the external key (a KMS data key, or the SSE-C customer key) with the {@code
 * DAREv2-HMAC-SHA256} KEK bound to the SSE type, bucket and object; the data is DARE 2.0 under the OEK
 * (single-part) or one DARE 2.0 stream per part under HMAC-SHA256(OEK, LE32(part number)) (multipart,
 * with MinIO's {@code X-Minio-Internal-Encrypted-Multipart} and {@code X-Minio-Internal-actual-size}
 * entries). The KMS context is MinIO's: {@code {bucket: path.Join(bucket, object)}} plus, for SSE-KMS,
 * the client context. What this class writes, MinIO reads, and the reverse. ETags are the server's
 * business and are not produced here; nonces are random (MinIO's per-upload part nonces are equally
 * valid to readers).
 *
 * <p><b>Security.</b> Plaintext is released only after its package authenticated; a wrong key, context,
 * bucket or object name, or altered stored bytes fail with {@link io.keyrotate.IntegrityException}
 * (thrown from {@code read}, unchecked). Keys are wiped when the returned objects are closed.
 *
 * <p>Thread-safe; the streams it returns are for one thread each.
 */
public final class SseToolkit {
  private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

  private final @Nullable Kms kms;
  private final AeadCipher cipher;
  private final SecureRandom random;

  private SseToolkit(@Nullable Kms kms, AeadCipher cipher, SecureRandom random) {
    this.kms = kms;
    this.cipher = cipher;
    this.random = random;
  }

  /**
   * A toolkit using {@code kms} for SSE-S3 and SSE-KMS, sealing with AES-256-GCM.
   *
   * @param kms the KMS
   * @return the toolkit
   */
  public static SseToolkit of(Kms kms) {
    return builder().kms(kms).build();
  }

  /**
   * Starts a configuration: no KMS (SSE-C only), AES-256-GCM, a shared {@link SecureRandom}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link SseToolkit}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Kms kms;
    private AeadCipher cipher = AeadCipher.AES_256_GCM;
    private SecureRandom random = DEFAULT_RANDOM;

    private Builder() {}

    /**
     * The KMS for SSE-S3 and SSE-KMS objects.
     *
     * @param kms the KMS
     * @return this builder
     */
    public Builder kms(Kms kms) {
      this.kms = kms;
      return this;
    }

    /**
     * The cipher suite of new sealed keys and data (MinIO picks ChaCha20-Poly1305 on CPUs without AES
     * instructions; readers accept both).
     *
     * @param cipher the suite
     * @return this builder
     */
    public Builder cipher(AeadCipher cipher) {
      this.cipher = cipher;
      return this;
    }

    /**
     * The random source for keys, IVs and nonces.
     *
     * @param random a strong random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /**
     * Builds the toolkit.
     *
     * @return the toolkit
     */
    public SseToolkit build() {
      return new SseToolkit(kms, cipher, random);
    }
  }

  private Kms kms(String what) {
    Kms k = kms;
    if (k == null) {
      throw new KmsException("no KMS is configured, so " + what + " is not possible");
    }
    return k;
  }

  // ---------------------------------------------------------------- PUT

  /**
   * Encrypts an object. The returned stream encrypts while it is read; close the result afterwards.
   *
   * @param request the plaintext, the object's name, the SSE request and the part layout
   * @return the stored bytes, stored part sizes and internal metadata
   * @throws KmsException when the KMS cannot generate a data key
   */
  public EncryptedObject encrypt(EncryptObjectRequest request) {
    String bucket = request.bucket();
    String object = request.object();
    SseSpec spec = request.sse();
    SseType type;
    KmsContext client = KmsContext.empty();
    DataKey dataKey = null;
    SecretBytes ek;
    if (spec instanceof SseSpec.CustomerKey) {
      type = SseType.SSE_C;
      ek = ((SseSpec.CustomerKey) spec).key();
    } else {
      Kms k = kms(spec instanceof SseSpec.S3 ? "SSE-S3" : "SSE-KMS");
      String keyId = k.defaultKeyId();
      if (spec instanceof SseSpec.KmsKey) {
        type = SseType.SSE_KMS;
        SseSpec.KmsKey kk = (SseSpec.KmsKey) spec;
        client = KmsContext.of(kk.context());
        if (kk.keyId() != null) {
          keyId = kk.keyId();
        }
      } else {
        type = SseType.SSE_S3;
      }
      KmsContext aad = SseMetadata.associatedData(client, bucket, object);
      dataKey = k.generateKey(new GenerateKeyRequest(keyId, aad.asMap()));
      ek = dataKey.plaintext();
    }
    ObjectKey oek = ObjectKey.generate(ek, random);
    try {
      byte[] iv = new byte[ObjectKey.IV_SIZE];
      random.nextBytes(iv);
      byte[] sealed = oek.seal(ek, iv, type, bucket, object, cipher, random);
      SseMetadata m;
      if (type == SseType.SSE_C) {
        m = SseMetadata.sseC(iv, sealed);
      } else if (type == SseType.SSE_S3) {
        DataKey d = java.util.Objects.requireNonNull(dataKey);
        m = SseMetadata.sseS3(iv, sealed, d.keyId(), d.ciphertext().toByteArray());
      } else {
        DataKey d = java.util.Objects.requireNonNull(dataKey);
        m = SseMetadata.sseKms(iv, sealed, d.keyId(), d.ciphertext().toByteArray(), client);
      }
      Map<String, String> meta = new LinkedHashMap<>(m.toMap());
      DareEncryptOptions options =
          DareEncryptOptions.builder().cipher(CipherSuite.fromId(cipher.dareId())).build();
      List<Long> parts = request.partSizes();
      InputStream stored;
      List<Long> storedParts = new ArrayList<>(parts.size());
      if (parts.isEmpty()) {
        try (SecretBytes key = oek.secret()) {
          stored = Dare.newEncryptingInputStream(new NoClose(request.plaintext()), key, options);
        }
      } else {
        long total = 0;
        for (long p : parts) {
          storedParts.add(Dare.encryptedSize(p));
          total += p;
        }
        meta.put(SseMetadata.MULTIPART, "");
        meta.put(SseMetadata.ACTUAL_SIZE, Long.toString(total));
        stored = new Concat(new PartEncryptors(request.plaintext(), parts, oek, options), () -> {});
      }
      return new EncryptedObject(stored, storedParts, meta, oek);
    } catch (RuntimeException | Error e) {
      oek.close();
      throw e;
    } finally {
      if (dataKey != null) {
        dataKey.close();
      }
    }
  }

  /** The streams of a concatenation, opened one at a time. */
  private interface Parts {
    /** The next stream, or {@code null} after the last. */
    @Nullable InputStream next() throws IOException;
  }

  /**
   * The concatenation of the streams {@link Parts} opens, each only when the previous one ended (unlike
   * {@link java.io.SequenceInputStream}, closing does not open the rest). {@code onClose} runs once.
   */
  private static final class Concat extends InputStream {
    private final Parts parts;
    private final Runnable onClose;
    private @Nullable InputStream current;
    private boolean done;
    private boolean closed;

    Concat(Parts parts, Runnable onClose) {
      this.parts = parts;
      this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return 0;
      }
      while (!done) {
        InputStream in = current;
        if (in == null) {
          in = parts.next();
          if (in == null) {
            done = true;
            break;
          }
          current = in;
        }
        int n = in.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        in.close();
        current = null;
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        InputStream in = current;
        if (in != null) {
          in.close();
        }
      } finally {
        onClose.run();
      }
    }
  }

  /** One encrypting stream per part, created when the previous part is done; then an end check. */
  private static final class PartEncryptors implements Parts {
    private final InputStream plaintext;
    private final List<Long> parts;
    private final ObjectKey oek;
    private final DareEncryptOptions options;
    private int next;

    PartEncryptors(InputStream plaintext, List<Long> parts, ObjectKey oek, DareEncryptOptions options) {
      this.plaintext = plaintext;
      this.parts = parts;
      this.oek = oek;
      this.options = options;
    }

    @Override
    public @Nullable InputStream next() {
      if (next > parts.size()) {
        return null;
      }
      int i = next++;
      if (i == parts.size()) {
        return new EndCheck(plaintext, parts.size());
      }
      try (SecretBytes partKey = oek.partKey(i + 1)) {
        return Dare.newEncryptingInputStream(
            new ExactPart(plaintext, parts.get(i), i + 1), partKey, options);
      }
    }
  }

  // ---------------------------------------------------------------- GET

  /**
   * Decrypts a plaintext range of a stored object.
   *
   * @param request the object's name, metadata, stored layout, the stored bytes and the range
   * @return the plaintext of the range; close it to wipe the object key
   * @throws FormatException when the metadata is malformed or does not fit the stored layout
   * @throws io.keyrotate.IntegrityException when the key does not unseal (wrong SSE-C key, tampered
   *     metadata, wrong bucket or object name)
   * @throws KmsException when the KMS cannot decrypt the data key
   * @throws IllegalArgumentException when the range is outside the plaintext, or an SSE-C object is
   *     read without its key
   */
  public InputStream decrypt(DecryptObjectRequest request) {
    String bucket = request.bucket();
    String object = request.object();
    String what = bucket + "/" + Texts.clip(object);
    Map<String, String> meta = request.internalMetadata();
    SseMetadata m = SseMetadata.parse(meta);
    boolean multipart = SseMetadata.isMultipart(meta);
    List<Long> storedParts = request.storedPartSizes();
    if (multipart != !storedParts.isEmpty()) {
      throw new FormatException(
          what + ": the metadata says " + (multipart ? "multipart" : "single-part")
              + " but the stored layout has " + storedParts.size() + " parts");
    }
    List<Long> plainParts = new ArrayList<>();
    long total = 0;
    for (long s : multipart ? storedParts : List.of(request.storedSize())) {
      long p = Dare.decryptedSize(s);
      plainParts.add(p);
      total += p;
    }
    if (multipart && meta.containsKey(SseMetadata.ACTUAL_SIZE)
        && !meta.get(SseMetadata.ACTUAL_SIZE).equals(Long.toString(total))) {
      throw new FormatException(what + ": " + SseMetadata.ACTUAL_SIZE + " disagrees with the parts");
    }
    long offset = request.offset();
    long length = request.length() == -1 ? total - offset : request.length();
    if (offset > total || length < 0 || length > total - offset) {
      throw new IllegalArgumentException(
          what + ": range [" + offset + ", +" + request.length() + ") is outside the " + total
              + " plaintext bytes");
    }
    ObjectKey oek = unseal(m, request, what);
    try {
      List<PartRange> ranges = new ArrayList<>();
      long plainStart = 0;
      long storedStart = 0;
      for (int i = 0; i < plainParts.size(); i++) {
        long p = plainParts.get(i);
        long s = multipart ? storedParts.get(i) : request.storedSize();
        long from = Math.max(offset, plainStart);
        long to = Math.min(offset + length, plainStart + p);
        if (from < to) {
          ranges.add(new PartRange(multipart ? i + 1 : 0, storedStart, s, from - plainStart, to - from));
        }
        plainStart += p;
        storedStart += s;
      }
      return new Concat(new PartDecryptors(ranges, request.stored(), oek), oek::close);
    } catch (RuntimeException | Error e) {
      oek.close();
      throw e;
    }
  }

  private ObjectKey unseal(SseMetadata m, DecryptObjectRequest request, String what) {
    if (m.type() == SseType.SSE_C) {
      SecretBytes key = request.customerKey();
      if (key == null) {
        throw new IllegalArgumentException(what + " is SSE-C encrypted: the customer key is needed");
      }
      return m.unsealObjectKey(key, request.bucket(), request.object());
    }
    String keyId = m.kmsKeyId();
    byte[] ct = m.kmsCiphertext();
    if (keyId == null || ct == null) {
      throw new FormatException(what + ": sealed without a KMS (legacy layout); cannot be read");
    }
    Map<String, String> aad = m.kmsAssociatedData(request.bucket(), request.object()).asMap();
    DecryptRequest kmsRequest;
    try {
      kmsRequest = new DecryptRequest(keyId, KmsCiphertext.copyOf(ct), aad);
    } catch (IllegalArgumentException e) {
      // Stored metadata MinIO's parser accepts but no KMS request can carry (e.g. a control character
      // in the key id) is damaged data, not a programmer error.
      throw new FormatException(what + ": the stored KMS key id or context is not usable: " + e.getMessage(), e);
    }
    try (SecretBytes ek = kms(m.type() + " decryption").decrypt(kmsRequest)) {
      return m.unsealObjectKey(ek, request.bucket(), request.object());
    }
  }

  /** The plaintext bytes {@code [offset, offset+length)} of one part (part 0: single-part). */
  private record PartRange(int part, long storedStart, long storedSize, long offset, long length) {}

  private static final class PartDecryptors implements Parts {
    private final List<PartRange> ranges;
    private final StoredBytes source;
    private final ObjectKey oek;
    private int next;

    PartDecryptors(List<PartRange> ranges, StoredBytes source, ObjectKey oek) {
      this.ranges = ranges;
      this.source = source;
      this.oek = oek;
    }

    @Override
    public @Nullable InputStream next() throws IOException {
      if (next >= ranges.size()) {
        return null;
      }
      PartRange r = ranges.get(next++);
      long firstPackage = r.offset() / Dare.MAX_PAYLOAD_SIZE;
      long storedFrom = firstPackage * Dare.MAX_PACKAGE_SIZE;
      DareDecryptOptions options = DareDecryptOptions.builder().startSequence(firstPackage).build();
      InputStream cipherText = source.open(r.storedStart() + storedFrom, r.storedSize() - storedFrom);
      InputStream plain;
      try (SecretBytes key = r.part() == 0 ? oek.secret() : oek.partKey(r.part())) {
        plain = Dare.newDecryptingInputStream(cipherText, key, options);
      } catch (RuntimeException e) {
        cipherText.close();
        throw e;
      }
      try {
        plain.skipNBytes(r.offset() - firstPackage * Dare.MAX_PAYLOAD_SIZE);
      } catch (IOException | RuntimeException e) {
        plain.close();
        throw e;
      }
      return new ExactPart(plain, r.length(), r.part()).closingSource();
    }
  }

  // ---------------------------------------------------------------- small streams

  /** Passes a stream through but never closes it (the caller owns it). */
  private static final class NoClose extends java.io.FilterInputStream {
    NoClose(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  /**
   * Exactly {@code length} bytes of a stream; an early end is an {@link java.io.EOFException}. Does not
   * close the source unless {@link #closingSource()} was called.
   */
  private static final class ExactPart extends InputStream {
    private final InputStream in;
    private final int part;
    private long remaining;
    private boolean closeSource;

    ExactPart(InputStream in, long length, int part) {
      this.in = in;
      this.remaining = length;
      this.part = part;
    }

    ExactPart closingSource() {
      closeSource = true;
      return this;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new java.io.EOFException(
            (part == 0 ? "data" : "part " + part) + " ended " + remaining + " bytes early");
      }
      remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (closeSource) {
        in.close();
      }
    }
  }

  /** After the last part: the plaintext must have ended. */
  private static final class EndCheck extends InputStream {
    private final InputStream in;
    private final int parts;

    EndCheck(InputStream in, int parts) {
      this.in = in;
      this.parts = parts;
    }

    @Override
    public int read() throws IOException {
      if (in.read() != -1) {
        throw new IOException("the plaintext is longer than its " + parts + " parts");
      }
      return -1;
    }
  }
}
