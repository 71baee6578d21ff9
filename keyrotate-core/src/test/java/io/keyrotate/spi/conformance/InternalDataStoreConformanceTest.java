package io.keyrotate.spi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.ObjectChangedException;
import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobInfo;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.BlobPage;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.InternalDataStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance tests for {@link InternalDataStore}. Extend it and implement {@link #newStore()}; each test
 * gets a fresh, empty store.
 */
public abstract class InternalDataStoreConformanceTest {
  /**
   * Creates a fresh, empty store.
   *
   * @return the store
   * @throws Exception when it cannot be created
   */
  protected abstract InternalDataStore newStore() throws Exception;

  /** Releases the store; override when it holds resources. */
  protected void close(InternalDataStore store) throws Exception {}

  private @Nullable InternalDataStore store;

  private InternalDataStore store() {
    if (store == null) {
      throw new IllegalStateException("no store");
    }
    return store;
  }

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      close(store);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String IDENTITY = "config/iam/users/alice/identity.json";

  @Test
  void read_missing_returnsNull() {
    assertNull(store().read(IDENTITY));
  }

  @Test
  void create_thenRead_returnsContentAndVersion() {
    String v = store().write(BlobWrite.create(IDENTITY, b("{\"version\":1}")));
    Blob blob = store().read(IDENTITY);
    assertNotNull(blob);
    assertEquals(IDENTITY, blob.name());
    assertEquals(v, blob.version());
    assertArrayEquals(b("{\"version\":1}"), blob.content());
  }

  @Test
  void create_whenItExists_throwsObjectChangedAndKeepsContent() {
    store().write(BlobWrite.create(IDENTITY, b("first")));
    assertThrows(ObjectChangedException.class, () -> store().write(BlobWrite.create(IDENTITY, b("second"))));
    assertArrayEquals(b("first"), store().read(IDENTITY).content());
  }

  @Test
  void replace_atCurrentVersion_writesAndChangesTheVersion() {
    String v1 = store().write(BlobWrite.create(IDENTITY, b("one")));
    String v2 = store().write(BlobWrite.replace(IDENTITY, b("two"), v1));
    assertNotEquals(v1, v2);
    String v3 = store().write(BlobWrite.replace(IDENTITY, b("two"), v2));
    assertNotEquals(v2, v3, "the version changes on every write, even with equal content");
    assertArrayEquals(b("two"), store().read(IDENTITY).content());
  }

  @Test
  void replace_staleVersion_throwsObjectChangedAndKeepsContent() {
    String v1 = store().write(BlobWrite.create(IDENTITY, b("one")));
    store().write(BlobWrite.replace(IDENTITY, b("two"), v1));
    ObjectChangedException e =
        assertThrows(
            ObjectChangedException.class,
            () -> store().write(BlobWrite.replace(IDENTITY, b("three"), v1)));
    assertTrue(e.isRetryable());
    assertArrayEquals(b("two"), store().read(IDENTITY).content());
  }

  @Test
  void replace_missingBlob_throwsObjectChanged() {
    assertThrows(
        ObjectChangedException.class, () -> store().write(BlobWrite.replace(IDENTITY, b("x"), "v1")));
    assertNull(store().read(IDENTITY));
  }

  @Test
  void write_emptyAndLargeContent_roundTrips() {
    store().write(BlobWrite.create("config/empty.json", new byte[0]));
    assertEquals(0, store().read("config/empty.json").size());
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i ^ (i >>> 8));
    }
    store().write(BlobWrite.create("config/big.bin", big));
    assertArrayEquals(big, store().read("config/big.bin").content());
  }

  @Test
  void list_prefixAndPaging_inUtf8OrderWithVersions() {
    List<String> names =
        List.of("config/config.json", "config/history/1.kv", "config/history/2.kv",
            "config/iam/format.json", "config/iam/users/alice/identity.json",
            "config/iam/users/\u00e9l\u00e8ve/identity.json", "config/iam-x", "buckets/b/.metadata.bin",
            "config/tier-config.bin");
    List<String> versions = new ArrayList<>();
    for (String n : names) {
      versions.add(store().write(BlobWrite.create(n, b(n))));
    }
    List<String> expected = new ArrayList<>(names);
    expected.sort(
        (x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    for (int size = 1; size <= names.size() + 1; size++) {
      List<BlobInfo> all = new ArrayList<>();
      BlobListRequest req = new BlobListRequest("", null, size);
      while (true) {
        BlobPage page = store().list(req);
        assertTrue(page.blobs().size() <= size);
        all.addAll(page.blobs());
        if (page.next() == null) {
          break;
        }
        req = req.withStartAfter(page.next());
      }
      assertEquals(expected, all.stream().map(BlobInfo::name).toList(), "page size " + size);
      for (BlobInfo i : all) {
        assertEquals(versions.get(names.indexOf(i.name())), i.version());
        assertEquals(b(i.name()).length, i.size());
      }
    }
    assertEquals(
        List.of("config/iam/format.json", "config/iam/users/alice/identity.json",
            "config/iam/users/\u00e9l\u00e8ve/identity.json"),
        store().list(BlobListRequest.of("config/iam/")).blobs().stream().map(BlobInfo::name).toList());
  }

  @Test
  void names_withPathTricks_areRejected() {
    for (String bad : List.of("../etc/passwd", "/abs", "a//b", "a/./b", "a/")) {
      assertThrows(IllegalArgumentException.class, () -> store().read(bad), bad);
    }
  }

  @Test
  void create_twoThreadsRace_exactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String name = "config/race/" + round;
      List<Object> out =
          Races.run(List.of(() -> store().write(BlobWrite.create(name, b("A"))),
              () -> store().write(BlobWrite.create(name, b("B")))));
      assertEquals(1, out.stream().filter(o -> o instanceof String).count(), out.toString());
      assertEquals(1, out.stream().filter(o -> o instanceof ObjectChangedException).count(), out.toString());
    }
  }

  @Test
  void replace_twoThreadsRace_exactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String name = "config/race/" + round;
      String v = store().write(BlobWrite.create(name, b("0")));
      List<Object> out =
          Races.run(List.of(() -> store().write(BlobWrite.replace(name, b("A"), v)),
              () -> store().write(BlobWrite.replace(name, b("B"), v))));
      assertEquals(1, out.stream().filter(o -> o instanceof String).count(), out.toString());
      String winner = (String) out.stream().filter(o -> o instanceof String).findFirst().get();
      assertEquals(winner, store().read(name).version());
    }
  }

}
