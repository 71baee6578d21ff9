package io.keyrotate.examples.cli;

import java.io.Serial;

/** Bad input detected by a command (not by the argument parser): exit code 2, one-line message. */
final class CliInputException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  CliInputException(String message) {
    super(message);
  }
}
