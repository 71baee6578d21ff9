package io.keyrotate.kms.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsTest {
  @TempDir Path dir;
  private static final Map<String, String> CTX = Map.of("bucket", "bucket/key");

  @Test
  void ciphertext_namesKeyAndVersion() {
    try (LocalKms kms = LocalKms.create(dir.resolve("k"), "main")) {
      kms.rotateKey("main");
      try (DataKey k = kms.generateKey(new GenerateKeyRequest("main", CTX))) {
        NativeCiphertext.Header h = NativeCiphertext.header(k.ciphertext().toByteArray());
        assertNotNull(h);
        assertEquals("main", h.name);
        assertEquals(2, h.version);
        assertEquals(3 + 1 + 4 + 4 + 16 + 12 + 48, k.ciphertext().length());
      }
    }
  }

  @Test
  void isCurrent_followsRotationsAndKeys() {
    try (LocalKms kms = LocalKms.create(dir.resolve("k"), "main")) {
      kms.createKey("other");
      DataKey k = kms.generateKey(new GenerateKeyRequest("main", CTX));
      k.close();
      assertEquals(KeyVersionState.CURRENT, kms.isCurrent(new IsCurrentRequest("main", k.ciphertext())));
      assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest("other", k.ciphertext())));
      assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest("nope", k.ciphertext())));
      kms.rotateKey("main");
      assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest("main", k.ciphertext())));
      assertEquals(
          KeyVersionState.UNKNOWN,
          kms.isCurrent(new IsCurrentRequest("main", io.keyrotate.spi.KmsCiphertext.copyOf(new byte[76]))));
    }
  }

  @Test
  void ciphertexts_surviveReopenAndRotation() {
    DataKey k;
    try (LocalKms kms = LocalKms.create(dir.resolve("k"), "main")) {
      k = kms.generateKey(new GenerateKeyRequest("main", CTX));
    }
    try (LocalKms kms = LocalKms.open(dir.resolve("k"))) {
      kms.rotateKey("main");
      kms.rotateKey("main");
      try (SecretBytes p = kms.decrypt(new DecryptRequest("main", k.ciphertext(), CTX))) {
        assertEquals(k.plaintext(), p);
      }
    }
    k.close();
  }

  @Test
  void anotherKeyringWithTheSameKeyName_cannotDecrypt() {
    try (LocalKms a = LocalKms.create(dir.resolve("a"), "main");
        LocalKms b = LocalKms.create(dir.resolve("b"), "main");
        DataKey k = a.generateKey(new GenerateKeyRequest("main", CTX))) {
      IntegrityException e =
          assertThrows(IntegrityException.class, () -> b.decrypt(new DecryptRequest("main", k.ciphertext(), CTX)));
      assertFalse(e.isRetryable());
    }
  }

  @Test
  void minioSecretKey_malformed_isAClearErrorWithoutTheKey() {
    String key = "eEm+JI9/q4JhH8QwKvf3LKo4DEBl6QbfvAl1CAbMIv8=";
    for (String bad : List.of(key, "k:" + key.substring(4), "k:AAAA", ":" + key, "bad name:" + key)) {
      KmsException e = assertThrows(KmsException.class, () -> LocalKms.fromMinioSecretKey(bad), bad);
      assertFalse(e.getMessage().contains(key.substring(4, 20)), e.getMessage());
    }
  }

  @Test
  void minioMode_hasOneKeyAndNoKeyring() {
    try (LocalKms kms = LocalKms.fromMinioSecretKey(MinioModeKmsConformanceTest.SECRET)) {
      assertEquals("my-key", kms.defaultKeyId());
      assertEquals(1, kms.listKeys().size());
      assertTrue(kms.listKeys().get(0).isDefault());
      assertEquals(null, kms.keyringFile());
      assertThrows(KmsException.class, () -> kms.createKey("x"));
      assertThrows(KmsException.class, () -> kms.rotateKey("my-key"));
      try (DataKey k = kms.generateKey(new GenerateKeyRequest("my-key", CTX))) {
        assertEquals(76, k.ciphertext().length(), "MinIO's builtin ciphertext layout");
        assertEquals(KeyVersionState.UNKNOWN, kms.isCurrent(new IsCurrentRequest("my-key", k.ciphertext())));
      }
    }
  }

  @Test
  void keyringFile_neverContainsAPlaintextDataKey() throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("k"), "main");
        DataKey k = kms.generateKey(new GenerateKeyRequest("main", CTX))) {
      byte[] file = Files.readAllBytes(dir.resolve("k"));
      byte[] p = k.plaintext().toByteArray();
      for (int i = 0; i + p.length <= file.length; i++) {
        assertFalse(java.util.Arrays.equals(file, i, i + p.length, p, 0, p.length));
      }
    }
  }
}
