package io.keyrotate.runner;

import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.ObjectStore;
import org.jspecify.annotations.Nullable;

/**
 * Makes the per-job parts the engine drives: the decider (rotation policy), the rotator (SSE toolkit)
 * and the internal-data rotator. The production set is {@link ProductionComponents}; engine tests plug in
 * fakes.
 */
interface Components {
  /** Everything a part may need about the job. */
  record Setup(
      KeyRotateJob job,
      String targetKeyId,
      ObjectStore store,
      Kms kms,
      @Nullable DataKeyReuse dataKeyReuse,
      Ticker ticker) {}

  Decider decider(Setup setup);

  VersionRotator rotator(Setup setup);

  InternalRotator internal(Setup setup, InternalDataStore store);
}
