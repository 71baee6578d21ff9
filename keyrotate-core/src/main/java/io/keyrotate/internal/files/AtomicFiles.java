package io.keyrotate.internal.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Crash-safe file updates through a {@link FileOps} seam: new content goes to a temporary file in a
 * staging directory on the same file system, is forced to disk, renamed over the target in one atomic
 * step, and the target directory is forced so the rename itself survives a crash. A reader therefore
 * sees the whole old file or the whole new one, never a mix; a crash leaves at most a temporary file in
 * the staging directory, which the owner removes on its next start.
 *
 * <p>Thread-safety: safe for concurrent use; temporary names are random.
 */
public final class AtomicFiles {
  /** Suffix of every temporary file this class creates. */
  public static final String TEMP_SUFFIX = ".tmp";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final FileOps ops;
  private final Path staging;
  private final String prefix;

  /**
   * Creates the helper for a staging directory of its own.
   *
   * @param ops the seam every mutation goes through
   * @param staging where temporary files are created; must be on the targets' file system
   */
  public AtomicFiles(FileOps ops, Path staging) {
    this(ops, staging, "");
  }

  /**
   * Creates the helper for a shared directory: temporary names start with {@code prefix} so that the
   * owner can recognise (and remove) its own leftovers with {@link #isTemporary(String)}.
   *
   * @param ops the seam every mutation goes through
   * @param staging where temporary files are created; must be on the targets' file system
   * @param prefix the start of every temporary file name
   */
  public AtomicFiles(FileOps ops, Path staging, String prefix) {
    this.ops = ops;
    this.staging = staging;
    this.prefix = prefix;
  }

  /**
   * Whether a file name is one of this helper's temporary names.
   *
   * @param name a file name in the staging directory
   * @return {@code true} for {@code <prefix><24 hex>.tmp}
   */
  public boolean isTemporary(String name) {
    return name.startsWith(prefix)
        && name.endsWith(TEMP_SUFFIX)
        && name.length() == prefix.length() + 24 + TEMP_SUFFIX.length()
        && name.substring(prefix.length(), prefix.length() + 24).chars().allMatch(
            c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /**
   * The seam.
   *
   * @return the file operations in use
   */
  public FileOps ops() {
    return ops;
  }

  /**
   * A random hex token, for temporary and generation names.
   *
   * @param bytes the number of random bytes (the token has twice as many characters)
   * @return lower-case hex
   */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Replaces (or creates) {@code target} with {@code content} atomically and durably.
   *
   * @param target the file to replace
   * @param content the new content
   * @param attributes attributes set when the temporary file is created (they travel with the rename)
   * @throws IOException when a step fails; the target then has its old content
   */
  public void replace(Path target, byte[] content, FileAttribute<?>... attributes)
      throws IOException {
    Path tmp = stage(new ByteArrayInputStream(content), attributes);
    commit(tmp, target);
  }

  /**
   * Copies a stream into a new temporary file and forces it to disk; the caller then {@linkplain
   * #commit commits} or {@linkplain #discard discards} it.
   *
   * @param data the content; not closed
   * @param attributes attributes set at creation
   * @return the temporary file
   * @throws IOException when a step fails; a partial temporary file is removed when possible
   */
  public Path stage(InputStream data, FileAttribute<?>... attributes) throws IOException {
    Path tmp = staging.resolve(prefix + randomHex(12) + TEMP_SUFFIX);
    try {
      ops.write(tmp, data, attributes);
      ops.fsync(tmp);
      return tmp;
    } catch (IOException | RuntimeException e) {
      discard(tmp, e);
      throw e;
    }
  }

  /**
   * Renames a staged file over {@code target} and forces the target directory.
   *
   * @param tmp a file from {@link #stage}
   * @param target the destination
   * @throws IOException when a step fails; if the rename failed, the staged file is removed when
   *     possible
   */
  public void commit(Path tmp, Path target) throws IOException {
    try {
      ops.rename(tmp, target);
    } catch (IOException | RuntimeException e) {
      discard(tmp, e);
      throw e;
    }
    ops.fsyncDirectory(parent(target));
  }

  /**
   * Removes a staged file that will not be committed, recording a failure to do so on {@code cause}.
   *
   * @param tmp the staged file
   * @param cause the failure that made the caller give up, to which a cleanup failure is attached
   */
  public void discard(Path tmp, Throwable cause) {
    try {
      ops.delete(tmp);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Creates {@code dir} and any missing directories between {@code base} (which exists) and it, forcing
   * each parent so that the new entries are durable before anything is put in them.
   *
   * @param base an existing ancestor of {@code dir}
   * @param dir the directory to ensure
   * @throws IOException when a level cannot be created
   */
  public void createDirectories(Path base, Path dir) throws IOException {
    Path rel = base.relativize(dir);
    Path current = base;
    for (Path part : rel) {
      Path nextDir = current.resolve(part);
      if (!java.nio.file.Files.isDirectory(nextDir)) {
        ops.createDirectory(nextDir);
        ops.fsyncDirectory(current);
      }
      current = nextDir;
    }
  }

  private static Path parent(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent directory: " + p);
    }
    return parent;
  }
}
