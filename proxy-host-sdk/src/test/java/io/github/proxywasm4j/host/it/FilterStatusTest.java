package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Filter status values as Envoy treats them: source/extensions/common/wasm/context.cc ({@code
 * convertFilterHeadersStatus}: ContinueAndEndStream has no case and is Continue), cpp-host
 * src/context.cc ({@code convertVmCallResultToFilterHeadersStatus}), and the buffer limit of
 * source/common/http/filter_manager.cc ({@code handleDataIfStopAll}, {@code
 * ActiveStreamDecoderFilter::requestDataTooLarge}: 413 when a buffering filter's body exceeds the
 * limit, flow control only for the watermark variants; {@code
 * ActiveStreamEncoderFilter::responseDataTooLarge}: 500, or a reset once headers went out).
 */
class FilterStatusTest {
    static Headers request(String mode) {
        return Headers.of(":method", "POST", ":path", "/", "x-mode", mode);
    }

    static byte[] bytes(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName("ContinueAndEndStream is reported as returned and treated as Continue")
    void continueAndEndStreamIsContinue(Shapes shape) {
        try (var plugin = shape.plugin();
                var stream = plugin.newHttpStream()) {
            assertThat(stream.sendRequestHeaders(request("continue-end"), false))
                    .isEqualTo(FilterAction.CONTINUE_AND_END_STREAM);

            assertThat(stream.isRequestPaused()).isFalse();
            assertThat(stream.sendRequestBody("body", true)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.requestBodyText()).isEqualTo("body");
        }
    }

    @ParameterizedTest
    @EnumSource(Shapes.class)
    @DisplayName(
            "after StopAllIterationAndBuffer a body over the buffer limit is answered 413"
                    + " through the filter's own response callbacks")
    void stopAllAndBufferOverTheLimitIs413(Shapes shape) {
        try (var plugin = shape.plugin(b -> b.withBufferLimit(10));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("buffer-all"), false);
            assertThat(stream.sendRequestBody(bytes(10), false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);

            var action = stream.sendRequestBody(bytes(1), false);

            assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
            var reply = stream.localResponse().orElseThrow();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.details()).isEqualTo("request_payload_too_large");
            assertThat(stream.responseBodyText()).isEqualTo("Payload Too Large");
            assertThat(stream.responseHeaders().get("x-filter")).hasValue(shape.mark);
        }
    }

    @Test
    @DisplayName("the default buffer limit is Envoy's 1 MiB")
    void defaultLimitIsOneMebibyte() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("buffer-all"), false);
            assertThat(stream.sendRequestBody(bytes(1 << 20), false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
            assertThat(stream.sendRequestBody(bytes(1), false))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
        }
    }

    @Test
    @DisplayName(
            "after StopAllIterationAndWatermark the body is held without a limit (Envoy only"
                    + " applies flow control)")
    void stopAllAndWatermarkHasNoLimit() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin(b -> b.withBufferLimit(10));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("mark-all"), false);

            assertThat(stream.sendRequestBody(bytes(100), false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
            assertThat(stream.localResponse()).isEmpty();
            assertThat(stream.isRequestPaused()).isTrue();
        }
    }

    @Test
    @DisplayName("a body StopIterationAndBuffer over the limit is answered 413")
    void bodyBufferOverTheLimitIs413() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin(b -> b.withBufferLimit(10));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("body-buffer"), false);
            assertThat(stream.sendRequestBody(bytes(6), false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);

            assertThat(stream.sendRequestBody(bytes(6), false))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream.localResponse().orElseThrow().status()).isEqualTo(413);
        }
    }

    @Test
    @DisplayName("a body StopIterationAndWatermark over the limit goes on buffering")
    void bodyWatermarkHasNoLimit() {
        try (var plugin =
                        Shapes.ASSEMBLYSCRIPT.plugin(
                                b -> b.withBufferLimit(10).withLogLevel(LogLevel.INFO));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("body-mark"), false);
            stream.sendRequestBody(bytes(6), false);

            assertThat(stream.sendRequestBody(bytes(6), false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_WATERMARK);
            assertThat(stream.sendRequestBody(bytes(1), true)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.requestBody()).hasSize(13);
            assertThat(plugin.logs(LogLevel.INFO)).contains("request body 13 bytes eos=true");
        }
    }

    @Test
    @DisplayName(
            "a response body buffered over the limit after the headers went out resets the"
                    + " stream (response_payload_too_large)")
    void responseOverTheLimitResets() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin(b -> b.withBufferLimit(10));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("response-buffer"), true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), false);
            stream.sendResponseBody(bytes(6), false);

            assertThat(stream.sendResponseBody(bytes(6), false)).isEqualTo(FilterAction.CLOSED);
            assertThat(stream.property("response.code_details"))
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .hasValue("response_payload_too_large");
        }
    }
}
