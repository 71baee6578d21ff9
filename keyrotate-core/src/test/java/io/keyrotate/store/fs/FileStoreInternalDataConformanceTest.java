package io.keyrotate.store.fs;

import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.conformance.InternalDataStoreConformanceTest;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

class FileStoreInternalDataConformanceTest extends InternalDataStoreConformanceTest {
  @TempDir Path dir;
  private @Nullable FileObjectStore store;

  @Override
  protected InternalDataStore newStore() {
    store = FileObjectStore.open(dir.resolve("store"));
    return store.internalData();
  }

  @Override
  protected void close(InternalDataStore ignored) {
    if (store != null) {
      store.close();
    }
  }
}
