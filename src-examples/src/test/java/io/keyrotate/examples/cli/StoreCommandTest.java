package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.EncryptionState;
import io.keyrotate.ObjectVersion;
import io.keyrotate.kms.local.LocalKms;
import io.keyrotate.store.fs.FileObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyrotate store ...}, in-process. */
class StoreCommandTest {
  static final String SSE_C = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @TempDir Path tmp;
  Path store;
  Path keyring;
  Path data;
  byte[] bytes = new byte[200_000];

  @BeforeEach
  void setUp() throws IOException {
    store = tmp.resolve("store");
    keyring = tmp.resolve("keyring");
    data = tmp.resolve("data.bin");
    new Random(7).nextBytes(bytes);
    Files.write(data, bytes);
    Cmd.run("kms", "create", "k1", "--keyring", keyring.toString()).expect(0);
    Cmd.run("store", "mkbucket", "--store", store.toString(), "bkt", "--versioned")
        .expect(0)
        .outContains("created bucket bkt (versioned)");
  }

  private Cmd.Result put(String key, String... extra) {
    String[] args = new String[6 + extra.length];
    System.arraycopy(
        new String[] {"store", "put", "--store", store.toString(), "bkt/" + key, "--file=" + data}, 0, args,
        0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return Cmd.run(args);
  }

  private ObjectVersion stat(String key) {
    try (FileObjectStore s = FileObjectStore.open(store)) {
      ObjectVersion v = s.stat("bkt", key, null);
      assertTrue(v != null, key);
      return v;
    }
  }

  private byte[] get(String key, String... extra) throws IOException {
    Path out = tmp.resolve("out-" + key.replace('/', '_'));
    String[] args = new String[7 + extra.length];
    System.arraycopy(
        new String[] {"store", "get", "--store", store.toString(), "bkt/" + key, "--out", out.toString()}, 0,
        args, 0, 7);
    System.arraycopy(extra, 0, args, 7, extra.length);
    Cmd.run(args).expect(0);
    return Files.readAllBytes(out);
  }

  @Test
  void put_everySseMode_storesThatEncryptionAndGetReturnsThePlaintext() throws IOException {
    put("plain").expect(0).outContains("PLAINTEXT");
    put("s3", "--sse", "s3", "--keyring", keyring.toString()).expect(0).outContains("SSE_S3 key k1");
    put("kms", "--sse", "kms", "--context", "project=apollo", "--keyring", keyring.toString())
        .expect(0)
        .outContains("SSE_KMS key k1");
    Cmd.run("kms", "create", "k2", "--keyring", keyring.toString()).expect(0);
    put("kms2", "--sse", "kms:k2", "--keyring", keyring.toString()).expect(0).outContains("key k2");
    put("ssec", "--sse", "c:" + SSE_C).expect(0).outContains("SSE_C");

    assertTrue(stat("plain").encryption() instanceof EncryptionState.Plaintext);
    assertTrue(stat("s3").encryption() instanceof EncryptionState.SseS3);
    EncryptionState kms = stat("kms").encryption();
    assertEquals(new EncryptionState.SseKms("k1", Map.of("project", "apollo")), kms);
    assertEquals("k2", ((EncryptionState.SseKms) stat("kms2").encryption()).keyId());
    assertTrue(stat("ssec").encryption() instanceof EncryptionState.SseC);
    assertFalse(stat("s3").size() == bytes.length, "stored bytes are the DARE ciphertext");

    assertArrayEquals(bytes, get("plain"));
    assertArrayEquals(bytes, get("s3", "--keyring", keyring.toString()));
    assertArrayEquals(bytes, get("kms", "--keyring", keyring.toString()));
    assertArrayEquals(bytes, get("kms2", "--keyring", keyring.toString()));
    assertArrayEquals(bytes, get("ssec", "--sse-c-key", SSE_C));
  }

  @Test
  void put_minioSecretKey_readsBackWithTheSameKeyOnly() throws IOException {
    String secret = "my-minio-key:" + Base64.getEncoder().encodeToString(new byte[32]);
    put("m", "--sse", "s3", "--minio-secret-key", secret).expect(0).outContains("SSE_S3 key my-minio-key");
    assertArrayEquals(bytes, get("m", "--minio-secret-key", secret));
    String other = "my-minio-key:" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    Path out = tmp.resolve("wrong");
    Cmd.run("store", "get", "--store", store.toString(), "bkt/m", "--out", out.toString(),
            "--minio-secret-key", other)
        .expect(1);
    assertFalse(Files.exists(out), "nothing written on an authentication failure");
  }

  @Test
  void put_tagsMetadataLockAndMtime_showInStatJson() {
    put("t", "--tag", "name=picture", "--meta", "owner=alice", "--meta", "Content-Type=image/png",
            "--legal-hold", "--retain-until", "2099-01-01T00:00:00Z", "--retention-mode", "COMPLIANCE",
            "--mtime", "2025-05-06")
        .expect(0);
    Cmd.run("stat").expect(2).errContains("stat"); // not a top-level command
    String json = Cmd.run("store", "stat", "--store", store.toString(), "bkt/t").expect(0).out().strip();
    assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
    for (String s :
        new String[] {
          "\"versionId\":\"", "\"size\":" + bytes.length, "\"modTime\":\"2025-05-06T00:00:00Z\"",
          "\"encryption\":\"PLAINTEXT\"", "\"keyId\":null", "\"tags\":{\"name\":\"picture\"}",
          "\"X-Amz-Meta-owner\":\"alice\"", "\"Content-Type\":\"image/png\"", "\"legalHold\":true",
          "\"retentionMode\":\"COMPLIANCE\"", "\"retainUntil\":\"2099-01-01T00:00:00Z\""
        }) {
      assertTrue(json.contains(s), () -> s + " in " + json);
    }
    // a locked version is never removed
    String vid = stat("t").versionId();
    Cmd.run("store", "rm", "--store", store.toString(), "bkt/t", "--version-id", vid)
        .expect(1)
        .errContains("retention or legal hold");
  }

  @Test
  void ls_versionsAndDeleteMarkers_listedNewestFirst() {
    put("a/x").expect(0);
    put("a/x", "--sse", "s3", "--keyring", keyring.toString()).expect(0);
    put("b/y").expect(0);
    Cmd.run("store", "rm", "--store", store.toString(), "bkt/b/y").expect(0).outContains("delete marker");

    String latest = Cmd.run("store", "ls", "--store", store.toString(), "bkt").expect(0).out();
    assertEquals(1, latest.lines().count(), latest);
    assertTrue(latest.contains("SSE_S3") && latest.contains("k1") && latest.endsWith("a/x\n"), latest);

    String all = Cmd.run("store", "ls", "--store", store.toString(), "--versions", "bkt").expect(0).out();
    String[] lines = all.split("\n");
    assertEquals(4, lines.length, all);
    assertTrue(lines[0].contains("SSE_S3") && lines[0].contains(" * "), all);
    assertTrue(lines[1].contains("PLAINTEXT") && !lines[1].contains(" * "), all);
    assertTrue(lines[2].contains("DELETED") && lines[2].endsWith("b/y"), all);
    assertTrue(lines[3].contains("PLAINTEXT") && lines[3].endsWith("b/y"), all);

    String prefixed = Cmd.run("store", "ls", "--store", store.toString(), "bkt/b/", "--versions").expect(0).out();
    assertEquals(2, prefixed.lines().count(), prefixed);

    Cmd.run("store", "ls", "--store", store.toString()).expect(0).outContains("bkt  (versioned)");
  }

  @Test
  void rm_versionId_removesThatVersionForGood() {
    put("k").expect(0);
    put("k").expect(0);
    String old = Cmd.run("store", "ls", "--store", store.toString(), "--versions", "bkt").out().lines()
        .skip(1).findFirst().orElseThrow().split("\\s+")[4];
    Cmd.run("store", "rm", "--store", store.toString(), "bkt/k", "--version-id", old)
        .expect(0)
        .outContains("removed bkt/k@" + old);
    Cmd.run("store", "stat", "--store", store.toString(), "bkt/k", "--version-id", old)
        .expect(1)
        .errContains("no such object bkt/k@" + old);
  }

  @Test
  void get_sseWithoutItsKey_exit2AndNoOutput() {
    put("s", "--sse", "s3", "--keyring", keyring.toString()).expect(0);
    put("c", "--sse", "c:" + SSE_C).expect(0);
    Path out = tmp.resolve("o");
    Cmd.run("store", "get", "--store", store.toString(), "bkt/s", "--out", out.toString())
        .expect(2)
        .errContains("--keyring");
    Cmd.run("store", "get", "--store", store.toString(), "bkt/c", "--out", out.toString())
        .expect(2)
        .errContains("--sse-c-key");
    Cmd.run("store", "get", "--store", store.toString(), "bkt/c", "--out", out.toString(),
            "--sse-c-key", "ff" + SSE_C.substring(2))
        .expect(1);
    assertFalse(Files.exists(out));
  }

  @Test
  void put_badFlags_exit2WithOneLineNamingTheFlag() {
    String s = store.toString();
    String f = data.toString();
    put("x", "--sse", "kms").expect(2).errContains("--keyring");
    put("x", "--sse", "rot13").expect(2).errContains("--sse");
    put("x", "--sse", "c:abc").expect(2).errContains("64 hex digits");
    put("x", "--sse", "c:" + "zz" + SSE_C.substring(2)).expect(2).errContains("not a hex string");
    put("x", "--tag", "novalue").expect(2).errContains("--tag: expected KEY=VALUE");
    put("x", "--context", "a=b").expect(2).errContains("--context needs --sse kms");
    put("x", "--mtime", "yesterday").expect(2).errContains("--mtime");
    put("x", "--keyring", tmp.resolve("nope").toString()).expect(2).errContains("--keyring: no such file");
    put("x", "--keyring", keyring.toString(), "--minio-secret-key", "a:b").expect(2).errContains("not several");
    put("x", "--sse", "s3", "--minio-secret-key", "bad").expect(2).errContains("--minio-secret-key");
    Cmd.run("store", "put", "--store", s, "nokey", "--file", f).expect(2).errContains("BUCKET/KEY");
    Cmd.run("store", "put", "--store", s, "bkt/x", "--file", tmp.resolve("missing").toString())
        .expect(2).errContains("--file: no such file");
    Cmd.run("store", "put", "--store", s, "nobucket/x", "--file", f).expect(1).errContains("no such bucket");
    Cmd.run("store", "put", "--store", tmp.resolve("nostore").toString(), "bkt/x", "--file", f)
        .expect(2).errContains("is not a keyrotate store");
    Cmd.run("store", "put", "--store", s, "bkt/x").expect(2).errContains("--file");
    Cmd.run("store", "mkbucket", "--store", s, "bkt").expect(2).errContains("already exists");
    Cmd.run("store", "mkbucket", "--store", s, "Bad_Name").expect(2).errContains("invalid bucket name");
    Cmd.run("store", "ls", "--store", s, "nobucket").expect(2).errContains("no such bucket");
    Cmd.run("store").expect(2);
    Cmd.run("store", "frob").expect(2);
    Cmd.run("store", "stat", "--store", s, "bkt/none").expect(1).errContains("no such object bkt/none");
  }

  @Test
  void verbose_addsTheStackTrace() {
    Cmd.Result r = Cmd.run("store", "stat", "--store", store.toString(), "bkt/none", "--verbose");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("keyrotate: no such object"), r.err());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  static LocalKms kms(Path keyring) {
    return LocalKms.open(keyring);
  }
}
