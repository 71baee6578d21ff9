package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.sse.Vectors.V;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects uploaded to MinIO (data.json: stored bytes, part layout and metadata exactly as MinIO wrote
 * them) imported into a {@link FileObjectStore} whose KMS is the same builtin key, and read back.
 */
class FileObjectStoreMinioVectorsTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> minioUploads_importedIntoTheStore_readBack() {
    return Vectors.tests("data.json", "objectVectors", this::check);
  }

  private void check(V v) throws Exception {
    SseToolkitTest.MinioObject o = SseToolkitTest.minioObject(v);
    Path root = dir.resolve(v.name());
    try (LocalKms kms = LocalKms.fromMinioSecretKey(Vectors.object("data.json", "kms").str("secretKey"));
        FileObjectStore store = FileObjectStore.builder(root).kms(kms).open();
        SecretBytes key = v.has("ssecKey") ? v.secret("ssecKey") : null) {
      store.createBucket(o.bucket(), true);
      store.put(
          PutRequest.builder(o.bucket(), o.object())
              .data(o.stored())
              .parts(o.parts())
              .internalMetadata(o.meta())
              .build());
      try (GetResult r = store.get(new GetRequest(o.bucket(), o.object(), null, 0, -1, key))) {
        assertEquals(o.plain().length, r.size());
        assertArrayEquals(o.plain(), r.stream().readAllBytes());
      }
    }
  }
}
