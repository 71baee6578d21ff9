package io.keyrotate.examples.cli;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.KeyRotateException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code keyrotate} command: {@code generate}, {@code validate}, {@code run}, {@code status}, {@code
 * store}, {@code kms}, {@code dare} and {@code demo}, each a picocli subcommand class.
 *
 * <p>Exit codes: {@value #OK} success; {@value #FAILED} the job failed, an authentication or format
 * failure, or the operation failed; {@value #BAD_INPUT} bad arguments, unusable files or an invalid job
 * definition. Errors are one line on stderr ({@code keyrotate: <what is wrong>}), never key material, and
 * a stack trace only with {@code --verbose}. Output meant for people and scripts goes to stdout.
 *
 * <p>The flags are a public contract (scripts depend on them): change them only compatibly.
 */
@Command(
    name = "keyrotate",
    mixinStandardHelpOptions = true,
    version = "keyrotate 0.1.0-SNAPSHOT",
    description = "Encryption-key rotation for object stores, byte-compatible with MinIO.",
    subcommands = {
      GenerateCommand.class,
      ValidateCommand.class,
      RunCommand.class,
      StatusCommand.class,
      StoreCommand.class,
      KmsCommand.class,
      DareCommand.class,
      DemoCommand.class
    })
public final class KeyRotateCli implements Runnable {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: authentication, format or operation failure. */
  public static final int FAILED = 1;
  /** Exit code: bad arguments or input files. */
  public static final int BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error (it never contains key material).")
  boolean verbose;

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
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      // slf4j-simple reads its level once, when the first logger is made (default: error only).
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
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
          if (verbose(parsed)) {
            e.printStackTrace(err);
          }
          err.flush();
          return exitCode(e);
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Bad input (2): arguments, files, job definitions; everything else that went wrong is 1. */
  static int exitCode(Throwable e) {
    return e instanceof CliInputException
            || e instanceof JobDefinitionException
            || e instanceof IllegalArgumentException
        ? BAD_INPUT
        : FAILED;
  }

  private static boolean verbose(@Nullable ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String message(Exception e) {
    if (e instanceof CliInputException
        || e instanceof KeyRotateException
        || e instanceof IllegalArgumentException) {
      return String.valueOf(e.getMessage());
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static String oneLine(@Nullable String s) {
    return s == null ? "error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
