package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The C++-SDK (Emscripten) shaped module on the old ABI 0.1.0 (wat/cpp_sdk_like_v010.wat):
 * {@code malloc}, {@code _initialize} + {@code main}, two-parameter header callbacks, the 0.1.0-only
 * host functions, and C++-style property paths with a trailing NUL.
 */
class Abi010ModuleTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.CPP_SDK_LIKE_V010))
                    .withRootId("cpp_root")
                    .withPlugin(
                            b -> b.withLogLevel(LogLevel.INFO).withPluginConfiguration("cfg010"))
                    .build();

    static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/things", ":authority", "example");

    @Test
    @DisplayName("the host detects ABI 0.1.0 and runs _initialize, then main")
    void startUp() {
        var plugin = wasm.plugin();

        assertThat(plugin.abiVersion()).isEqualTo(AbiVersion.V0_1_0);
        assertThat(plugin.logs(LogLevel.INFO)).containsSubsequence("initialized", "main called");
    }

    @Test
    @DisplayName("0.1.0 callbacks and host functions: configuration, properties, missing header")
    void requestHeaders() {
        var plugin = wasm.plugin();
        try (var stream = plugin.newHttpStream()) {
            var action = stream.sendRequestHeaders(REQUEST, true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            assertThat(action).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream)
                    .continued()
                    .hasRequestHeader("x-abi", "0.1.0")
                    .hasRequestHeader("x-config", "cfg010")
                    .hasRequestHeader("x-root-id", "cpp_root")
                    .hasRequestHeader("x-cpp-path", "/things")
                    // 0.1.0 modules get OK and an empty value for a missing header [Envoy]
                    .hasRequestHeader("x-missing-status", "0")
                    .hasResponseHeader("x-abi-response", "0.1.0");
        }
        assertThat(plugin).hasLog(LogLevel.INFO, "clear_route_cache status 0");
    }

    @Test
    @DisplayName("proxy_continue_request and proxy_continue_response resume paused directions")
    void continueRequestAndResponse() {
        var clock = VirtualClock.create();
        var plugin = wasm.plugin(b -> b.withClock(clock));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST.with("x-pause", "1"), true);
            assertThat(stream).hasRequestPaused();

            clock.advance(Duration.ofMillis(100));
            assertThat(stream).continued();

            stream.sendResponseHeaders(Headers.of(":status", "200", "x-pause", "1"), true);
            assertThat(stream).hasResponsePaused();

            clock.advance(Duration.ofMillis(100));
            assertThat(stream).continued().hasResponseHeader("x-abi-response", "0.1.0");
        }
        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence("continue_request status 0", "continue_response status 0");
    }
}
