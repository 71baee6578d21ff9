/**
 * The service-provider interfaces a storage server implements so that keyrotate can run against it:
 * {@link io.keyrotate.spi.ObjectStore} (list versions, read stored bytes, compare-and-set the encryption
 * metadata or the data), {@link io.keyrotate.spi.Kms} (generate and decrypt data keys),
 * {@link io.keyrotate.spi.InternalDataStore} (the server's own encrypted configuration blobs) and
 * {@link io.keyrotate.spi.CheckpointStore} (resumable job progress).
 *
 * <p>Conventions shared by every interface here:
 *
 * <ul>
 *   <li>Each method takes one request value and returns one result value, so that a field can be added
 *       later without breaking an implementer. New capabilities arrive as {@code default} methods with a
 *       correct fallback.
 *   <li>Results that can be large are paged ({@code page + next marker}), never {@code Stream}s.
 *   <li>Methods throw only {@link io.keyrotate.KeyRotateException} subtypes (plus {@link
 *       java.lang.IllegalArgumentException} for requests that break a documented precondition). An
 *       implementation translates {@code IOException}s and provider exceptions at its boundary and sets
 *       {@link io.keyrotate.KeyRotateException#isRetryable()} truthfully.
 *   <li>Implementations are safe for concurrent use by any number of threads unless an interface says
 *       otherwise.
 * </ul>
 *
 * <p>A reusable conformance kit (abstract JUnit 5 classes in the {@code keyrotate-core} test-jar, package
 * {@code io.keyrotate.spi.conformance}) checks an implementation against these contracts.
 */
@NullMarked
package io.keyrotate.spi;

import org.jspecify.annotations.NullMarked;
