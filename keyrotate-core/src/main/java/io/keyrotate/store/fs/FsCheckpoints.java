package io.keyrotate.store.fs;

import io.keyrotate.FormatException;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.internal.Texts;
import io.keyrotate.spi.CheckpointStore;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ListRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CheckpointStore} of a {@link FileObjectStore}: one blob per job id; a save replaces it with
 * one atomic rename.
 */
final class FsCheckpoints implements CheckpointStore {
  private final BlobSpace blobs;

  FsCheckpoints(BlobSpace blobs) {
    this.blobs = blobs;
  }

  @Override
  public @Nullable JobCheckpoint load(String jobId) {
    BlobSpace.Item b = blobs.read(JobCheckpoint.checkJobId(jobId));
    if (b == null) {
      return null;
    }
    try {
      return CheckpointCodec.decode(b.content, "checkpoint of job '" + Texts.clip(jobId) + "'");
    } catch (FormatException e) {
      throw new ObjectStoreException(e.getMessage(), e, false);
    }
  }

  @Override
  public void save(JobCheckpoint checkpoint) {
    blobs.put(checkpoint.jobId(), CheckpointCodec.encode(checkpoint));
  }

  @Override
  public List<String> jobIds() {
    List<String> ids = new ArrayList<>();
    String after = null;
    do {
      BlobSpace.ItemPage page = blobs.list("", after, ListRequest.MAX_RESULTS);
      for (BlobSpace.Item b : page.items) {
        ids.add(b.name);
      }
      after = page.next;
    } while (after != null);
    return ids;
  }
}
