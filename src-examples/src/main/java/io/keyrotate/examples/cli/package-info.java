/**
 * The {@code keyrotate} command line ({@link io.keyrotate.examples.cli.KeyRotateCli}): picocli
 * subcommands of the top-level {@code keyrotate} command. Exit codes: 0 success, 1 an authentication,
 * format or job failure, 2 bad input (arguments, files).
 */
@NullMarked
package io.keyrotate.examples.cli;

import org.jspecify.annotations.NullMarked;
