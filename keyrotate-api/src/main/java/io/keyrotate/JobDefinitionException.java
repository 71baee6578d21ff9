package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A job definition is invalid. The message names the field path (for example
 * {@code keyrotate.flags.filter.newerThan}), the line and column when the job came from a file, and what
 * was expected. Never contains the notify token. Never retryable.
 */
public class JobDefinitionException extends KeyRotateException {
  @Serial private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;
  private final int line;
  private final int column;

  /**
   * Creates the exception for a field without a source position (built in code).
   *
   * @param field the field path, e.g. {@code keyrotate.flags.retry.attempts}
   * @param problem what is wrong and what was expected
   */
  public JobDefinitionException(String field, String problem) {
    this(field, -1, -1, problem, null);
  }

  /**
   * Creates the exception.
   *
   * @param field the field path, e.g. {@code keyrotate.flags.retry.attempts}
   * @param line 1-based line in the source, or -1 when unknown
   * @param column 1-based column in the source, or -1 when unknown
   * @param problem what is wrong and what was expected
   * @param cause the underlying failure, or {@code null}
   */
  public JobDefinitionException(
      String field, int line, int column, String problem, @Nullable Throwable cause) {
    super(format(field, line, column, problem), cause, false);
    this.field = field;
    this.problem = problem;
    this.line = line;
    this.column = column;
  }

  private static String format(String field, int line, int column, String problem) {
    StringBuilder b = new StringBuilder(field);
    if (line > 0) {
      b.append(" (line ").append(line);
      if (column > 0) {
        b.append(", column ").append(column);
      }
      b.append(')');
    }
    return b.append(": ").append(problem).toString();
  }

  /**
   * The path of the offending field.
   *
   * @return e.g. {@code keyrotate.flags.filter.newerThan}
   */
  public String field() {
    return field;
  }

  /**
   * The 1-based source line.
   *
   * @return the line, or -1 when the job was not read from a file
   */
  public int line() {
    return line;
  }

  /**
   * The 1-based source column.
   *
   * @return the column, or -1 when the job was not read from a file
   */
  public int column() {
    return column;
  }

  /**
   * Returns a copy positioned at a source location, keeping field and problem.
   *
   * @param line 1-based line
   * @param column 1-based column
   * @return the positioned exception
   */
  public JobDefinitionException at(int line, int column) {
    return new JobDefinitionException(field, line, column, problem, getCause());
  }

  /**
   * The problem text without the field and position prefix.
   *
   * @return what is wrong and what was expected
   */
  public String problem() {
    return problem;
  }
}
