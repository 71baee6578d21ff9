package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.sse.internal.GoBase64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * MinIO's write path for a new encrypted object ({@code newEncryptMetadata}) rebuilt from the
 * library's pieces with the vector's scripted randomness, checking every intermediate value the
 * vector records.
 */
final class MinioHarness {
  private MinioHarness() {}

  /** The object key and the sealing metadata of a freshly created object (closing wipes the key). */
  static final class Created implements AutoCloseable {
    private final ObjectKey oek;
    private final SseMetadata metadata;

    Created(ObjectKey oek, SseMetadata metadata) {
      this.oek = oek;
      this.metadata = metadata;
    }

    ObjectKey oek() {
      return oek;
    }

    SseMetadata metadata() {
      return metadata;
    }

    @Override
    public void close() {
      oek.close();
    }
  }

  static Created create(V v, MinioBuiltinKms kms) throws Exception {
    String bucket = v.goStr("bucket");
    String object = v.goStr("object");
    SseType type = v.sseType("sseType");
    AeadCipher cipher = v.cipher("serverCipher");
    if (type == SseType.SSE_C) {
      if (v.has("ssecHeaders")) {
        V headers = v.obj("ssecHeaders");
        byte[] clientKey = v.hex("ssecKey");
        assertEquals(
            headers.str("X-Amz-Server-Side-Encryption-Customer-Key"), GoBase64.encode(clientKey));
        assertEquals(
            headers.str("X-Amz-Server-Side-Encryption-Customer-Key-Md5"),
            GoBase64.encode(MessageDigest.getInstance("MD5").digest(clientKey)));
      }
      try (SecretBytes ek = v.secret("ssecKey")) {
        ObjectKey oek = ObjectKey.generate(ek, v.hex("oekRandom"));
        assertEquals(v.str("oek"), Vectors.hex(oek.secret().toByteArray()));
        checkKek(v, ek, type, bucket, object);
        byte[] sealed = oek.seal(ek, v.hex("iv"), type, bucket, object, cipher, v.hex("dareNonce"));
        return new Created(oek, SseMetadata.sseC(v.hex("iv"), sealed));
      }
    }
    KmsContext client =
        type == SseType.SSE_KMS
            ? KmsContext.of(v.optStringMap("clientContext"))
            : KmsContext.empty();
    KmsContext aad = SseMetadata.associatedData(client, bucket, object);
    if (v.has("kmsAssociatedData")) {
      assertEquals(v.str("kmsAssociatedData"), new String(aad.toJson(), StandardCharsets.UTF_8));
    }
    try (SecretBytes ek = v.secret("ek")) {
      byte[] ct;
      if (v.has("legacyKms")) {
        ct = v.hex("kmsCiphertext");
        try (SecretBytes back = kms.decrypt(kms.keyName(), ct, aad)) {
          assertEquals(ek, back); // legacy JSON ciphertexts are read, never written
        }
      } else {
        ct = kms.encrypt(ek, aad, v.hex("kmsIv"), v.hex("kmsNonce"));
        if (v.has("kmsCiphertext")) {
          assertArrayEquals(v.hex("kmsCiphertext"), ct);
        }
      }
      String keyArg = v.has("kmsKeyIdArgument") ? v.str("kmsKeyIdArgument") : "";
      String keyId = keyArg.isEmpty() ? kms.keyName() : keyArg;
      ObjectKey oek =
          v.has("oekGiven")
              ? ObjectKey.of(v.secret("oekGiven"))
              : ObjectKey.generate(ek, v.hex("oekRandom"));
      assertEquals(v.str("oek"), Vectors.hex(oek.secret().toByteArray()));
      checkKek(v, ek, type, bucket, object);
      byte[] sealed = oek.seal(ek, v.hex("iv"), type, bucket, object, cipher, v.hex("dareNonce"));
      return new Created(
          oek,
          type == SseType.SSE_S3
              ? SseMetadata.sseS3(v.hex("iv"), sealed, keyId, ct)
              : SseMetadata.sseKms(v.hex("iv"), sealed, keyId, ct, client));
    }
  }

  private static void checkKek(V v, SecretBytes ek, SseType type, String bucket, String object) {
    if (!v.has("kek")) {
      return;
    }
    try (SecretBytes kek = ObjectKey.sealingKey(ek, v.hex("iv"), type, bucket, object)) {
      assertEquals(v.str("kek"), Vectors.hex(kek.toByteArray()));
    }
  }
}
