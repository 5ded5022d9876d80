package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BoundsCheckTest {
    @ParameterizedTest
    @EnumSource(Engine.class)
    void outOfBoundsPointersAnswerInvalidMemoryAccessAndTheVmStaysHealthy(Engine engine) {
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.module(ProbeModules.Behaviour.OOB, false))
                        .withEngine(engine)
                        .build();
        var stream = plugin.newHttpStream();

        var action = stream.sendRequestHeaders(Headers.of(":path", "/"), true);

        assertThat(action).isEqualTo(FilterAction.CONTINUE);
        // Status 6 = INVALID_MEMORY_ACCESS for a value pointer past the end, for a (ptr, len) whose
        // 32-bit sum wraps around, and for a return pointer past the end.
        assertThat(stream.requestHeaders())
                .isEqualTo(Headers.of(":path", "/", "x-status", "6", "x-log", "6", "x-prop", "6"));
        assertThat(plugin.failure()).isEmpty();
        var next = plugin.newHttpStream();
        assertThat(next.sendRequestHeaders(Headers.of(":path", "/again"), true))
                .isEqualTo(FilterAction.CONTINUE);
    }
}
