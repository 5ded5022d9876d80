package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.FunctionSignature;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubGrpcUpstream;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every host function of ABI 0.2.1 is really called by a real module. Runs in its own Surefire
 * execution with {@code -Dproxywasm4j.traceHostCalls=true}, where the host logs each host call it
 * serves at TRACE; the scenarios below are the acceptance scenarios in short.
 */
class HostFunctionCoverageTest {
    private static final Pattern HOST_CALL = Pattern.compile("^host call (proxy_\\w+)\\[");
    private static final Set<String> called = new TreeSet<>();

    @BeforeAll
    static void requireTracing() {
        assertThat(Boolean.getBoolean("proxywasm4j.traceHostCalls"))
                .as(
                        "run with -Dproxywasm4j.traceHostCalls=true (the pom's"
                                + " host-function-coverage execution)")
                .isTrue();
    }

    @AfterAll
    static void clear() {
        called.clear();
    }

    static ProxyWasmPlugin plugin(
            String module, String rootId, UnaryOperator<ProxyWasmPlugin.Builder> settings) {
        return settings.apply(
                        ProxyWasmPlugin.builder(ProxyWasmModule.load(TestModules.path(module)))
                                .withRootId(rootId))
                .build();
    }

    static void collect(ProxyWasmPlugin plugin) {
        for (LogEntry e : plugin.logs()) {
            var m = HOST_CALL.matcher(e.message());
            if (e.level() == LogLevel.TRACE && m.find()) {
                called.add(m.group(1));
            }
        }
        plugin.close();
    }

    static Headers request(String... extra) {
        var h = Headers.of(":method", "GET", ":path", "/things", ":authority", "example");
        for (int i = 0; i < extra.length; i += 2) {
            h = h.with(extra[i], extra[i + 1]);
        }
        return h;
    }

    static void driveHttpFilter() {
        var plugin = plugin(TestModules.HTTP, "http", b -> b.withProperty("custom.value", "v"));
        for (var mode :
                new String[] {"none", "local-response", "set-pairs", "properties", "close"}) {
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("x-test", mode), true);
            }
        }
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("x-test", "buffer"), false);
            stream.sendRequestBody("a", false);
            stream.sendRequestBody("b", false);
            stream.sendRequestTrailers(Headers.of("x-trailer", "t"));
            stream.sendResponseHeaders(Headers.of(":status", "200"), false);
            stream.sendResponseBody("c", true);
        }
        collect(plugin);
    }

    static void driveCallout() {
        var upstream = StubHttpUpstream.replying(HttpCallResponse.of(200, "ok"));
        var plugin = plugin(TestModules.CALLOUT, "callout", b -> b.withHttpUpstream(upstream));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);
        }
        collect(plugin);
    }

    static void driveServices() {
        var clock = VirtualClock.create();
        var plugin =
                plugin(
                        TestModules.SERVICES,
                        "services",
                        b -> b.withClock(clock).withForeignFunction("reverse", a -> a));
        clock.advance(Duration.ofSeconds(1));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);
        }
        collect(plugin);
    }

    static void driveRustSdkLike() {
        var clock = VirtualClock.create();
        var grpc = StubGrpcUpstream.replying(r -> "pong".getBytes(StandardCharsets.UTF_8));
        var plugin =
                plugin(
                        TestModules.RUST_SDK_LIKE,
                        "rust",
                        b ->
                                b.withClock(clock)
                                        .withGrpcUpstream(grpc)
                                        .withForeignFunction("reverse", a -> a));
        for (var header : new String[] {"x-grpc", "x-grpc-stream", "x-grpc-cancel"}) {
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request(header, "1"), false);
                stream.sendRequestBody("body", true);
                stream.sendResponseHeaders(Headers.of(":status", "200"), false);
                stream.sendResponseBody("resp", true);
            }
        }
        clock.advance(Duration.ofMillis(500));
        collect(plugin);
    }

    @Test
    @DisplayName(
            "the test modules, driven through the acceptance scenarios, call all 39 host functions")
    void everyHostFunctionIsCalled() {
        driveHttpFilter();
        driveCallout();
        driveServices();
        driveRustSdkLike();

        var all =
                AbiVersion.V0_2_1.hostFunctions().stream()
                        .map(FunctionSignature::name)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(all).hasSize(39);
        var missing = new TreeSet<>(all);
        missing.removeAll(called);
        assertThat(missing).as("host functions no scenario called (called: %s)", called).isEmpty();
    }
}
