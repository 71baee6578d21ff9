/**
 * The SPI conformance kit: abstract JUnit 5 test classes that check an implementation of {@link
 * io.keyrotate.spi.ObjectStore}, {@link io.keyrotate.spi.Kms}, {@link io.keyrotate.spi.CheckpointStore}
 * or {@link io.keyrotate.spi.InternalDataStore} against the contracts in their Javadoc.
 *
 * <p>Use: depend on {@code io.keyrotate:keyrotate-core} with {@code <type>test-jar</type>} and test scope,
 * extend the class for your SPI and implement its factory method. Every test gets a fresh instance.
 */
@NullMarked
package io.keyrotate.spi.conformance;

import org.jspecify.annotations.NullMarked;
