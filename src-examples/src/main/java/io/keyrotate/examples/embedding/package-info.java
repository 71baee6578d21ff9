/**
 * Small, runnable examples of embedding keyrotate in a server: implementing the SPIs ({@link
 * io.keyrotate.examples.embedding.InMemoryKms}, {@link io.keyrotate.examples.embedding.InMemoryCheckpointStore})
 * and running a job programmatically ({@link io.keyrotate.examples.embedding.RunJobExample}). The test
 * suite compiles and runs each of them, and checks the SPI implementations with keyrotate's SPI
 * conformance kit.
 */
@NullMarked
package io.keyrotate.examples.embedding;

import org.jspecify.annotations.NullMarked;
