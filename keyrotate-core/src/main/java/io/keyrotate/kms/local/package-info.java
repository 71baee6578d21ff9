/**
 * {@link io.keyrotate.kms.local.LocalKms}: keyrotate's embedded KMS, a keyring file of named, versioned
 * 256-bit master keys, or MinIO's builtin single-key KMS ({@code MINIO_KMS_SECRET_KEY}).
 */
@NullMarked
package io.keyrotate.kms.local;

import org.jspecify.annotations.NullMarked;
