package io.keyrotate.examples.cli;

import io.keyrotate.KmsException;
import io.keyrotate.kms.local.KeyInfo;
import io.keyrotate.kms.local.LocalKms;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate kms create|rotate|default|list}: manage the embedded KMS's keyring file. A MinIO
 * secret key ({@code --minio-secret-key}) has one fixed key: it can be listed, not changed.
 */
@Command(
    name = "kms",
    mixinStandardHelpOptions = true,
    description = "Manage the keys of the embedded KMS (a keyring file).",
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

  static String describe(KeyInfo k) {
    return k.name() + " v" + k.currentVersion() + (k.isDefault() ? " (default)" : "");
  }

  /** Opens the keyring the options name; a MinIO secret key cannot be changed. */
  static LocalKms changeable(KmsOptions options, String command) {
    if (options.minioSecretKey != null) {
      throw new CliInputException(
          "kms " + command + " changes a keyring: a MinIO secret key has one fixed key; use --keyring FILE");
    }
    if (options.keyring == null) {
      throw new CliInputException("kms " + command + " needs --keyring FILE");
    }
    return KmsOptions.openKeyring(options.keyring);
  }

  /** {@code keyrotate kms create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Add a key with a fresh random 256-bit version. Creates the keyring file (owner-only",
        "permissions) when it does not exist; the first key is the default key."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin KmsOptions kms = new KmsOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "Key name: letters, digits, . _ -")
    String name = "";

    @Option(names = "--default", description = "Make it the default key.")
    boolean makeDefault;

    @Override
    public Integer call() {
      KeyInfo k;
      if (kms.keyring != null && kms.minioSecretKey == null && !Files.exists(kms.keyring)) {
        try (LocalKms created = create()) {
          k = created.listKeys().get(0);
        }
      } else {
        try (LocalKms local = changeable(kms, "create")) {
          if (local.listKeys().stream().anyMatch(x -> x.name().equals(name))) {
            throw new CliInputException("key '" + name + "' already exists");
          }
          k = local.createKey(name);
          if (makeDefault) {
            k = local.setDefaultKey(name);
          }
        }
      }
      spec.commandLine().getOut().println("created key " + describe(k));
      return KeyRotateCli.OK;
    }

    private LocalKms create() {
      java.nio.file.Path f = java.util.Objects.requireNonNull(kms.keyring);
      java.nio.file.Path dir = DareCommand.directoryOf(f);
      if (!Files.isDirectory(dir)) {
        throw new CliInputException("--keyring: no such directory: " + dir);
      }
      try {
        return LocalKms.create(f, name);
      } catch (KmsException e) {
        throw new CliInputException("--keyring: " + e.getMessage());
      }
    }
  }

  /** A command that changes one existing key of a keyring. */
  abstract static class KeyChange implements Callable<Integer> {
    @Spec CommandSpec spec = CommandSpec.create();
    @Mixin KmsOptions kms = new KmsOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The key.")
    String name = "";

    abstract String command();

    abstract KeyInfo change(LocalKms local, String key);

    @Override
    public Integer call() {
      try (LocalKms local = changeable(kms, command())) {
        if (local.listKeys().stream().noneMatch(x -> x.name().equals(name))) {
          throw new CliInputException("no key '" + name + "' in the keyring");
        }
        KeyInfo k = change(local, name);
        spec.commandLine().getOut().println(
            (command().equals("rotate") ? "rotated key " : "default key ") + describe(k));
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
    KeyInfo change(LocalKms local, String key) {
      return local.rotateKey(key);
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
    KeyInfo change(LocalKms local, String key) {
      return local.setDefaultKey(key);
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
      try (KmsOptions.OpenKms k = kms.open("kms list")) {
        LocalKms local = java.util.Objects.requireNonNull(k.local());
        out.println(String.format(Locale.ROOT, "%-24s %7s  %-20s  %s", "KEY", "VERSION", "CREATED", "DEFAULT"));
        for (KeyInfo i : local.listKeys()) {
          out.println(
              String.format(
                  Locale.ROOT, "%-24s %7d  %-20s  %s", i.name(), i.currentVersion(),
                  i.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                  i.isDefault() ? "yes" : ""));
        }
      }
      out.flush();
      return KeyRotateCli.OK;
    }
  }
}
