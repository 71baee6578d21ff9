package io.keyrotate.examples.cli;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.Dare;
import io.keyrotate.crypto.DareDecryptOptions;
import io.keyrotate.crypto.DareEncryptOptions;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate dare encrypt|decrypt}: MinIO's DARE 2.0 format on files.
 *
 * <p>The output is written to a temporary file beside {@code --out} and renamed into place only when the
 * whole operation succeeded, so a failed decryption (wrong key, tampered or truncated file) leaves no
 * output and no partial plaintext behind.
 */
@Command(
    name = "dare",
    mixinStandardHelpOptions = true,
    description = "Encrypt or decrypt files in MinIO's DARE 2.0 format.",
    subcommands = {DareCommand.Encrypt.class, DareCommand.Decrypt.class})
final class DareCommand implements Runnable {
  @Spec private CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'dare' needs 'encrypt' or 'decrypt'");
  }

  /** Options shared by both directions. */
  static final class Common {
    @Option(
        names = "--key",
        required = true,
        paramLabel = "HEX",
        description =
            "32-byte key as 64 hex digits. Note: command lines are visible to other local users.")
    String keyHex = "";

    @Option(
        names = "--sequence",
        paramLabel = "N",
        description = "Sequence number of the first package, 0..4294967295 (default: 0).")
    String sequence = "0";

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input file.")
    Path in = Path.of("");

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
    Path out = Path.of("");

    SecretBytes key() {
      String hex = keyHex.trim();
      if (hex.length() != 2 * Dare.KEY_SIZE) {
        throw new CliInputException(
            "--key: expected " + 2 * Dare.KEY_SIZE + " hex digits (32 bytes), got " + hex.length()
                + " characters");
      }
      byte[] bytes = new byte[Dare.KEY_SIZE];
      for (int i = 0; i < bytes.length; i++) {
        int hi = Character.digit(hex.charAt(2 * i), 16);
        int lo = Character.digit(hex.charAt(2 * i + 1), 16);
        if (hi < 0 || lo < 0) {
          Arrays.fill(bytes, (byte) 0);
          throw new CliInputException("--key: not a hex string"); // never echo key material
        }
        bytes[i] = (byte) (hi << 4 | lo);
      }
      return SecretBytes.wrapOwned(bytes);
    }

    long sequence() {
      try {
        long s = Long.parseLong(sequence.trim());
        if (s >= 0 && s <= 0xFFFFFFFFL) {
          return s;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CliInputException(
          "--sequence: expected an integer in 0..4294967295, got '" + sequence + "'");
    }

    void checkFiles() {
      if (!Files.isRegularFile(in)) {
        throw new CliInputException("--in: no such file: " + in);
      }
      if (!Files.isReadable(in)) {
        throw new CliInputException("--in: cannot read " + in);
      }
      Path dir = directoryOf(out);
      if (!Files.isDirectory(dir)) {
        throw new CliInputException("--out: no such directory: " + dir);
      }
      if (Files.isDirectory(out)) {
        throw new CliInputException("--out: is a directory: " + out);
      }
    }
  }

  /** Copies through a transformation into a temp file, then renames it over {@code out}. */
  @FunctionalInterface
  interface Transform {
    void apply(InputStream in, OutputStream out) throws IOException;
  }

  static void atomicWrite(Path in, Path out, Transform transform) throws IOException {
    atomicWrite(
        out,
        dst -> {
          try (InputStream src = Files.newInputStream(in)) {
            transform.apply(src, dst);
          }
        });
  }

  /** Copies {@code src} into a temp file, then renames it over {@code out}. */
  static void atomicWrite(InputStream src, Path out) throws IOException {
    atomicWrite(out, dst -> copy(src, dst));
  }

  /** Writes the output of {@code producer}. */
  @FunctionalInterface
  interface Producer {
    void writeTo(OutputStream out) throws IOException;
  }

  static void atomicWrite(Path out, Producer producer) throws IOException {
    Path dir = directoryOf(out);
    Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        // The DARE streams close their sink; keep the channel open for force().
        OutputStream dst =
            new FilterOutputStream(Channels.newOutputStream(channel)) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            };
        producer.writeTo(dst);
        channel.force(true);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a directory; the rename itself already happened.
    }
  }

  static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null ? parent : Path.of(".").toAbsolutePath();
  }

  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[Dare.MAX_PAYLOAD_SIZE];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
  }

  /** {@code keyrotate dare encrypt}. */
  @Command(
      name = "encrypt",
      mixinStandardHelpOptions = true,
      description = "Encrypt --in to --out as one DARE 2.0 stream with a random nonce.")
  static final class Encrypt implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Option(
        names = "--cipher",
        paramLabel = "SUITE",
        description = "AES_256_GCM (default) or CHACHA20_POLY1305.")
    CipherSuite cipher = CipherSuite.AES_256_GCM;

    @Override
    public Integer call() throws IOException {
      long sequence = common.sequence();
      common.checkFiles();
      DareEncryptOptions options =
          DareEncryptOptions.builder().cipher(cipher).startSequence(sequence).build();
      try (SecretBytes key = common.key()) {
        atomicWrite(
            common.in,
            common.out,
            (in, out) -> {
              try (OutputStream enc = Dare.newEncryptingOutputStream(out, key, options)) {
                copy(in, enc);
              }
            });
      }
      return KeyRotateCli.OK;
    }
  }

  /** {@code keyrotate dare decrypt}. */
  @Command(
      name = "decrypt",
      mixinStandardHelpOptions = true,
      description = {
        "Decrypt the DARE 2.0 stream in --in to --out.",
        "--out is written only if the whole stream authenticates; exit code 1 otherwise."
      })
  static final class Decrypt implements Callable<Integer> {
    @Mixin Common common = new Common();

    @Option(
        names = "--cipher",
        paramLabel = "SUITE",
        description = "Accept only this suite (default: both).")
    @Nullable CipherSuite cipher;

    @Option(
        names = "--allow-empty",
        description =
            "Accept an empty input as an empty plaintext (a strict reader cannot tell it from a"
                + " stream truncated to nothing).")
    boolean allowEmpty;

    @Override
    public Integer call() throws IOException {
      long sequence = common.sequence();
      common.checkFiles();
      DareDecryptOptions.Builder b =
          DareDecryptOptions.builder().startSequence(sequence).allowEmpty(allowEmpty);
      if (cipher != null) {
        b.ciphers(cipher);
      }
      DareDecryptOptions options = b.build();
      try (SecretBytes key = common.key()) {
        atomicWrite(
            common.in,
            common.out,
            (in, out) -> {
              try (InputStream dec = Dare.newDecryptingInputStream(in, key, options)) {
                copy(dec, out);
              }
            });
      }
      return KeyRotateCli.OK;
    }
  }
}
