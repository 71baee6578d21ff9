package io.keyrotate.runner;

import io.keyrotate.spi.InternalDataStore;
import io.keyrotate.spi.Kms;

/**
 * The parts a production job runs with: the rotation policy ({@link PolicyDecider}, with a current-version
 * check when the KMS can tell key versions apart), MinIO's SSE formats ({@link SseRotator}) and MinIO's
 * internal-data formats ({@link InternalDataRotator}). Stateless; every job gets its own parts.
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

  @Override
  public InternalRotator internal(Setup setup, InternalDataStore store) {
    return new InternalDataRotator(setup, store);
  }
}
