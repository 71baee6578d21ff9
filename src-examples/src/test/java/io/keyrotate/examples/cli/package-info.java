/** Tests of the command line. */
@NullMarked
package io.keyrotate.examples.cli;

import org.jspecify.annotations.NullMarked;
