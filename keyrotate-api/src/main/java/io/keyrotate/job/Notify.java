package io.keyrotate.job;

import io.keyrotate.internal.Texts;
import io.keyrotate.JobDefinitionException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code notify} section: where the completion webhook goes and the {@code Authorization} header
 * value sent with it.
 *
 * <p>The token is a secret: it never appears in {@link #toString()}, in exception messages or in logs.
 * Immutable and thread-safe.
 */
public final class Notify {
  private static final String FIELD_ENDPOINT = "keyrotate.flags.notify.endpoint";
  private static final String FIELD_TOKEN = "keyrotate.flags.notify.token";

  private final URI endpoint;
  private final @Nullable String token;

  private Notify(URI endpoint, @Nullable String token) {
    this.endpoint = endpoint;
    this.token = token;
  }

  /**
   * Creates the section.
   *
   * @param endpoint an absolute {@code http} or {@code https} URL with a host
   * @param token the exact {@code Authorization} header value (include {@code Bearer } yourself), or
   *     {@code null}; must not contain line breaks or other control characters
   * @return the section
   * @throws JobDefinitionException naming the field when the endpoint is not an absolute http(s) URL or
   *     the token could break the HTTP header
   */
  public static Notify of(String endpoint, @Nullable String token) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (java.net.URISyntaxException e) {
      throw new JobDefinitionException(
          FIELD_ENDPOINT,
          "is not a valid URL: '" + Texts.clip(endpoint) + "' (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new JobDefinitionException(
          FIELD_ENDPOINT,
          "must be an absolute http:// or https:// URL, got '" + Texts.clip(endpoint) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new JobDefinitionException(
          FIELD_ENDPOINT, "must name a host, got '" + Texts.clip(endpoint) + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new JobDefinitionException(
          FIELD_ENDPOINT, "must not embed credentials (user:password@); use token instead");
    }
    if (token != null) {
      if (token.isEmpty()) {
        token = null;
      } else {
        for (int i = 0; i < token.length(); i++) {
          char c = token.charAt(i);
          if (c < 0x20 || c == 0x7f || c > 0xff) {
            // Never echo the token itself.
            throw new JobDefinitionException(
                FIELD_TOKEN,
                "contains a character that is not allowed in an HTTP header (position " + (i + 1) + ")");
          }
        }
      }
    }
    return new Notify(uri, token);
  }

  /**
   * The webhook URL.
   *
   * @return an absolute http(s) URI
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * The {@code Authorization} header value, sent verbatim.
   *
   * @return the token, or {@code null} when none is configured
   */
  public @Nullable String token() {
    return token;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notify
        && endpoint.equals(((Notify) o).endpoint)
        && Objects.equals(token, ((Notify) o).token);
  }

  @Override
  public int hashCode() {
    return endpoint.hashCode();
  }

  /** Shows the endpoint; the token is redacted. */
  @Override
  public String toString() {
    return "Notify{endpoint=" + endpoint + ", token=" + (token == null ? "<none>" : "<redacted>") + "}";
  }
}
