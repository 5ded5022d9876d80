package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.Limits;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The limits' defaults, the builder and the run-mode properties agree. */
class LimitsTest {
    @Test
    @DisplayName("defaults: Envoy's circuit breaker for callouts, a quarter of the heap for guests")
    void defaults() {
        var d = Limits.defaults();

        assertThat(d.maxPendingCallouts()).isEqualTo(1024);
        assertThat(d.maxWriteBytes()).isEqualTo(1 << 20);
        assertThat(d.maxLogEntries()).isEqualTo(100_000);
        assertThat(d.guestMemoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    @DisplayName("-Dwasm.limits.<name> sets the builder setting of the same name")
    void fromProperties() {
        var limits =
                Limits.fromProperties(
                        Map.of(
                                "wasm.limits.maxSharedDataBytes", "134217728",
                                "wasm.limits.maxVms", " 8 ",
                                "user.home", "ignored"));

        assertThat(limits)
                .isEqualTo(
                        Limits.builder().withMaxSharedDataBytes(134217728).withMaxVms(8).build());
    }

    @Test
    @DisplayName("an unknown limit name: one message listing the known ones")
    void unknownName() {
        assertThatThrownBy(() -> Limits.fromProperties(Map.of("wasm.limits.maxFoo", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unknown limit -Dwasm.limits.maxFoo; fix: use one of"
                                + " wasm.limits.{maxWriteBytes, maxLogEntries, ");
    }

    @Test
    @DisplayName("a value that is not a positive whole number is refused with the default shown")
    void badValue() {
        assertThatThrownBy(() -> Limits.fromProperties(Map.of("wasm.limits.maxVms", "many")))
                .hasMessage(
                        "-Dwasm.limits.maxVms=many is not a whole number; fix: pass e.g."
                                + " -Dwasm.limits.maxVms=256");
        assertThatThrownBy(() -> Limits.builder().withMaxHeaders(0))
                .hasMessage(
                        "maxHeaders must be at least 1, got 0; fix: pass a positive value"
                                + " (default 10000)");
    }
}
