package io.keyrotate.kms.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyrotate.EncryptionState;
import io.keyrotate.IntegrityException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewrapRequest;
import io.keyrotate.spi.RewrapResult;
import io.keyrotate.sse.Rewrap;
import io.keyrotate.sse.SseMetadata;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.sse.SseType;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end at the SSE-toolkit level: a FileObjectStore whose KMS is the HSM holds SSE-KMS and SSE-S3
 * objects sealed under HSM key A; each is rewrapped to HSM key B (metadata only, as a job's REWRAP does)
 * and reads back unchanged; the data files are untouched. It drives a job's REWRAP steps by hand
 * (Kms.rewrap, Rewrap.rewrap, ObjectStore.replaceEncryption) to check each one; {@link
 * Pkcs11RotationJobTest} runs the whole job through the production runner.
 */
class Pkcs11EndToEndTest {
  @TempDir Path dir;

  private static byte[] data(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] get(FileObjectStore store, String key) throws IOException {
    try (GetResult r = store.get(new GetRequest("demo", key, null, 0, -1, null))) {
      return r.stream().readAllBytes();
    }
  }

  private static byte[] stored(FileObjectStore store, ObjectVersion v) throws IOException {
    try (ReadResult r = store.open(ReadRequest.of(v))) {
      return r.stream().readAllBytes();
    }
  }

  @Test
  void rewrap_bucketFromHsmKeyAToHsmKeyB_objectsReadBackAndDataIsUntouched() throws IOException {
    SoftHsm hsm = SoftHsm.get();
    String a = SoftHsm.uniqueName("e2e-a");
    String b = SoftHsm.uniqueName("e2e-b");
    try (Pkcs11Kms kms = Pkcs11Kms.create(hsm.config(a).build());
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      kms.createKey(b);
      store.createBucket("demo", true);
      List<ObjectVersion> before = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        SseSpec spec = i % 3 == 2 ? SseSpec.s3() : SseSpec.kms(a, Map.of("app", "demo-" + i));
        before.add(
            store.put(PutRequest.builder("demo", "obj/" + i).data(data(70_000 + i, i)).encryption(spec).build()));
      }

      for (ObjectVersion v : before) {
        SseMetadata m = SseMetadata.parse(v.internalMetadata());
        assertEquals(a, m.kmsKeyId());
        byte[] dataBefore = stored(store, v);
        byte[] kmsCt = m.kmsCiphertext();
        assertNotNull(kmsCt);
        assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest(b, KmsCiphertext.copyOf(kmsCt))));
        Map<String, String> aad = m.kmsAssociatedData("demo", v.key()).asMap();
        SseType target = v.encryption() instanceof EncryptionState.SseS3 ? SseType.SSE_S3 : SseType.SSE_KMS;
        Map<String, String> rewrapped;
        try (RewrapResult keys = kms.rewrap(new RewrapRequest(a, KmsCiphertext.copyOf(kmsCt), aad, b, aad))) {
          rewrapped =
              Rewrap.rewrap(
                  io.keyrotate.sse.RewrapRequest.builder()
                      .metadata(v.internalMetadata())
                      .object("demo", v.key())
                      .oldDataKey(keys.oldKey())
                      .newDataKey(keys.newKey().plaintext(), keys.newKey().keyId(),
                          keys.newKey().ciphertext().toByteArray())
                      .newContext(m.context())
                      .target(target)
                      .build());
        }
        ObjectVersion after = store.replaceEncryption(new ReplaceEncryptionRequest(v, rewrapped));
        assertEquals(v.versionId(), after.versionId());
        assertArrayEquals(dataBefore, stored(store, after), "a rewrap leaves the data untouched");
        SseMetadata m2 = SseMetadata.parse(after.internalMetadata());
        assertEquals(b, m2.kmsKeyId());
        assertEquals(m.context(), m2.context(), "the client context is kept");
        assertEquals(KeyVersionState.CURRENT,
            kms.isCurrent(new IsCurrentRequest(b, KmsCiphertext.copyOf(m2.kmsCiphertext()))));
      }

      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(data(70_000 + i, i), get(store, "obj/" + i), "obj/" + i);
      }

      // Rotating B makes every object outdated again; the old version still reads.
      kms.rotateKey(b);
      ObjectVersion first = store.stat("demo", "obj/0", null);
      assertNotNull(first);
      byte[] ct = SseMetadata.parse(first.internalMetadata()).kmsCiphertext();
      assertNotNull(ct);
      assertEquals(KeyVersionState.OUTDATED, kms.isCurrent(new IsCurrentRequest(b, KmsCiphertext.copyOf(ct))));
      assertArrayEquals(data(70_000, 0), get(store, "obj/0"));

      // Metadata that names key A for a data key sealed by B does not open.
      Map<String, String> forged = new java.util.HashMap<>(first.internalMetadata());
      forged.put(SseMetadata.KMS_KEY_ID, a);
      assertNotEquals(first.internalMetadata(), forged);
      store.replaceEncryption(new ReplaceEncryptionRequest(first, forged));
      assertThrows(IntegrityException.class, () -> get(store, "obj/0"));
    }
  }
}
