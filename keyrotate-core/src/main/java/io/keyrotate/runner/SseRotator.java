package io.keyrotate.runner;

import io.keyrotate.FormatException;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.Dare;
import io.keyrotate.sse.EncryptObjectRequest;
import io.keyrotate.sse.EncryptedObject;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.ObjectKey;
import io.keyrotate.sse.Rewrap;
import io.keyrotate.sse.RewrapRequest;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseToolkit;
import io.keyrotate.sse.SseType;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The production {@link VersionRotator}: MinIO's on-disk SSE formats through {@link SseToolkit} and
 * {@link Rewrap}, written with the store's compare-and-set operations.
 *
 * <ul>
 *   <li>{@code CONVERT} (SSE-S3) and {@code REWRAP} (SSE-KMS): the KMS decrypts the stored data key
 *       under the object's stored associated data, a fresh data key is generated under the target key
 *       with MinIO's associated data for the object ({@code encryption.context ∪ {bucket:
 *       bucket/object}}), the sealed object key is unsealed and resealed for SSE-KMS ({@link
 *       Rewrap#rewrapSealedKey}: the object key lives only in a per-thread buffer that is wiped), and
 *       the new metadata replaces the old with {@link ObjectStore#replaceEncryption}. Data, part keys
 *       and every non-sealing entry (multipart flag, actual size, …) are untouched.
 *   <li>{@code ENCRYPT} (plaintext): the stored bytes stream through DARE 2.0 under a fresh object key
 *       (one stream per part under MinIO's part keys when the store reports parts) into {@link
 *       ObjectStore#rewriteData}; nothing is buffered beyond one 64 KiB package per stream.
 * </ul>
 *
 * <p>Both writes are compare-and-set against the version as listed, so a concurrent overwrite makes the
 * write fail with {@link io.keyrotate.ObjectChangedException} and the runner re-reads and re-decides;
 * the store keeps modification time, user metadata, tags, lock state and version order.
 *
 * <p><b>KMS calls</b> go through the job's metered KMS: without data-key reuse, a rewrap is one {@link
 * Kms#rewrap} (one round trip for a KMS with a native rewrap, else decrypt + generate) and an encrypt is
 * one generate. With {@link DataKeyReuse} the fresh key comes from a {@link DataKeySource} and the
 * stored client context gains {@code {bucket: bucket}}, so the associated data is the same for every
 * object of the bucket (MinIO reads it back from the stored context).
 *
 * <p>A stored ETag is not touched: {@code CONVERT}/{@code REWRAP} keep the object key, so a sealed ETag
 * stays valid; the {@link ObjectStore} SPI does not model ETags, so {@code ENCRYPT} leaves the store's
 * ETag handling to the store.
 *
 * <p>Thread-safe.
 */
final class SseRotator implements VersionRotator {
  private final ObjectStore store;
  private final Kms kms;
  private final String target;
  private final KmsContext jobContext;
  private final DataKeySource keys;
  private final SseToolkit toolkit;

  SseRotator(Components.Setup setup) {
    this.store = setup.store();
    this.kms = setup.kms();
    this.target = setup.targetKeyId();
    this.jobContext = KmsContext.of(setup.job().encryption().context());
    this.keys = new DataKeySource(kms, setup.dataKeyReuse(), setup.ticker());
    this.toolkit = SseToolkit.builder().kms(new TargetKms()).build();
  }

  @Override
  public ObjectVersion apply(ObjectVersion version, Plan plan) {
    switch (plan.action()) {
      case CONVERT:
      case REWRAP:
        return rewrap(version);
      case ENCRYPT:
        return encrypt(version);
      default:
        throw new IllegalArgumentException(
            plan.action() + " does not change an object: " + version.describe());
    }
  }

  @Override
  public void verify(ObjectVersion version, Plan plan) {
    switch (plan.action()) {
      case CONVERT:
      case REWRAP:
        {
          SseMetadata m = parse(version);
          try (SecretBytes dataKey = decryptStored(version, m);
              ObjectKey key = m.unsealObjectKey(dataKey, version.bucket(), version.key())) {
            key.isZero(); // unsealing authenticated the sealed key; nothing else to check
          }
          return;
        }
      case ENCRYPT:
        try (ReadResult r = store.open(new ReadRequest(version, 0, 0))) {
          plaintextParts(version, r.partSizes());
        }
        return;
      default:
        throw new IllegalArgumentException(
            plan.action() + " does not change an object: " + version.describe());
    }
  }

  // ---------------------------------------------------------------- CONVERT / REWRAP

  private ObjectVersion rewrap(ObjectVersion v) {
    SseMetadata old = parse(v);
    String keyId = storedKeyId(v, old);
    KmsContext client = newClientContext(v);
    Map<String, String> aad = SseMetadata.associatedData(client, v.bucket(), v.key()).asMap();
    Map<String, String> updated;
    if (keys.reusing()) {
      try (SecretBytes oldKey = decryptStored(v, old);
          DataKey fresh = keys.get(target, aad)) {
        updated = reseal(v, oldKey, fresh, client);
      }
    } else {
      try (io.keyrotate.spi.RewrapResult r =
          kms.rewrap(
              new io.keyrotate.spi.RewrapRequest(
                  keyId,
                  KmsCiphertext.copyOf(storedCiphertext(v, old)),
                  old.kmsAssociatedData(v.bucket(), v.key()).asMap(),
                  target,
                  aad))) {
        updated = reseal(v, r.oldKey(), r.newKey(), client);
      }
    }
    return store.replaceEncryption(new ReplaceEncryptionRequest(v, updated));
  }

  private static Map<String, String> reseal(
      ObjectVersion v, SecretBytes oldKey, DataKey fresh, KmsContext client) {
    return Rewrap.rewrap(
        RewrapRequest.builder()
            .metadata(v.internalMetadata())
            .object(v.bucket(), v.key())
            .oldDataKey(oldKey)
            .newDataKey(fresh.plaintext(), fresh.keyId(), fresh.ciphertext().toByteArray())
            .newContext(client)
            .target(SseType.SSE_KMS)
            .build());
  }

  private static SseMetadata parse(ObjectVersion v) {
    SseMetadata m;
    try {
      m = SseMetadata.parse(v.internalMetadata());
    } catch (FormatException e) {
      throw new FormatException(v.describe() + ": " + e.getMessage(), e);
    }
    if (m.type() == SseType.SSE_C) {
      throw new FormatException(v.describe() + " is SSE-C; the server does not hold its key");
    }
    return m;
  }

  private SecretBytes decryptStored(ObjectVersion v, SseMetadata m) {
    return kms.decrypt(
        new DecryptRequest(
            storedKeyId(v, m),
            KmsCiphertext.copyOf(storedCiphertext(v, m)),
            m.kmsAssociatedData(v.bucket(), v.key()).asMap()));
  }

  private static String storedKeyId(ObjectVersion v, SseMetadata m) {
    String keyId = m.kmsKeyId();
    if (keyId == null) {
      throw legacy(v);
    }
    return keyId;
  }

  private static byte[] storedCiphertext(ObjectVersion v, SseMetadata m) {
    byte[] ct = m.kmsCiphertext();
    if (ct == null || ct.length == 0) {
      throw legacy(v);
    }
    return ct;
  }

  private static FormatException legacy(ObjectVersion v) {
    return new FormatException(
        v.describe() + " was sealed without a KMS (legacy layout, no stored data key); it cannot be"
            + " rotated");
  }

  /** The client context to store: the job's, plus {@code {bucket: bucket}} when data keys are shared. */
  private KmsContext newClientContext(ObjectVersion v) {
    return keys.reusing() ? jobContext.withDefault(v.bucket(), v.bucket()) : jobContext;
  }

  // ---------------------------------------------------------------- ENCRYPT

  private ObjectVersion encrypt(ObjectVersion v) {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      List<Long> parts = plaintextParts(v, r.partSizes());
      EncryptObjectRequest req =
          new EncryptObjectRequest(
              v.bucket(),
              v.key(),
              r.stream(),
              SseSpec.kms(target, newClientContext(v).asMap()),
              parts);
      try (EncryptedObject e = toolkit.encrypt(req)) {
        long storedSize = 0;
        if (parts.isEmpty()) {
          storedSize = Dare.encryptedSize(v.size());
        } else {
          for (long s : e.storedPartSizes()) {
            storedSize += s;
          }
        }
        Map<String, String> meta = new TreeMap<>(v.internalMetadata());
        meta.putAll(e.internalMetadata());
        return store.rewriteData(
            new RewriteDataRequest(v, e.stored(), storedSize, e.storedPartSizes(), meta));
      }
    } catch (UncheckedIOException e) {
      throw new ObjectStoreException(
          "encrypting " + v.describe() + " failed reading its data: " + e.getCause(), e, true);
    }
  }

  /** The plaintext part layout of a plaintext version: empty for single-part, else every part ≥ 1 byte. */
  private static List<Long> plaintextParts(ObjectVersion v, List<Long> stored) {
    if (stored.size() > 10_000) {
      throw new FormatException(
          v.describe() + " has " + stored.size() + " parts; MinIO's format allows at most 10000");
    }
    List<Long> parts = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      long p = stored.get(i);
      if (p < 1) {
        throw new FormatException(
            v.describe() + ": part " + (i + 1) + " is empty; an encrypted multipart object needs"
                + " at least one byte per part");
      }
      parts.add(p);
    }
    return parts;
  }

  /**
   * The KMS as the toolkit sees it during a job: its default key is the job's target (no round trip),
   * and fresh data keys come from the job's {@link DataKeySource} (metered, rate-limited, optionally
   * reused).
   */
  private final class TargetKms implements Kms {
    @Override
    public String defaultKeyId() {
      return target;
    }

    @Override
    public DataKey generateKey(GenerateKeyRequest request) {
      return keys.get(request.keyId(), request.context());
    }

    @Override
    public SecretBytes decrypt(DecryptRequest request) {
      return kms.decrypt(request);
    }
  }
}
