package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.internal.vm.PropertyPath;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropertyPathTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "request\0path\0", // C++ SDK: NUL after every segment
                "request\0path", // Rust and Go SDKs: NUL between segments
                "request.path" // AssemblyScript 0.1.8: the user's string as is
            })
    void allThreeSdkEncodingsNameTheSameProperty(String raw) {
        assertThat(PropertyPath.canonical(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("request.path");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plugin_root_id", "plugin_root_id\0"})
    void aSingleSegmentIsKeptWithOrWithoutItsNul(String raw) {
        assertThat(PropertyPath.canonical(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("plugin_root_id");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"metadata\0filter\0é", "metadata.filter.é"})
    void nonAsciiSegmentsSurvive(String raw) {
        assertThat(PropertyPath.canonical(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("metadata.filter.é");
    }
}
