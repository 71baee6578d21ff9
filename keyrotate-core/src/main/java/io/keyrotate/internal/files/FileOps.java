package io.keyrotate.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;

/**
 * Every mutating file-system step the embedded store and the keyring take, one method per step. The
 * production implementation is {@link #system()}; crash tests substitute one that fails at a chosen step
 * and then refuses everything, which is what a process death looks like on disk.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface FileOps {
  /**
   * Creates {@code file}, which must not exist, and copies {@code data} into it until end of stream.
   *
   * @param file the new file
   * @param data the content; not closed
   * @param attributes attributes set atomically at creation (for example owner-only permissions)
   * @return the number of bytes written
   * @throws IOException when the file exists or the write fails
   */
  long write(Path file, InputStream data, FileAttribute<?>... attributes) throws IOException;

  /**
   * Forces a file's content and metadata to stable storage.
   *
   * @param file the file
   * @throws IOException when the flush fails
   */
  void fsync(Path file) throws IOException;

  /**
   * Forces a directory's entries (creations, renames, deletions) to stable storage.
   *
   * @param dir the directory
   * @throws IOException when the flush fails
   */
  void fsyncDirectory(Path dir) throws IOException;

  /**
   * Atomically renames {@code source} to {@code target}, replacing {@code target} if it exists. Both are
   * on the same file system.
   *
   * @param source the existing file
   * @param target the new name
   * @throws IOException when the rename fails; then nothing changed
   */
  void rename(Path source, Path target) throws IOException;

  /**
   * Deletes a file if it exists.
   *
   * @param file the file
   * @throws IOException when the deletion fails
   */
  void delete(Path file) throws IOException;

  /**
   * Creates one directory level; an existing directory is fine.
   *
   * @param dir the directory
   * @throws IOException when the directory cannot be created
   */
  void createDirectory(Path dir) throws IOException;

  /**
   * The real file system.
   *
   * @return the shared instance
   */
  static FileOps system() {
    return SystemFileOps.INSTANCE;
  }
}
