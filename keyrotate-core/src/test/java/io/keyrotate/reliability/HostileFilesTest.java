package io.keyrotate.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import io.keyrotate.SecretBytes;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.spi.Blob;
import io.keyrotate.spi.BlobListRequest;
import io.keyrotate.spi.BlobWrite;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.JobCheckpoint;
import io.keyrotate.spi.ObjectRef;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.spi.ListRequest;
import io.keyrotate.spi.VersionPage;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz campaigns over the files the embedded defaults keep on disk: {@link LocalKms} keyring files and
 * ciphertexts, and {@link FileObjectStore} version metadata files. Mutations are applied both raw (which
 * the files' checksums must catch) and behind a recomputed checksum (which exercises the parsers as an
 * attacker who can write the files would). Only the documented exceptions may escape, and an object that
 * still reads must read as its original bytes.
 */
class HostileFilesTest {
  @TempDir Path dir;

  // ---------------------------------------------------------------- keyring files

  /** Replaces the keyring's SHA-256 trailer so a body mutation reaches the parser. */
  static byte[] withKeyringDigest(byte[] body) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    return Mutator.concat(body, md.digest(body));
  }

  @Test
  void localKmsOpen_mutatedKeyringFiles_failOnlyWithKmsException(TestReporter reporter) throws Exception {
    Path file = dir.resolve("keyring");
    try (LocalKms kms = LocalKms.create(file, "main")) {
      kms.createKey("second");
      kms.rotateKey("main");
      kms.rotateKey("second");
    }
    byte[] pristine = Files.readAllBytes(file);
    byte[] body = Arrays.copyOf(pristine, pristine.length - 32);
    Mutator m = new Mutator(new SplittableRandom(0x8_0408L));
    try (Campaign c = new Campaign("keyring-file", "0x80408", KmsException.class)) {
      for (int i = 0; i < 1500; i++) {
        byte[] input = i % 4 == 0 ? m.mutate(pristine) : withKeyringDigest(m.mutate(body));
        c.runBytes(input, in -> {
          Files.write(file, in); // keeps the file's owner-only permissions
          try (LocalKms kms = LocalKms.open(file)) {
            assertFalse(kms.listKeys().isEmpty());
            try (DataKey k = kms.generateKey(new GenerateKeyRequest(kms.defaultKeyId(), Map.of()))) {
              assertEquals(32, k.plaintext().length());
            }
          }
        });
      }
      c.finish(reporter);
    }
  }

  @Test
  void localKmsDecrypt_mutatedCiphertexts_failOnlyWithIntegrityOrKmsException(TestReporter reporter) {
    Map<String, String> ctx = Map.of("bucket", "bucket/object");
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main")) {
      kms.rotateKey("main");
      try (DataKey k = kms.generateKey(new GenerateKeyRequest("main", ctx))) {
        byte[] plain = k.plaintext().toByteArray();
        byte[] ct = k.ciphertext().toByteArray();
        Mutator m = new Mutator(new SplittableRandom(0x8_0409L));
        try (Campaign c = new Campaign("local-kms-ciphertext", "0x80409", IntegrityException.class,
            KmsException.class)) {
          for (int i = 0; i < 3000; i++) {
            String keyId = i % 50 == 0 ? "other" : "main";
            byte[] input = m.mutate(ct);
            while (input.length == 0) { // an empty KmsCiphertext cannot even be built
              input = m.mutate(ct);
            }
            c.runBytes(input, in -> {
              kms.isCurrent(new IsCurrentRequest(keyId, KmsCiphertext.copyOf(in)));
              try (SecretBytes got = kms.decrypt(new DecryptRequest(keyId, KmsCiphertext.copyOf(in), ctx))) {
                assertArrayEquals(plain, got.toByteArray(), "accepted ciphertext must yield the original key");
              }
            });
          }
          c.finish(reporter);
        }
      }
    }
  }

  // ---------------------------------------------------------------- store metadata files

  private static final SecretBytes CUSTOMER = SecretBytes.copyOf(HostileCryptoInputTest.fill(32, 99));

  /** A store with one object of each kind; returns each key's plaintext. */
  static Map<String, byte[]> populate(FileObjectStore store) {
    store.createBucket("demo", true);
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("plain/small", HostileCryptoInputTest.fill(100, 1));
    objects.put("plain/parts", HostileCryptoInputTest.fill(3000, 2));
    objects.put("s3/object", HostileCryptoInputTest.fill(70_000, 3));
    objects.put("kms/object", HostileCryptoInputTest.fill(500, 4));
    objects.put("ssec/object", HostileCryptoInputTest.fill(10, 5));
    objects.put("empty", new byte[0]);
    objects.forEach((key, data) -> {
      PutRequest.Builder b =
          PutRequest.builder("demo", key).data(data)
              .userMetadata(Map.of("x-amz-meta-owner", "ops\tteam \u00e9"))
              .tags(Map.of("team", "blue"));
      if (key.equals("plain/parts")) {
        b.parts(List.of(1000L, 2000L));
      } else if (key.startsWith("s3/")) {
        b.encryption(SseSpec.s3());
      } else if (key.startsWith("kms/")) {
        b.encryption(SseSpec.kms("main", Map.of("app", "demo")));
      } else if (key.startsWith("ssec/")) {
        b.encryption(SseSpec.customer(CUSTOMER));
      }
      store.put(b.build());
    });
    return objects;
  }

  /** Replaces one line's tokens or the line itself, then recomputes the {@code crc} line. */
  static byte[] mutateLines(byte[] doc, Mutator m) {
    String text = new String(doc, StandardCharsets.US_ASCII);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
    lines.remove(lines.size() - 1); // the crc line
    int at = 1 + m.random().nextInt(lines.size() - 1);
    switch (m.random().nextInt(6)) {
      case 0 -> lines.remove(at);
      case 1 -> lines.add(at, lines.get(at));
      case 2 -> lines.set(at, lines.get(at) + " " + m.hostileToken());
      default -> {
        String[] tokens = lines.get(at).split(" ", -1);
        int t = tokens.length == 1 ? 0 : 1 + m.random().nextInt(tokens.length - 1);
        tokens[t] =
            m.random().nextBoolean()
                ? m.hostileToken()
                : new String(m.mutate(Mutator.ascii(tokens[t])), StandardCharsets.ISO_8859_1);
        lines.set(at, String.join(" ", tokens));
      }
    }
    return HostileMetadataTest.withCrc(String.join("\n", lines) + "\n");
  }

  /** Lists, stats and reads every object; any object that reads must read as its original bytes. */
  static void readEverything(FileObjectStore store, Map<String, byte[]> objects) throws IOException {
    VersionPage page = store.list(ListRequest.of("demo", ""));
    for (ObjectVersion v : page.versions()) {
      assertNotNull(v.encryption());
    }
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      store.stat("demo", e.getKey(), null);
      try (GetResult r = store.get(new GetRequest("demo", e.getKey(), null, 0, -1, CUSTOMER))) {
        assertArrayEquals(e.getValue(), r.stream().readAllBytes(), "object " + e.getKey() + " read wrong bytes");
      }
    }
  }

  /** What a file campaign checks after each mutation. */
  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  /**
   * Runs {@code count} inputs: each mutates one of {@code files} (raw one time in five, else line-wise
   * behind a valid checksum), runs {@code check}, and restores the file.
   */
  static void mutateFiles(Campaign c, List<Path> files, Mutator m, int count, Check check) throws IOException {
    List<byte[]> pristine = new ArrayList<>();
    for (Path f : files) {
      pristine.add(Files.readAllBytes(f));
    }
    for (int i = 0; i < count; i++) {
      int k = m.random().nextInt(files.size());
      Path f = files.get(k);
      byte[] original = pristine.get(k);
      byte[] input = i % 5 == 0 ? m.mutate(original) : mutateLines(original, m);
      c.runBytes(input, in -> {
        Files.write(f, in);
        try {
          check.run();
        } finally {
          Files.write(f, original);
        }
      });
    }
  }

  @Test
  void fileObjectStore_mutatedMetadataFiles_failOnlyWithDocumentedExceptions(TestReporter reporter)
      throws Exception {
    try (LocalKms kms = LocalKms.create(dir.resolve("keyring"), "main");
        FileObjectStore store = FileObjectStore.builder(dir.resolve("store")).kms(kms).open()) {
      Map<String, byte[]> objects = populate(store);
      List<Path> files = HostileMetadataTest.metadataFiles(dir.resolve("store"));
      assertEquals(objects.size(), files.size());
      readEverything(store, objects);
      try (Campaign c = new Campaign("store-metadata", "0x8040A", ObjectStoreException.class,
          IntegrityException.class, FormatException.class, KmsException.class,
          // InputStream.read's own contract: a data file shorter than its metadata says ends early
          IOException.class)) {
        mutateFiles(
            c, files, new Mutator(new SplittableRandom(0x8_040AL)), 1000,
            () -> readEverything(store, objects));
        c.finish(reporter);
      }
      readEverything(store, objects);
    }
  }

  @Test
  void internalData_mutatedMetadataFiles_failOnlyWithObjectStoreException(TestReporter reporter) throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      Map<String, byte[]> blobs = new LinkedHashMap<>();
      blobs.put("config/config.json", Mutator.ascii("{\"version\":\"33\"}"));
      blobs.put("config/iam/users/alice/identity.json", HostileCryptoInputTest.fill(5000, 8));
      blobs.put("buckets/demo/.metadata.bin", new byte[1]);
      blobs.forEach((name, content) -> store.internalData().write(BlobWrite.create(name, content)));
      List<Path> files;
      try (java.util.stream.Stream<Path> s = Files.walk(dir.resolve("store").resolve("system"))) {
        files = s.filter(p -> p.getFileName().toString().contains("@m")).sorted().toList();
      }
      assertEquals(blobs.size(), files.size());
      try (Campaign c = new Campaign("internal-data-metadata", "0x8040B", ObjectStoreException.class)) {
        mutateFiles(c, files, new Mutator(new SplittableRandom(0x8_040BL)), 800, () -> {
          store.internalData().list(new BlobListRequest("", null, 100));
          for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
            Blob b = store.internalData().read(e.getKey());
            if (b != null) {
              assertArrayEquals(e.getValue(), b.content(), "blob " + e.getKey() + " read wrong bytes");
            }
          }
        });
        c.finish(reporter);
      }
    }
  }

  @Test
  void checkpointLoad_mutatedCheckpointFiles_failOnlyWithObjectStoreException(TestReporter reporter)
      throws Exception {
    try (FileObjectStore store = FileObjectStore.open(dir.resolve("store"))) {
      JobCheckpoint saved =
          new JobCheckpoint("job-1", "sha256:abc", new ObjectRef("demo", "dir/key\n", "v1"),
              Map.of("changed", 5L, "failed", 1L), JobCheckpoint.Status.RUNNING,
              Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T10:05:00.5Z"));
      store.checkpoints().save(saved);
      Path meta;
      Path data;
      try (java.util.stream.Stream<Path> s = Files.walk(dir.resolve("store").resolve("system"))) {
        List<Path> all = s.filter(Files::isRegularFile).toList();
        meta = all.stream().filter(p -> p.getFileName().toString().contains("@m")).findFirst().orElseThrow();
        data = all.stream().filter(p -> p.getFileName().toString().contains("@d")).findFirst().orElseThrow();
      }
      String metaText = new String(Files.readAllBytes(meta), StandardCharsets.US_ASCII);
      byte[] content = Files.readAllBytes(data);
      assertEquals(saved, store.checkpoints().load("job-1"));
      Mutator m = new Mutator(new SplittableRandom(0x8_040CL));
      try (Campaign c = new Campaign("checkpoint", "0x8040C", ObjectStoreException.class)) {
        for (int i = 0; i < 800; i++) {
          byte[] input = i % 5 == 0 ? m.mutate(content) : mutateLines(content, m);
          if (input.length == 0) {
            continue; // a blob always has bytes
          }
          c.runBytes(input, in -> {
            HostileMetadataTest.replaceBlob(meta, data, metaText, in);
            store.checkpoints().load("job-1");
          });
        }
        c.finish(reporter);
      }
    }
  }
}
