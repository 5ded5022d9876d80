package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.PluginStartException;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Faults stay inside the plugin, and each failure policy does what Envoy's does. */
class FaultIsolationTest {
    /** The line of {@code throw new Error("boom requested")} in as/faults.ts, 1-based. */
    static final int BOOM_LINE =
            lineOf("src/test/wasm/as/faults.ts", "throw new Error(\"boom requested\")");

    static int lineOf(String file, String text) {
        try {
            var lines = Files.readAllLines(Path.of(file));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(text + " not found in " + file);
    }

    @RegisterExtension
    static final ProxyWasmExtension faults =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.FAULTS)).build();

    static Headers request(String path) {
        return Headers.of(":method", "GET", ":path", path, ":authority", "example");
    }

    static ProxyWasmPlugin trapPlugin(FailurePolicy policy) {
        return faults.plugin(b -> b.withRootId("trap").withFailurePolicy(policy));
    }

    @Nested
    @DisplayName("an AssemblyScript abort in a callback")
    class Trap {
        @ParameterizedTest(name = "{0}")
        @EnumSource(Engine.class)
        @DisplayName(
                "FAIL_CLOSED: the stream gets a local 503; the failure names the .ts file and line")
        void failClosed(Engine engine) {
            var plugin =
                    faults.plugin(
                            b ->
                                    b.withRootId("trap")
                                            .withEngine(engine)
                                            .withFailurePolicy(FailurePolicy.FAIL_CLOSED));

            try (var stream = plugin.newHttpStream()) {
                var action = stream.sendRequestHeaders(request("/boom"), true);

                assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
                assertThat(stream).sentLocalResponse(503);
            }
            var failure = plugin.failure().orElseThrow();
            assertThat(failure.rootId()).isEqualTo("trap");
            assertThat(failure.callback()).isEqualTo("proxy_on_request_headers");
            assertThat(failure.lastGuestLog())
                    .hasValueSatisfying(
                            log ->
                                    assertThat(log)
                                            .contains("boom requested")
                                            .contains("as/faults.ts(" + BOOM_LINE + ":"));
            // the VM stays failed: later streams are refused too
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/"), true);
                assertThat(stream).sentLocalResponse(503);
            }
        }

        @Test
        @DisplayName("FAIL_OPEN: the failing and later streams pass through unmodified")
        void failOpen() {
            var plugin = trapPlugin(FailurePolicy.FAIL_OPEN);

            try (var stream = plugin.newHttpStream()) {
                var action = stream.sendRequestHeaders(request("/boom"), true);

                assertThat(action).isEqualTo(FilterAction.CONTINUE);
                assertThat(stream).continued().sentNoLocalResponse();
                assertThat(stream.requestHeaders()).isEqualTo(request("/boom"));
            }
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/"), true);
                assertThat(stream).continued().doesNotHaveRequestHeader("x-ok");
            }
            assertThat(plugin).hasFailedWith("proxy_on_request_headers");
        }

        @Test
        @DisplayName("FAIL_RELOAD: the failing stream gets 503, the next one a fresh VM")
        void failReload() {
            var plugin = trapPlugin(FailurePolicy.FAIL_RELOAD);

            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/boom"), true);
                assertThat(stream).sentLocalResponse(503);
            }
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/"), true);
                assertThat(stream).continued().hasRequestHeader("x-ok", "trap");
            }
            assertThat(plugin.failure()).isPresent();
        }

        @Test
        @DisplayName(
                "a plugin in another VM (another VM id), even of the same module, is unaffected")
        void otherPluginUnaffected() {
            var failing = trapPlugin(FailurePolicy.FAIL_CLOSED);
            var healthy =
                    faults.plugin(
                            b ->
                                    b.withRootId("trap")
                                            .withVmId("another")
                                            .withFailurePolicy(FailurePolicy.FAIL_CLOSED));

            try (var stream = failing.newHttpStream()) {
                stream.sendRequestHeaders(request("/boom"), true);
            }
            try (var stream = healthy.newHttpStream()) {
                stream.sendRequestHeaders(request("/"), true);
                assertThat(stream).continued().hasRequestHeader("x-ok", "trap");
            }
            assertThat(failing.failure()).isPresent();
            assertThat(healthy).hasNoFailure();
        }

        @Test
        @DisplayName(
                "a plugin sharing the failed VM fails with it, as in Envoy (one VM per VM key and"
                        + " thread)")
        void pluginSharingTheVmFailsToo() {
            var failing = trapPlugin(FailurePolicy.FAIL_CLOSED);
            var sharing = trapPlugin(FailurePolicy.FAIL_CLOSED);

            try (var stream = failing.newHttpStream()) {
                stream.sendRequestHeaders(request("/boom"), true);
            }
            try (var stream = sharing.newHttpStream()) {
                stream.sendRequestHeaders(request("/"), true);
                assertThat(stream).sentLocalResponse(503);
            }
            assertThat(sharing.failure()).isPresent();
        }

        @Test
        @DisplayName("healthy requests before the fault were served normally")
        void healthyBeforeFault() {
            var plugin = trapPlugin(FailurePolicy.FAIL_CLOSED);
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/fine"), true);
                assertThat(stream).continued().hasRequestHeader("x-ok", "trap");
            }
            assertThat(plugin).hasNoFailure();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    @DisplayName("an endless loop is stopped at the callback deadline")
    void endlessLoop(Engine engine) {
        var plugin =
                faults.plugin(
                        b ->
                                b.withRootId("loop")
                                        .withEngine(engine)
                                        .withCallbackDeadline(Duration.ofMillis(300))
                                        .withFailurePolicy(FailurePolicy.FAIL_CLOSED));

        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    try (var stream = plugin.newHttpStream()) {
                        stream.sendRequestHeaders(request("/loop"), true);
                        assertThat(stream).sentLocalResponse(503);
                    }
                });
        assertThat(plugin).hasFailedWith("proxy_on_request_headers");
    }

    @Test
    @DisplayName("a memory bomb hits the page cap and fails only its plugin")
    void memoryBomb() {
        var plugin =
                faults.plugin(
                        b ->
                                b.withRootId("memory_bomb")
                                        .withMaxMemoryPages(64)
                                        .withFailurePolicy(FailurePolicy.FAIL_RELOAD));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("/bomb"), true);
            assertThat(stream).sentLocalResponse(503);
        }
        assertThat(plugin.failure()).isPresent();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("/"), true);
            assertThat(stream).continued().hasRequestHeader("x-ok", "memory_bomb");
        }
    }

    @Test
    @DisplayName("on_configure returning false is a start error naming the plugin")
    void configureFalse() {
        var error =
                assertThrows(
                        PluginStartException.class,
                        () -> faults.plugin(b -> b.withRootId("bad_config")));

        assertThat(error.getMessage()).contains("bad_config").contains("proxy_on_configure");
    }

    @Test
    @DisplayName("an abort in on_configure is a start error carrying the abort message")
    void configureTrap() {
        var error =
                assertThrows(
                        PluginStartException.class,
                        () -> faults.plugin(b -> b.withRootId("config_trap")));

        assertThat(error.getMessage()).contains("configuration rejected").contains("as/faults.ts(");
    }

    @Test
    @DisplayName("an unknown root id aborts in the runtime: a start error, not a raw exception")
    void unknownRootId() {
        var error =
                assertThrows(
                        PluginStartException.class, () -> faults.plugin(b -> b.withRootId("nope")));

        assertThat(error.getMessage()).contains("Missing root context factory for root id: nope");
    }

    @Test
    @DisplayName("WASI proc_exit fails the VM with its exit code")
    void procExit() {
        var plugin =
                ProxyWasmPlugin.builder(
                                ProxyWasmModule.load(TestModules.path(TestModules.WASI_EXIT)))
                        .withRootId("exit")
                        .withFailurePolicy(FailurePolicy.FAIL_CLOSED)
                        .build();
        try (plugin) {
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/").with("x-exit", "1"), true);
                assertThat(stream).sentLocalResponse(503);
            }
            assertThat(plugin).hasFailedWith("proc_exit(3)");
            assertThat(plugin.failure().orElseThrow().lastGuestLog())
                    .hasValue("exiting with code 3");
        }
    }

    @Test
    @DisplayName("out-of-bounds pointers get INVALID_MEMORY_ACCESS (6); the VM stays healthy")
    void outOfBoundsPointers() {
        var plugin =
                ProxyWasmPlugin.builder(
                                ProxyWasmModule.load(TestModules.path(TestModules.BAD_POINTERS)))
                        .withRootId("bad")
                        .build();
        try (plugin) {
            for (int i = 0; i < 2; i++) {
                try (var stream = plugin.newHttpStream()) {
                    var action = stream.sendRequestHeaders(request("/"), true);

                    assertThat(action).isEqualTo(FilterAction.CONTINUE);
                    assertThat(stream)
                            .hasRequestHeader("x-log-status", "6")
                            .hasRequestHeader("x-add-status", "6")
                            .hasRequestHeader("x-get-status", "6")
                            .hasRequestHeader("x-property-status", "6")
                            .doesNotHaveRequestHeader("x-bad");
                }
            }
            assertThat(plugin).hasNoFailure();
        }
    }
}
