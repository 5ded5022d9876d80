package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LocalResponse;
import io.github.proxywasm4j.host.PluginFailedException;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.core.ProbeModules.Behaviour;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {
    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/");
    private static final LocalResponse FAIL_STREAM =
            new LocalResponse(
                    503, "wasm_fail_stream", new byte[0], Headers.empty(), OptionalInt.of(14));

    private static ProxyWasmPlugin plugin(Behaviour behaviour, FailurePolicy policy) {
        // Only the endless loop gets a short deadline, so a slow CI machine cannot trip the others.
        var deadline =
                behaviour == Behaviour.LOOP ? Duration.ofMillis(1000) : Duration.ofSeconds(30);
        return ProxyWasmPlugin.builder(ProbeModules.module(behaviour, false))
                .withRootId("probe")
                .withFailurePolicy(policy)
                .withCallbackDeadline(deadline)
                .withMaxMemoryPages(4)
                .build();
    }

    @Nested
    class FailClosed {
        @Test
        void aTrapAnswersThisAndEveryLaterStreamWith503() {
            var plugin = plugin(Behaviour.TRAP, FailurePolicy.FAIL_CLOSED);
            var stream = plugin.newHttpStream();

            assertThat(stream.sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream.localResponse()).contains(FAIL_STREAM);
            assertThat(stream.responseHeaders().get(":status")).hasValue("503");

            var later = plugin.newHttpStream();
            assertThat(later.sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(plugin.vmCount()).isEqualTo(1);
        }

        @Test
        void theFailureNamesRootIdCallbackAndReason() {
            var plugin = plugin(Behaviour.TRAP, FailurePolicy.FAIL_CLOSED);
            plugin.newHttpStream().sendRequestHeaders(REQUEST, true);

            var failure = plugin.failure().orElseThrow();
            assertThat(failure.rootId()).isEqualTo("probe");
            assertThat(failure.callback()).isEqualTo("proxy_on_request_headers");
            assertThat(failure.reason()).isEqualTo("trap: Trapped on unreachable instruction");
            assertThat(plugin.logs().get(plugin.logs().size() - 1).message())
                    .isEqualTo(
                            "Function: proxy_on_request_headers failed: trap: Trapped on"
                                    + " unreachable instruction");
        }

        @Test
        void aTickOnAFailedVmThrowsWithTheFailure() {
            var plugin = plugin(Behaviour.TRAP, FailurePolicy.FAIL_CLOSED);
            plugin.newHttpStream().sendRequestHeaders(REQUEST, true);

            assertThatThrownBy(plugin::tick)
                    .isInstanceOf(PluginFailedException.class)
                    .hasMessage(
                            "plugin 'probe' failed in proxy_on_request_headers: trap: Trapped on"
                                    + " unreachable instruction");
        }

        @Test
        void procExitFailsTheVm() {
            var plugin = plugin(Behaviour.EXIT, FailurePolicy.FAIL_CLOSED);

            assertThat(plugin.newHttpStream().sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(plugin.failure().orElseThrow().reason()).isEqualTo("proc_exit(7)");
        }

        @Test
        void anEndlessLoopIsStoppedByTheDeadline() {
            var plugin = plugin(Behaviour.LOOP, FailurePolicy.FAIL_CLOSED);

            assertThat(plugin.newHttpStream().sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(plugin.failure().orElseThrow().reason())
                    .startsWith("deadline of 1000 ms exceeded");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }

        @Test
        void anInterruptByTheApplicationIsNotReportedAsADeadline() {
            var plugin = plugin(Behaviour.LOOP, FailurePolicy.FAIL_CLOSED);
            var stream = plugin.newHttpStream();

            Thread.currentThread().interrupt();
            try {
                stream.sendRequestHeaders(REQUEST, true);
            } finally {
                Thread.interrupted();
            }

            assertThat(plugin.failure().orElseThrow().reason())
                    .isEqualTo(
                            "interrupted: the thread running the guest was interrupted by the"
                                    + " application");
        }

        @Test
        void aMemoryBombStopsAtThePageCap() {
            var plugin = plugin(Behaviour.GROW, FailurePolicy.FAIL_CLOSED);

            assertThat(plugin.newHttpStream().sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(plugin.failure().orElseThrow().reason())
                    .contains("memory is at its cap of 4 pages");
        }
    }

    @Nested
    class FailOpen {
        @Test
        void streamsPassThroughUnmodified() {
            var plugin = plugin(Behaviour.TRAP, FailurePolicy.FAIL_OPEN);
            var stream = plugin.newHttpStream();

            assertThat(stream.sendRequestHeaders(REQUEST, false)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.sendRequestBody("body", true)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.requestHeaders()).isEqualTo(REQUEST);
            assertThat(stream.requestBodyText()).isEqualTo("body");
            assertThat(stream.localResponse()).isEmpty();
            assertThat(plugin.failure()).isPresent();
        }
    }

    @Nested
    class FailReload {
        @Test
        void theFailingStreamGets503AndTheNextStreamAFreshVm() {
            var plugin = plugin(Behaviour.TRAP, FailurePolicy.FAIL_RELOAD);
            var failing = plugin.newHttpStream();
            assertThat(failing.sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(failing.localResponse()).contains(FAIL_STREAM);

            // The fresh VM traps again on the same input, but it is a new VM.
            var next = plugin.newHttpStream();
            next.sendRequestHeaders(REQUEST, true);
            assertThat(plugin.vmCount()).isEqualTo(2);
        }
    }

    @Test
    void aHealthyModuleIsNotAffected() {
        var plugin = plugin(Behaviour.OK, FailurePolicy.FAIL_CLOSED);
        var stream = plugin.newHttpStream();

        assertThat(stream.sendRequestHeaders(REQUEST, true)).isEqualTo(FilterAction.CONTINUE);
        assertThat(plugin.failure()).isEmpty();
    }
}
