/** Runs the embedding examples and checks the example SPI implementations with the conformance kit. */
@NullMarked
package io.keyrotate.examples.embedding;

import org.jspecify.annotations.NullMarked;
