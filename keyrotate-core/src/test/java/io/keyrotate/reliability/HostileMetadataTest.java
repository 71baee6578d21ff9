package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.sse.SseSpec;
import io.keyrotate.store.fs.FileObjectStore;
import io.keyrotate.store.fs.GetRequest;
import io.keyrotate.store.fs.GetResult;
import io.keyrotate.store.fs.PutRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/** Regressions found by the store-metadata campaign: single tampered fields of a metadata file. */
class HostileMetadataTest {
  @TempDir Path dir;

  static List<Path> metadataFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve("buckets"))) {
      return s.filter(p -> p.getFileName().toString().contains("@m")).sorted().toList();
    }
  }

  /** A LineFormat document: the body and its {@code crc} line. */
  static byte[] withCrc(String body) {
    byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
    CRC32C crc = new CRC32C();
    crc.update(b);
    return Mutator.concat(b, Mutator.ascii(String.format(Locale.ROOT, "crc %08x\n", crc.getValue())));
  }

  /** Writes {@code content} as a blob's data file and its metadata's size (with a valid checksum). */
  static void replaceBlob(Path meta, Path data, String metaText, byte[] content) throws IOException {
    Files.write(data, content);
    String text = metaText.replaceFirst("\nsize [0-9]+\n", "\nsize " + content.length + "\n");
    Files.write(meta, withCrc(text.substring(0, text.lastIndexOf("crc "))));
  }

  /** Replaces one line of a version's metadata file (keeping its checksum valid). */
  private static void tamper(Path root, String lineStart, String replacement) throws Exception {
    Path meta = metadataFiles(root).get(0);
    String text = new String(Files.readAllBytes(meta), StandardCharsets.US_ASCII);
    String line = text.lines().filter(l -> l.startsWith(lineStart)).findFirst().orElseThrow();
    String tampered = text.replace(line, replacement);
    Files.write(meta, withCrc(tampered.substring(0, tampered.lastIndexOf("crc "))));
  }

  private static KeyRotateException getFails(FileObjectStore store, String key) {
    return assertThrows(
        KeyRotateException.class,
        () -> {
          try (GetResult r = store.get(GetRequest.of("demo", key))) {
            r.stream().readAllBytes();
          }
        });
  }

  @Test
  void fileObjectStoreGet_dataFileNameOutsideTheKeyDirectory_isRefused() throws Exception {
    Path outside = dir.resolve("outside");
    byte[] secret = "not part of the store: /etc/shadow stand-in".getBytes(StandardCharsets.US_ASCII);
    Files.write(outside, secret);
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      store.createBucket("demo", false);
      store.put(PutRequest.builder("demo", "k").data(new byte[secret.length]).build());
      Path meta = metadataFiles(dir.resolve("store")).get(0);
      tamper(dir.resolve("store"), "data ", "data " + meta.getParent().relativize(outside));
      KeyRotateException e = getFails(store, "k");
      assertTrue(e instanceof ObjectStoreException, e.toString());
      assertTrue(e.getMessage().contains("data file name"), e.getMessage());
    }
  }

  @Test
  void fileObjectStoreGet_storedKmsKeyIdWithControlCharacter_failsWithFormatException() throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      store.createBucket("demo", false);
      store.put(PutRequest.builder("demo", "k").data(new byte[10]).encryption(SseSpec.kms("main", Map.of())).build());
      String entry = "e X%2DMinio%2DInternal%2DServer%2DSide%2DEncryption%2DS3%2DKms%2DKey%2DId ";
      tamper(dir.resolve("store"), entry, entry + "ma%01in");
      KeyRotateException e = getFails(store, "k");
      assertTrue(e instanceof FormatException, e.toString());
      assertTrue(e.getMessage().contains("demo/k"), e.getMessage());
    }
  }

  @Test
  void internalDataRead_sizeFieldOf2To31_failsFastWithoutAllocatingIt(TestReporter reporter) throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      store.internalData().write(BlobWrite.create("config/config.json", new byte[100]));
      Path meta;
      try (Stream<Path> s = Files.walk(dir.resolve("store").resolve("system"))) {
        meta = s.filter(p -> p.getFileName().toString().contains("@m")).findFirst().orElseThrow();
      }
      byte[] pristine = Files.readAllBytes(meta);
      String text = new String(pristine, StandardCharsets.US_ASCII);
      try (Campaign c = new Campaign("internal-data-huge-size", "fixed", 10_000, 0, ObjectStoreException.class)) {
        for (long size : new long[] {101, 2_147_483_639L, 2_147_483_647L, 3_000_000_000L, Long.MAX_VALUE}) {
          String tampered = text.replace("\nsize 100\n", "\nsize " + size + "\n");
          byte[] doc = withCrc(tampered.substring(0, tampered.lastIndexOf("crc ")));
          c.runBytes(doc, in -> {
            Files.write(meta, in);
            store.internalData().read("config/config.json");
          });
        }
        Files.write(meta, pristine);
        c.finish(reporter);
      }
    }
  }

  @Test
  void checkpointLoad_doneMarkerWithEmptyBucket_failsWithObjectStoreException() throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      store.checkpoints().save(
          new JobCheckpoint("job-1", "h", new ObjectRef("demo", "k", null), Map.of(),
              JobCheckpoint.Status.RUNNING, Instant.EPOCH, Instant.EPOCH));
      Path meta;
      Path data;
      try (Stream<Path> s = Files.walk(dir.resolve("store").resolve("system"))) {
        List<Path> all = s.filter(Files::isRegularFile).toList();
        meta = all.stream().filter(p -> p.getFileName().toString().contains("@m")).findFirst().orElseThrow();
        data = all.stream().filter(p -> p.getFileName().toString().contains("@d")).findFirst().orElseThrow();
      }
      String content = new String(Files.readAllBytes(data), StandardCharsets.US_ASCII);
      String tampered = content.replace("\ndone demo k -\n", "\ndone  k -\n");
      replaceBlob(meta, data, new String(Files.readAllBytes(meta), StandardCharsets.US_ASCII),
          withCrc(tampered.substring(0, tampered.lastIndexOf("crc "))));
      ObjectStoreException e =
          assertThrows(ObjectStoreException.class, () -> store.checkpoints().load("job-1"));
      assertTrue(e.getMessage().contains("checkpoint of job"), e.getMessage());
    }
  }
}
