package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local replies travel as Envoy sends them. The behaviour is defined by
 * source/common/http/filter_manager.cc ({@code FilterManager::sendLocalReply}: through the filter
 * chain while the response has not started, {@code sendDirectLocalReply} while response headers
 * exist but were not encoded, a reset after that), source/common/http/utility.cc ({@code
 * Utility::prepareLocalReply}, {@code encodeLocalReply}) and
 * source/extensions/common/wasm/context.cc ({@code Context::sendLocalResponse}: deferred until the
 * callback returns, details with whitespace replaced, gRPC status 0..16 only).
 */
class LocalReplyTest {
    static Headers get(String mode) {
        return Headers.of(":method", "GET", ":path", "/x", ":authority", "example", "x-mode", mode);
    }

    static Headers grpc(String mode) {
        return Headers.of(
                ":method", "POST",
                ":path", "/pkg.Service/Call",
                ":authority", "example",
                "content-type", "application/grpc",
                "x-mode", mode);
    }

    @Nested
    @DisplayName("while the response has not started")
    class ThroughTheFilterChain {
        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName(
                "the reply goes through the sending filter's own response callbacks"
                        + " (sendLocalReplyViaFilterChain)")
        void ownResponseCallbacksSeeTheReply(Shapes shape) {
            try (var plugin = shape.plugin(b -> b.withLogLevel(LogLevel.INFO));
                    var stream = plugin.newHttpStream()) {
                var action = stream.sendRequestHeaders(get("reply"), true);

                assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
                assertThat(stream.responseHeaders())
                        .isEqualTo(
                                Headers.of(
                                        ":status", "401",
                                        "x-reason", "auth",
                                        "content-length", "6",
                                        "content-type", "text/plain",
                                        "x-filter", shape.mark));
                assertThat(stream.responseBodyText()).isEqualTo("denied");
                assertThat(plugin.logs(LogLevel.INFO))
                        .contains(
                                shape == Shapes.ASSEMBLYSCRIPT
                                        ? "response body: denied eos=true"
                                        : "response body size 6");
            }
        }

        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName(
                "localResponse() holds what the filter asked, details normalised as Envoy's"
                        + " response code details (replaceAllEmptySpace)")
        void recordsWhatWasAsked(Shapes shape) {
            try (var plugin = shape.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(get("reply"), true);

                var reply = stream.localResponse().orElseThrow();
                assertThat(reply.status()).isEqualTo(401);
                assertThat(reply.details()).isEqualTo("access_denied");
                assertThat(reply.bodyText()).isEqualTo("denied");
                assertThat(reply.headers()).isEqualTo(Headers.of("x-reason", "auth"));
                assertThat(reply.grpcStatus()).isEmpty();
                assertThat(stream.property("response.code_details"))
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .hasValue("access_denied");
            }
        }

        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName(
                "a reply sent from a response callback while a local reply is encoded goes"
                        + " straight to the client (sendDirectLocalReply): the client sees the"
                        + " second reply")
        void secondReplyGoesStraightOut(Shapes shape) {
            try (var plugin = shape.plugin(b -> b.withLogLevel(LogLevel.INFO));
                    var stream = plugin.newHttpStream()) {
                var action = stream.sendRequestHeaders(get("twice"), true);

                assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
                assertThat(stream.responseHeaders())
                        .isEqualTo(
                                Headers.of(
                                        ":status", "500",
                                        "content-length", "6",
                                        "content-type", "text/plain"));
                assertThat(stream.responseBodyText()).isEqualTo("second");
                assertThat(stream.localResponse().orElseThrow().details())
                        .isEqualTo("second_reply");
                // The encoder chain of the first reply stopped: its body never reached the filter.
                assertThat(plugin.logs(LogLevel.INFO))
                        .noneMatch(l -> l.startsWith("response body"));
            }
        }

        @Test
        @DisplayName("a HEAD request gets the headers (content-length included) and no body")
        void headRequestHasNoBody() {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(
                        Headers.of(":method", "HEAD", ":path", "/", "x-mode", "reply"), true);

                assertThat(stream.responseHeaders().get("content-length")).hasValue("6");
                assertThat(stream.responseBody()).isEmpty();
            }
        }

        @Test
        @DisplayName(
                "a reply the filter holds in its own response headers callback stays held until"
                        + " the filter continues")
        void heldReplyStaysHeld() {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                assertThat(stream.sendRequestHeaders(get("hold"), true))
                        .isEqualTo(FilterAction.LOCAL_RESPONSE);

                assertThat(stream.isResponsePaused()).isTrue();
                assertThat(stream.isRequestPaused()).isFalse();
                assertThat(stream.responseHeaders().get(":status")).hasValue("401");
            }
        }
    }

    @Nested
    @DisplayName("gRPC requests")
    class Grpc {
        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName(
                "get a trailers-only answer: 200, application/grpc, grpc-status mapped from the"
                        + " HTTP status (httpToGrpcStatus: 401 -> 16), grpc-message from the body,"
                        + " no body")
        void trailersOnlyWithMappedStatus(Shapes shape) {
            try (var plugin = shape.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(grpc("reply"), true);

                assertThat(stream.responseHeaders())
                        .isEqualTo(
                                Headers.of(
                                        ":status", "200",
                                        "x-reason", "auth",
                                        "content-type", "application/grpc",
                                        "grpc-status", "16",
                                        "grpc-message", "denied",
                                        "x-filter", shape.mark));
                assertThat(stream.responseBody()).isEmpty();
                assertThat(stream.localResponse().orElseThrow().status()).isEqualTo(401);
            }
        }

        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName("the filter's gRPC status wins over the mapping")
        void givenStatusWins(Shapes shape) {
            try (var plugin = shape.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(grpc("grpc"), true);

                assertThat(stream.responseHeaders().get("grpc-status")).hasValue("5");
                assertThat(stream.responseHeaders().get("grpc-message")).hasValue("not allowed");
                assertThat(stream.localResponse().orElseThrow().grpcStatus())
                        .isEqualTo(OptionalInt.of(5));
            }
        }

        @ParameterizedTest
        @EnumSource(Shapes.class)
        @DisplayName("a plain HTTP request gets no grpc-status even when the filter passed one")
        void plainHttpHasNoGrpcStatus(Shapes shape) {
            try (var plugin = shape.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(get("grpc"), true);

                assertThat(stream.responseHeaders().contains("grpc-status")).isFalse();
                assertThat(stream.responseHeaders().get(":status")).hasValue("403");
                assertThat(stream.responseHeaders().get("content-length")).hasValue("11");
                assertThat(stream.responseBodyText()).isEqualTo("not allowed");
            }
        }
    }

    @Nested
    @DisplayName("once the response has started")
    class AfterTheResponseStarted {
        @Test
        @DisplayName(
                "a reply from the response headers callback replaces the upstream response and"
                        + " bypasses the filters (sendDirectLocalReply)")
        void replyFromResponseHeadersGoesDirect() {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(get("upstream-reply"), true);
                var action = stream.sendResponseHeaders(Headers.of(":status", "200"), false);

                assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
                assertThat(stream.responseHeaders())
                        .isEqualTo(
                                Headers.of(
                                        ":status", "502",
                                        "content-length", "12",
                                        "content-type", "text/plain"));
                assertThat(stream.responseBodyText()).isEqualTo("bad upstream");
                assertThat(stream.sendResponseBody("upstream body", true))
                        .isEqualTo(FilterAction.LOCAL_RESPONSE);
                assertThat(stream.responseBodyText()).isEqualTo("bad upstream");
            }
        }

        @Test
        @DisplayName(
                "a reply after the response headers went to the client resets the stream, with"
                        + " the reply's details")
        void replyAfterHeadersWentOutResets() {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(get("late-reply"), true);
                assertThat(stream.sendResponseHeaders(Headers.of(":status", "200"), false))
                        .isEqualTo(FilterAction.CONTINUE);

                var action = stream.sendResponseBody("abc", true);

                assertThat(action).isEqualTo(FilterAction.CLOSED);
                assertThat(stream.isClosedByFilter()).isTrue();
                assertThat(stream.localResponse()).isEmpty();
                assertThat(stream.property("response.code_details"))
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .hasValue("late");
            }
        }
    }

    @Nested
    @DisplayName("status codes")
    class StatusCodes {
        @ParameterizedTest
        // 0 and 1000 are refused earlier, with BAD_ARGUMENT (HostileGuestTest.localResponseStatus).
        @ValueSource(strings = {"100", "199"})
        @DisplayName(
                "an informational status resets the stream with a warning (filter_manager.cc"
                        + " asserts a final status; codecs refuse others)")
        void nonFinalStatusResets(String status) {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                var action =
                        stream.sendRequestHeaders(
                                Headers.of(":path", "/", "x-mode", "status", "x-status", status),
                                true);

                assertThat(action).isEqualTo(FilterAction.CLOSED);
                assertThat(stream.localResponse()).isEmpty();
                assertThat(plugin.logs(LogLevel.WARN))
                        .containsExactly(
                                "local reply with status "
                                        + status
                                        + " is not a final HTTP status Envoy can send; the stream"
                                        + " is reset instead; fix: send a status in 200..599");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"200", "599", "999"})
        @DisplayName("any three-digit final status is sent as given")
        void finalStatusIsSent(String status) {
            try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(
                        Headers.of(":path", "/", "x-mode", "status", "x-status", status), true);

                assertThat(stream.responseHeaders().get(":status")).hasValue(status);
            }
        }
    }

    @Test
    @DisplayName(
            "a stream answered by a callout reply that arrived during the call says so in the"
                    + " call's result")
    void answeredDuringTheCall() {
        var upstream = StubHttpUpstream.replying(HttpCallResponse.of(401, "nope"));
        var module = ProxyWasmModule.load(TestModules.path(TestModules.CALLOUT));
        try (var plugin =
                        ProxyWasmPlugin.builder(module)
                                .withRootId("callout")
                                .withHttpUpstream(upstream)
                                .build();
                var stream = plugin.newHttpStream()) {
            var action =
                    stream.sendRequestHeaders(
                            Headers.of(":method", "GET", ":path", "/a", ":authority", "x"), true);

            assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream.localResponse().orElseThrow().status()).isEqualTo(403);
            assertThat(stream.responseBodyText()).isEqualTo("denied: nope");
        }
    }
}
