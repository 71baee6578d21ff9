package io.keyrotate.runner;

import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;

/**
 * The parts a production job runs with: the rotation policy ({@link PolicyDecider}, with a current-version
 * check when the KMS can tell key versions apart), MinIO's SSE formats ({@link SseRotator}) and the
 * internal-data rotator. Stateless; every job gets its own parts.
 */
enum ProductionComponents implements Components {
  INSTANCE;

  @Override
  public Decider decider(Setup setup) {
    Kms kms = setup.kms();
    Kms raw = kms instanceof MeteredKms ? ((MeteredKms) kms).delegate() : kms;
    return new PolicyDecider(
        setup.job(), setup.targetKeyId(), kms, PolicyDecider.canTellCurrent(raw));
  }

  @Override
  public VersionRotator rotator(Setup setup) {
    return new SseRotator(setup);
  }

  /**
   * Not available yet: internal-data rotation (MinIO's config blobs) lands separately. Refusing here
   * makes {@link KeyRotation#start} fail before anything is touched, instead of a job that silently
   * leaves internal data under the old key.
   */
  @Override
  public InternalRotator internal(Setup setup, InternalDataStore store) {
    throw new IllegalStateException(
        "this build of keyrotate-core cannot re-encrypt internal data yet; run the job without"
            + " KeyRotation.Builder.internalData(...)");
  }
}
