package io.github.proxywasm4j.host;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A reply the filter sent instead of forwarding the request ({@code proxy_send_local_response}),
 * or the host's 503 for a failed plugin under {@link FailurePolicy#FAIL_CLOSED}.
 *
 * @param status the HTTP status code
 * @param details the response code details, e.g. {@code wasm_fail_stream}
 * @param body the body bytes (a copy)
 * @param headers the extra headers the filter asked for
 * @param grpcStatus the gRPC status, if the filter gave one in 0..16
 */
public record LocalResponse(
        int status, String details, byte[] body, Headers headers, OptionalInt grpcStatus) {

    public LocalResponse {
        Objects.requireNonNull(details, "details");
        body = body.clone();
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(grpcStatus, "grpcStatus");
    }

    /** A local response with a status only. */
    public static LocalResponse of(int status, String details) {
        return new LocalResponse(
                status, details, new byte[0], Headers.empty(), OptionalInt.empty());
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
        return o instanceof LocalResponse r
                && status == r.status
                && details.equals(r.details)
                && java.util.Arrays.equals(body, r.body)
                && headers.equals(r.headers)
                && grpcStatus.equals(r.grpcStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, details, java.util.Arrays.hashCode(body), headers, grpcStatus);
    }

    @Override
    public String toString() {
        return "LocalResponse[status="
                + status
                + ", details="
                + details
                + ", body="
                + bodyText()
                + ", headers="
                + headers
                + ", grpcStatus="
                + grpcStatus
                + "]";
    }
}
