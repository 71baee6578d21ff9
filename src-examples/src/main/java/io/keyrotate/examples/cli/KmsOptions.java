package io.keyrotate.examples.cli;

import io.keyrotate.KmsException;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.kms.pkcs11.Pkcs11Config;
import io.keyrotate.kms.pkcs11.Pkcs11Kms;
import io.keyrotate.spi.Kms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a command reaches its KMS: {@code --keyring FILE} (a {@link LocalKms} keyring file), {@code
 * --minio-secret-key NAME:BASE64} (MinIO's builtin single-key KMS, as {@code MINIO_KMS_SECRET_KEY}) or
 * {@code --pkcs11-config FILE} (a {@link Pkcs11Kms}: master keys in an HSM). At most one may be given.
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

  @Option(
      names = "--pkcs11-config",
      paramLabel = "FILE",
      description =
          "PKCS#11 (HSM) KMS configuration: a properties file with library, slot or slotListIndex,"
              + " pin.env or pin.file, keys, defaultKey (instead of --keyring).")
  @Nullable Path pkcs11Config;

  private void checkOne() {
    int n = (keyring != null ? 1 : 0) + (minioSecretKey != null ? 1 : 0) + (pkcs11Config != null ? 1 : 0);
    if (n > 1) {
      throw new CliInputException(
          "give one of --keyring, --minio-secret-key and --pkcs11-config, not several");
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
      throw new CliInputException(
          why + " needs a KMS: give --keyring FILE, --minio-secret-key NAME:BASE64 or --pkcs11-config FILE");
    }
    return k;
  }

  /** Opens the KMS if an option was given, else returns {@code null}. */
  @Nullable OpenKms openIfGiven() {
    checkOne();
    if (minioSecretKey != null) {
      try {
        LocalKms kms = LocalKms.fromMinioSecretKey(minioSecretKey);
        return new OpenKms(kms, kms, null, kms);
      } catch (KmsException e) {
        throw new CliInputException("--minio-secret-key: " + e.getMessage());
      }
    }
    if (keyring != null) {
      LocalKms kms = openKeyring(keyring);
      return new OpenKms(kms, kms, null, kms);
    }
    if (pkcs11Config != null) {
      Pkcs11Kms kms = openPkcs11(pkcs11Config);
      return new OpenKms(kms, null, kms, kms);
    }
    return null;
  }

  /** Opens a PKCS#11 KMS; a missing or invalid configuration file is bad input. */
  static Pkcs11Kms openPkcs11(Path config) {
    return openPkcs11(config, false);
  }

  /**
   * Opens a PKCS#11 KMS, with {@code create} first generating the configured keys that are not on the
   * token yet (for {@code kms create} on a fresh token).
   */
  static Pkcs11Kms openPkcs11(Path config, boolean create) {
    if (!Files.isRegularFile(config)) {
      throw new CliInputException("--pkcs11-config: no such file: " + config);
    }
    Pkcs11Config parsed;
    try {
      parsed = Pkcs11Config.read(config);
    } catch (KmsException | IllegalArgumentException e) {
      throw new CliInputException("--pkcs11-config: " + e.getMessage());
    }
    // Token failures (PIN refused, no slot, missing key) are not bad input: exit 1.
    return create ? Pkcs11Kms.create(parsed) : Pkcs11Kms.open(parsed);
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
   * @param pkcs11 the same KMS when it is a {@link Pkcs11Kms}, else {@code null}
   * @param closer releases it
   */
  record OpenKms(Kms kms, @Nullable LocalKms local, @Nullable Pkcs11Kms pkcs11, AutoCloseable closer)
      implements AutoCloseable {
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
