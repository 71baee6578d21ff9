/**
 * MinIO-compatible server-side-encryption toolkit: sealed object keys ({@code DAREv2-HMAC-SHA256}),
 * the {@code X-Minio-Internal-Server-Side-Encryption-*} metadata codec, canonical KMS contexts, the
 * builtin secret-key KMS ciphertext format, KMS-encrypted config blobs and their sio-go streams,
 * and the pure key-rewrap functions a rotation job runs between its KMS calls.
 *
 * <p>Everything here is byte-compatible with MinIO (see {@code minio-keyrotate.md} §4–5): what
 * MinIO writes, these classes read, and what they write, MinIO reads. Key material travels in
 * {@link io.keyrotate.SecretBytes} or {@link io.keyrotate.sse.ObjectKey}, never in {@code
 * toString}, exception messages or logs. Authentication failures throw {@link
 * io.keyrotate.IntegrityException}; malformed input throws {@link io.keyrotate.FormatException}
 * naming the entry or field at fault.
 */
@NullMarked
package io.keyrotate.sse;

import org.jspecify.annotations.NullMarked;
