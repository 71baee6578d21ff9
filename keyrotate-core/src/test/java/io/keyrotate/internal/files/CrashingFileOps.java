package io.keyrotate.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileOps} that performs the real operations until step {@code crashAt} (1-based), fails that
 * step without performing it, and then refuses every later step, which is what the disk sees when the
 * process dies just before that step. {@code crashAt = 0} never crashes (and records the steps).
 */
public final class CrashingFileOps implements FileOps {
  private final FileOps real = FileOps.system();
  private final int crashAt;
  private final AtomicInteger steps = new AtomicInteger();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean crashed;

  private final boolean realFsync;

  /**
   * Creates the seam. Forcing to disk is counted as a step but skipped, since a simulated process death
   * keeps the page cache (use {@link #CrashingFileOps(int, boolean)} to force for real).
   *
   * @param crashAt the step that fails, or 0 for none
   */
  public CrashingFileOps(int crashAt) {
    this(crashAt, false);
  }

  /**
   * Creates the seam.
   *
   * @param crashAt the step that fails, or 0 for none
   * @param realFsync whether fsync steps really force data to disk
   */
  public CrashingFileOps(int crashAt, boolean realFsync) {
    this.crashAt = crashAt;
    this.realFsync = realFsync;
  }

  /** Whether the crash happened. */
  public boolean crashed() {
    return crashed;
  }

  /** The steps performed or attempted, in order. */
  public List<String> log() {
    return List.copyOf(log);
  }

  private void step(String op, Path p) throws IOException {
    if (crashed) {
      throw new IOException("process is dead (after injected crash): " + op + " " + p);
    }
    int n = steps.incrementAndGet();
    log.add(op + " " + p.getFileName());
    if (n == crashAt) {
      crashed = true;
      throw new IOException("injected crash at step " + n + ": " + op + " " + p);
    }
  }

  @Override
  public long write(Path file, InputStream data, FileAttribute<?>... attributes) throws IOException {
    step("write", file);
    return real.write(file, data, attributes);
  }

  @Override
  public void fsync(Path file) throws IOException {
    step("fsync", file);
    if (realFsync) {
      real.fsync(file);
    }
  }

  @Override
  public void fsyncDirectory(Path dir) throws IOException {
    step("fsyncDirectory", dir);
    if (realFsync) {
      real.fsyncDirectory(dir);
    }
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    step("rename", target);
    real.rename(source, target);
  }

  @Override
  public void delete(Path file) throws IOException {
    step("delete", file);
    real.delete(file);
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    step("createDirectory", dir);
    real.createDirectory(dir);
  }
}
