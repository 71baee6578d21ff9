package io.keyrotate.store.fs;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.conformance.CheckpointStoreConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileStoreCheckpointConformanceTest extends CheckpointStoreConformanceTest {
  @TempDir Path dir;

  @Override
  protected Fixture newFixture() {
    return new Fixture() {
      private FileObjectStore store = FileObjectStore.open(dir.resolve("store"));

      @Override
      public CheckpointStore store() {
        return store.checkpoints();
      }

      @Override
      public CheckpointStore reopen() {
        store.close();
        store = FileObjectStore.open(dir.resolve("store"));
        return store.checkpoints();
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
