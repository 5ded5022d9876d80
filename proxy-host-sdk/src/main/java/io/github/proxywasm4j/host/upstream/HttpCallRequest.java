package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP callout the filter dispatched with {@code proxy_http_call}.
 *
 * @param upstream the upstream (Envoy cluster) name
 * @param headers the request headers, including {@code :method}, {@code :path}, {@code
 *     :authority}
 * @param body the body bytes (a copy)
 * @param trailers the trailers
 * @param timeout the timeout the filter asked for
 */
public record HttpCallRequest(
        String upstream, Headers headers, byte[] body, Headers trailers, Duration timeout) {
    public HttpCallRequest {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
        Objects.requireNonNull(trailers, "trailers");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The body bytes (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The {@code :method} header, or empty. */
    public String method() {
        return headers.get(":method").orElse("");
    }

    /** The {@code :path} header, or empty. */
    public String path() {
        return headers.get(":path").orElse("");
    }

    /** The {@code :authority} header, or empty. */
    public String authority() {
        return headers.get(":authority").orElse("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCallRequest r
                && upstream.equals(r.upstream)
                && headers.equals(r.headers)
                && Arrays.equals(body, r.body)
                && trailers.equals(r.trailers)
                && timeout.equals(r.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(upstream, headers, Arrays.hashCode(body), trailers, timeout);
    }

    @Override
    public String toString() {
        return "HttpCallRequest[upstream="
                + upstream
                + ", headers="
                + headers
                + ", body="
                + bodyText()
                + ", trailers="
                + trailers
                + ", timeout="
                + timeout
                + "]";
    }
}
