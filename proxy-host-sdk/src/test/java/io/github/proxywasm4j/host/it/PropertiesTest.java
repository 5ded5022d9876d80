package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Property paths as Envoy reads them (source/extensions/common/wasm/context.cc {@code
 * Context::getProperty}): split at NULs only, the first segment names an attribute, the rest index
 * into it; an unknown path is NOT_FOUND (status 1).
 */
class PropertiesTest {
    static Headers request() {
        return Headers.of(":method", "GET", ":path", "/p?q=1", "x-mode", "properties");
    }

    @Test
    @DisplayName("a segment with dots (a filter name in metadata) stays one segment")
    void dottedSegmentStaysWhole() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                var stream = plugin.newHttpStream()) {
            stream.setProperty(
                    List.of("metadata", "filter_metadata", "envoy.filters.http.lua", "key"),
                    "lua-value".getBytes(StandardCharsets.UTF_8));
            stream.sendRequestHeaders(request(), true);

            assertThat(stream).hasRequestHeader("x-lua", "lua-value");
        }
    }

    @Test
    @DisplayName(
            "a dotted test path is split at every dot, so it does not name a segment with dots")
    void dottedTestPathSplitsEveryDot() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                var stream = plugin.newHttpStream()) {
            stream.setProperty("metadata.filter_metadata.envoy.filters.http.lua.key", "no");
            stream.sendRequestHeaders(request(), true);

            assertThat(stream).hasRequestHeader("x-lua", "status 1");
        }
    }

    @Test
    @DisplayName(
            "request\\0path is the request path; request.path without NUL is one unknown segment,"
                    + " as for an unknown path")
    void oneSegmentDottedPathIsUnknown() {
        try (var plugin = Shapes.ASSEMBLYSCRIPT.plugin();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);

            assertThat(stream)
                    .hasRequestHeader("x-path", "/p?q=1")
                    .hasRequestHeader("x-dotted", "status 1")
                    .hasRequestHeader("x-unknown", "status 1");
        }
    }

    @Test
    @DisplayName("a test can override a default attribute, e.g. request.path for the filter")
    void defaultsCanBeOverridden() {
        try (var plugin =
                        Shapes.ASSEMBLYSCRIPT.plugin(b -> b.withProperty("request.path", "/set"));
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);

            assertThat(stream).hasRequestHeader("x-path", "/set");
        }
    }
}
