package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.SharedState;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The "services" filter (as/services.ts): ticks, time, metrics, shared data, queues, foreign calls. */
class RootServicesTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final long START_NANOS = START.getEpochSecond() * 1_000_000_000L;

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.SERVICES))
                    .withRootId("services")
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    static Headers request(String path) {
        return Headers.of(":method", "GET", ":path", path, ":authority", "example");
    }

    static String reverse(byte[] arguments) {
        return new StringBuilder(new String(arguments, StandardCharsets.UTF_8))
                .reverse()
                .toString();
    }

    @Test
    @DisplayName("ticks fire on the virtual clock at the period the filter set; time is u64 ns")
    void ticksOnTheVirtualClock() {
        var clock = VirtualClock.startingAt(START);
        var plugin = wasm.plugin(b -> b.withClock(clock).withPluginConfiguration("250"));
        assertThat(plugin.tickPeriod()).isEqualTo(Duration.ofMillis(250));

        clock.advance(Duration.ofMillis(249));
        assertThat(plugin).hasCounter("ticks", 0);

        clock.advance(Duration.ofMillis(751));

        assertThat(plugin)
                .hasCounter("ticks", 4)
                .hasGauge("last_tick_ms", START.toEpochMilli() + 1000)
                .hasLog(
                        LogLevel.INFO,
                        "tick 4 at " + (START_NANOS + 1_000_000_000L) + " ns, shared ticks 4");
        assertThat(plugin.sharedState().getString("", "ticks")).hasValue("4");
    }

    @Test
    @DisplayName("a request updates counter, histogram and shared data, and reads them back")
    void requestMetricsAndSharedData() {
        var clock = VirtualClock.startingAt(START);
        var plugin =
                wasm.plugin(
                        b ->
                                b.withClock(clock)
                                        .withForeignFunction(
                                                "reverse",
                                                a -> reverse(a).getBytes(StandardCharsets.UTF_8)));

        for (int i = 1; i <= 3; i++) {
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/things/" + i), true);

                assertThat(stream)
                        .continued()
                        .hasRequestHeader("x-hits", String.valueOf(i))
                        .hasRequestHeader("x-requests-total", String.valueOf(i))
                        .hasRequestHeader("x-now-ns", String.valueOf(START_NANOS))
                        .hasRequestHeader("x-foreign", i + "/sgniht/")
                        .hasRequestHeader("x-queue-status", "0");
            }
        }
        assertThat(plugin)
                .hasCounter("requests_total", 3)
                .hasHistogramSamples("path_length", 9L, 9L, 9L)
                .hasNoFailure();
        assertThat(plugin.sharedState().getString("", "hits")).hasValue("3");
    }

    @Test
    @DisplayName("an unregistered foreign function answers NOT_FOUND")
    void unknownForeignFunction() {
        var plugin = wasm.plugin();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("/x"), true);

            assertThat(stream).hasRequestHeader("x-foreign", "status 1");
        }
    }

    @Test
    @DisplayName(
            "an enqueued item reaches proxy_on_queue_ready of the root that registered the queue")
    void queueDelivery() {
        var plugin = wasm.plugin();

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("/job-1"), true);
        }
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request("/job-2"), true);
        }

        assertThat(plugin)
                .hasCounter("dequeued", 2)
                .hasLog(LogLevel.INFO, "dequeued /job-1")
                .hasLog(LogLevel.INFO, "dequeued /job-2")
                // the filter drains until the host says EMPTY (7)
                .hasLogContaining("drained with status 7");
        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence("dequeued /job-1", "dequeued /job-2");
        assertThat(plugin.sharedState().queueSize("", "jobs")).isZero();
    }

    @Test
    @DisplayName("two plugins with one VM id share data; CAS keeps every increment")
    void sharedDataAcrossPlugins() {
        var shared = SharedState.create();
        var first = wasm.plugin(b -> b.withVmId("edge").withSharedState(shared));
        var second = wasm.plugin(b -> b.withVmId("edge").withSharedState(shared));

        for (int i = 1; i <= 4; i++) {
            var plugin = i % 2 == 1 ? first : second;
            try (var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(request("/" + i), true);
                assertThat(stream).hasRequestHeader("x-hits", String.valueOf(i));
            }
        }
        assertThat(shared.getString("edge", "hits")).hasValue("4");
        // metrics stay per plugin
        assertThat(first).hasCounter("requests_total", 2);
        assertThat(second).hasCounter("requests_total", 2);
    }

    @Test
    @DisplayName("concurrent increments from several VMs on several threads lose nothing (CAS)")
    void casUnderContention() throws Exception {
        var shared = SharedState.create();
        // Seeded: the guest's first write to a missing key has no CAS to check (cas 0 means
        // unconditional, as in Envoy), so two threads starting at once could both write "1".
        shared.set("busy", "hits", "0".getBytes(StandardCharsets.UTF_8));
        var plugins = new ArrayList<ProxyWasmPlugin>();
        for (int p = 0; p < 2; p++) {
            plugins.add(wasm.plugin(b -> b.withVmId("busy").withSharedState(shared)));
        }
        int threads = 4;
        int perThread = 50;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var go = new CountDownLatch(1);
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < threads; t++) {
                var plugin = plugins.get(t % plugins.size());
                tasks.add(
                        () -> {
                            go.await();
                            for (int i = 0; i < perThread; i++) {
                                try (var stream = plugin.newHttpStream()) {
                                    stream.sendRequestHeaders(request("/c"), true);
                                }
                            }
                            return null;
                        });
            }
            var futures = tasks.stream().map(pool::submit).toList();
            go.countDown();
            for (var f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(shared.getString("busy", "hits")).hasValue(String.valueOf(threads * perThread));
        long total = 0;
        for (var plugin : plugins) {
            assertThat(plugin).hasNoFailure();
            total += plugin.metrics().counter("requests_total");
        }
        assertThat(total).isEqualTo(threads * perThread);
    }
}
