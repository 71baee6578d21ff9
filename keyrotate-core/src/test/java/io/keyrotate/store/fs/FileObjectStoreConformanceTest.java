package io.keyrotate.store.fs;

import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.conformance.ObjectStoreConformanceTest;
import io.keyrotate.spi.conformance.Seed;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreConformanceTest extends ObjectStoreConformanceTest {
  @TempDir Path dir;

  @Override
  protected Fixture newFixture() {
    FileObjectStore store = FileObjectStore.open(dir.resolve("store"));
    return new Fixture() {
      @Override
      public ObjectStore store() {
        return store;
      }

      @Override
      public void createBucket(String bucket, boolean versioned) {
        store.createBucket(bucket, versioned);
      }

      @Override
      public ObjectVersion put(Seed seed) {
        return store.put(
            PutRequest.builder(seed.bucket(), seed.key())
                .data(seed.data())
                .userMetadata(seed.userMetadata())
                .tags(seed.tags())
                .internalMetadata(seed.internalMetadata())
                .parts(seed.partSizes())
                .lock(seed.lock())
                .build());
      }

      @Override
      public ObjectVersion putDeleteMarker(String bucket, String key) {
        ObjectVersion m = store.delete(bucket, key, null);
        if (m == null) {
          throw new AssertionError("no delete marker");
        }
        return m;
      }

      @Override
      public void removeVersion(ObjectVersion version) {
        store.delete(version.bucket(), version.key(), version.versionId());
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
