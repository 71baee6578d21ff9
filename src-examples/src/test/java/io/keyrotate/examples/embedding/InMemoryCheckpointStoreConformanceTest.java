package io.keyrotate.examples.embedding;

import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.conformance.CheckpointStoreConformanceTest;

/** The example {@link InMemoryCheckpointStore} passes keyrotate's checkpoint-store conformance kit. */
class InMemoryCheckpointStoreConformanceTest extends CheckpointStoreConformanceTest {
  @Override
  protected Fixture newFixture() {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    return new Fixture() {
      @Override
      public CheckpointStore store() {
        return store;
      }
    };
  }
}
