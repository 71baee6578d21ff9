/**
 * Implementation details of {@code io.keyrotate.sse}: per-thread JDK crypto engines, one-package
 * DARE seal/open, HChaCha20, the sio-go stream codec, Go-compatible strings, base64 and a strict
 * JSON reader. Not exported; nothing here is API.
 */
@NullMarked
package io.keyrotate.sse.internal;

import org.jspecify.annotations.NullMarked;
