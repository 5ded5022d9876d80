package io.github.proxywasm4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.filters.GoalModule;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter from its build-time compiled classes, through the embedded host. */
class PrecompiledFilterTest {

    @ParameterizedTest
    @ValueSource(classes = {PrecompileModule.class, GoalModule.class})
    void addsTheConfiguredHeader(Class<?> generated) {
        var module = ProxyWasmModule.precompiled(generated);
        try (var plugin =
                        ProxyWasmPlugin.builder(module)
                                .withRootId("add_header")
                                .withPluginConfiguration("from build-time classes")
                                .build();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);

            var action = stream.sendResponseHeaders(Headers.of(":status", "200"), true);

            assertThat(action).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.responseHeaders().getAll("hello"))
                    .containsExactly("from build-time classes");
            assertThat(plugin.failure()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {PrecompileModule.class, GoalModule.class})
    void saysWhereTheModuleCameFrom(Class<?> generated) {
        assertThat(ProxyWasmModule.precompiled(generated).toString())
                .startsWith("ProxyWasmModule[precompiled class " + generated.getName());
    }
}
