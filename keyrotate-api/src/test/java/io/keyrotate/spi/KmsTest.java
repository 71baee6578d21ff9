package io.keyrotate.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KmsTest {
  /** Records calls; generateKey fails when asked for key "missing". */
  private static final class Recording implements Kms {
    final List<String> calls = new ArrayList<>();
    final List<SecretBytes> handedOut = new ArrayList<>();

    @Override
    public String defaultKeyId() {
      return "k";
    }

    @Override
    public DataKey generateKey(GenerateKeyRequest request) {
      calls.add("generate " + request.keyId() + " " + request.context());
      if (request.keyId().equals("missing")) {
        throw new KmsException("no key missing");
      }
      return new DataKey(
          SecretBytes.copyOf(new byte[] {9}), KmsCiphertext.copyOf(new byte[] {1, 2}), request.keyId());
    }

    @Override
    public SecretBytes decrypt(DecryptRequest request) {
      calls.add("decrypt " + request.keyId() + " " + request.context());
      SecretBytes s = SecretBytes.copyOf(new byte[] {7});
      handedOut.add(s);
      return s;
    }
  }

  @Test
  void isCurrent_default_cannotTell() {
    assertEquals(
        KeyVersionState.UNKNOWN,
        new Recording().isCurrent(new IsCurrentRequest("k", KmsCiphertext.copyOf(new byte[] {1}))));
  }

  @Test
  void rewrap_default_decryptsThenGenerates() {
    Recording kms = new Recording();
    try (RewrapResult r =
        kms.rewrap(
            new RewrapRequest(
                "old", KmsCiphertext.copyOf(new byte[] {5}), Map.of("a", "1"), "new", Map.of("b", "2")))) {
      assertArrayEquals(new byte[] {7}, r.oldKey().toByteArray());
      assertArrayEquals(new byte[] {9}, r.newKey().plaintext().toByteArray());
      assertEquals("new", r.newKey().keyId());
    }
    assertEquals(List.of("decrypt old {a=1}", "generate new {b=2}"), kms.calls);
    assertTrue(kms.handedOut.get(0).isClosed(), "closing the result wipes the old key");
  }

  @Test
  void rewrap_generateFails_wipesDecryptedKey() {
    Recording kms = new Recording();
    RewrapRequest req =
        new RewrapRequest("old", KmsCiphertext.copyOf(new byte[] {5}), Map.of(), "missing", Map.of());
    assertThrows(KmsException.class, () -> kms.rewrap(req));
    assertTrue(kms.handedOut.get(0).isClosed());
  }

  @Test
  void dataKey_toString_redactsEverything() {
    byte[] secret = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
    DataKey k = new DataKey(SecretBytes.copyOf(secret), KmsCiphertext.copyOf(secret), "key-1");
    String s = k.toString();
    assertFalse(s.toLowerCase().contains("dead"), s);
    assertFalse(s.contains("3q2+7w"), s); // base64 of the bytes
    assertTrue(s.contains("key-1"), s);
    k.close();
    assertTrue(k.plaintext().isClosed());
  }

  @Test
  void kmsCiphertext_copiesInAndOut() {
    byte[] b = {1, 2, 3};
    KmsCiphertext c = KmsCiphertext.copyOf(b);
    b[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, c.toByteArray());
    c.toByteArray()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, c.toByteArray());
    assertEquals(c, KmsCiphertext.fromBase64(c.toBase64()));
    assertEquals(c.hashCode(), KmsCiphertext.fromBase64("AQID").hashCode());
    assertNotEquals(c, KmsCiphertext.copyOf(new byte[] {1, 2}));
    assertEquals("KmsCiphertext[3 bytes]", c.toString());
    assertThrows(IllegalArgumentException.class, () -> KmsCiphertext.copyOf(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> KmsCiphertext.fromBase64(""));
    assertThrows(IllegalArgumentException.class, () -> KmsCiphertext.fromBase64("A?=="));
  }

  @Test
  void requests_badKeyId_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new GenerateKeyRequest("", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new GenerateKeyRequest("a\nb", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new GenerateKeyRequest("x".repeat(257), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new GenerateKeyRequest("\ud800", Map.of()));
    assertEquals("k\ud83d\ude00", new GenerateKeyRequest("k\ud83d\ude00", Map.of()).keyId());
  }

  @Test
  void requests_context_copiedInOrder() {
    LinkedHashMap<String, String> ctx = new LinkedHashMap<>();
    ctx.put("z", "1");
    ctx.put("a", "2");
    GenerateKeyRequest r = new GenerateKeyRequest("k", ctx);
    ctx.put("m", "3");
    assertEquals(List.of("z", "a"), new ArrayList<>(r.context().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> r.context().put("q", "r"));
  }

  @Test
  void rewrapResult_close_wipesBoth() {
    SecretBytes old = SecretBytes.copyOf(new byte[] {1});
    DataKey fresh =
        new DataKey(SecretBytes.copyOf(new byte[] {2}), KmsCiphertext.copyOf(new byte[] {3}), "k");
    RewrapResult r = new RewrapResult(old, fresh);
    assertSame(old, r.oldKey());
    r.close();
    assertTrue(old.isClosed());
    assertTrue(fresh.plaintext().isClosed());
  }
}
