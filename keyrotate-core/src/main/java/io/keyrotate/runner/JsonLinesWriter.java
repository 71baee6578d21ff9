package io.keyrotate.runner;

import io.keyrotate.KeyRotateException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The per-object JSON-lines report: one {@link ObjectOutcome#toJson()} per line, UTF-8. A fresh run
 * truncates the file; a resumed run appends to it (versions after the checkpoint may then appear twice,
 * once per run). {@link #sync()} makes every line written so far durable; the runner calls it before each
 * checkpoint, so after a crash the file has a line for every version the checkpoint covers.
 *
 * <p>Thread-safe: lines from concurrent workers never interleave.
 */
final class JsonLinesWriter implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final OutputStream out;

  JsonLinesWriter(Path path, boolean append) {
    this.path = path;
    try {
      this.channel =
          append
              ? FileChannel.open(
                  path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
              : FileChannel.open(
                  path,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw failure("opening", e);
    }
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
  }

  void write(ObjectOutcome outcome) {
    byte[] line = (outcome.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        out.write(line);
      } catch (IOException e) {
        throw failure("writing", e);
      }
    }
  }

  synchronized void sync() {
    try {
      out.flush();
      channel.force(false);
    } catch (IOException e) {
      throw failure("syncing", e);
    }
  }

  @Override
  public synchronized void close() {
    try (channel) {
      out.flush();
      channel.force(false);
    } catch (IOException e) {
      throw failure("closing", e);
    }
  }

  private KeyRotateException failure(String what, IOException e) {
    return new KeyRotateException(
        what + " the JSON-lines report " + path + " failed: " + e.getMessage(), e, false);
  }
}
