package ${package};

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The filter in assembly/index.ts, run on the embedded Proxy-Wasm host the way Envoy runs it. */
class AddHeaderFilterTest {

    // wasm:build compiles the module before the tests run; surefire passes its path (pom.xml).
    private static final Path MODULE =
            Path.of(System.getProperty("wasm.module", "target/wasm/optimized.wasm"));

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(MODULE).withRootId("${rootId}").build();

    @Test
    void addsTheConfiguredValueAsHelloHeaderToEveryResponse() {
        // The pom's configuration as Envoy (envoy.yaml) and Istio (the WasmPlugin) hand it over:
        // compact JSON, keys sorted.
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("{\"value\":\"what ever you want\"}"));

        // Several requests on one plugin: some filter memory bugs only show on the second one.
        for (var i = 0; i < 3; i++) {
            try (var stream = plugin.newHttpStream()) {
                sendRequestAndResponse(stream);

                assertThat(plugin).hasNoFailure();
                assertThat(stream).continued();
                assertThat(stream.responseHeaders().getAll("hello"))
                        .containsExactly("what ever you want");
            }
        }
    }

    @Test
    void addsHelloWorldWhenTheConfigurationIsEmpty() {
        var plugin = wasm.plugin(b -> b.withPluginConfiguration(""));

        for (var i = 0; i < 3; i++) {
            try (var stream = plugin.newHttpStream()) {
                sendRequestAndResponse(stream);

                assertThat(plugin).hasNoFailure();
                assertThat(stream).continued();
                assertThat(stream.responseHeaders().getAll("hello")).containsExactly("world!");
            }
        }
    }

    @Test
    void leavesTheRequestHeadersAlone(ProxyWasmPlugin plugin) {
        try (var stream = plugin.newHttpStream()) {
            var request = Headers.of(":method", "GET", ":path", "/", ":authority", "localhost");

            assertThat(stream.sendRequestHeaders(request, true)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.requestHeaders()).isEqualTo(request);
        }
    }

    /** A GET and its 200 response through the filter, as Envoy calls it for one request. */
    private static void sendRequestAndResponse(HttpStream stream) {
        stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
        stream.sendResponseHeaders(Headers.of(":status", "200", "content-length", "0"), true);
    }
}
