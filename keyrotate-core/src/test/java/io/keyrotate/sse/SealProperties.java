package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.GoStrings;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Seal/unseal and rewrap round trips, and the KDF against a plain HMAC over path.Join. */
class SealProperties {

  @Provide
  Arbitrary<byte[]> key32() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Provide
  Arbitrary<byte[]> nonce12() {
    return Arbitraries.bytes().array(byte[].class).ofSize(12);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars('a', 'Z', '/', '.', 'é', ' ', '\u00ff').ofMaxLength(10);
  }

  @Property(tries = 300)
  void sealingKey_anyNames_isHmacOverIvDomainAlgorithmAndJoinedPath(
      @ForAll("key32") byte[] ek,
      @ForAll("key32") byte[] iv,
      @ForAll SseType domain,
      @ForAll("names") String bucket,
      @ForAll("names") String object)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(ek, "HmacSHA256"));
    mac.update(iv);
    mac.update(domain.domain().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    mac.update("DAREv2-HMAC-SHA256".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    mac.update(GoStrings.toBytes(GoPath.join(bucket, object)));
    try (SecretBytes e = SecretBytes.copyOf(ek);
        SecretBytes kek = ObjectKey.sealingKey(e, iv, domain, bucket, object)) {
      assertArrayEquals(mac.doFinal(), kek.toByteArray());
    }
  }

  @Property(tries = 200)
  void seal_thenUnseal_returnsTheKeyAndNothingElseUnseals(
      @ForAll("key32") byte[] oekBytes,
      @ForAll("key32") byte[] ek,
      @ForAll("key32") byte[] iv,
      @ForAll("nonce12") byte[] nonce,
      @ForAll SseType domain,
      @ForAll SseType otherDomain,
      @ForAll AeadCipher cipher,
      @ForAll("names") String bucket,
      @ForAll("names") String object) {
    try (SecretBytes e = SecretBytes.copyOf(ek);
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(oekBytes))) {
      byte[] sealed = oek.seal(e, iv, domain, bucket, object, cipher, nonce);
      assertEquals(ObjectKey.SEALED_SIZE, sealed.length);
      assertEquals(cipher.dareId(), sealed[1]);
      try (ObjectKey back =
          ObjectKey.unseal(sealed, e, iv, ObjectKey.SEAL_ALGORITHM, domain, bucket, object)) {
        assertArrayEquals(oekBytes, back.secret().toByteArray());
      }
      Assume.that(otherDomain != domain);
      assertThrows(
          IntegrityException.class,
          () ->
              ObjectKey.unseal(
                  sealed, e, iv, ObjectKey.SEAL_ALGORITHM, otherDomain, bucket, object));
      Assume.that(!GoPath.join(bucket, object).equals(GoPath.join(bucket + "x", object)));
      assertThrows(
          IntegrityException.class,
          () ->
              ObjectKey.unseal(
                  sealed, e, iv, ObjectKey.SEAL_ALGORITHM, domain, bucket + "x", object));
    }
  }

  @Property(tries = 200)
  void rewrapSealedKey_anyKeys_movesTheSameObjectKeyToTheNewKey(
      @ForAll("key32") byte[] oekBytes,
      @ForAll("key32") byte[] oldEk,
      @ForAll("key32") byte[] newEk,
      @ForAll("key32") byte[] oldIv,
      @ForAll("key32") byte[] newIv,
      @ForAll("nonce12") byte[] nonce,
      @ForAll AeadCipher cipher,
      @ForAll("names") String bucket,
      @ForAll("names") String object) {
    Assume.that(!java.util.Arrays.equals(oldEk, newEk));
    try (SecretBytes oldKey = SecretBytes.copyOf(oldEk);
        SecretBytes newKey = SecretBytes.copyOf(newEk);
        ObjectKey oek = ObjectKey.of(SecretBytes.copyOf(oekBytes))) {
      byte[] sealed =
          oek.seal(oldKey, oldIv, SseType.SSE_S3, bucket, object, AeadCipher.AES_256_GCM, nonce);
      byte[] out = new byte[ObjectKey.SEALED_SIZE + 3];
      Rewrap.rewrapSealedKey(
          sealed,
          bucket,
          object,
          oldKey,
          oldIv,
          SseType.SSE_S3,
          newKey,
          newIv,
          SseType.SSE_KMS,
          cipher,
          nonce,
          out,
          3);
      byte[] rewrapped = java.util.Arrays.copyOfRange(out, 3, out.length);
      try (ObjectKey back =
          ObjectKey.unseal(
              rewrapped,
              newKey,
              newIv,
              ObjectKey.SEAL_ALGORITHM,
              SseType.SSE_KMS,
              bucket,
              object)) {
        assertArrayEquals(oekBytes, back.secret().toByteArray());
      }
      assertThrows(
          IntegrityException.class,
          () ->
              ObjectKey.unseal(
                  rewrapped,
                  oldKey,
                  newIv,
                  ObjectKey.SEAL_ALGORITHM,
                  SseType.SSE_KMS,
                  bucket,
                  object));
    }
  }
}
