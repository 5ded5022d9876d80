package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Only orders Envoy's filter manager can produce reach the filter (source/common/http/
 * filter_manager.cc: decodeHeaders/decodeData/decodeTrailers run once per direction in that
 * order and stop at end_stream; the router only gets a response for request headers it was given,
 * so none arrives while a filter holds them). Anything else is a test bug and is refused.
 */
class StreamOrderTest {
    static final Headers REQUEST = request("none");
    static final Headers RESPONSE = Headers.of(":status", "200");

    static Headers request(String mode) {
        return Headers.of(":method", "POST", ":path", "/", "x-mode", mode);
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("response headers before request headers are refused")
    void responseBeforeRequest(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            assertThatThrownBy(() -> stream.sendResponseHeaders(RESPONSE, true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "response headers sent before request headers: Envoy only gets a"
                                    + " response for a request it forwarded; fix: call"
                                    + " sendRequestHeaders(..) first");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("response headers while the filter holds the request headers are refused")
    void responseWhileRequestHeld(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            assertThat(stream.sendRequestHeaders(request("buffer-all"), false))
                    .isEqualTo(FilterAction.STOP_ALL_ITERATION_AND_BUFFER);

            assertThatThrownBy(() -> stream.sendResponseHeaders(RESPONSE, true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "response headers sent while the filter holds the request headers");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("a request body after end_of_stream on the request headers is refused")
    void bodyAfterEndOfStream(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThatThrownBy(() -> stream.sendRequestBody("late", true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "request body sent after the request ended (request headers had"
                                    + " end_of_stream=true): Envoy delivers nothing after the end"
                                    + " of stream; fix: pass endOfStream=false on everything but"
                                    + " the last headers, body chunk or trailers");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("trailers after an ended body, and a body after trailers, are refused")
    void trailersAfterEndedBody(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, false);
            stream.sendRequestBody("last", true);

            assertThatThrownBy(() -> stream.sendRequestTrailers(Headers.of("t", "1")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "request trailers sent after the request ended (request body had"
                                    + " end_of_stream=true)");
            stream.sendResponseHeaders(RESPONSE, false);
            stream.sendResponseTrailers(Headers.of("grpc-status", "0"));
            assertThatThrownBy(() -> stream.sendResponseBody("more", false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "response body sent after the response ended (response trailers"
                                    + " were sent)");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("nothing is accepted after the stream completed")
    void nothingAfterComplete(Shapes shape) {
        try (var plugin = shape.plugin()) {
            var stream = plugin.newHttpStream();
            stream.sendRequestHeaders(REQUEST, true);
            stream.complete();

            assertThatThrownBy(() -> stream.sendResponseHeaders(RESPONSE, true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "the stream is complete; fix: use a new plugin.newHttpStream() per"
                                    + " request");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName(
            "after a local reply the client may still send: the filter is not called and the"
                    + " call says the stream was answered")
    void clientDataAfterALocalReply(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("reply"), false);

            assertThat(stream.sendRequestBody("more", true)).isEqualTo(FilterAction.LOCAL_RESPONSE);
        }
    }
}
