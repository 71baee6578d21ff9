package io.keyrotate.store.fs;

import io.keyrotate.internal.files.AtomicFiles;
import io.keyrotate.internal.files.FileOps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/** What every space of one open store shares: the root, the seam, the intent log, the key locks. */
final class Disk {
  private static final int STRIPES = 1024;

  final Path root;
  final FileOps ops;
  final AtomicFiles atomic;
  final Journal journal;
  final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  Disk(Path root, FileOps ops, Path staging, Path intents, Clock clock) {
    this.root = root;
    this.ops = ops;
    this.atomic = new AtomicFiles(ops, staging);
    this.journal = new Journal(root, intents, atomic);
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * The lock serialising updates of one key of one space (striped: unrelated keys may share a lock,
   * which only costs concurrency; one thread never holds two).
   */
  ReentrantLock lock(String space, String key) {
    int h = space.hashCode() * 31 + key.hashCode();
    h ^= h >>> 16;
    return locks[h & (STRIPES - 1)];
  }

  /** A directory's path relative to the root, {@code /}-separated (for intents). */
  String relative(Path dir) {
    StringBuilder b = new StringBuilder();
    for (Path part : root.relativize(dir)) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(part);
    }
    return b.toString();
  }
}
