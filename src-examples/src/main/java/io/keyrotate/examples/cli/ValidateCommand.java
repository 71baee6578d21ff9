package io.keyrotate.examples.cli;

import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.yaml.KeyRotateYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyrotate validate JOB.yaml}: prints {@code ok} (exit 0) or the precise error with field path,
 * line and column (exit 2). Checks the file alone: whether {@code encryption.key} is the KMS default key
 * is checked by {@code run}, which knows the KMS.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a job file: prints 'ok' or the error with field, line and column (exit 2).",
      "Whether encryption.key is the KMS default key is checked by 'run'."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "The job file.")
  Path job = Path.of("");

  @Override
  public Integer call() {
    load(job);
    spec.commandLine().getOut().println("ok");
    return KeyRotateCli.OK;
  }

  /** Reads a job file; a missing file or invalid definition is bad input. */
  static KeyRotateJob load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CliInputException("no such job file: " + file);
    }
    return KeyRotateYaml.parse(file);
  }
}
