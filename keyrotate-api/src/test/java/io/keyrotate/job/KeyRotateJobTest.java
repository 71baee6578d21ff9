package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRotateJobTest {

  @Test
  void builder_bucketOnly_hasTheDefaults() {
    KeyRotateJob j = KeyRotateJob.builder().bucket("my-bucket").build();
    assertEquals("v1", j.apiVersion());
    assertEquals("my-bucket", j.bucket());
    assertTrue(j.prefixes().isEmpty());
    assertEquals(Encryption.defaults(), j.encryption());
    assertEquals(Filter.none(), j.filter());
    assertNull(j.notification());
    assertEquals(Retry.defaults(), j.retry());
  }

  @Test
  void build_withoutBucket_saysItIsRequired() {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().build());
    assertEquals("keyrotate.bucket: is required", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "my-bucket", "my.bucket.2024", "0ab", "a-b-c", "123"})
  void bucket_validS3Name_isAccepted(String name) {
    assertEquals(name, KeyRotateJob.builder().bucket(name).build().bucket());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ab", "BUCKET", "My-Bucket", "-abc", "abc-", ".abc", "abc.", "a..b", "a.-b", "a-.b",
        "192.168.1.1", "a_b", "a b", "<bucket>"})
  void bucket_invalidName_isRejectedWithTheRules(String name) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().bucket(name));
    assertEquals("keyrotate.bucket", e.field());
    assertTrue(e.problem().contains("is not a valid bucket name (3-63 characters"), e.getMessage());
  }

  @Test
  void bucket_emptyOrTooLong_isRejected() {
    assertEquals(
        "keyrotate.bucket: must not be empty",
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().bucket(""))
            .getMessage());
    assertThrows(
        JobDefinitionException.class, () -> KeyRotateJob.builder().bucket("a".repeat(64)));
    assertEquals("a".repeat(63), KeyRotateJob.builder().bucket("a".repeat(63)).build().bucket());
  }

  @Test
  void apiVersion_otherThanV1_isRejected() {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().apiVersion("v2"));
    assertEquals("keyrotate.apiVersion: unsupported version 'v2' (expected v1)", e.getMessage());
  }

  @Test
  void prefix_singleAndList_areKeptInOrder() {
    assertEquals(
        List.of("photos/"),
        KeyRotateJob.builder().bucket("abc").prefix("photos/").build().prefixes());
    assertEquals(
        List.of("b/", "a/", ""),
        KeyRotateJob.builder().bucket("abc").prefixes(List.of("b/", "a/", "")).build().prefixes());
  }

  @Test
  void prefix_repeated_namesTheIndex() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class,
            () -> KeyRotateJob.builder().prefixes(List.of("a/", "b/", "a/")));
    assertEquals("keyrotate.prefix[2]: repeats prefix 'a/'", e.getMessage());
    assertEquals(
        "keyrotate.prefix[1]",
        assertThrows(
                JobDefinitionException.class,
                () -> KeyRotateJob.builder().prefix("x").prefix("x"))
            .field());
  }

  @Test
  void prefixes_badFirstElement_namesIndexZero() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class,
            () -> KeyRotateJob.builder().prefixes(List.of("x".repeat(1025))));
    assertEquals("keyrotate.prefix[0]", e.field());
    assertTrue(e.problem().contains("longest S3 key (1024 bytes)"), e.getMessage());
  }

  @Test
  void prefix_overlongInUtf8_isRejected() {
    String threeByteChars = "€".repeat(342); // 1026 bytes
    assertEquals(
        "keyrotate.prefix",
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().prefix(threeByteChars))
            .field());
    KeyRotateJob.builder().prefix("€".repeat(341)); // 1023 bytes
  }

  @Test
  void prefix_loneSurrogate_isRejected() {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateJob.builder().prefix("a\ud800"));
    assertTrue(e.problem().contains("well-formed Unicode"), e.getMessage());
  }

  @Test
  void prefixes_manyDistinct_areCheckedInLinearTime() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      many.add("p" + i);
    }
    // A quadratic duplicate check would take minutes here.
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> assertEquals(200_000, KeyRotateJob.builder().bucket("abc").prefixes(many).build()
            .prefixes().size()));
  }

  @Test
  void toBuilder_copiesEverything_andEqualsComparesEverything() {
    KeyRotateJob j =
        KeyRotateJob.builder()
            .bucket("abc")
            .prefix("x/")
            .encryption(Encryption.of("k", Map.of("a", "b")))
            .filter(Filter.builder().plaintextOnly(true).build())
            .notification(Notify.of("https://h/", "Bearer secret-token"))
            .retry(new Retry(5, Duration.ofSeconds(1)))
            .build();
    assertEquals(j, j.toBuilder().build());
    assertEquals(j.hashCode(), j.toBuilder().build().hashCode());
    assertFalse(j.equals(j.toBuilder().bucket("abd").build()));
    assertFalse(j.equals(j.toBuilder().prefix("y/").build()));
    assertFalse(j.equals(j.toBuilder().notification(null).build()));
    assertFalse(j.equals(j.toBuilder().retry(Retry.defaults()).build()));
    assertFalse(j.equals(j.toBuilder().encryption(Encryption.defaults()).build()));
    assertFalse(j.equals(j.toBuilder().filter(Filter.none()).build()));
    // toBuilder keeps the duplicate check working
    assertThrows(JobDefinitionException.class, () -> j.toBuilder().prefix("x/"));
  }

  @Test
  void toString_neverShowsTheToken() {
    KeyRotateJob j =
        KeyRotateJob.builder()
            .bucket("abc")
            .notification(Notify.of("https://h/", "Bearer secret-token"))
            .build();
    assertFalse(j.toString().contains("secret-token"), j.toString());
    assertTrue(j.toString().contains("token=<redacted>"), j.toString());
  }
}
