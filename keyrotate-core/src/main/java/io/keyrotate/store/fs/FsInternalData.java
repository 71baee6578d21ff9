package io.keyrotate.store.fs;

import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.BlobPage;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.InternalDataStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@link InternalDataStore} of a {@link FileObjectStore}. */
final class FsInternalData implements InternalDataStore {
  private final BlobSpace blobs;

  FsInternalData(BlobSpace blobs) {
    this.blobs = blobs;
  }

  @Override
  public BlobPage list(BlobListRequest request) {
    BlobSpace.ItemPage page =
        blobs.list(request.prefix(), request.startAfter(), request.maxResults());
    List<BlobInfo> out = new ArrayList<>(page.items.size());
    for (BlobSpace.Item i : page.items) {
      out.add(new BlobInfo(i.name, i.gen, i.size));
    }
    return new BlobPage(out, page.next);
  }

  @Override
  public @Nullable Blob read(String name) {
    BlobSpace.Item i = blobs.read(InternalDataStore.checkName(name));
    return i == null ? null : Blob.of(i.name, i.gen, i.content);
  }

  @Override
  public String write(BlobWrite request) {
    return blobs.write(request.name(), request.content(), request.expectedVersion());
  }
}
