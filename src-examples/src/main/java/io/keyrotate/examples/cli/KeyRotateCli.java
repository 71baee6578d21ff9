package io.keyrotate.examples.cli;

import io.keyrotate.KeyRotateException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code keyrotate} command. Each feature is a picocli subcommand class registered in {@link
 * #subcommands}; later ones ({@code generate}, {@code validate}, {@code run}, {@code store}, {@code kms},
 * {@code demo}, {@code status}) are added there.
 *
 * <p>Exit codes: {@value #OK} success; {@value #FAILED} an authentication or format failure (or the
 * operation failed); {@value #BAD_INPUT} bad arguments or unusable files. Errors are one line on stderr,
 * never a stack trace, never key material.
 */
@Command(
    name = "keyrotate",
    mixinStandardHelpOptions = true,
    version = "keyrotate 0.1.0-SNAPSHOT",
    description = "Encryption-key rotation for object stores, byte-compatible with MinIO.",
    subcommands = {DareCommand.class})
public final class KeyRotateCli implements Runnable {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: authentication, format or operation failure. */
  public static final int FAILED = 1;
  /** Exit code: bad arguments or input files. */
  public static final int BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  /** Picocli creates the command. */
  public KeyRotateCli() {
    this.spec = CommandSpec.create();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * Entry point of the runnable jar.
   *
   * @param args command-line arguments
   */
  public static void main(String... args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line with the process's stdout and stderr and returns the exit code; never calls
   * {@code System.exit}.
   *
   * @param args command-line arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /**
   * Runs the command line with the given output streams and returns the exit code.
   *
   * @param out standard output
   * @param err standard error
   * @param args command-line arguments
   * @return the exit code
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new KeyRotateCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("keyrotate: " + oneLine(e.getMessage()) + " (see --help)");
          err.flush();
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          err.println("keyrotate: " + oneLine(message(e)));
          err.flush();
          return e instanceof CliInputException ? BAD_INPUT : FAILED;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String message(Exception e) {
    if (e instanceof CliInputException || e instanceof KeyRotateException) {
      return String.valueOf(e.getMessage());
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String oneLine(@org.jspecify.annotations.Nullable String s) {
    return s == null ? "error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
