package io.keyrotate.reliability;

import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.ObjectStore;
import io.keyrotate.spi.ReadRequest;
import io.keyrotate.spi.ReadResult;
import io.keyrotate.spi.ReplaceEncryptionRequest;
import io.keyrotate.spi.RewriteDataRequest;
import io.keyrotate.spi.VersionPage;

/**
 * An {@link ObjectStore} that forwards to another and lets {@link Faults} fail or delay each call before
 * it is forwarded, so a failed write has written nothing.
 */
final class FaultyObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final Faults faults;
  private final Faults lostReplies;

  FaultyObjectStore(ObjectStore delegate, Faults faults) {
    this(delegate, faults, new Faults(0, 0, 0, 0, 0, 0));
  }

  /**
   * With {@code lostReplies}, also fails writes after the delegate has made them (the reply was lost):
   * the caller sees an error for a write that happened.
   */
  FaultyObjectStore(ObjectStore delegate, Faults faults, Faults lostReplies) {
    this.delegate = delegate;
    this.faults = faults;
    this.lostReplies = lostReplies;
  }

  private ObjectVersion replied(String what, ObjectVersion done) {
    lostReplies.call(
        "store " + what + " (reply lost)", (m, retryable) -> new ObjectStoreException(m, null, retryable));
    return done;
  }

  private void fault(String what) {
    faults.call("store " + what, (m, retryable) -> new ObjectStoreException(m, null, retryable));
  }

  @Override
  public VersionPage list(ListRequest request) {
    fault("list");
    return delegate.list(request);
  }

  @Override
  public ReadResult open(ReadRequest request) {
    fault("open");
    return delegate.open(request);
  }

  @Override
  public ObjectVersion replaceEncryption(ReplaceEncryptionRequest request) {
    fault("replaceEncryption");
    return replied("replaceEncryption", delegate.replaceEncryption(request));
  }

  @Override
  public ObjectVersion rewriteData(RewriteDataRequest request) {
    fault("rewriteData");
    return replied("rewriteData", delegate.rewriteData(request));
  }

  @Override
  public String toString() {
    return "FaultyObjectStore[" + delegate + "]";
  }
}
