package io.keyrotate.examples.cli;

import io.keyrotate.KmsException;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.Kms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a command reaches its KMS: {@code --keyring FILE} (a {@link LocalKms} keyring file) or {@code
 * --minio-secret-key NAME:BASE64} (MinIO's builtin single-key KMS, as {@code MINIO_KMS_SECRET_KEY}).
 * At most one may be given.
 */
final class KmsOptions {
  @Option(
      names = "--keyring",
      paramLabel = "FILE",
      description = "Keyring file of the embedded KMS (owner-only permissions).")
  @Nullable Path keyring;

  @Option(
      names = "--minio-secret-key",
      paramLabel = "NAME:BASE64",
      description =
          "MinIO's builtin KMS key, as MINIO_KMS_SECRET_KEY (instead of --keyring). Note: command"
              + " lines are visible to other local users.")
  @Nullable String minioSecretKey;

  /** Whether any KMS option was given. */
  boolean given() {
    return keyring != null || minioSecretKey != null;
  }

  private void checkOne() {
    if (keyring != null && minioSecretKey != null) {
      throw new CliInputException("give either --keyring or --minio-secret-key, not both");
    }
  }

  /**
   * Opens the KMS the options name.
   *
   * @param why what needs it, for the error when no option was given
   * @return the open KMS; the caller closes it
   */
  OpenKms open(String why) {
    OpenKms k = openIfGiven();
    if (k == null) {
      throw new CliInputException(why + " needs a KMS: give --keyring FILE or --minio-secret-key NAME:BASE64");
    }
    return k;
  }

  /** Opens the KMS if an option was given, else returns {@code null}. */
  @Nullable OpenKms openIfGiven() {
    checkOne();
    if (minioSecretKey != null) {
      try {
        LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey);
        return new OpenKms(kms, kms, kms);
      } catch (KmsException e) {
        throw new CliInputException("--minio-secret-key: " + e.getMessage());
      }
    }
    if (keyring != null) {
      LocalKms kms = openKeyring(keyring);
      return new OpenKms(kms, kms, kms);
    }
    return null;
  }

  /** Opens an existing keyring file, mapping a missing file to bad input. */
  static LocalKms openKeyring(Path file) {
    if (!Files.exists(file)) {
      throw new CliInputException("--keyring: no such file: " + file);
    }
    if (Files.isDirectory(file)) {
      throw new CliInputException("--keyring: is a directory: " + file);
    }
    try {
      return LocalKms.open(file);
    } catch (KmsException e) {
      throw new CliInputException("--keyring: " + e.getMessage());
    }
  }

  /**
   * An open KMS.
   *
   * @param kms the KMS
   * @param local the same KMS when it is a {@link LocalKms}, else {@code null}
   * @param closer releases it
   */
  record OpenKms(Kms kms, @Nullable LocalKms local, AutoCloseable closer) implements AutoCloseable {
    @Override
    public void close() {
      try {
        closer.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new KmsException("closing the KMS failed: " + e, e, false);
      }
    }
  }
}
