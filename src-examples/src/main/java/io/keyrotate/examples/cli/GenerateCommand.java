package io.keyrotate.examples.cli;

import io.keyrotate.yaml.KeyRotateYaml;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keyrotate generate}: prints the commented job template, like {@code mc batch generate}. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Print a commented keyrotate job template to fill in.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(KeyRotateYaml.template());
    spec.commandLine().getOut().flush();
    return KeyRotateCli.OK;
  }
}
