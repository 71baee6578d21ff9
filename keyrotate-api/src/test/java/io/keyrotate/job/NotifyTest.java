package io.keyrotate.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotifyTest {
  private static final String ENDPOINT = "keyrotate.flags.notify.endpoint";
  private static final String SECRET = "Bearer s3cr3t-t0k3n";

  @Test
  void of_httpsEndpointAndToken_keepsBoth() {
    Notify n = Notify.of("https://notify.example.com:8443/hook?x=1", SECRET);
    assertEquals(URI.create("https://notify.example.com:8443/hook?x=1"), n.endpoint());
    assertEquals(SECRET, n.token());
    assertEquals("HTTP", Notify.of("HTTP://h/", null).endpoint().getScheme());
  }

  @Test
  void of_emptyToken_meansNoToken() {
    assertNull(Notify.of("http://h", "").token());
    assertNull(Notify.of("http://h", null).token());
    assertEquals(Notify.of("http://h", ""), Notify.of("http://h", null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"notify.endpoint", "/hook", "ftp://h/x", "file:///etc/passwd", "mailto:a@b", "", "h:80"})
  void of_notAbsoluteHttpUrl_isRejected(String endpoint) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Notify.of(endpoint, null));
    assertEquals(ENDPOINT, e.field());
    assertTrue(e.problem().contains("must be an absolute http:// or https:// URL"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://", "https:///path", "http://under_score/x"})
  void of_endpointWithoutHost_isRejected(String endpoint) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Notify.of(endpoint, null));
    assertEquals(ENDPOINT, e.field());
  }

  @Test
  void of_syntaxError_namesTheEndpoint() {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Notify.of("http://h/a b", null));
    assertTrue(e.problem().startsWith("is not a valid URL: 'http://h/a b'"), e.getMessage());
  }

  @Test
  void of_endpointWithCredentials_isRejectedWithoutEchoingThem() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class, () -> Notify.of("https://user:pa55@h/x", null));
    assertFalse(e.getMessage().contains("pa55"), e.getMessage());
    assertTrue(e.problem().contains("must not embed credentials"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer a\nb", "Bearer a\rX-Injected: 1", "Bearer \u007f", "Bearer \u0100"})
  void of_tokenThatBreaksTheHeader_isRejectedWithoutEchoingIt(String token) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> Notify.of("https://h/", token));
    assertEquals("keyrotate.flags.notify.token", e.field());
    assertFalse(e.getMessage().contains("Bearer"), e.getMessage());
    assertTrue(e.problem().contains("not allowed in an HTTP header (position "), e.getMessage());
  }

  @Test
  void toString_redactsTheToken() {
    Notify n = Notify.of("https://h/hook", SECRET);
    assertFalse(n.toString().contains("s3cr3t"), n.toString());
    assertEquals("Notify{endpoint=https://h/hook, token=<redacted>}", n.toString());
    assertEquals("Notify{endpoint=https://h/hook, token=<none>}", Notify.of("https://h/hook", null).toString());
  }

  @Test
  void equals_comparesEndpointAndToken() {
    Notify a = Notify.of("https://h/hook", SECRET);
    assertEquals(a, Notify.of("https://h/hook", SECRET));
    assertEquals(a.hashCode(), Notify.of("https://h/hook", SECRET).hashCode());
    assertFalse(a.equals(Notify.of("https://h/hook", "other")));
    assertFalse(a.equals(Notify.of("https://h/other", SECRET)));
  }
}
