package io.keyrotate.reliability;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.runner.KeyRotation;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link FileObjectStore} and {@link LocalKms} in a directory, filled with a seeded mix of
 * plaintext, SSE-S3 and SSE-KMS (under {@link #OLD}) objects, some with several versions; afterwards
 * {@link #NEW} is the default key and the target of a job. Remembers every version's plaintext.
 */
final class RotationWorld implements AutoCloseable {
  static final String BUCKET = "data";
  static final String OLD = "old-key";
  static final String NEW = "new-key";

  final LocalKms kms;
  final FileObjectStore store;
  final Random random;
  /** Plaintext of every version by {@link ObjectVersion#describe()}. */
  final Map<String, byte[]> plaintext = new ConcurrentHashMap<>();

  RotationWorld(Path dir, long seed) {
    this(dir, seed, true);
  }

  RotationWorld(Path dir, long seed, boolean versioned) {
    this.random = new Random(seed);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.kms = LocalKms.create(dir.resolve("keyring"), OLD);
    kms.createKey(NEW);
    this.store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
    store.createBucket(BUCKET, versioned);
  }

  /** Adds {@code n} objects under {@code prefix}; every fifth gets a second version. */
  RotationWorld populate(String prefix, int n) {
    for (int i = 0; i < n; i++) {
      String key = String.format("%s%04d", prefix, i);
      put(key, spec(i), bytes(1 + random.nextInt(4000)));
      if (i % 5 == 0) {
        put(key, spec(i + 1), bytes(1 + random.nextInt(4000)));
      }
    }
    kms.setDefaultKey(NEW);
    return this;
  }

  static @Nullable SseSpec spec(int i) {
    return switch (i % 3) {
      case 0 -> null;
      case 1 -> SseSpec.s3();
      default -> SseSpec.kms(OLD, Map.of("n", Integer.toString(i)));
    };
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    synchronized (random) {
      random.nextBytes(b);
    }
    return b;
  }

  ObjectVersion put(String key, @Nullable SseSpec sse, byte[] data) {
    PutRequest.Builder b = PutRequest.builder(BUCKET, key).data(data);
    if (sse != null) {
      b.encryption(sse);
    }
    ObjectVersion v = store.put(b.build());
    plaintext.put(v.describe(), data.clone());
    return v;
  }

  KeyRotation.Builder rotation() {
    return KeyRotation.builder()
        .store(store)
        .kms(kms)
        .checkpoints(store.checkpoints())
        .clock(Clock.systemUTC())
        .workers(3)
        .checkpointInterval(Duration.ofMillis(20));
  }

  List<ObjectVersion> versions() {
    List<ObjectVersion> out = new ArrayList<>();
    ListRequest req = ListRequest.of(BUCKET, "");
    while (true) {
      VersionPage p = store.list(req);
      out.addAll(p.versions());
      if (p.next() == null) {
        return out;
      }
      req = req.withStartAfter(p.next());
    }
  }

  /** The stored (encrypted or plain) bytes of a version, as the store holds them. */
  byte[] stored(ObjectVersion v) {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plaintext of a version, decrypted by the store with the real KMS. */
  byte[] read(ObjectVersion v) {
    try (GetResult r = store.get(new GetRequest(BUCKET, v.key(), v.versionId(), 0, -1, null))) {
      return r.stream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a version is SSE-KMS under the current version of {@link #NEW}. */
  boolean underTarget(ObjectVersion v) {
    if (!(v.encryption() instanceof EncryptionState.SseKms s) || !NEW.equals(s.keyId())) {
      return false;
    }
    KmsCiphertext ct = KmsCiphertext.fromBase64(v.internalMetadata().get(EncryptionState.KMS_DATA_KEY));
    return kms.isCurrent(new IsCurrentRequest(NEW, ct)) == KeyVersionState.CURRENT;
  }

  @Override
  public void close() {
    store.close();
    kms.close();
  }
}
