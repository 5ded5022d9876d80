package io.github.proxywasm4j.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gcore add_header module on the host: its _start runs, then the filter as Envoy runs it. */
class GcoreAddHeaderTest {
    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(Path.of("target/wasm/optimized.wasm"))
                    .withRootId("add_header")
                    .build();

    @Test
    void addsTheConfigurationOnEveryRequest() {
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("what ever you want"));
        for (var i = 0; i < 3; i++) {
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
                stream.sendResponseHeaders(Headers.of(":status", "200"), true);

                assertThat(stream).continued().hasResponseHeader("hello", "what ever you want");
            }
        }
        assertThat(plugin).hasNoFailure();
    }

    @Test
    void addsHelloWorldWithoutConfiguration() {
        var plugin = wasm.plugin(b -> b.withPluginConfiguration(""));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            assertThat(stream).continued().hasResponseHeader("hello", "world!");
        }
    }
}
