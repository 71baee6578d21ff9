package io.keyrotate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NotifierTest {
  private record Received(String method, String path, @Nullable String contentType,
      @Nullable String authorization, String body) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private volatile int failStatus = 500;
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestHeaders().getFirst("Content-Type"),
          ex.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.UTF_8)));
      int status = failFirst.getAndDecrement() > 0 ? failStatus : 200;
      if (status == 302) {
        ex.getResponseHeaders().add("Location", "/elsewhere");
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private Notifier notifier() {
    return new Notifier(sleeps::add, Duration.ofSeconds(1));
  }

  @Test
  void send_ok_postsJsonWithTokenVerbatim() {
    NotificationResult r =
        notifier().send(Notify.of(url("/hook"), "Bearer abc.def-ghi"), "{\"a\":1}");
    assertTrue(r.delivered());
    assertEquals(1, r.attempts());
    assertEquals(200, r.statusCode());
    assertNull(r.error());
    Received got = received.get(0);
    assertEquals("POST", got.method());
    assertEquals("/hook", got.path());
    assertEquals("application/json", got.contentType());
    assertEquals("Bearer abc.def-ghi", got.authorization());
    assertEquals("{\"a\":1}", got.body());
  }

  @Test
  void send_noToken_noAuthorizationHeader() {
    assertTrue(notifier().send(Notify.of(url("/hook"), null), "{}").delivered());
    assertNull(received.get(0).authorization());
  }

  @Test
  void send_serverErrorsThenOk_retriedWithBackoff() {
    failFirst.set(2);
    NotificationResult r = notifier().send(Notify.of(url("/hook"), "t"), "{}");
    assertTrue(r.delivered());
    assertEquals(3, r.attempts());
    assertEquals(List.of(1_000_000_000L, 2_000_000_000L), sleeps);
  }

  @Test
  void send_alwaysFailing_threeAttemptsThenReported() {
    failFirst.set(100);
    NotificationResult r = notifier().send(Notify.of(url("/hook"), "secret-token"), "{}");
    assertFalse(r.delivered());
    assertEquals(3, r.attempts());
    assertEquals(500, r.statusCode());
    assertEquals("HTTP 500", r.error());
    assertEquals(3, received.size());
  }

  @Test
  void send_redirect_notFollowedSoTheTokenStaysWithTheEndpoint() {
    failFirst.set(100);
    failStatus = 302;
    NotificationResult r = notifier().send(Notify.of(url("/hook"), "secret-token"), "{}");
    assertFalse(r.delivered());
    assertEquals(302, r.statusCode());
    assertTrue(received.stream().allMatch(x -> x.path().equals("/hook")));
  }

  @Test
  void send_connectionRefused_reportedWithoutToken() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    NotificationResult r =
        notifier().send(Notify.of("http://127.0.0.1:" + port + "/x", "secret-token"), "{}");
    assertFalse(r.delivered());
    assertEquals(-1, r.statusCode());
    assertNotNull(r.error());
    assertFalse(r.error().contains("secret-token"));
  }

  @Test
  void safe_endpointForLogs_dropsQueryAndUserInfo() {
    assertEquals("https://h:8443/p", Notifier.safe(java.net.URI.create("https://h:8443/p?apikey=zzz#f")));
  }

  @Test
  void job_withEndpoint_webhookReceivesTheSummaryAndReportRecordsDelivery() throws Exception {
    TestBed bed = new TestBed();
    bed.plaintext("a");
    bed.sseKms("b", TestBed.OLD);
    KeyRotateJob job = TestBed.job().toBuilder()
        .notification(Notify.of(url("/done"), "Bearer tok")).build();
    JobReport r = bed.builder().build().start(job, "job-hook").await(Duration.ofSeconds(30));
    assertEquals(JobState.COMPLETE, r.state());
    assertNotNull(r.notification());
    assertTrue(r.notification().delivered());
    Received got = received.get(0);
    assertEquals("Bearer tok", got.authorization());
    assertEquals("application/json", got.contentType());
    Map<String, @Nullable Object> body = FlatJson.parse(got.body());
    assertEquals("job-hook", body.get("jobId"));
    assertEquals("keyrotate", body.get("jobType"));
    assertEquals("complete", body.get("status"));
    assertEquals(2L, body.get("objects"));
    assertEquals(0L, body.get("objectsFailed"));
    assertEquals(0L, body.get("objectsSkipped"));
    assertEquals(r.bytes(), body.get("bytesTransferred"));
    assertEquals(r.startTime().toString(), body.get("startTime"));
    assertEquals(r.endTime().toString(), body.get("endTime"));
    assertFalse(got.body().contains("tok\""), "the token is not in the body");
  }

  @Test
  void job_webhookDown_jobStillCompletesAndReportsTheFailure() throws Exception {
    failFirst.set(100);
    TestBed bed = new TestBed();
    bed.plaintext("a");
    KeyRotateJob job = TestBed.job().toBuilder().notification(Notify.of(url("/done"), null)).build();
    JobReport r = bed.builder().build().start(job).await(Duration.ofSeconds(30));
    assertEquals(JobState.COMPLETE, r.state());
    assertFalse(r.notification().delivered());
    assertEquals(3, r.notification().attempts());
  }
}
