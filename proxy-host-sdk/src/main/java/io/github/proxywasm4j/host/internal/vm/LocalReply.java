package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.LocalResponse;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A local reply as Envoy builds it before it is encoded: the response headers and body of {@code
 * Http::Utility::prepareLocalReply} (source/common/http/utility.cc) for what the filter asked with
 * {@code proxy_send_local_response} (source/extensions/common/wasm/context.cc, {@code
 * Context::sendLocalResponse}).
 */
final class LocalReply {
    /** Envoy's Http::Code::PayloadTooLarge reply for a buffered request over the buffer limit. */
    static final String REQUEST_TOO_LARGE = "request_payload_too_large";

    static final String RESPONSE_TOO_LARGE = "response_payload_too_large";

    final LocalResponse record;
    final HeaderMap headers;
    final byte[] body;

    /** Whether the reply has no body frame (gRPC trailers-only, HEAD, or an empty body). */
    final boolean headersOnly;

    private LocalReply(LocalResponse record, HeaderMap headers, byte[] body, boolean headersOnly) {
        this.record = record;
        this.headers = headers;
        this.body = body;
        this.headersOnly = headersOnly;
    }

    /**
     * Builds the reply. {@code grpcStatus} is the guest's u32: only 0..16 count (Envoy maps
     * anything else, the SDKs' -1 included, to "none").
     */
    static LocalReply prepare(
            int status,
            String details,
            byte[] body,
            HeaderMap extra,
            int grpcStatus,
            boolean grpcRequest,
            boolean headRequest) {
        var given =
                grpcStatus >= 0 && grpcStatus <= 16
                        ? OptionalInt.of(grpcStatus)
                        : OptionalInt.empty();
        var record =
                new LocalResponse(
                        status, normalizeDetails(details), body, extra.toHeaders(), given);
        var h = new HeaderMap();
        h.add(":status", Integer.toString(status));
        // modify_headers: addCopy of each pair, names lower-cased.
        for (int i = 0; i < extra.size(); i++) {
            h.add(extra.name(i), extra.value(i));
        }
        if (grpcRequest) {
            // A gRPC trailers-only response: 200, application/grpc, grpc-status, grpc-message.
            h.replace(":status", "200");
            h.replace("content-type", "application/grpc");
            if (h.get("grpc-status") == null) {
                int code = given.isPresent() ? given.getAsInt() : httpToGrpcStatus(status);
                h.replace("grpc-status", Integer.toString(code));
            }
            var text = new String(body, StandardCharsets.UTF_8);
            if (!text.isEmpty() && !headRequest) {
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
                h.replace("grpc-message", percentEncode(text));
            }
            h.remove("content-length");
            return new LocalReply(record, h, new byte[0], true);
        }
        if (body.length > 0) {
            h.replace("content-length", Integer.toString(body.length));
            if (h.get("content-type") == null) {
                h.replace("content-type", "text/plain");
            }
        } else {
            h.remove("content-length");
            h.remove("content-type");
        }
        return new LocalReply(
                record,
                h,
                headRequest ? new byte[0] : body.clone(),
                headRequest || body.length == 0);
    }

    /**
     * Envoy's {@code StringUtil::replaceAllEmptySpace} on the details, as {@code
     * Context::sendLocalResponse} applies it before they become the response code details.
     */
    static String normalizeDetails(String details) {
        var out = new StringBuilder(details.length());
        for (int i = 0; i < details.length(); i++) {
            char c = details.charAt(i);
            out.append(
                    c == ' ' || c == '\t' || c == '\f' || c == 0x0b || c == '\n' || c == '\r'
                            ? '_'
                            : c);
        }
        return out.toString();
    }

    /**
     * {@code Grpc::Utility::httpToGrpcStatus} (source/common/grpc/status.cc), the gRPC project's
     * mapping for intermediaries.
     */
    static int httpToGrpcStatus(int http) {
        return switch (http) {
            case 400 -> 13; // Internal
            case 401 -> 16; // Unauthenticated
            case 403 -> 7; // PermissionDenied
            case 404 -> 12; // Unimplemented
            case 429, 502, 503, 504 -> 14; // Unavailable
            default -> 2; // Unknown
        };
    }

    /**
     * {@code Http::Utility::PercentEncoding::encode} for grpc-message: bytes below ' ', from '~'
     * up, and '%' become %XX.
     */
    static String percentEncode(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        var out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x20 || c >= '~' || c == '%') {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** Whether Envoy's filter manager treats the request as gRPC (Grpc::Common). */
    static boolean isGrpcRequest(io.github.proxywasm4j.host.Headers request) {
        if (request == null || request.get(":path").isEmpty()) {
            return false;
        }
        var type = request.get("content-type").orElse("");
        return type.startsWith("application/grpc")
                && (type.length() == "application/grpc".length()
                        || type.charAt("application/grpc".length()) == '+');
    }

    static boolean isHeadRequest(io.github.proxywasm4j.host.Headers request) {
        return request != null && request.get(":method").orElse("").equals("HEAD");
    }
}
