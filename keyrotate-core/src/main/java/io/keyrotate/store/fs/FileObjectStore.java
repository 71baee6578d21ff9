package io.keyrotate.store.fs;

import io.keyrotate.EncryptionState;
import io.keyrotate.FormatException;
import io.keyrotate.ObjectChangedException;
import io.keyrotate.ObjectLock;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.crypto.Dare;
import io.keyrotate.internal.Texts;
import io.keyrotate.internal.files.FileOps;
import io.keyrotate.internal.files.LineFormat;
import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.spi.VersionPage;
import io.keyrotate.sse.DecryptObjectRequest;
import io.keyrotate.sse.EncryptObjectRequest;
import io.keyrotate.sse.EncryptedObject;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseToolkit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object store in a local directory: buckets (versioned or not), objects with any S3 key, versions and
 * delete markers, user metadata, tags, retention and legal hold, multipart part layout and the internal
 * (encryption) metadata; plus the server's internal data ({@link #internalData()}) and job checkpoints
 * ({@link #checkpoints()}) in a reserved system area. It is keyrotate's embedded default {@link
 * ObjectStore}, so a job runs on one machine with nothing to install.
 *
 * <p><b>Layout.</b> {@code <root>/krfs.format} marks the directory; {@code buckets/<bucket>/objects/}
 * holds each bucket's key tree, {@code system/} the internal data and checkpoints, {@code tmp/} staged
 * files and {@code intents/} the intent log. A key's UTF-8 bytes are written as hex, two bytes per
 * directory level, so any key (with {@code /}, {@code ..}, NUL, unicode, up to 1024 bytes) stays inside
 * its bucket and a sorted walk of the tree lists keys in S3 order. Each version is a small checksummed
 * metadata file plus, when it has bytes, one data file (multipart parts are stored back to back).
 *
 * <p><b>Crash safety.</b> Every metadata file is replaced by writing a temporary file, forcing it to disk,
 * renaming it over the old one and forcing the directory. Updates that add or drop a data file record an
 * intent first; on {@link #open} the intents left by a crash are rolled forward or back and staged files
 * are deleted, so every version is wholly old or wholly new and no garbage survives. Readers never see
 * a partial file.
 *
 * <p><b>Concurrency.</b> All methods are thread-safe. Updates of one key are serialised by a per-key lock;
 * {@link #replaceEncryption} and {@link #rewriteData} are compare-and-set operations. Listings take no
 * lock and stream: their memory is bounded by one directory listing per tree level, never by the number
 * of objects. One process at a time may open a store: {@link #open} takes an exclusive file lock on
 * {@code <root>/.lock}.
 *
 * <p><b>Encryption.</b> {@link #put} can encrypt (SSE-S3, SSE-KMS, SSE-C) and {@link #get} decrypts,
 * through {@link SseToolkit}, in MinIO's on-disk formats: the stored bytes are DARE 2.0 and the internal
 * metadata holds MinIO's {@code X-Minio-Internal-Server-Side-Encryption-*} entries, so a demo store holds
 * really encrypted objects that a rotation job can rewrap.
 *
 * <p>This class does not log object data, metadata values or keys' contents beyond their names.
 */
public final class FileObjectStore implements ObjectStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileObjectStore.class);

  static final String FORMAT_FILE = "krfs.format";
  static final String LOCK_FILE = ".lock";
  static final String TMP = "tmp";
  static final String INTENTS = "intents";
  static final String BUCKETS = "buckets";
  static final String SYSTEM = "system";
  private static final String BUCKET_INFO = "bucket.info";
  private static final String OBJECTS = "objects";
  private static final Set<String> OWN_ENTRIES = Set.of(LOCK_FILE, TMP, INTENTS, BUCKETS, SYSTEM);
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private final Path root;
  private final Disk disk;
  private final FileChannel lockChannel;
  private final FileLock processLock;
  private final ConcurrentHashMap<String, Space> buckets = new ConcurrentHashMap<>();
  private final Object bucketCreation = new Object();
  private final FsInternalData internalData;
  private final FsCheckpoints checkpoints;
  private final SseToolkit sse;
  private volatile boolean closed;

  private FileObjectStore(
      Path root, Disk disk, FileChannel lockChannel, FileLock processLock, SseToolkit sse) {
    this.root = root;
    this.sse = sse;
    this.disk = disk;
    this.lockChannel = lockChannel;
    this.processLock = processLock;
    Path system = root.resolve(SYSTEM);
    this.internalData =
        new FsInternalData(
            new BlobSpace(new Space(disk, "internal data", system.resolve("internal"), false), disk));
    this.checkpoints =
        new FsCheckpoints(
            new BlobSpace(new Space(disk, "checkpoints", system.resolve("checkpoints"), false), disk));
  }

  /**
   * Opens the store in {@code root}, creating it when the directory is missing or empty, and recovers
   * from any earlier crash.
   *
   * @param root the store directory
   * @return the open store; close it to release the directory
   * @throws ObjectStoreException when the directory is not a store, is in use by another process or
   *     another open instance, or cannot be read
   */
  public static FileObjectStore open(Path root) {
    return builder(root).open();
  }

  /**
   * Starts configuring a store.
   *
   * @param root the store directory
   * @return a builder
   */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Configures and opens a {@link FileObjectStore}. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private Clock clock = Clock.systemUTC();
    private FileOps ops = FileOps.system();
    private @Nullable Kms kms;

    private Builder(Path root) {
      this.root = root;
    }

    /**
     * The clock for modification times of new versions (default: the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The KMS for SSE-S3 and SSE-KMS puts and gets (without one, only SSE-C and plaintext objects can be
     * written and read).
     *
     * @param kms the KMS
     * @return this builder
     */
    public Builder kms(Kms kms) {
      this.kms = kms;
      return this;
    }

    /** Test seam: the file operations every update goes through. */
    Builder fileOps(FileOps fileOps) {
      this.ops = fileOps;
      return this;
    }

    /**
     * Opens the store (see {@link FileObjectStore#open(Path)}).
     *
     * @return the open store
     */
    public FileObjectStore open() {
      Path r = root.toAbsolutePath().normalize();
      try {
        SseToolkit.Builder sse = SseToolkit.builder();
        if (kms != null) {
          sse.kms(kms);
        }
        return openAt(r, clock, ops, sse.build());
      } catch (IOException e) {
        throw new ObjectStoreException("cannot open store " + r + ": " + e, e, false);
      }
    }
  }

  private static FileObjectStore openAt(Path root, Clock clock, FileOps ops, SseToolkit sse)
      throws IOException {
    Files.createDirectories(root);
    Path marker = root.resolve(FORMAT_FILE);
    boolean fresh = !Files.exists(marker);
    if (fresh) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        for (Path p : ds) {
          if (!OWN_ENTRIES.contains(String.valueOf(p.getFileName()))) {
            throw new ObjectStoreException(
                root + " is not empty and is not a keyrotate store (no " + FORMAT_FILE + ")");
          }
        }
      }
    }
    FileChannel ch =
        FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new ObjectStoreException("store " + root + " is already open in this process");
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new ObjectStoreException("store " + root + " is in use by another process", null, true);
    }
    try {
      Disk disk = new Disk(root, ops, root.resolve(TMP), root.resolve(INTENTS), clock);
      if (fresh) {
        for (String d : List.of(TMP, INTENTS, BUCKETS, SYSTEM)) {
          ops.createDirectory(root.resolve(d));
        }
        for (String d : List.of("internal", "checkpoints")) {
          ops.createDirectory(root.resolve(SYSTEM).resolve(d));
        }
        ops.fsyncDirectory(root.resolve(SYSTEM));
        ops.fsyncDirectory(root);
        disk.atomic.replace(marker, LineFormat.writer("krfs-store", 1).finish());
      } else {
        LineFormat.reader(Files.readAllBytes(marker), "krfs-store", 1, root + "/" + FORMAT_FILE).end();
      }
      FileObjectStore store = new FileObjectStore(root, disk, ch, lock, sse);
      store.recover();
      return store;
    } catch (IOException | RuntimeException e) {
      lock.release();
      ch.close();
      throw e;
    }
  }

  /** Removes what a crash left behind: staged files, unfinished intents, half-created buckets. */
  private void recover() throws IOException {
    int staged = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve(TMP))) {
      for (Path p : ds) {
        disk.ops.delete(p);
        staged++;
      }
    }
    int intents = disk.journal.recoverAll();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve(BUCKETS))) {
      for (Path b : ds) {
        if (!Files.exists(b.resolve(BUCKET_INFO))) {
          // createBucket writes the info file last; without it the bucket was never created.
          Path objects = b.resolve(OBJECTS);
          if (Files.isDirectory(objects) && isEmpty(objects)) {
            disk.ops.delete(objects);
          }
          if (isEmpty(b)) {
            disk.ops.delete(b);
          }
        }
      }
    }
    if (staged + intents > 0) {
      LOG.info("store {}: recovered {} unfinished updates, removed {} staged files", root, intents, staged);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /**
   * The store directory.
   *
   * @return the absolute root
   */
  public Path root() {
    return root;
  }

  /**
   * The server's internal data (configuration blobs), kept in this store's system area.
   *
   * @return the internal data store
   */
  public InternalDataStore internalData() {
    return internalData;
  }

  /**
   * The job checkpoints, kept in this store's system area.
   *
   * @return the checkpoint store
   */
  public CheckpointStore checkpoints() {
    return checkpoints;
  }

  // ---------------------------------------------------------------- buckets

  /**
   * Creates a bucket.
   *
   * @param bucket an S3 bucket name: 3..63 characters of {@code a-z 0-9 . -}, starting and ending with a
   *     letter or digit, no {@code ..}, not an IP address
   * @param versioned whether puts create new versions (else they replace the object)
   * @return the new bucket
   * @throws IllegalArgumentException when the name is invalid
   * @throws ObjectStoreException when the bucket exists or cannot be created
   */
  public BucketInfo createBucket(String bucket, boolean versioned) {
    ensureOpen();
    checkBucketName(bucket);
    synchronized (bucketCreation) {
      Path dir = bucketDir(bucket);
      if (Files.exists(dir.resolve(BUCKET_INFO))) {
        throw new ObjectStoreException("bucket '" + bucket + "' already exists");
      }
      BucketInfo info = new BucketInfo(bucket, versioned, disk.clock.instant());
      try {
        disk.atomic.createDirectories(root, dir.resolve(OBJECTS));
        disk.atomic.replace(
            dir.resolve(BUCKET_INFO),
            LineFormat.writer("krfs-bucket", 1)
                .line("versioned", Boolean.toString(versioned))
                .line("created", info.created().toString())
                .finish());
      } catch (IOException e) {
        throw new ObjectStoreException("cannot create bucket '" + bucket + "': " + e, e, true);
      }
      return info;
    }
  }

  /**
   * The buckets, by name.
   *
   * @return every bucket
   */
  public List<BucketInfo> listBuckets() {
    ensureOpen();
    List<BucketInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve(BUCKETS))) {
      for (Path p : ds) {
        BucketInfo info = readBucketInfo(String.valueOf(p.getFileName()));
        if (info != null) {
          out.add(info);
        }
      }
    } catch (IOException e) {
      throw new ObjectStoreException("cannot list buckets: " + e, e, true);
    }
    out.sort(Comparator.comparing(BucketInfo::name));
    return out;
  }

  /**
   * A bucket's description.
   *
   * @param bucket the name
   * @return the bucket, or {@code null} when it does not exist
   */
  public @Nullable BucketInfo bucket(String bucket) {
    ensureOpen();
    return validBucketName(bucket) ? readBucketInfo(bucket) : null;
  }

  private @Nullable BucketInfo readBucketInfo(String bucket) {
    Path info = bucketDir(bucket).resolve(BUCKET_INFO);
    byte[] content;
    try {
      content = Files.readAllBytes(info);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new ObjectStoreException("cannot read bucket '" + bucket + "': " + e, e, true);
    }
    LineFormat.Reader r = LineFormat.reader(content, "krfs-bucket", 1, "bucket '" + bucket + "'");
    boolean versioned = r.bool("versioned");
    String created = r.value("created");
    r.end();
    try {
      return new BucketInfo(bucket, versioned, Instant.parse(created));
    } catch (DateTimeParseException e) {
      throw r.fail("'created' is not an instant");
    }
  }

  private Space space(String bucket) {
    ensureOpen();
    Space s = buckets.get(bucket);
    if (s != null) {
      return s;
    }
    BucketInfo info = validBucketName(bucket) ? readBucketInfo(bucket) : null;
    if (info == null) {
      throw new ObjectStoreException("no such bucket '" + Texts.clip(bucket) + "'");
    }
    return buckets.computeIfAbsent(
        bucket,
        b -> new Space(disk, b, bucketDir(b).resolve(OBJECTS), info.versioned()));
  }

  private Path bucketDir(String bucket) {
    return root.resolve(BUCKETS).resolve(bucket);
  }

  private static boolean validBucketName(String name) {
    return BUCKET_NAME.matcher(name).matches()
        && !name.contains("..")
        && !name.contains(".-")
        && !name.contains("-.")
        && !IP_ADDRESS.matcher(name).matches();
  }

  private static void checkBucketName(String name) {
    if (!validBucketName(name)) {
      throw new IllegalArgumentException(
          "invalid bucket name '" + Texts.clip(name) + "': use 3..63 characters of a-z, 0-9, '.' and"
              + " '-', starting and ending with a letter or digit, without '..', not an IP address");
    }
  }

  // ---------------------------------------------------------------- store operations

  /**
   * Stores an object: a new version in a versioned bucket, a replacement in an unversioned one. The data
   * is staged to disk before the object is touched, so a failure or crash leaves the previous state.
   *
   * @param request what to store
   * @return the stored version
   * @throws ObjectStoreException when the bucket does not exist or the write fails
   */
  public ObjectVersion put(PutRequest request) {
    Space space = space(request.bucket());
    Location loc = space.locate(request.key());
    Instant now = disk.clock.instant();
    SseSpec encryption = request.encryption();
    try {
      Path staged;
      List<Long> parts = request.partSizes();
      Map<String, String> internal = request.internalMetadata();
      if (encryption == null) {
        staged = disk.atomic.stage(request.data());
      } else {
        try (EncryptedObject e =
            sse.encrypt(
                new EncryptObjectRequest(
                    request.bucket(), request.key(), request.data(), encryption, parts))) {
          staged = disk.atomic.stage(e.stored());
          parts = e.storedPartSizes();
          internal = new java.util.TreeMap<>(internal);
          internal.putAll(e.internalMetadata());
        }
      }
      long size;
      try {
        size = Files.size(staged);
        checkParts(parts, size);
      } catch (IOException | RuntimeException e) {
        disk.atomic.discard(staged, e);
        throw e;
      }
      Space.NewVersion nv =
          new Space.NewVersion(
              request.modTime() == null ? now : request.modTime(), false, size, parts,
              request.userMetadata(), request.tags(), request.lock(), internal);
      return space.put(loc, nv, staged, false).toObjectVersion(space.name, loc.key, true);
    } catch (IOException | Space.Conflict e) {
      throw failure("put", space.name + "/" + Texts.clip(request.key()), e);
    }
  }

  private static void checkParts(List<Long> parts, long size) {
    if (!parts.isEmpty()) {
      long sum = parts.stream().mapToLong(Long::longValue).sum();
      if (sum != size) {
        throw new IllegalArgumentException(
            "part sizes add up to " + sum + " but the data has " + size + " bytes");
      }
    }
  }

  /**
   * Describes a version.
   *
   * @param bucket the bucket
   * @param key the key
   * @param versionId the version, or {@code null} for the latest version (which may be a delete marker)
   * @return the version, or {@code null} when there is none
   */
  public @Nullable ObjectVersion stat(String bucket, String key, @Nullable String versionId) {
    Space space = space(bucket);
    Location loc = space.locate(key);
    try {
      List<VersionRecord> versions = space.versions(loc);
      for (int i = 0; i < versions.size(); i++) {
        VersionRecord r = versions.get(i);
        if (versionId == null || versionId.equals(r.versionId())) {
          return r.toObjectVersion(bucket, key, i == 0);
        }
      }
      return null;
    } catch (IOException e) {
      throw failure("stat", bucket + "/" + Texts.clip(key), e);
    }
  }

  /**
   * Reads an object's plaintext, decrypting SSE-S3, SSE-KMS and SSE-C objects (MinIO's formats) on the
   * way out; range reads decrypt only the 64 KiB packages they touch.
   *
   * @param request the object, version, range and SSE-C key
   * @return the version, its plaintext size and the range's plaintext; the caller closes it
   * @throws ObjectStoreException when there is no such object or version, the version is a delete
   *     marker, or its encryption metadata is unreadable
   * @throws io.keyrotate.IntegrityException (possibly from {@code read}) when the stored data or key does
   *     not authenticate
   * @throws IllegalArgumentException when the range is outside the object or an SSE-C key is missing
   */
  public GetResult get(GetRequest request) {
    String what =
        request.bucket() + "/" + Texts.clip(request.key())
            + (request.versionId() == null ? "" : "@" + request.versionId());
    ObjectVersion v = stat(request.bucket(), request.key(), request.versionId());
    if (v == null) {
      throw new ObjectStoreException("no such object " + what);
    }
    if (v.deleteMarker()) {
      throw new ObjectStoreException(what + " is a delete marker");
    }
    List<Long> parts;
    try (ReadResult r = open(new ReadRequest(v, 0, 0))) {
      parts = r.partSizes();
    }
    EncryptionState state = v.encryption();
    if (state instanceof EncryptionState.Unknown) {
      throw new ObjectStoreException(
          what + " has unreadable encryption metadata: " + ((EncryptionState.Unknown) state).reason());
    }
    if (state instanceof EncryptionState.Plaintext) {
      long length = request.length() == -1 ? v.size() - request.offset() : request.length();
      if (request.offset() > v.size() || length < 0 || length > v.size() - request.offset()) {
        throw new IllegalArgumentException(what + ": range is outside the " + v.size() + " bytes");
      }
      ReadResult r = open(new ReadRequest(v, request.offset(), length));
      return new GetResult(v, v.size(), r.stream());
    }
    long plainSize = 0;
    for (long p : parts.isEmpty() ? List.of(v.size()) : parts) {
      plainSize += Dare.decryptedSize(p);
    }
    InputStream plain =
        sse.decrypt(
            new DecryptObjectRequest(
                v.bucket(), v.key(), v.internalMetadata(), parts, v.size(),
                (off, len) -> open(new ReadRequest(v, off, len)).stream(), request.offset(),
                request.length(), request.customerKey()));
    return new GetResult(v, plainSize, plain);
  }

  /**
   * Deletes an object the S3 way. In a versioned bucket without a version id, a delete marker becomes
   * the latest version; with a version id, that version is removed for good. In an unversioned bucket the
   * object is removed. A version under retention or legal hold is never removed.
   *
   * @param bucket the bucket
   * @param key the key
   * @param versionId the version to remove, or {@code null}
   * @return the new delete marker, or {@code null} when a version was removed
   * @throws ObjectStoreException when there is no such object or version, or it is locked
   */
  public @Nullable ObjectVersion delete(String bucket, String key, @Nullable String versionId) {
    Space space = space(bucket);
    Location loc = space.locate(key);
    String what = bucket + "/" + Texts.clip(key) + (versionId == null ? "" : "@" + versionId);
    try {
      if (space.versioned && versionId == null) {
        Space.NewVersion marker =
            new Space.NewVersion(
                disk.clock.instant(), true, 0, List.of(), Map.of(), Map.of(), ObjectLock.none(),
                Map.of());
        return space.put(loc, marker, null, false).toObjectVersion(bucket, key, true);
      }
      Instant now = disk.clock.instant();
      space.remove(
          loc,
          versionId,
          (cur, dataName, gen) -> {
            if (cur.lock().isLockedAt(now)) {
              throw new Space.Conflict("is under retention or legal hold");
            }
            return cur;
          });
      return null;
    } catch (Space.Conflict e) {
      throw new ObjectStoreException(what + ": " + e.getMessage());
    } catch (IOException e) {
      throw failure("delete", what, e);
    }
  }

  // ---------------------------------------------------------------- ObjectStore SPI

  @Override
  public VersionPage list(ListRequest request) {
    Space space = space(request.bucket());
    byte[] prefix = Location.keyBytesOrPrefix(request.prefix());
    ObjectRef after = request.startAfter();
    byte[] lower = prefix;
    if (after != null) {
      byte[] a = Location.keyBytes(after.key());
      if (java.util.Arrays.compareUnsigned(a, lower) > 0) {
        lower = a;
      }
    }
    int max = request.maxResults();
    List<ObjectVersion> out = new ArrayList<>(Math.min(max, 1024));
    try {
      KeyCursor cursor = new KeyCursor(space.root, prefix, lower);
      for (KeyCursor.Hit hit; (hit = cursor.next()) != null; ) {
        String key = Location.keyString(hit.key);
        List<VersionRecord> versions = space.read(hit.dir, hit.chunk, hit.seqs, key);
        int from = 0;
        if (after != null && key.equals(after.key())) {
          for (int i = 0; i < versions.size(); i++) {
            if (Objects.equals(versions.get(i).versionId(), after.versionId())) {
              from = i + 1;
              break;
            }
          }
        }
        for (int i = from; i < versions.size(); i++) {
          if (out.size() == max) {
            return new VersionPage(out, ObjectRef.of(out.get(out.size() - 1)));
          }
          out.add(versions.get(i).toObjectVersion(space.name, key, i == 0));
        }
      }
    } catch (IOException e) {
      throw failure("list", space.name + "/" + Texts.clip(request.prefix()), e);
    }
    return new VersionPage(out, null);
  }

  @Override
  public ReadResult open(ReadRequest request) {
    ObjectVersion expected = request.version();
    Space space = space(expected.bucket());
    Location loc = space.locate(expected.key());
    try {
      return space.withLock(
          loc,
          versions -> {
            VersionRecord r = matching(versions, expected);
            String data = r.dataName();
            if (request.length() == 0 || data == null) {
              return new ReadResult(InputStream.nullInputStream(), r.parts());
            }
            FileChannel ch = FileChannel.open(loc.dir.resolve(data), StandardOpenOption.READ);
            return new ReadResult(
                new RangeInputStream(ch, request.offset(), request.length()), r.parts());
          });
    } catch (Space.Conflict e) {
      throw changed(expected, e);
    } catch (IOException e) {
      throw failure("read", expected.describe(), e);
    }
  }

  @Override
  public ObjectVersion replaceEncryption(ReplaceEncryptionRequest request) {
    ObjectVersion expected = request.expected();
    return compareAndSet(
        expected, "replace encryption of", null, 0,
        (cur, dataName, gen) ->
            matching(List.of(cur), expected).withInternal(request.internalMetadata(), gen));
  }

  @Override
  public ObjectVersion rewriteData(RewriteDataRequest request) {
    ObjectVersion expected = request.expected();
    Path staged;
    try {
      staged = disk.atomic.stage(new ExactLengthInputStream(request.data(), request.size()));
    } catch (ExactLengthInputStream.LengthMismatch e) {
      throw new IllegalArgumentException(
          "rewrite of " + expected.describe() + ": " + e.getMessage() + "; nothing was written", e);
    } catch (IOException e) {
      throw failure("rewrite", expected.describe(), e);
    }
    return compareAndSet(
        expected, "rewrite", staged, request.size(),
        (cur, dataName, gen) ->
            matching(List.of(cur), expected)
                .withData(
                    dataName, request.size(), request.partSizes(), request.internalMetadata(), gen));
  }

  /** Updates {@code expected} in place with {@code change}, moving in {@code staged} data if given. */
  private ObjectVersion compareAndSet(
      ObjectVersion expected, String op, @Nullable Path staged, long size, Space.Change change) {
    Space space;
    Location loc;
    try {
      space = space(expected.bucket());
      loc = space.locate(expected.key());
    } catch (RuntimeException e) {
      if (staged != null) {
        disk.atomic.discard(staged, e);
      }
      throw e;
    }
    try {
      Space.Updated u = space.update(loc, expected.versionId(), staged, size, change);
      return u.record().toObjectVersion(space.name, loc.key, u.latest());
    } catch (Space.Conflict e) {
      throw changed(expected, e);
    } catch (IOException e) {
      throw failure(op, expected.describe(), e);
    }
  }

  private static VersionRecord matching(List<VersionRecord> versions, ObjectVersion expected)
      throws Space.Conflict {
    VersionRecord r = Space.find(versions, expected.versionId());
    if (!ObjectStore.sameState(
        r.toObjectVersion(expected.bucket(), expected.key(), expected.latest()), expected)) {
      throw new Space.Conflict("it changed");
    }
    return r;
  }

  private static ObjectChangedException changed(ObjectVersion v, Space.Conflict e) {
    return new ObjectChangedException(v.describe() + " changed or vanished (" + e.getMessage() + ")");
  }

  private static ObjectStoreException failure(String op, String what, Exception e) {
    if (e instanceof FormatException) {
      return new ObjectStoreException(op + " " + what + ": " + e.getMessage(), e, false);
    }
    return new ObjectStoreException(op + " " + what + " failed: " + e, e, true);
  }

  private void ensureOpen() {
    if (closed) {
      throw new ObjectStoreException("store " + root + " is closed");
    }
  }

  /** Releases the directory lock; the store cannot be used afterwards. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      processLock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new ObjectStoreException("closing store " + root + " failed: " + e, e, false);
    }
  }

  @Override
  public String toString() {
    return "FileObjectStore[" + root + "]";
  }
}
