package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How Envoy builds a local reply: source/common/http/utility.cc {@code prepareLocalReply}. */
class LocalReplyTest {
    static LocalReply prepare(int status, String body, boolean grpc, boolean head) {
        return LocalReply.prepare(
                status,
                "d",
                body.getBytes(StandardCharsets.UTF_8),
                new HeaderMap(),
                -1,
                grpc,
                head);
    }

    @ParameterizedTest(name = "HTTP {0} -> gRPC {1}")
    @CsvSource({
        "400, 13", "401, 16", "403, 7", "404, 12", "429, 14", "502, 14", "503, 14", "504, 14",
        "500, 2", "418, 2", "200, 2"
    })
    @DisplayName("HTTP status to gRPC status as source/common/grpc/status.cc httpToGrpcStatus")
    void httpToGrpcStatus(int http, int grpc) {
        assertThat(LocalReply.httpToGrpcStatus(http)).isEqualTo(grpc);
    }

    @Test
    @DisplayName(
            "grpc-message is percent-encoded as Http::Utility::PercentEncoding::encode (below ' ',"
                    + " from '~' up, and '%'), one trailing newline dropped")
    void grpcMessageIsPercentEncoded() {
        var reply = prepare(503, "50% done ~ é\n", true, false);

        assertThat(reply.headers.get("grpc-message")).isEqualTo("50%25 done %7E %C3%A9");
    }

    @Test
    @DisplayName("a gRPC status outside 0..16 (the SDKs' -1) counts as none")
    void outOfRangeGrpcStatusIsNone() {
        var reply = LocalReply.prepare(401, "d", new byte[0], new HeaderMap(), 17, true, false);

        assertThat(reply.record.grpcStatus()).isEmpty();
        assertThat(reply.headers.get("grpc-status")).isEqualTo("16");
    }

    @Test
    @DisplayName("a content-type the filter set is kept for a plain HTTP reply with a body")
    void contentTypeOfTheFilterIsKept() {
        var extra = new HeaderMap();
        extra.add("Content-Type", "application/json");
        var reply =
                LocalReply.prepare(
                        400, "d", "{}".getBytes(StandardCharsets.UTF_8), extra, -1, false, false);

        assertThat(reply.headers.toHeaders())
                .isEqualTo(
                        Headers.of(
                                ":status",
                                "400",
                                "content-type",
                                "application/json",
                                "content-length",
                                "2"));
    }

    @Test
    @DisplayName("an empty body drops content-length and content-type")
    void emptyBodyHasNoContentHeaders() {
        var extra = new HeaderMap();
        extra.add("content-type", "text/html");
        var reply = LocalReply.prepare(204, "d", new byte[0], extra, -1, false, false);

        assertThat(reply.headers.toHeaders()).isEqualTo(Headers.of(":status", "204"));
        assertThat(reply.headersOnly).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "application/grpc, true",
        "application/grpc+proto, true",
        "application/grpc-web, false",
        "application/grpc;charset=utf-8, false",
        "text/plain, false"
    })
    @DisplayName("gRPC requests as Grpc::Common::isGrpcRequestHeaders (common.cc)")
    void grpcRequests(String contentType, boolean grpc) {
        assertThat(
                        LocalReply.isGrpcRequest(
                                Headers.of(":path", "/s/m", "content-type", contentType)))
                .isEqualTo(grpc);
    }

    @Test
    @DisplayName("whitespace in details becomes '_' (StringUtil::replaceAllEmptySpace)")
    void detailsAreNormalised() {
        assertThat(LocalReply.normalizeDetails("a b\tc\nd\re\ff\u000bg"))
                .isEqualTo("a_b_c_d_e_f_g");
    }
}
