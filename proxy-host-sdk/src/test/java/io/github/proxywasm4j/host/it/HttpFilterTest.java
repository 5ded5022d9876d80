package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "http" filter (as/http.ts): header maps, bodies, trailers, properties, local replies; the
 * whole spec runs once per engine.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class HttpFilterTest {
    @Parameter Engine engine;

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.HTTP))
                    .withRootId("http")
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    ProxyWasmPlugin plugin(UnaryOperator<ProxyWasmPlugin.Builder> settings) {
        return wasm.plugin(b -> settings.apply(b.withEngine(engine)));
    }

    HttpStream stream() {
        return plugin(b -> b).newHttpStream();
    }

    static Headers request(String mode) {
        return Headers.of(
                ":method", "POST",
                ":path", "/things",
                ":authority", "example",
                "user-agent", "curl/8",
                "x-remove-me", "1",
                "x-test", mode);
    }

    static int byteSize(Headers headers) {
        int size = 0;
        for (var e : headers.toList()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            size += e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    @Nested
    @DisplayName("request headers")
    class RequestHeaders {
        @Test
        @DisplayName(
                "add, replace and remove reach the request (add/replace/remove_header_map_value)")
        void addReplaceRemove() {
            var stream = stream();
            var action = stream.sendRequestHeaders(request("none"), false);

            assertThat(action).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream)
                    .continued()
                    .hasRequestHeader("x-wasm-seen", "yes")
                    .hasRequestHeader("user-agent", "proxywasm4j")
                    .doesNotHaveRequestHeader("x-remove-me");
            assertThat(stream.requestHeaders().getAll("user-agent")).containsExactly("proxywasm4j");
        }

        @Test
        @DisplayName("the filter sees the header count, pairs and byte size Envoy reports")
        void countsAndSizes() {
            var stream = stream();
            stream.sendRequestHeaders(request("none"), false);

            var headers = stream.requestHeaders();
            // proxy_on_request_headers gets the number of entries Envoy received
            assertThat(headers.get("x-callback-count")).hasValue("6");
            // get_header_map_pairs after add/replace/remove: 6 - 1 + 1
            assertThat(headers.get("x-request-header-count")).hasValue("6");
            // get_header_map_size: Envoy's byte size (names + values) when it was asked
            var asked = headers.without("x-request-header-bytes").without("x-callback-count");
            assertThat(headers.get("x-request-header-bytes"))
                    .hasValue(String.valueOf(byteSize(asked)));
        }

        @Test
        @DisplayName("set_header_map_pairs replaces the whole map, order kept")
        void setPairs() {
            var stream = stream();
            var in =
                    Headers.of(
                            ":method",
                            "GET",
                            ":path",
                            "/",
                            ":authority",
                            "a",
                            "x-drop-1",
                            "a",
                            "keep",
                            "b",
                            "x-drop-2",
                            "c",
                            "x-test",
                            "set-pairs");

            stream.sendRequestHeaders(in, true);

            assertThat(stream.requestHeaders())
                    .isEqualTo(
                            Headers.of(
                                    ":method",
                                    "GET",
                                    ":path",
                                    "/",
                                    ":authority",
                                    "a",
                                    "keep",
                                    "b",
                                    "x-test",
                                    "set-pairs",
                                    "x-wasm-seen",
                                    "yes",
                                    "user-agent",
                                    "proxywasm4j",
                                    "x-request-header-count",
                                    "9",
                                    "x-request-header-bytes",
                                    stream.requestHeaders()
                                            .get("x-request-header-bytes")
                                            .orElseThrow(),
                                    "x-callback-count",
                                    "7",
                                    "x-pairs-set",
                                    "1",
                                    "x-set-pairs-status",
                                    "0"));
        }
    }

    @Nested
    @DisplayName("local responses")
    class LocalResponses {
        @Test
        @DisplayName("send_local_response answers 403 with body and headers; the request stops")
        void localResponseFromHeaders() {
            var stream = stream();
            var action = stream.sendRequestHeaders(request("local-response"), true);

            assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream).sentLocalResponse(403, "forbidden by wasm");
            var reply = stream.localResponse().orElseThrow();
            assertThat(reply.details()).isEqualTo("denied_by_wasm");
            assertThat(reply.headers().get("x-reason")).hasValue("test");
            assertThat(reply.grpcStatus()).isEmpty();
        }

        @Test
        @DisplayName("a body that fails inspection at end_of_stream is answered with 400")
        void localResponseFromBody() {
            var stream = stream();
            stream.sendRequestHeaders(request("buffer"), false);
            var first = stream.sendRequestBody("this is ", false);
            var last = stream.sendRequestBody("forbidden", true);

            assertThat(first).isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
            assertThat(last).isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream).sentLocalResponse(400, "body rejected");
        }
    }

    @Nested
    @DisplayName("bodies")
    class Bodies {
        @Test
        @DisplayName(
                "request body chunks are buffered until end_of_stream (get_buffer_status/bytes)")
        void requestBodyInChunks() {
            var plugin = plugin(b -> b);
            try (var stream = plugin.newHttpStream()) {
                assertThat(stream.sendRequestHeaders(request("buffer"), false))
                        .isEqualTo(FilterAction.CONTINUE);
                assertThat(stream.sendRequestBody("hello ", false))
                        .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
                assertThat(stream.sendRequestBody("big ", false))
                        .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
                assertThat(stream.sendRequestBody("world", true)).isEqualTo(FilterAction.CONTINUE);

                assertThat(stream).hasRequestBody("hello big world").continued();
            }
            assertThat(plugin.logs(LogLevel.INFO))
                    .containsSubsequence(
                            "request body chunk: buffered 6 bytes",
                            "request body chunk: buffered 10 bytes",
                            "request body: hello big world (15 bytes)");
        }

        @Test
        @DisplayName("response body chunks are buffered until end_of_stream")
        void responseBodyInChunks() {
            var plugin = plugin(b -> b);
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("buffer"), true);
                assertThat(stream.sendResponseHeaders(Headers.of(":status", "200"), false))
                        .isEqualTo(FilterAction.CONTINUE);
                assertThat(stream.sendResponseBody("abc", false))
                        .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
                assertThat(stream.sendResponseBody("def", true)).isEqualTo(FilterAction.CONTINUE);

                assertThat(stream)
                        .hasResponseBody("abcdef")
                        .hasResponseHeader("x-response-seen", "yes");
            }
            assertThat(plugin).hasLog(LogLevel.INFO, "response body: abcdef (6 bytes)");
        }

        @Test
        @DisplayName(
                "a request stopped in its headers holds the body back, as Envoy's StopAllIteration")
        void stoppedHeadersHoldTheBody() {
            var plugin = plugin(b -> b);
            try (var stream = plugin.newHttpStream()) {
                var onHeaders = stream.sendRequestHeaders(request("pause"), false);
                var onBody = stream.sendRequestBody("data", true);

                assertThat(onHeaders.isStop()).isTrue();
                assertThat(onBody).isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
                assertThat(stream).hasRequestPaused().sentNoLocalResponse();
            }
            // Envoy turns StopIteration into StopAllIterationAndWatermark: no body callback runs
            assertThat(plugin).hasNoLogContaining("resuming request");
        }
    }

    @Test
    @DisplayName(
            "with allow_on_headers_stop_iteration the body still reaches the filter, which resumes")
    void stopIterationAllowed() {
        var plugin = plugin(b -> b.withAllowOnHeadersStopIteration(true));
        try (var stream = plugin.newHttpStream()) {
            var onHeaders = stream.sendRequestHeaders(request("pause"), false);
            assertThat(onHeaders).isEqualTo(FilterAction.STOP_ITERATION);

            stream.sendRequestBody("data", true);

            assertThat(stream).continued().hasRequestBody("data");
        }
        assertThat(plugin).hasLog(LogLevel.INFO, "resuming request after 4 body bytes");
    }

    @Test
    @DisplayName("close_stream resets the stream")
    void closeStream() {
        var stream = stream();
        var action = stream.sendRequestHeaders(request("close"), false);

        assertThat(action).isEqualTo(FilterAction.CLOSED);
        assertThat(stream).wasClosedByFilter();
        assertThat(stream.requestHeaders().get("x-close-status")).hasValue("0");
    }

    @Test
    @DisplayName("trailers are readable and writable in the trailer callbacks")
    void trailers() {
        var stream = stream();
        stream.sendRequestHeaders(request("none"), false);
        stream.sendRequestBody("x", false);
        assertThat(stream.sendRequestTrailers(Headers.of("x-trailer", "t1")))
                .isEqualTo(FilterAction.CONTINUE);
        stream.sendResponseHeaders(Headers.of(":status", "200"), false);
        assertThat(stream.sendResponseTrailers(Headers.of("grpc-status", "0")))
                .isEqualTo(FilterAction.CONTINUE);

        assertThat(stream.requestTrailers())
                .isEqualTo(Headers.of("x-trailer", "t1", "x-trailer-seen", "t1"));
        assertThat(stream.responseTrailers())
                .isEqualTo(Headers.of("grpc-status", "0", "x-response-trailer", "yes"));
    }

    @Test
    @DisplayName("properties: plugin, derived request and user-set ones; set_property round trip")
    void properties() {
        var plugin =
                plugin(
                        b ->
                                b.withPluginName("my-plugin")
                                        .withProperty("custom.value", "from-host"));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("properties"), true);

            assertThat(stream)
                    .hasRequestHeader("x-prop-root-id", "http")
                    .hasRequestHeader("x-prop-plugin-name", "my-plugin")
                    .hasRequestHeader("x-prop-request-path", "/things")
                    .hasRequestHeader("x-prop-custom", "from-host")
                    .hasRequestHeader("x-prop-missing", "status 1")
                    .hasRequestHeader("x-prop-set-status", "0")
                    .hasRequestHeader("x-prop-roundtrip", "written-by-wasm");
        }
    }

    @Test
    @DisplayName("teardown runs proxy_on_log with the response still readable")
    void onLogSeesTheResponse() {
        var plugin = plugin(b -> b);
        var stream = plugin.newHttpStream();
        stream.sendRequestHeaders(request("none"), true);
        stream.sendResponseHeaders(Headers.of(":status", "201"), true);

        stream.complete();

        assertThat(plugin).hasLog(LogLevel.INFO, "on_log " + stream.contextId() + " status=201");
    }
}
