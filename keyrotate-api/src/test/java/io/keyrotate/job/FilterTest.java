package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {
  private static final String P = "keyrotate.flags.filter.";

  @Test
  void none_selectsEverything() {
    Filter f = Filter.none();
    assertNull(f.newerThan());
    assertNull(f.olderThan());
    assertNull(f.createdAfter());
    assertNull(f.createdBefore());
    assertTrue(f.tags().isEmpty());
    assertTrue(f.metadata().isEmpty());
    assertNull(f.kmsKey());
    assertFalse(f.plaintextOnly());
    assertFalse(f.forceEncryptLocked());
    assertEquals(Filter.none(), Filter.builder().build());
  }

  @Test
  void builder_allFields_areKeptAndRoundTripThroughToBuilder() {
    Filter f =
        Filter.builder()
            .newerThan(Duration.ofDays(30))
            .olderThan(Duration.ofDays(7))
            .createdAfter(Instant.parse("2024-01-01T00:00:00Z"))
            .createdBefore(Instant.parse("2024-06-01T00:00:00Z"))
            .tag("name", "pick*")
            .metadata("content-type", "image/*")
            .kmsKey("old-key")
            .plaintextOnly(true)
            .forceEncryptLocked(true)
            .build();
    assertEquals(List.of(new KeyValueFilter("name", "pick*")), f.tags());
    assertEquals(List.of(new KeyValueFilter("content-type", "image/*")), f.metadata());
    assertEquals("old-key", f.kmsKey());
    assertTrue(f.plaintextOnly());
    assertTrue(f.forceEncryptLocked());
    assertEquals(f, f.toBuilder().build());
    assertEquals(f.hashCode(), f.toBuilder().build().hashCode());
    assertFalse(f.equals(f.toBuilder().plaintextOnly(false).build()));
    assertTrue(f.toString().contains("kmsKey=old-key"), f.toString());
  }

  @Test
  void build_newerThanNotLongerThanOlderThan_namesBothFields() {
    for (Duration newer : List.of(Duration.ofDays(7), Duration.ofDays(1))) {
      JobDefinitionException e =
          assertThrows(
              JobDefinitionException.class,
              () -> Filter.builder().newerThan(newer).olderThan(Duration.ofDays(7)).build());
      assertEquals(P + "newerThan", e.field());
      assertTrue(e.problem().contains(P + "newerThan"), e.getMessage());
      assertTrue(e.problem().contains(P + "olderThan"), e.getMessage());
      assertTrue(e.problem().contains("must be longer than olderThan (1w)"), e.getMessage());
      assertTrue(e.problem().contains("select nothing"), e.getMessage());
    }
    Filter ok = Filter.builder().newerThan(Duration.ofDays(8)).olderThan(Duration.ofDays(7)).build();
    assertEquals(Duration.ofDays(8), ok.newerThan());
  }

  @Test
  void build_createdAfterNotBeforeCreatedBefore_namesBothFields() {
    Instant t = Instant.parse("2024-03-01T00:00:00Z");
    for (Instant after : List.of(t, t.plusSeconds(1))) {
      JobDefinitionException e =
          assertThrows(
              JobDefinitionException.class,
              () -> Filter.builder().createdAfter(after).createdBefore(t).build());
      assertEquals(P + "createdAfter", e.field());
      assertTrue(e.problem().contains(P + "createdAfter"), e.getMessage());
      assertTrue(e.problem().contains(P + "createdBefore"), e.getMessage());
    }
    assertEquals(
        t,
        Filter.builder().createdAfter(t.minusMillis(1)).createdBefore(t).build().createdBefore());
  }

  @Test
  void durations_zeroOrSubMillisecond_areRejected() {
    assertEquals(
        P + "newerThan",
        assertThrows(
                JobDefinitionException.class, () -> Filter.builder().newerThan(Duration.ZERO))
            .field());
    assertEquals(
        P + "olderThan",
        assertThrows(
                JobDefinitionException.class, () -> Filter.builder().olderThan(Duration.ofNanos(5)))
            .field());
  }

  @Test
  void dates_outsideYears1To9999_areRejected() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class,
            () -> Filter.builder().createdAfter(Instant.parse("-0001-12-31T00:00:00Z")));
    assertEquals(P + "createdAfter", e.field());
    assertTrue(e.problem().contains("years 0001 to 9999"), e.getMessage());
    assertEquals(
        P + "createdBefore",
        assertThrows(
                JobDefinitionException.class,
                () -> Filter.builder().createdBefore(Instant.parse("+10000-01-01T00:00:00Z")))
            .field());
  }

  @Test
  void entries_emptyKeyOrLoneSurrogate_nameTheEntry() {
    Filter.Builder b = Filter.builder().tag("a", "b");
    assertEquals(
        P + "tags[1].key",
        assertThrows(JobDefinitionException.class, () -> b.tag("", "x")).field());
    assertEquals(
        P + "metadata[0].key",
        assertThrows(JobDefinitionException.class, () -> Filter.builder().metadata("", "x"))
            .field());
    assertEquals(
        P + "tags[1].value",
        assertThrows(JobDefinitionException.class, () -> b.tag("k", "\ud800")).field());
    assertEquals(
        P + "metadata[0].key",
        assertThrows(JobDefinitionException.class, () -> Filter.builder().metadata("\udc00", "x"))
            .field());
    assertEquals(new KeyValueFilter("k", ""), Filter.builder().tag("k", "").build().tags().get(0));
  }

  @Test
  void keyValueFilter_emptyKey_isRejected() {
    assertThrows(JobDefinitionException.class, () -> new KeyValueFilter("", "v"));
  }

  @Test
  void kmsKey_blankOrLoneSurrogate_isRejected() {
    assertEquals(
        P + "kmskey",
        assertThrows(JobDefinitionException.class, () -> Filter.builder().kmsKey(" ")).field());
    assertEquals(
        P + "kmskey",
        assertThrows(JobDefinitionException.class, () -> Filter.builder().kmsKey("k\ud800"))
            .field());
    assertNull(Filter.builder().kmsKey("k").kmsKey(null).build().kmsKey());
  }
}
