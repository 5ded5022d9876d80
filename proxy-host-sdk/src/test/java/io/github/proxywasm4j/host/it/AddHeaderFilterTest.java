package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed scenario: the add_header filter, built by asc from the archetype's template. */
class AddHeaderFilterTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.ADD_HEADER))
                    .withRootId("add_header")
                    .build();

    private static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/", ":authority", "example");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    @DisplayName(
            "configuration 'what ever you want' puts 'hello: what ever you want' on the response")
    void configuredValueIsAddedToTheResponse(Engine engine) {
        // Given
        var plugin =
                wasm.plugin(
                        b ->
                                b.withEngine(engine)
                                        .withPluginConfiguration(
                                                "{\"value\": \"what ever you want\"}"));

        // When
        try (var stream = plugin.newHttpStream()) {
            var onRequest = stream.sendRequestHeaders(REQUEST, true);
            var onResponse = stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            // Then
            assertThat(onRequest).isEqualTo(FilterAction.CONTINUE);
            assertThat(onResponse).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream).continued().hasResponseHeader("hello", "what ever you want");
            assertThat(stream.responseHeaders().getAll("hello"))
                    .containsExactly("what ever you want");
        }
        assertThat(plugin).hasNoFailure();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    @DisplayName("an empty configuration puts 'hello: world!' on the response")
    void emptyConfigurationSaysHelloWorld(Engine engine) {
        var plugin = wasm.plugin(b -> b.withEngine(engine).withPluginConfiguration(""));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            assertThat(stream).continued().hasResponseHeader("hello", "world!");
        }
        assertThat(plugin).hasNoFailure();
    }

    @Test
    @DisplayName("one plugin instance serves many requests (asc 0.17 ARC pitfall P13 stays fixed)")
    void manyRequestsOnOnePlugin() {
        var configured =
                wasm.plugin(b -> b.withPluginConfiguration("{\"value\": \"what ever you want\"}"));
        var empty = wasm.plugin(b -> b.withPluginConfiguration(""));

        for (int i = 0; i < 50; i++) {
            for (var plugin : new ProxyWasmPlugin[] {configured, empty}) {
                try (var stream = plugin.newHttpStream()) {
                    stream.sendRequestHeaders(REQUEST, true);
                    stream.sendResponseHeaders(Headers.of(":status", "200", "server", "up"), false);
                    stream.sendResponseBody("payload " + i, true);

                    assertThat(stream.responseHeaders().getAll("hello"))
                            .as("request %d", i)
                            .containsExactly(
                                    plugin == configured ? "what ever you want" : "world!");
                    assertThat(stream)
                            .hasResponseHeader("server", "up")
                            .hasResponseBody("payload " + i);
                }
            }
        }
        assertThat(configured).hasNoFailure();
        assertThat(empty).hasNoFailure();
    }

    @Test
    @DisplayName("the filter leaves the request alone")
    void requestIsUntouched(HttpStream stream) {
        stream.sendRequestHeaders(REQUEST, true);

        assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
        assertThat(stream).doesNotHaveRequestHeader("hello");
    }

    @Test
    @DisplayName("a plugin parameter is a fresh, started plugin of the module")
    void pluginParameterIsStarted(ProxyWasmPlugin plugin) {
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            stream.sendResponseHeaders(Headers.of(":status", "204"), true);
            assertThat(stream).hasResponseHeader("hello", "world!");
        }
    }
}
