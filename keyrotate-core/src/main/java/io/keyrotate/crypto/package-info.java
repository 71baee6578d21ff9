/**
 * MinIO's DARE encryption format ({@code minio/sio}), byte for byte.
 *
 * <p>{@link io.keyrotate.crypto.Dare} encrypts and decrypts DARE 2.0 streams (buffers, {@code InputStream}s
 * and {@code OutputStream}s) and decrypts legacy DARE 1.0 streams; {@link io.keyrotate.crypto.DarePackage}
 * seals and opens single packages (MinIO's sealed object keys and ETags); {@link
 * io.keyrotate.crypto.DareReaderAt} reads plaintext ranges. Authentication failures throw {@link
 * io.keyrotate.IntegrityException}, framing errors {@link io.keyrotate.FormatException}; no plaintext of a
 * package is released before that package's tag verified.
 */
@NullMarked
package io.keyrotate.crypto;

import org.jspecify.annotations.NullMarked;
