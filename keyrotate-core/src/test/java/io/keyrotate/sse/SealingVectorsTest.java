package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.sse.internal.GoBase64;
import io.keyrotate.sse.internal.GoStrings;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** kek.json and seal.json: sealing-key derivation, seal, unseal (positive and negative). */
class SealingVectorsTest {

  @TestFactory
  Stream<DynamicTest> kek_everyVector_matchesJoinedPathKekAndSealedKey() {
    return Vectors.tests("kek.json", "vectors", SealingVectorsTest::checkKek);
  }

  private static void checkKek(V v) {
    String bucket = v.goStr("bucket");
    String object = v.goStr("object");
    SseType domain = v.sseType("domain");
    assertArrayEquals(
        v.hex("joinedPathHex"), GoStrings.toBytes(GoPath.join(bucket, object)), "path.Join");
    try (SecretBytes ek = v.secret("ek");
        SecretBytes kek = ObjectKey.sealingKey(ek, v.hex("iv"), domain, bucket, object)) {
      assertEquals(v.str("kek"), Vectors.hex(kek.toByteArray()));
      V check = v.obj("check");
      try (ObjectKey oek = ObjectKey.of(check.secret("oek"))) {
        byte[] sealed =
            oek.seal(
                ek,
                v.hex("iv"),
                domain,
                bucket,
                object,
                check.cipher("cipher"),
                check.hex("dareNonce"));
        assertEquals(check.str("sealedKey"), Vectors.hex(sealed));
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> seal_everyVector_reproducesTheSealedKey() {
    return Vectors.tests("seal.json", "vectors", SealingVectorsTest::checkSeal);
  }

  private static void checkSeal(V v) {
    String bucket = v.goStr("bucket");
    String object = v.goStr("object");
    SseType domain = v.sseType("domain");
    assertEquals(ObjectKey.SEAL_ALGORITHM, v.str("sealAlgorithm"));
    try (SecretBytes ek = v.secret("ek");
        ObjectKey oek = ObjectKey.of(v.secret("oek"))) {
      try (SecretBytes kek = ObjectKey.sealingKey(ek, v.hex("iv"), domain, bucket, object)) {
        assertEquals(v.str("kek"), Vectors.hex(kek.toByteArray()));
      }
      byte[] sealed =
          oek.seal(ek, v.hex("iv"), domain, bucket, object, v.cipher("cipher"), v.hex("dareNonce"));
      assertEquals(v.str("sealedKey"), Vectors.hex(sealed));
      assertEquals(v.str("sealedKeyB64"), GoBase64.encode(sealed));
      try (ObjectKey back =
          ObjectKey.unseal(
              sealed, ek, v.hex("iv"), ObjectKey.SEAL_ALGORITHM, domain, bucket, object)) {
        assertEquals(v.str("oek"), Vectors.hex(back.secret().toByteArray()));
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> unseal_everyVector_returnsTheKeyOrFails() {
    return Vectors.tests("seal.json", "unsealVectors", SealingVectorsTest::checkUnseal);
  }

  private static void checkUnseal(V v) {
    try (SecretBytes ek = v.secret("ek")) {
      if (v.bool("expectError")) {
        KeyRotateException e =
            assertThrows(KeyRotateException.class, () -> unseal(v, ek).close(), v.name());
        assertTrue(
            e instanceof IntegrityException || e instanceof FormatException,
            e.getClass().getName());
        if (v.str("error").startsWith("The secret key does not match")) {
          // Key/IV/domain/path mismatches and tampered packages must be integrity failures, except
          // where a header byte makes the package structurally invalid.
          assertTrue(
              e instanceof IntegrityException
                  || v.name().contains("tampered")
                  || v.name().contains("labelled-legacy"),
              v.name() + " gave " + e);
        } else {
          assertTrue(e instanceof FormatException, v.name() + " gave " + e);
        }
        return;
      }
      try (ObjectKey oek = unseal(v, ek)) {
        // For the legacy DARE-SHA256 vectors this is the correct key, not MinIO's all-zero result.
        assertEquals(v.str("oek"), Vectors.hex(oek.secret().toByteArray()));
      }
    }
  }

  private static ObjectKey unseal(V v, SecretBytes ek) {
    return ObjectKey.unseal(
        v.hex("sealedKey"),
        ek,
        v.hex("iv"),
        v.str("sealAlgorithm"),
        v.sseType("domain"),
        v.goStr("bucket"),
        v.goStr("object"));
  }

  @TestFactory
  Stream<DynamicTest> generateKey_everyVector_matchesMinioGenerateKey() {
    return Vectors.tests(
        "seal.json",
        "generateKeyVectors",
        v -> {
          try (SecretBytes ek = v.secret("ek");
              ObjectKey oek = ObjectKey.generate(ek, v.hex("random"))) {
            assertEquals(v.str("oek"), Vectors.hex(oek.secret().toByteArray()));
          }
        });
  }
}
