package io.keyrotate.store.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory in memory ({@code /dev/shm}) when the machine has one, else in the default
 * temporary directory. For tests that make thousands of small file-system changes and simulate crashes
 * (not power loss), where a busy disk's journal would make them slow.
 */
final class FastTempDir implements AutoCloseable {
  private final Path dir;

  FastTempDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      dir = Files.createTempDirectory(shm, "keyrotate-test-");
    } else {
      dir = Files.createTempDirectory("keyrotate-test-");
    }
  }

  Path path() {
    return dir;
  }

  @Override
  public void close() {
    deleteTree(dir);
  }

  /** Deletes a directory and everything in it. */
  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
