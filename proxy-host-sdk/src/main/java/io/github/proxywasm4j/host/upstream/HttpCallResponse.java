package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reply to an HTTP callout, delivered to {@code proxy_on_http_call_response}.
 *
 * @param headers the response headers; {@code :status} is added by {@link #of} when missing
 * @param body the body bytes (a copy)
 * @param trailers the trailers
 */
public record HttpCallResponse(Headers headers, byte[] body, Headers trailers) {
    public HttpCallResponse {
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
        Objects.requireNonNull(trailers, "trailers");
    }

    /** A reply with a status, extra headers and a body; {@code :status} comes first. */
    public static HttpCallResponse of(int status, Headers headers, byte[] body) {
        var all = Headers.of(":status", Integer.toString(status));
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equals(":status")) {
                all = all.with(headers.name(i), headers.value(i));
            }
        }
        return new HttpCallResponse(all, body, Headers.empty());
    }

    /** A reply with a status and a UTF-8 body. */
    public static HttpCallResponse of(int status, String body) {
        return of(status, Headers.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code :status} as a number, or 0 when absent or not a number. */
    public int status() {
        try {
            return Integer.parseInt(headers.get(":status").orElse("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
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

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCallResponse r
                && headers.equals(r.headers)
                && Arrays.equals(body, r.body)
                && trailers.equals(r.trailers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headers, Arrays.hashCode(body), trailers);
    }

    @Override
    public String toString() {
        return "HttpCallResponse[headers="
                + headers
                + ", body="
                + bodyText()
                + ", trailers="
                + trailers
                + "]";
    }
}
