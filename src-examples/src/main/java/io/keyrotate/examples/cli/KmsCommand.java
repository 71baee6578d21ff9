package io.keyrotate.examples.cli;

import io.keyrotate.KmsException;
import io.keyrotate.kms.local.KeyInfo;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.kms.pkcs11.Pkcs11KeyInfo;
import io.keyrotate.kms.pkcs11.Pkcs11Kms;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate kms create|rotate|default|list}: manage the keys of the embedded KMS's keyring file or
 * of a PKCS#11 token. A MinIO secret key ({@code --minio-secret-key}) has one fixed key: it can be listed,
 * not changed; a PKCS#11 KMS's default key is set in its configuration file.
 */
@Command(
    name = "kms",
    mixinStandardHelpOptions = true,
    description = "Manage the keys of the embedded KMS (a keyring file) or of a PKCS#11 token.",
    subcommands = {
      KmsCommand.Create.class,
      KmsCommand.Rotate.class,
      KmsCommand.Default.class,
      KmsCommand.ListKeys.class
    })
final class KmsCommand implements Runnable {
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'kms' needs a subcommand");
  }

  /** A key as the commands print it. */
  record Key(String name, int version, @Nullable Instant created, boolean isDefault) {
    static Key of(KeyInfo k) {
      return new Key(k.name(), k.currentVersion(), k.created(), k.isDefault());
    }

    static Key of(Pkcs11KeyInfo k) {
      return new Key(k.name(), k.currentVersion(), null, k.isDefault());
    }

    @Override
    public String toString() {
      return name + " v" + version + (isDefault ? " (default)" : "");
    }
  }

  /** The key operations of one KMS. */
  record Keys(
      Supplier<List<Key>> list,
      Function<String, Key> create,
      Function<String, Key> rotate,
      Function<String, Key> makeDefault,
      Runnable closer)
      implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }

  private static Keys local(LocalKms kms) {
    return new Keys(
        () -> kms.listKeys().stream().map(Key::of).toList(),
        n -> Key.of(kms.createKey(n)),
        n -> Key.of(kms.rotateKey(n)),
        n -> Key.of(kms.setDefaultKey(n)),
        kms::close);
  }

  private static Keys pkcs11(Pkcs11Kms kms) {
    return new Keys(
        () -> kms.keys().stream().map(Key::of).toList(),
        n -> Key.of(kms.createKey(n)),
        n -> Key.of(kms.rotateKey(n)),
        n -> {
          throw new CliInputException(
              "the default key of a PKCS#11 KMS is set in its configuration file (defaultKey)");
        },
        kms::close);
  }

  /** Opens the KMS the options name for changing keys; a MinIO secret key cannot be changed. */
  static Keys changeable(KmsOptions options, String command) {
    if (options.minioSecretKey != null) {
      throw new CliInputException(
          "kms " + command + " changes keys: a MinIO secret key has one fixed key; use --keyring FILE");
    }
    KmsOptions.OpenKms k = options.open("kms " + command);
    return k.pkcs11() != null ? pkcs11(k.pkcs11()) : local(Objects.requireNonNull(k.local()));
  }

  static void requireKey(Keys keys, String name) {
    if (keys.list().get().stream().noneMatch(x -> x.name().equals(name))) {
      throw new CliInputException("no key '" + name + "' in the KMS");
    }
  }

  /** {@code keyrotate kms create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add a key with a fresh random 256-bit version. With --keyring, creates the keyring file",
        "(owner-only permissions) when it does not exist; its first key is the default key.",
        "With --pkcs11-config, the key is generated inside the token and never leaves it."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin KmsOptions kms = new KmsOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name: letters, digits, . _ -")
    String name = "";

    @Option(names = "--default", description = "Make it the default key (keyring only).")
    boolean makeDefault;

    @Override
    public Integer call() {
      Key k;
      Path file = kms.keyring;
      if (file != null && kms.minioSecretKey == null && kms.pkcs11Config == null && !Files.exists(file)) {
        Path dir = DareCommand.directoryOf(file);
        if (!Files.isDirectory(dir)) {
          throw new CliInputException("--keyring: no such directory: " + dir);
        }
        try (LocalKms created = LocalKms.create(file, name)) {
          k = Key.of(created.listKeys().get(0));
        } catch (KmsException e) {
          throw new CliInputException("--keyring: " + e.getMessage());
        }
      } else if (kms.pkcs11Config != null && kms.keyring == null && kms.minioSecretKey == null) {
        // A fresh token has none of the configured keys yet: generate those first.
        try (Keys keys = pkcs11(KmsOptions.openPkcs11(kms.pkcs11Config, true))) {
          Key existing = keys.list().get().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
          k = existing != null ? existing : keys.create().apply(name);
          if (makeDefault) {
            keys.makeDefault().apply(name);
          }
        }
      } else {
        try (Keys keys = changeable(kms, "create")) {
          if (keys.list().get().stream().anyMatch(x -> x.name().equals(name))) {
            throw new CliInputException("key '" + name + "' already exists");
          }
          k = keys.create().apply(name);
          if (makeDefault) {
            k = keys.makeDefault().apply(name);
          }
        }
      }
      spec.commandLine().getOut().println("created key " + k);
      return KeyRotateCli.OK;
    }
  }

  /** A command that changes one existing key. */
  abstract static class KeyChange implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin KmsOptions kms = new KmsOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The key.")
    String name = "";

    abstract String command();

    abstract Key change(Keys keys, String key);

    @Override
    public Integer call() {
      try (Keys keys = changeable(kms, command())) {
        requireKey(keys, name);
        Key k = change(keys, name);
        spec.commandLine().getOut().println(
            (command().equals("rotate") ? "rotated key " : "default key ") + k);
      }
      return KeyRotateCli.OK;
    }
  }

  /** {@code keyrotate kms rotate}. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = "Add a fresh version to a key and make it current; older versions still decrypt.")
  static final class Rotate extends KeyChange {
    @Override
    String command() {
      return "rotate";
    }

    @Override
    Key change(Keys keys, String key) {
      return keys.rotate().apply(key);
    }
  }

  /** {@code keyrotate kms default}. */
  @Command(
      name = "default",
      mixinStandardHelpOptions = true,
      description = "Make a key the default key (the target of jobs without encryption.key).")
  static final class Default extends KeyChange {
    @Override
    String command() {
      return "default";
    }

    @Override
    Key change(Keys keys, String key) {
      return keys.makeDefault().apply(key);
    }
  }

  /** {@code keyrotate kms list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the keys: name, current version, when it was created, default flag.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin KmsOptions kms = new KmsOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Key> keys;
      if (kms.minioSecretKey != null) {
        try (KmsOptions.OpenKms k = kms.open("kms list")) {
          keys = local(Objects.requireNonNull(k.local())).list().get();
        }
      } else {
        try (Keys k = changeable(kms, "list")) {
          keys = k.list().get();
        }
      }
      String fmt = "%-24s %7s  %-20s  %s%n";
      out.printf(Locale.ROOT, fmt, "KEY", "VERSION", "CREATED", "DEFAULT");
      for (Key k : keys) {
        out.printf(
            Locale.ROOT, fmt, k.name(), k.version(),
            k.created() == null ? "-" : k.created().truncatedTo(ChronoUnit.SECONDS), k.isDefault() ? "yes" : "");
      }
      out.flush();
      return KeyRotateCli.OK;
    }
  }
}
