package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThatThrownBy;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The assertions fail when they should, and say what they saw. */
class ProxyWasmAssertionsTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.HTTP))
                    .withRootId("http")
                    .build();

    static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/", ":authority", "example");

    @Test
    @DisplayName("a missing header fails with the headers that were there")
    void headerMismatch() {
        var plugin = wasm.plugin();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            assertThatThrownBy(() -> assertThat(stream).hasResponseHeader("x-response-seen", "no"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(
                            "expected response header <x-response-seen: no> but the response"
                                    + " headers were {:status: 200, x-response-seen: yes}");
            assertThatThrownBy(() -> assertThat(stream).doesNotHaveRequestHeader("x-wasm-seen"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected no request header <x-wasm-seen>");
        }
    }

    @Test
    @DisplayName("sentLocalResponse fails when the filter let the request through")
    void noLocalResponse() {
        var plugin = wasm.plugin();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThatThrownBy(() -> assertThat(stream).sentLocalResponse(403))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(
                            "expected a local response, but none was sent; the stream was request"
                                    + " paused=false");
        }
    }

    @Test
    @DisplayName("continued fails on a local reply and names it")
    void continuedFailsOnLocalReply() {
        var plugin = wasm.plugin();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST.with("x-test", "local-response"), true);

            assertThatThrownBy(() -> assertThat(stream).continued())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("answered locally")
                    .hasMessageContaining("403");
            assertThatThrownBy(() -> assertThat(stream).sentLocalResponse(403, "other body"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(
                            "expected local response body <other body> but was <forbidden by"
                                    + " wasm>");
        }
    }

    @Test
    @DisplayName("plugin assertions: counter value, logs and failure state")
    void pluginAssertions() {
        var services =
                ProxyWasmPlugin.builder(
                                ProxyWasmModule.load(TestModules.path(TestModules.SERVICES)))
                        .withRootId("services")
                        .withLogLevel(LogLevel.INFO)
                        .build();
        try (services) {
            try (var stream = services.newHttpStream()) {
                stream.sendRequestHeaders(REQUEST, true);
            }

            assertThat(services).hasCounter("requests_total", 1).hasNoFailure();
            assertThatThrownBy(() -> assertThat(services).hasCounter("requests_total", 5))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected counter <requests_total> to be 5 but was 1");
            assertThatThrownBy(() -> assertThat(services).hasLogContaining("never logged"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a log containing <never logged>")
                    .hasMessageContaining("dequeued /");
            assertThatThrownBy(() -> assertThat(services).hasFailedWith("trap"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected the plugin to have failed, but it has not");
        }
    }

    @Test
    @DisplayName("TCP assertions compare the data as the filter left it")
    void tcpAssertions() {
        var plugin =
                ProxyWasmPlugin.builder(
                                ProxyWasmModule.load(TestModules.path(TestModules.GO_SDK_LIKE_TCP)))
                        .withRootId("tcp")
                        .build();
        try (plugin;
                var connection = plugin.newTcpConnection()) {
            connection.newConnection();
            connection.sendDownstreamData("x", false);

            assertThat(connection).isFlowing().hasDownstreamData("[wasm]x");
            assertThatThrownBy(() -> assertThat(connection).hasDownstreamData("x"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected downstream data <x> but was <[wasm]x>");
        }
    }
}
