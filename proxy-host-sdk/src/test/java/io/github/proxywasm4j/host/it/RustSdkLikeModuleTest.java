package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import io.github.proxywasm4j.host.upstream.StubGrpcUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Rust-SDK shaped module (wat/rust_sdk_like.wat): ABI 0.2.1, {@code _initialize}, WASI
 * preview1, {@code proxy_on_memory_allocate}, and the host functions proxy-runtime 0.1.8 cannot
 * reach (gRPC, set_buffer_bytes, set_header_map_pairs, get_log_level, done, ...). The whole spec
 * runs once per engine.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class RustSdkLikeModuleTest {
    @Parameter Engine engine;

    ProxyWasmPlugin plugin(UnaryOperator<ProxyWasmPlugin.Builder> settings) {
        return wasm.plugin(b -> settings.apply(b.withEngine(engine)));
    }

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.RUST_SDK_LIKE))
                    .withRootId("rust")
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    static Headers request(String... extra) {
        var h = Headers.of(":method", "POST", ":path", "/things", ":authority", "example");
        for (int i = 0; i < extra.length; i += 2) {
            h = h.with(extra[i], extra[i + 1]);
        }
        return h;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("start-up: _initialize with sandboxed WASI, then vm_start and configure")
    void startUp() {
        var plugin =
                plugin(
                        b ->
                                b.withClock(VirtualClock.startingAt(START))
                                        .withVmConfiguration("vm-cfg")
                                        .withPluginConfiguration("plugin-cfg"));

        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence(
                        "hello from _initialize", // fd_write(stdout), trailing newline stripped
                        "environ count 0",
                        "args count 0",
                        "random_get status 0",
                        "clock ns " + START.getEpochSecond() * 1_000_000_000L,
                        "vm config: vm-cfg",
                        "plugin config: plugin-cfg",
                        "log level 2");
        assertThat(plugin).hasNoFailure();
    }

    @Test
    @DisplayName("proxy_get_log_level reports the plugin's level")
    void logLevel() {
        var plugin = plugin(b -> b.withLogLevel(LogLevel.DEBUG));

        assertThat(plugin).hasLog(LogLevel.INFO, "log level 1");
    }

    @Test
    @DisplayName("header map size and Rust-style property paths (segments joined by NUL)")
    void headerSizeAndProperties() {
        var plugin = plugin(b -> b.withProperty("custom.value", "from-host"));
        try (var stream = plugin.newHttpStream()) {
            var action = stream.sendRequestHeaders(request(), true);

            assertThat(action).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream)
                    .hasRequestHeader("x-rust-path", "/things")
                    .hasRequestHeader("x-custom", "from-host")
                    // :method POST + :path /things + :authority example = 7+4 + 5+7 + 10+7
                    .hasRequestHeader("x-request-header-bytes", "40");
        }
    }

    @Test
    @DisplayName("set_buffer_bytes prepends and appends to the buffered request body")
    void setBufferBytes() {
        var plugin = plugin(b -> b);
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), false);
            assertThat(stream.sendRequestBody("abc", false))
                    .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
            assertThat(stream.sendRequestBody("def", true)).isEqualTo(FilterAction.CONTINUE);

            assertThat(stream).hasRequestBody("<<abcdef>>");
        }
        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence("request body size 3", "request body size 6");
    }

    @Test
    @DisplayName("set_header_map_pairs replaces the response headers; set_buffer_bytes the body")
    void replaceResponse() {
        var plugin =
                plugin(
                        b ->
                                b.withForeignFunction(
                                        "reverse",
                                        a ->
                                                utf8(
                                                        new StringBuilder(
                                                                        new String(
                                                                                a,
                                                                                StandardCharsets
                                                                                        .UTF_8))
                                                                .reverse()
                                                                .toString())));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);
            stream.sendResponseHeaders(Headers.of(":status", "404", "server", "upstream"), false);
            stream.sendResponseBody("original body", true);

            assertThat(stream.responseHeaders())
                    .isEqualTo(
                            Headers.of(
                                    ":status", "200", "x-replaced", "by-wat", "x-foreign", "cba"));
            assertThat(stream).hasResponseBody("replaced by wat");
        }
    }

    @Test
    @DisplayName("unary gRPC call: message and close arrive in the root; the request resumes")
    void grpcUnaryCall() {
        var grpc = StubGrpcUpstream.replying(request -> utf8("pong"));
        var plugin = plugin(b -> b.withGrpcUpstream(grpc));

        try (var stream = plugin.newHttpStream()) {
            var action = stream.sendRequestHeaders(request("x-grpc", "1"), true);

            assertThat(action.isStop()).isTrue();
            assertThat(grpc.calls()).hasSize(1);
            var call = grpc.calls().get(0).request();
            assertThat(call.upstream()).isEqualTo("grpc_backend");
            assertThat(call.service()).isEqualTo("echo.Echo");
            assertThat(call.method()).isEqualTo("Say");
            assertThat(call.initialMetadata()).isEqualTo(Headers.of("x-md", "1"));
            assertThat(new String(call.message(), StandardCharsets.UTF_8)).isEqualTo("ping");
            assertThat(call.timeout()).isEqualTo(Duration.ofMillis(1000));
            assertThat(call.streaming()).isFalse();
            assertThat(stream).continued().hasRequestHeader("x-grpc-reply", "pong");
        }
        assertThat(plugin.logs(LogLevel.INFO))
                .contains("grpc_call status 0", "grpc message: pong", "grpc closed with 0");
    }

    @Test
    @DisplayName("a held gRPC call answered event by event: metadata, message, trailers, close")
    void grpcEventsInOrder() {
        var clock = VirtualClock.create();
        var grpc = StubGrpcUpstream.holding();
        var plugin = plugin(b -> b.withGrpcUpstream(grpc).withClock(clock));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("x-grpc", "1"), true);
            assertThat(stream).hasRequestPaused();

            var call = grpc.calls().get(0);
            call.sendInitialMetadata(Headers.of("a", "1", "b", "2"));
            call.sendMessage(utf8("m1"));
            call.sendTrailingMetadata(Headers.of("grpc-message", "bye"));
            call.finish(14, "unavailable");
            clock.advance(Duration.ofMillis(1));

            assertThat(stream).continued().hasRequestHeader("x-grpc-reply", "m1");
        }
        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence(
                        "grpc initial metadata 2",
                        "grpc message: m1",
                        "grpc trailing metadata 1",
                        "grpc closed with 14");
    }

    @Test
    @DisplayName("gRPC stream: the filter's messages, half-close and close reach the upstream")
    void grpcStream() {
        var grpc = StubGrpcUpstream.holding();
        var plugin = plugin(b -> b.withGrpcUpstream(grpc));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("x-grpc-stream", "1"), true);
        }

        assertThat(grpc.calls()).hasSize(1);
        var call = grpc.calls().get(0);
        assertThat(call.request().streaming()).isTrue();
        assertThat(call.sentMessages())
                .extracting(m -> new String(m, StandardCharsets.UTF_8))
                .containsExactly("one", "two");
        assertThat(call.closedByFilter()).isTrue();
        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence(
                        "grpc_stream status 0",
                        "grpc_send status 0",
                        "grpc_send status 0",
                        "grpc_close status 0");
    }

    @Test
    @DisplayName("gRPC cancel reaches the upstream")
    void grpcCancel() {
        var grpc = StubGrpcUpstream.holding();
        var plugin = plugin(b -> b.withGrpcUpstream(grpc));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("x-grpc-cancel", "1"), true);
        }

        assertThat(grpc.calls()).singleElement().satisfies(c -> assertThat(c.cancelled()).isTrue());
        assertThat(plugin.logs(LogLevel.INFO))
                .contains("grpc_call status 0", "grpc_cancel status 0");
    }

    @Test
    @DisplayName(
            "on tick: proxy_done outside a pending done is NOT_FOUND; unknown queue is NOT_FOUND")
    void tickCallsDoneAndResolve() {
        var clock = VirtualClock.create();
        var plugin = plugin(b -> b.withClock(clock));

        clock.advance(Duration.ofMillis(500));

        assertThat(plugin.logs(LogLevel.INFO))
                .contains("proxy_done status 1", "resolve_shared_queue status 1");
    }

    @Test
    @DisplayName("resolve_shared_queue finds a queue another VM id registered")
    void resolveQueueOfAnotherVm() {
        var clock = VirtualClock.create();
        var shared = io.github.proxywasm4j.host.SharedState.create();
        var owner =
                ProxyWasmPlugin.builder(
                                io.github.proxywasm4j.host.ProxyWasmModule.load(
                                        TestModules.path(TestModules.SERVICES)))
                        .withRootId("services")
                        .withVmId("other_vm")
                        .withSharedState(shared)
                        .build();
        try {
            var plugin = plugin(b -> b.withClock(clock).withSharedState(shared));

            clock.advance(Duration.ofMillis(500));

            assertThat(plugin.logs(LogLevel.INFO)).contains("resolve_shared_queue status 0");
        } finally {
            owner.close();
        }
    }

    @Test
    @DisplayName("proxy_on_foreign_function gets its arguments in buffer 8")
    void hostCallsForeignFunction() {
        var plugin = plugin(b -> b);

        plugin.callForeignFunction(7, utf8("argument bytes"));

        assertThat(plugin).hasLog(LogLevel.INFO, "foreign function 7: argument bytes");
    }
}
