package io.keyrotate.kms.local;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.internal.files.AtomicFiles;
import io.keyrotate.internal.files.FileOps;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.KmsContext;
import io.keyrotate.sse.MinioBuiltinKms;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * keyrotate's embedded KMS: a keyring file of named 256-bit master keys with versions and a default key
 * ({@link #create}, {@link #open}), or MinIO's builtin single-key KMS ({@link #fromMinioSecretKey}).
 *
 * <p><b>Ciphertexts.</b> Keyring mode writes its own format (see {@code NativeCiphertext}): the key name
 * and version in clear, then AES-256-GCM of the data key under a key derived from that master key
 * version with a random salt, authenticating the header and MinIO's canonical JSON of the context. Since
 * the version is named, {@link #isCurrent} can say whether a rewrap would change anything, and older
 * versions keep decrypting after a rotation. MinIO mode writes and reads exactly MinIO's builtin-KMS
 * ciphertexts (76-byte binary; legacy JSON read), so objects move between this KMS and a MinIO server
 * configured with the same {@code MINIO_KMS_SECRET_KEY}; it has no key versions, so {@code isCurrent}
 * answers {@link KeyVersionState#UNKNOWN} and every rotation rewraps.
 *
 * <p><b>Keyring file.</b> A binary file with a magic, a format version and a SHA-256 digest, so a corrupt
 * or truncated keyring is refused with a clear error, never read as a smaller one (see {@code
 * KeyringCodec}). It is replaced atomically (temporary file, fsync, rename, directory fsync) and created
 * with owner-only permissions ({@code rw-------}) from the first byte; opening a keyring that group or
 * others may read is refused. Updates ({@link #createKey}, {@link #rotateKey}, {@link #setDefaultKey})
 * hold an exclusive lock on {@code <file>.lock} and start from the file's current content, so two
 * processes updating one keyring do not lose each other's keys.
 *
 * <p><b>Thread-safety.</b> All methods are safe for concurrent use. {@link #close()} wipes the key
 * material held in memory; the instance is unusable afterwards.
 */
public final class LocalKms implements Kms, AutoCloseable {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final @Nullable Path file;
  private final @Nullable MinioBuiltinKms minio;
  private final FileOps ops;
  private final Clock clock;
  private volatile Keyring ring;
  private volatile boolean closed;
  private final Object updates = new Object();
  /** Every keyring this instance ever held, so that close() can wipe keys still shared by readers. */
  private final List<Keyring> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  private LocalKms(@Nullable Path file, Keyring ring, FileOps ops, Clock clock) {
    this.file = file;
    this.minio = null;
    this.ring = ring;
    this.ops = ops;
    this.clock = clock;
    held.add(ring);
  }

  /**
   * Creates a new keyring file holding one fresh random key, which becomes the default key.
   *
   * @param keyringFile the file to create; must not exist
   * @param defaultKeyName the first key's name: 1..128 letters, digits, {@code . _ -}
   * @return the KMS
   * @throws KmsException when the file exists or cannot be written
   */
  public static LocalKms create(Path keyringFile, String defaultKeyName) {
    return create(keyringFile, defaultKeyName, FileOps.system(), Clock.systemUTC());
  }

  @SuppressWarnings("try") // the lock is held for the block's duration
  static LocalKms create(Path keyringFile, String defaultKeyName, FileOps ops, Clock clock) {
    Keyring.checkName(defaultKeyName);
    Path f = keyringFile.toAbsolutePath();
    Keyring ring = Keyring.single(defaultKeyName, newKey(), clock.instant());
    try (UpdateLock lock = lock(f)) {
      if (Files.exists(f)) {
        ring.wipe();
        throw new KmsException("keyring " + f + " already exists");
      }
      write(f, ring, ops);
    } catch (IOException e) {
      ring.wipe();
      throw new KmsException("cannot create keyring " + f + ": " + e, e, false);
    }
    return new LocalKms(f, ring, ops, clock);
  }

  private LocalKms(MinioBuiltinKms minio) {
    this.file = null;
    this.minio = minio;
    // Names the one key for listKeys and the key checks; its material stays inside MinioBuiltinKms.
    this.ring =
        Keyring.single(
            minio.keyName(), SecretBytes.wrapOwned(new byte[Keyring.KEY_BYTES]), java.time.Instant.EPOCH);
    this.ops = FileOps.system();
    this.clock = Clock.systemUTC();
    held.add(ring);
  }

  /**
   * MinIO's builtin single-key KMS, configured like {@code MINIO_KMS_SECRET_KEY}: it produces and reads
   * MinIO's builtin-KMS ciphertexts byte for byte. Nothing is written to disk.
   *
   * @param secretKey {@code <name>:<base64 of 32 bytes>}; the name must be a valid key name
   * @return the KMS (close it to wipe the key)
   * @throws KmsException when the value is malformed (the message never contains the key)
   */
  public static LocalKms fromMinioSecretKey(String secretKey) {
    MinioBuiltinKms kms;
    try {
      kms = MinioBuiltinKms.parse(secretKey);
    } catch (FormatException e) {
      throw new KmsException(e.getMessage(), e, false);
    }
    try {
      Keyring.checkName(kms.keyName());
    } catch (IllegalArgumentException e) {
      kms.close();
      throw new KmsException("MinIO secret key: " + e.getMessage(), e, false);
    }
    return new LocalKms(kms);
  }

  /**
   * Opens an existing keyring file.
   *
   * @param keyringFile the file
   * @return the KMS
   * @throws KmsException when the file is missing, readable by group or others, corrupt or truncated
   */
  public static LocalKms open(Path keyringFile) {
    return open(keyringFile, FileOps.system(), Clock.systemUTC());
  }

  @SuppressWarnings("try") // the lock is held for the block's duration
  static LocalKms open(Path keyringFile, FileOps ops, Clock clock) {
    Path f = keyringFile.toAbsolutePath();
    Keyring ring = read(f);
    try (UpdateLock lock = lock(f)) {
      // Under the lock: another process's temporary file of an update in progress is not a leftover.
      removeLeftovers(f, ops);
    } catch (IOException e) {
      ring.wipe();
      throw new KmsException("cannot clean up beside keyring " + f + ": " + e, e, false);
    }
    return new LocalKms(f, ring, ops, clock);
  }

  private static Keyring read(Path f) {
    try {
      if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new KmsException(
              "keyring " + f + " is accessible by group or others ("
                  + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + f);
        }
      }
      return KeyringCodec.decode(Files.readAllBytes(f));
    } catch (NoSuchFileException e) {
      throw new KmsException("keyring " + f + " does not exist", e, false);
    } catch (IOException e) {
      throw new KmsException("cannot read keyring " + f + ": " + e, e, false);
    } catch (KeyringCodec.Corrupt e) {
      throw new KmsException("keyring " + f + " is unusable: " + e.getMessage(), e, false);
    }
  }

  private static SecretBytes newKey() {
    byte[] k = new byte[Keyring.KEY_BYTES];
    RANDOM.nextBytes(k);
    return SecretBytes.wrapOwned(k);
  }

  private static FileAttribute<?>[] ownerOnly(Path f) throws IOException {
    Path dir = f.getParent();
    if (dir != null && Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }
    return new FileAttribute<?>[0];
  }

  private static AtomicFiles atomic(Path f, FileOps ops) {
    return new AtomicFiles(ops, parent(f), "." + f.getFileName() + ".");
  }

  private static Path parent(Path f) {
    Path dir = f.getParent();
    if (dir == null) {
      throw new IllegalArgumentException("keyring file has no directory: " + f);
    }
    return dir;
  }

  /** Deletes temporary keyring files a crash left (they hold key material). */
  private static void removeLeftovers(Path f, FileOps ops) throws IOException {
    AtomicFiles atomic = atomic(f, ops);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent(f))) {
      for (Path p : ds) {
        if (atomic.isTemporary(String.valueOf(p.getFileName()))) {
          ops.delete(p);
        }
      }
    }
  }

  /** Writes the keyring atomically with owner-only permissions; removes earlier crash leftovers. */
  private static void write(Path f, Keyring ring, FileOps ops) throws IOException {
    removeLeftovers(f, ops);
    AtomicFiles atomic = atomic(f, ops);
    byte[] content = KeyringCodec.encode(ring);
    try {
      atomic.replace(f, content, ownerOnly(f));
    } finally {
      java.util.Arrays.fill(content, (byte) 0);
    }
  }

  /** An exclusive lock on {@code <file>.lock}; closing releases it and closes the channel. */
  private static final class UpdateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    UpdateLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  /** Serialises updates across processes (and, through {@code updates}, threads). */
  private static UpdateLock lock(Path f) throws IOException {
    Path lockFile = parent(f).resolve(f.getFileName() + ".lock");
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              lockFile, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              ownerOnly(f));
    } catch (FileAlreadyExistsException e) {
      ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    }
    try {
      return new UpdateLock(ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- Kms

  @Override
  public String defaultKeyId() {
    return ring().defaultKey;
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    Keyring r = ring();
    String keyId = request.keyId();
    MinioBuiltinKms m = minio;
    if (m != null) {
      requireKey(r, keyId);
      try (MinioBuiltinKms.DataKey k = m.generateKey(keyId, KmsContext.of(request.context()), RANDOM)) {
        return new DataKey(
            SecretBytes.wrapOwned(k.plaintext().toByteArray()), KmsCiphertext.copyOf(k.ciphertext()),
            keyId);
      }
    }
    Keyring.MasterKey master = requireKey(r, keyId);
    byte[] ek = new byte[NativeCiphertext.DATA_KEY];
    RANDOM.nextBytes(ek);
    SecretBytes plain = SecretBytes.wrapOwned(ek);
    try {
      KmsCiphertext ct = NativeCiphertext.seal(keyId, master, plain, context(request.context()), RANDOM);
      return new DataKey(plain, ct, keyId);
    } catch (RuntimeException | Error e) {
      plain.close();
      throw e;
    }
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    Keyring r = ring();
    String keyId = request.keyId();
    byte[] ct = request.ciphertext().toByteArray();
    MinioBuiltinKms m = minio;
    if (m != null) {
      requireKey(r, keyId);
      try {
        return m.decrypt(keyId, ct, KmsContext.of(request.context()));
      } catch (FormatException e) {
        throw new IntegrityException("KMS ciphertext for key '" + keyId + "' is malformed", e);
      }
    }
    requireKey(r, keyId);
    NativeCiphertext.Header h = NativeCiphertext.header(ct);
    if (h == null) {
      throw new IntegrityException("not a ciphertext of this keyring (key '" + keyId + "')");
    }
    if (!h.name.equals(keyId)) {
      throw new IntegrityException(
          "the ciphertext was made by key '" + h.name + "', not '" + keyId + "'");
    }
    Keyring.MasterKey master = r.version(keyId, h.version);
    if (master == null) {
      throw new IntegrityException("key '" + keyId + "' has no version " + h.version);
    }
    return NativeCiphertext.open(master, ct, h, context(request.context()));
  }

  /**
   * In keyring mode: {@link KeyVersionState#CURRENT} when the ciphertext was made by the current
   * version of {@code keyId}, {@link KeyVersionState#OUTDATED} when by an older version or another key.
   * In MinIO mode, and for ciphertexts of another format: {@link KeyVersionState#UNKNOWN}.
   */
  @Override
  public KeyVersionState isCurrent(IsCurrentRequest request) {
    Keyring r = ring();
    if (minio != null) {
      return KeyVersionState.UNKNOWN;
    }
    NativeCiphertext.Header h = NativeCiphertext.header(request.ciphertext().toByteArray());
    if (h == null) {
      return KeyVersionState.UNKNOWN;
    }
    Keyring.MasterKey current = r.current(request.keyId());
    return current != null && h.name.equals(request.keyId()) && h.version == current.version()
        ? KeyVersionState.CURRENT
        : KeyVersionState.OUTDATED;
  }

  private static Keyring.MasterKey requireKey(Keyring r, String keyId) {
    Keyring.MasterKey k = r.current(keyId);
    if (k == null) {
      throw new KmsException("no key '" + io.keyrotate.internal.Texts.clip(keyId) + "' in this KMS");
    }
    return k;
  }

  private static byte[] context(java.util.Map<String, String> context) {
    return KmsContext.of(context).toJson();
  }

  /**
   * The keyring file, or {@code null} in MinIO single-key mode.
   *
   * @return the file
   */
  public @Nullable Path keyringFile() {
    return file;
  }

  /**
   * The keys, by name. In MinIO mode: the one key, version 1, created at the epoch (unknown).
   *
   * @return name, current version, creation time and default flag of each key
   */
  public List<KeyInfo> listKeys() {
    return ring().describe();
  }

  /**
   * Adds a key with one fresh random version.
   *
   * @param name 1..128 letters, digits, {@code . _ -}, starting with a letter or digit
   * @return the new key
   * @throws IllegalArgumentException when the name is invalid or taken
   * @throws KmsException when the keyring cannot be updated
   */
  public KeyInfo createKey(String name) {
    Keyring.checkName(name);
    return info(update(r -> r.withKey(name, newKey(), clock.instant())), name);
  }

  /**
   * Adds a fresh random version to a key and makes it current. Older versions still decrypt.
   *
   * @param name the key
   * @return the key with its new current version
   * @throws IllegalArgumentException when there is no such key
   * @throws KmsException when the keyring cannot be updated
   */
  public KeyInfo rotateKey(String name) {
    return info(update(r -> r.withNewVersion(name, newKey(), clock.instant())), name);
  }

  /**
   * Makes a key the default key.
   *
   * @param name the key
   * @return the key
   * @throws IllegalArgumentException when there is no such key
   * @throws KmsException when the keyring cannot be updated
   */
  public KeyInfo setDefaultKey(String name) {
    return info(update(r -> r.withDefault(name)), name);
  }

  private static KeyInfo info(Keyring r, String name) {
    return r.describe().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  @SuppressWarnings("try") // the lock is held for the block's duration
  private Keyring update(UnaryOperator<Keyring> change) {
    Path f = file;
    if (f == null) {
      throw new KmsException("a MinIO single-key KMS has no keyring to change");
    }
    synchronized (updates) {
      checkOpen();
      try (UpdateLock lock = lock(f)) {
        Keyring current = read(f);
        held.add(current);
        Keyring next = change.apply(current);
        write(f, next, ops);
        held.add(next);
        ring = next;
        return next;
      } catch (IOException e) {
        throw new KmsException("cannot update keyring " + f + ": " + e, e, false);
      }
    }
  }

  Keyring ring() {
    checkOpen();
    return ring;
  }

  private void checkOpen() {
    if (closed) {
      throw new KmsException("the KMS was closed");
    }
  }

  /** Wipes all key material held in memory. Idempotent. */
  @Override
  public void close() {
    closed = true;
    held.forEach(Keyring::wipe);
    MinioBuiltinKms m = minio;
    if (m != null) {
      m.close();
    }
  }

  @Override
  public String toString() {
    return "LocalKms[" + (file == null ? "MinIO single key" : file) + "]";
  }
}
