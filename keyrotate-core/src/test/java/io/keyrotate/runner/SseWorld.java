package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectStore;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link FileObjectStore} and {@link LocalKms} in a temporary directory, holding objects in every
 * encryption state MinIO knows (plaintext, SSE-S3, SSE-KMS under several keys and contexts, SSE-C,
 * multipart, locked, several versions, a delete marker), and the checks the end-to-end tests share.
 *
 * <p>Keys: {@link #OLD} is the default key while objects are written; {@link #NEW} becomes the default
 * key (the job's target) afterwards.
 */
final class SseWorld implements AutoCloseable {
  static final String BUCKET = "photos";
  static final String OLD = "old-key";
  static final String OTHER = "other-key";
  static final String NEW = "new-key";
  /** The clock of the job (ages and locks are judged at this instant). */
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  final Path dir;
  final LocalKms kms;
  final FileObjectStore store;
  final SecretBytes customerKey;
  private final Random random;
  /** Plaintext of every version by {@link ObjectVersion#describe()}. */
  final Map<String, byte[]> plaintext = new TreeMap<>();

  SseWorld(Path dir, long seed) {
    this.dir = dir;
    this.random = new Random(seed);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.kms = LocalKms.create(dir.resolve("keyring"), OLD);
    kms.createKey(OTHER);
    kms.createKey(NEW);
    this.store =
        FileObjectStore.builder(dir.resolve("store"))
            .kms(kms)
            .clock(Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC))
            .open();
    store.createBucket(BUCKET, true);
    byte[] ck = new byte[32];
    random.nextBytes(ck);
    this.customerKey = SecretBytes.wrapOwned(ck);
  }

  private SseWorld(SseWorld w, FileObjectStore store) {
    this.dir = w.dir;
    this.random = w.random;
    this.kms = w.kms;
    this.store = store;
    this.customerKey = w.customerKey;
    this.plaintext.putAll(w.plaintext);
  }

  /** The same world seen through another (reopened) store instance; do not close it. */
  SseWorld withStore(FileObjectStore other) {
    return new SseWorld(this, other);
  }

  /** Reopens the store of a world after a "crash" of the process that held it. */
  static FileObjectStore reopen(Path dir, LocalKms kms) {
    return FileObjectStore.builder(dir.resolve("store")).kms(kms).open();
  }

  KeyRotation.Builder rotation() {
    return KeyRotation.builder()
        .store(store)
        .kms(kms)
        .checkpoints(store.checkpoints())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .workers(3)
        .checkpointInterval(java.time.Duration.ofMillis(10));
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  ObjectVersion put(
      String key, @Nullable SseSpec sse, byte[] data, String modTime, Consumer<PutRequest.Builder> more) {
    PutRequest.Builder b =
        PutRequest.builder(BUCKET, key).data(data).modTime(Instant.parse(modTime));
    if (sse != null) {
      b.encryption(sse);
    }
    more.accept(b);
    ObjectVersion v = store.put(b.build());
    plaintext.put(v.describe(), data.clone());
    return v;
  }

  ObjectVersion put(String key, @Nullable SseSpec sse, byte[] data, String modTime) {
    return put(key, sse, data, modTime, b -> { });
  }

  /**
   * The standard population: one object per interesting case. Afterwards {@link #NEW} is the default key.
   */
  SseWorld populate() {
    put("docs/plain-1.txt", null, bytes(1000), "2026-01-10T10:00:00Z",
        b -> b.tags(Map.of("team", "alpha")).userMetadata(Map.of("Content-Type", "text/plain")));
    put("docs/plain-multi.bin", null, bytes(200_000), "2026-02-10T10:00:00Z",
        b -> b.parts(List.of(100_000L, 99_995L, 5L)));
    put("docs/empty", null, new byte[0], "2026-02-11T10:00:00Z");
    put("images/cat.png", SseSpec.kms(OLD, Map.of()), bytes(70_000), "2026-03-01T10:00:00Z",
        b -> b.tags(Map.of("name", "pickle")).userMetadata(
            Map.of("Content-Type", "image/png", "X-Amz-Meta-Owner", "ann")));
    put("images/dog.png", SseSpec.kms(OTHER, Map.of("app", "zoo")), bytes(300), "2026-03-05T10:00:00Z",
        b -> b.userMetadata(Map.of("Content-Type", "image/png")));
    put("images/multi.png", SseSpec.kms(OLD, Map.of()), bytes(131_079), "2026-03-07T10:00:00Z",
        b -> b.parts(List.of(131_072L, 7L)).userMetadata(Map.of("Content-Type", "image/png")));
    put("logs/a.log", SseSpec.s3(), bytes(5000), "2026-01-20T10:00:00Z",
        b -> b.tags(Map.of("name", "picnic")));
    put("logs/b.log", SseSpec.kms(OLD, Map.of()), bytes(10), "2026-01-01T10:00:00Z");
    put("logs/b.log", null, bytes(11), "2026-01-02T10:00:00Z");
    put("logs/b.log", SseSpec.s3(), bytes(12), "2026-01-03T10:00:00Z");
    store.delete(BUCKET, "logs/b.log", null); // a delete marker on top
    put("secret/c.bin", SseSpec.customer(customerKey), bytes(400), "2026-01-15T10:00:00Z");
    put("locked/p.txt", null, bytes(40), "2026-01-16T10:00:00Z", b -> b.legalHold(true));
    put("locked/e.txt", SseSpec.kms(OLD, Map.of()), bytes(41), "2026-01-17T10:00:00Z",
        b -> b.retention(ObjectLock.RetentionMode.GOVERNANCE, Instant.parse("2030-01-01T00:00:00Z")));
    put("current/x", SseSpec.kms(NEW, Map.of()), bytes(50), "2026-03-20T10:00:00Z");
    kms.setDefaultKey(NEW);
    return this;
  }

  /** Adds {@code n} small objects, a third each plaintext, SSE-S3 and SSE-KMS under the old key. */
  SseWorld many(String prefix, int n) {
    for (int i = 0; i < n; i++) {
      String key = String.format("%s%04d", prefix, i);
      SseSpec sse = i % 3 == 0 ? null : i % 3 == 1 ? SseSpec.s3() : SseSpec.kms(OLD, Map.of());
      put(key, sse, bytes(1 + random.nextInt(3000)), "2026-01-01T00:00:00Z");
    }
    return this;
  }

  /**
   * Whether the default job (no filters) changes a version: plaintext, SSE-S3 or SSE-KMS under another
   * key than {@link #NEW}, and not locked at {@link #NOW}.
   */
  static boolean rotatable(ObjectVersion v) {
    EncryptionState s = v.encryption();
    boolean state =
        s instanceof EncryptionState.Plaintext
            || s instanceof EncryptionState.SseS3
            || (s instanceof EncryptionState.SseKms
                && !NEW.equals(((EncryptionState.SseKms) s).keyId()));
    return state && !v.lock().isLockedAt(NOW);
  }

  List<ObjectVersion> versions() {
    return all(store, BUCKET);
  }

  /** Every version of a bucket in listing order. */
  static List<ObjectVersion> all(ObjectStore store, String bucket) {
    List<ObjectVersion> out = new ArrayList<>();
    ListRequest req = ListRequest.of(bucket, "");
    while (true) {
      VersionPage p = store.list(req);
      out.addAll(p.versions());
      if (p.next() == null) {
        return out;
      }
      req = req.withStartAfter(p.next());
    }
  }

  byte[] stored(ObjectVersion v) {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] read(ObjectVersion v) {
    boolean ssec = v.encryption() instanceof EncryptionState.SseC;
    try (GetResult r =
        store.get(new GetRequest(BUCKET, v.key(), v.versionId(), 0, -1, ssec ? customerKey : null))) {
      return r.stream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a version is SSE-KMS under the current version of {@link #NEW}. */
  boolean underTarget(ObjectVersion v) {
    if (!(v.encryption() instanceof EncryptionState.SseKms)) {
      return false;
    }
    EncryptionState.SseKms s = (EncryptionState.SseKms) v.encryption();
    if (!NEW.equals(s.keyId())) {
      return false;
    }
    KmsCiphertext ct =
        KmsCiphertext.fromBase64(v.internalMetadata().get(EncryptionState.KMS_DATA_KEY));
    return kms.isCurrent(new IsCurrentRequest(NEW, ct)) == KeyVersionState.CURRENT;
  }

  /** Everything about the store before a job, to compare with afterwards. */
  record Snapshot(List<ObjectVersion> versions, Map<String, byte[]> stored) {}

  Snapshot snapshot() {
    List<ObjectVersion> vs = versions();
    Map<String, byte[]> stored = new LinkedHashMap<>();
    for (ObjectVersion v : vs) {
      if (!v.deleteMarker()) {
        stored.put(v.describe(), stored(v));
      }
    }
    return new Snapshot(vs, stored);
  }

  /**
   * Checks the state after a job: the same versions in the same order with the same modTime, tags,
   * user metadata and locks; every version reads back to its original plaintext; the versions named in
   * {@code changed} are under the target key (and carry {@code context}); every other version is
   * byte-identical (data and metadata).
   */
  void assertAfter(Snapshot before, Set<String> changed, Map<String, String> context) {
    List<ObjectVersion> after = versions();
    assertEquals(before.versions().size(), after.size(), "number of versions");
    for (int i = 0; i < after.size(); i++) {
      ObjectVersion b = before.versions().get(i);
      ObjectVersion a = after.get(i);
      String what = b.describe();
      assertEquals(what, a.describe(), "version order");
      assertEquals(b.deleteMarker(), a.deleteMarker(), what);
      assertEquals(b.latest(), a.latest(), what);
      assertEquals(b.modTime(), a.modTime(), what);
      assertEquals(b.tags(), a.tags(), what);
      assertEquals(b.userMetadata(), a.userMetadata(), what);
      assertEquals(b.lock(), a.lock(), what);
      assertEquals(b.partCount(), a.partCount(), what);
      if (a.deleteMarker()) {
        continue;
      }
      assertArrayEquals(plaintext.get(what), read(a), "plaintext of " + what);
      if (changed.contains(what)) {
        assertTrue(underTarget(a), what + " is under the target key");
        assertEquals(context, ((EncryptionState.SseKms) a.encryption()).context(), what);
      } else {
        assertEquals(b.internalMetadata(), a.internalMetadata(), what + " untouched");
        assertArrayEquals(before.stored().get(what), stored(a), what + " stored bytes untouched");
      }
    }
  }

  /** Describes of the versions under {@code prefix} matching a state predicate. */
  Set<String> select(java.util.function.Predicate<ObjectVersion> p) {
    Set<String> out = new java.util.TreeSet<>();
    for (ObjectVersion v : versions()) {
      if (!v.deleteMarker() && p.test(v)) {
        out.add(v.describe());
      }
    }
    return out;
  }

  /** SHA-256 of every file under the store directory (except its lock file), by relative path. */
  Map<String, String> fileDigests() {
    Path root = dir.resolve("store");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().equals(".lock")) {
          out.put(root.relativize(p).toString(),
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public void close() {
    customerKey.close();
    store.close();
    kms.close();
  }
}
