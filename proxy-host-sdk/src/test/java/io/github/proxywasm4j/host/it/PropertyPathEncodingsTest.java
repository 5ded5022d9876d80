package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three property path encodings the SDKs use reach the same property: AssemblyScript passes
 * the dotted string without NUL, Rust and Go join segments with NUL, C++ ends every segment with
 * NUL.
 */
class PropertyPathEncodingsTest {

    @ParameterizedTest(name = "{0} reads the user property as {1} and request.path as {2}")
    @CsvSource({
        "'http (AssemblyScript: custom.value)', x-prop-custom, x-prop-request-path, http",
        "'rust_sdk_like (Rust/Go: custom\\0value)', x-custom, x-rust-path, rust",
        "'cpp_sdk_like_v010 (C++: custom\\0value\\0)', x-cpp-custom, x-cpp-path, cpp",
    })
    void sameValueWhateverTheEncoding(
            String module, String customHeader, String pathHeader, String rootId) {
        var name = module.substring(0, module.indexOf(' '));
        var plugin =
                ProxyWasmPlugin.builder(ProxyWasmModule.load(TestModules.path(name)))
                        .withRootId(rootId)
                        .withProperty("custom.value", "from-host")
                        .build();
        try (plugin;
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(
                    Headers.of(
                            ":method", "GET",
                            ":path", "/the/path",
                            ":authority", "example",
                            "x-test", "properties"),
                    true);

            assertThat(stream)
                    .hasRequestHeader(customHeader, "from-host")
                    .hasRequestHeader(pathHeader, "/the/path");
        }
    }
}
