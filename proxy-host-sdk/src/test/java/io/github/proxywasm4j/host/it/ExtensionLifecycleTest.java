package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThatThrownBy;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension loads the module once, and closes each test's plugins after that test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionLifecycleTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.ADD_HEADER))
                    .withRootId("add_header")
                    .withPlugin(b -> b.withPluginConfiguration("{\"value\": \"from defaults\"}"))
                    .build();

    private static ProxyWasmPlugin classPlugin;
    private static ProxyWasmPlugin firstTestPlugin;

    @BeforeAll
    static void createdOutsideATest() {
        classPlugin = wasm.plugin();
    }

    static Headers request() {
        return Headers.of(":method", "GET", ":path", "/", ":authority", "example");
    }

    @Test
    @Order(1)
    @DisplayName("the builder defaults reach every plugin; parameters share one plugin per test")
    void defaultsAndParameters(ProxyWasmPlugin plugin, HttpStream stream, ProxyWasmModule module) {
        firstTestPlugin = plugin;
        stream.sendRequestHeaders(request(), true);
        stream.sendResponseHeaders(Headers.of(":status", "200"), true);

        assertThat(stream).hasResponseHeader("hello", "from defaults");
        assertThat(module).isSameAs(wasm.module());
        assertThat(plugin.rootId()).isEqualTo("add_header");
    }

    @Test
    @Order(2)
    @DisplayName("a plugin of an earlier test is closed; one created in @BeforeAll still works")
    void earlierPluginsAreClosed() {
        assertThat(firstTestPlugin).isNotNull();
        assertThatThrownBy(firstTestPlugin::newHttpStream)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'add_header' is closed");

        try (var stream = classPlugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);
            stream.sendResponseHeaders(Headers.of(":status", "200"), true);
            assertThat(stream).hasResponseHeader("hello", "from defaults");
        }
    }
}
