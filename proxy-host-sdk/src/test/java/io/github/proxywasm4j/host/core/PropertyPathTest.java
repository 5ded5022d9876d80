package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.internal.vm.PropertyPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guest paths are split at NULs only, as source/extensions/common/wasm/context.cc {@code
 * Context::getProperty} splits them.
 */
class PropertyPathTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "request\0path\0", // C++ SDK: NUL after every segment
                "request\0path" // Rust and Go SDKs: NUL between segments
            })
    void theSdkEncodingsNameTheSameProperty(String raw) {
        assertThat(PropertyPath.canonical(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("request\0path");
    }

    @Test
    void aDottedGuestPathIsOneSegment() {
        assertThat(PropertyPath.canonical("request.path".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("request.path");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plugin_root_id", "plugin_root_id\0"})
    void aSingleSegmentIsKeptWithOrWithoutItsNul(String raw) {
        assertThat(PropertyPath.canonical(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("plugin_root_id");
    }

    @Test
    void nonAsciiSegmentsSurvive() {
        assertThat(PropertyPath.canonical("metadata\0filter\0é".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("metadata\0filter\0é");
    }

    @Test
    void aTestPathIsDottedUnlessItHasNuls() {
        assertThat(PropertyPath.canonical("source.address")).isEqualTo("source\0address");
        assertThat(PropertyPath.canonical("metadata\0envoy.lua")).isEqualTo("metadata\0envoy.lua");
        assertThat(PropertyPath.of(List.of("metadata", "envoy.lua")))
                .isEqualTo("metadata\0envoy.lua");
    }
}
