package io.github.proxywasm4j.host.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.internal.memory.GuestMemoryBudget;
import io.github.proxywasm4j.host.it.TestModules;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile guests (src/test/wasm/wat/hostile_*.wat) drive the host past each limit at its default.
 * This class runs in its own JVM with {@code -Xmx256m} (surefire execution {@code hostile}): a
 * limit that does not hold ends the run with an OutOfMemoryError instead of a failed assertion.
 * Every attack must also come back in bounded time.
 */
class HostileGuestTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    static ProxyWasmModule rust;
    static ProxyWasmModule cpp;
    final List<ProxyWasmPlugin> plugins = new ArrayList<>();

    @BeforeAll
    static void load() {
        rust = ProxyWasmModule.load(TestModules.path("hostile_rust_like"));
        cpp = ProxyWasmModule.load(TestModules.path("hostile_cpp_like"));
    }

    @AfterEach
    void closePlugins() {
        plugins.forEach(ProxyWasmPlugin::close);
    }

    ProxyWasmPlugin plugin(ProxyWasmModule module, String mode) {
        return plugin(module, mode, b -> b);
    }

    ProxyWasmPlugin plugin(
            ProxyWasmModule module, String mode, UnaryOperator<ProxyWasmPlugin.Builder> more) {
        var p = more.apply(ProxyWasmPlugin.builder(module).withPluginConfiguration(mode)).build();
        plugins.add(p);
        return p;
    }

    static Headers request() {
        return Headers.of(":method", "GET", ":path", "/", ":authority", "example");
    }

    /** Runs the attack in proxy_on_request_headers, in bounded time; returns the action. */
    static FilterAction attack(ProxyWasmPlugin plugin) {
        return assertTimeoutPreemptively(
                BOUND,
                () -> {
                    try (var stream = plugin.newHttpStream()) {
                        return stream.sendRequestHeaders(request(), true);
                    }
                });
    }

    /** One request on this thread (on this thread's VM). */
    static void stream(ProxyWasmPlugin plugin) {
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), true);
        }
    }

    /** The attack came back with the VM healthy (the guest got the host's answers). */
    static void assertContinued(ProxyWasmPlugin plugin) {
        var action = attack(plugin);
        assertThat(action).as("%s", plugin.failure()).isEqualTo(FilterAction.CONTINUE);
    }

    /** The VM failed through FAIL_CLOSED with exactly this message. */
    static void assertFailedWith(ProxyWasmPlugin plugin, FilterAction action, String reason) {
        assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
        assertThat(plugin.failure()).isPresent();
        assertThat(plugin.failure().get().reason()).isEqualTo(reason);
    }

    static String fix(String key) {
        return "; fix: raise it with Limits.builder().with"
                + Character.toUpperCase(key.charAt(0))
                + key.substring(1)
                + "(..) on the plugin builder, or -Dwasm.limits."
                + key
                + "=N with wasm:run";
    }

    @Test
    @DisplayName(
            "fd_write of 8,000 iovecs over the same 64 KiB: a partial write of maxWriteBytes, as"
                    + " WASI allows (cpp-host exports.cc writevImpl joins them all)")
    void fdWriteIsPartial() {
        var plugin = plugin(cpp, "W");

        assertContinued(plugin);

        assertThat(plugin.logs(LogLevel.INFO)).contains("fd_write nwritten 1048576 errno 0");
        assertThat(plugin.logs(LogLevel.ERROR)).hasSize(1);
        assertThat(plugin.logs(LogLevel.ERROR).get(0)).hasSize(1 << 20);
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    @DisplayName("1,000 error logs of 4 MiB: each kept to maxWriteBytes, the log to maxLogBytes")
    void logsAreBounded() {
        // 1,000 records of 1 MiB take a few seconds; the deadline is not what this test is about.
        var plugin = plugin(rust, "L", b -> b.withCallbackDeadline(BOUND));

        assertContinued(plugin);

        assertThat(plugin.logs(LogLevel.INFO)).contains("stopped after 1000 with status 0");
        long kept = plugin.logs().stream().mapToLong(e -> e.message().length()).sum();
        assertThat(kept).isLessThanOrEqualTo(Limits.defaults().maxLogBytes());
        var first = plugin.logs(LogLevel.ERROR).get(0);
        assertThat(first)
                .endsWith(
                        " [... 3145728 more bytes dropped: limit reached: bytes of one proxy_log or"
                                + " WASI fd_write call (proxy_log) would reach 4194304, over"
                                + " maxWriteBytes = 1048576"
                                + fix("maxWriteBytes")
                                + "]");
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    @DisplayName("100,000 shared data keys of 60 KB: the VM fails at maxSharedDataBytes")
    void sharedDataBytes() {
        var plugin = plugin(rust, "D");

        var action = attack(plugin);

        assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
        assertThat(plugin.failure().orElseThrow().reason())
                .startsWith("limit reached: shared data bytes of one vm_id (vm_id '') would reach ")
                .endsWith(", over maxSharedDataBytes = 33554432" + fix("maxSharedDataBytes"));
        assertThat(plugin.sharedState().getString("", "k0")).isPresent();
    }

    @Test
    @DisplayName("1,000,000 small shared data keys: the VM fails at maxSharedDataKeys")
    void sharedDataKeys() {
        var plugin = plugin(rust, "K");

        assertFailedWith(
                plugin,
                attack(plugin),
                "limit reached: shared data keys of one vm_id (vm_id '') would reach 100001, over"
                        + " maxSharedDataKeys = 100000"
                        + fix("maxSharedDataKeys"));
    }

    @Test
    @DisplayName("metrics with 4,000-byte names: the VM fails at maxMetricNameBytes")
    void metricNameLength() {
        var plugin = plugin(rust, "M");

        var action = attack(plugin);

        assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
        assertThat(plugin.failure().orElseThrow().reason())
                .startsWith("limit reached: bytes of one metric name (metric 'k0")
                .endsWith(
                        "would reach 4000, over maxMetricNameBytes = 1024"
                                + fix("maxMetricNameBytes"));
    }

    @Test
    @DisplayName("1,000,000 metric definitions: the VM fails at maxMetrics")
    void metricCount() {
        var plugin = plugin(rust, "N");

        assertFailedWith(
                plugin,
                attack(plugin),
                "limit reached: metrics defined by one plugin would reach 10001, over maxMetrics ="
                        + " 10000"
                        + fix("maxMetrics"));
    }

    @Test
    @DisplayName("1,000,000 shared queues: the VM fails at maxSharedQueues")
    void sharedQueues() {
        var plugin = plugin(rust, "Q");

        assertFailedWith(
                plugin,
                attack(plugin),
                "limit reached: shared queues of one vm_id (vm_id '') would reach 1025, over"
                        + " maxSharedQueues = 1024"
                        + fix("maxSharedQueues"));
    }

    @Test
    @DisplayName("1,000,000 queue items of 60 KB: the VM fails at maxQueueBytes")
    void queueBytes() {
        var plugin = plugin(rust, "I");

        assertFailedWith(
                plugin,
                attack(plugin),
                "limit reached: bytes waiting in one shared queue (queue 'q') would reach 16800000,"
                        + " over maxQueueBytes = 16777216"
                        + fix("maxQueueBytes"));
        assertThat(plugin.sharedState().queueSize("", "q")).isEqualTo(279);
    }

    @Test
    @DisplayName("100,000 request headers of 60 KB: the VM fails at maxHeaderBytes")
    void headerBytes() {
        var plugin = plugin(rust, "H");

        var action = attack(plugin);

        assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
        assertThat(plugin.failure().orElseThrow().reason())
                .startsWith(
                        "limit reached: bytes of one header or trailer map (map"
                                + " HTTP_REQUEST_HEADERS) would reach ")
                .endsWith(", over maxHeaderBytes = 8388608" + fix("maxHeaderBytes"));
    }

    @Test
    @DisplayName("1,000,000 stream properties of 60 KB: the VM fails at maxPropertyBytes")
    void propertyBytes() {
        var plugin = plugin(rust, "P");

        var action = attack(plugin);

        assertThat(action).isEqualTo(FilterAction.LOCAL_RESPONSE);
        assertThat(plugin.failure().orElseThrow().reason())
                .startsWith("limit reached: bytes of properties one context sets (context 2) would")
                .endsWith(", over maxPropertyBytes = 8388608" + fix("maxPropertyBytes"));
    }

    @Test
    @DisplayName("1,000,000 small request headers: the VM fails at maxHeaders")
    void headerCount() {
        var plugin = plugin(rust, "h");

        assertFailedWith(
                plugin,
                attack(plugin),
                "limit reached: entries of one header or trailer map (map HTTP_REQUEST_HEADERS)"
                        + " would reach 10001, over maxHeaders = 10000"
                        + fix("maxHeaders"));
    }

    @Test
    @DisplayName(
            "100,000 never-answered proxy_http_call: 1,024 pending, the rest INTERNAL_FAILURE as"
                + " Envoy's circuit breaker (context.cc Context::httpCall, AsyncClientImpl::send)")
    void pendingCallouts() {
        var upstream = StubHttpUpstream.holding().withUpstreams("upstream");
        var plugin = plugin(rust, "C", b -> b.withHttpUpstream(upstream));

        assertContinued(plugin);

        // INTERNAL_FAILURE is 10.
        assertThat(plugin.logs(LogLevel.INFO)).contains("callouts accepted 1024 refused 98976");
        assertThat(upstream.requests()).hasSize(1024);
        assertThat(plugin.logs(LogLevel.WARN).get(0))
                .isEqualTo(
                        "proxy_http_call to 'upstream' refused (INTERNAL_FAILURE) as Envoy's"
                                + " circuit breaker refuses it: limit reached: pending HTTP and"
                                + " gRPC callouts of one VM to one upstream (upstream) would reach"
                                + " 1025, over maxPendingCallouts = 1024"
                                + fix("maxPendingCallouts"));
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    @DisplayName("a guest that appends 1 MiB to the body 1,000 times: the VM fails at maxBodyBytes")
    void guestGrownBody() {
        var plugin = plugin(rust, "B");

        var action =
                assertTimeoutPreemptively(
                        BOUND,
                        () -> {
                            try (var stream = plugin.newHttpStream()) {
                                stream.sendRequestHeaders(request(), false);
                                return stream.sendRequestBody("x", true);
                            }
                        });

        assertFailedWith(
                plugin,
                action,
                "limit reached: body bytes one stream direction buffers (buffer HTTP_REQUEST_BODY)"
                        + " would reach 16777217, over maxBodyBytes = 16777216"
                        + fix("maxBodyBytes"));
    }

    @Test
    @DisplayName(
            "a filter that buffers a 17 MiB request body: 413 as Envoy at its buffer limit"
                    + " (filter_manager.cc ActiveStreamDecoderFilter::requestDataTooLarge)")
    void bufferedBody() {
        // Envoy's buffer limit (withBufferLimit, 1 MiB) would answer first; this pins maxBodyBytes.
        var plugin = plugin(rust, "b", b -> b.withBufferLimit(Integer.MAX_VALUE));
        var mib = new byte[1 << 20];

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request(), false);
            for (int i = 0; i < 16; i++) {
                assertThat(stream.sendRequestBody(mib, false))
                        .isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
            }

            assertThat(stream.sendRequestBody(mib, true)).isEqualTo(FilterAction.LOCAL_RESPONSE);
            assertThat(stream.localResponse().orElseThrow().status()).isEqualTo(413);
            assertThat(stream.localResponse().orElseThrow().details())
                    .isEqualTo("request_payload_too_large");
        }
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    @DisplayName(
            "a local response with status 0xFFFFFFFF: BAD_ARGUMENT (Envoy's header validator"
                    + " accepts 100..999, header_validator.cc validateStatusHeader)")
    void localResponseStatus() {
        var plugin = plugin(rust, "S");

        assertContinued(plugin);

        // BAD_ARGUMENT is 2.
        assertThat(plugin.logs(LogLevel.INFO)).contains("local response status answered 2");
    }

    @Test
    @DisplayName(
            "a guest that feeds its own queue for ever: the stream and close return in bounded"
                    + " time")
    void selfFeedingQueue() {
        var plugin = plugin(rust, "F");

        assertContinued(plugin);
        assertTimeoutPreemptively(
                BOUND,
                () -> {
                    try (var stream = plugin.newHttpStream()) {
                        stream.sendRequestHeaders(request(), true);
                    }
                    Thread.sleep(200);
                    plugin.close();
                });

        assertThat(plugin.logs(LogLevel.INFO))
                .anySatisfy(
                        m -> assertThat(m).startsWith("queue fed ").isNotEqualTo("queue fed 0"));
    }

    @Test
    @DisplayName(
            "memory.grow until -1 in two plugins: together they stay inside the guest memory"
                    + " budget; closing one returns its pages")
    void guestMemoryBudget() {
        // The default (a quarter of the heap) is 64 MiB in this JVM; pinned so a run with a bigger
        // heap (-Dtest in the default execution) copies no more on each grow.
        long budget = Math.min(Limits.defaults().guestMemoryBudget(), 64L << 20);
        var limits = Limits.builder().withGuestMemoryBudget(budget).build();
        long budgetPages = budget / 65536;
        var first = plugin(rust, "G", b -> b.withLimits(limits));
        var second = plugin(cpp, "G", b -> b.withLimits(limits));

        assertContinued(first);
        assertContinued(second);

        long pages = pagesReached(first) + pagesReached(second);
        assertThat(pages).isLessThanOrEqualTo(budgetPages).isGreaterThan(budgetPages / 2);
        assertThat(first.failure()).isEmpty();
        long before = GuestMemoryBudget.reserved();
        first.close();
        assertThat(GuestMemoryBudget.reserved())
                .isLessThanOrEqualTo(before - pagesReached(first) * 65536);
    }

    @Test
    @DisplayName("a thread that ended releases its VM when the next one starts")
    void endedThreadsReleaseTheirVms() throws Exception {
        var plugin = plugin(rust, "-");
        for (int i = 0; i < 20; i++) {
            var t = new Thread(() -> stream(plugin));
            t.start();
            t.join();
        }

        var last = new Thread(() -> stream(plugin));
        last.start();
        last.join();

        // The builder's thread (this one) and the last one.
        assertThat(plugin.liveVmCount()).isEqualTo(2);
        assertThat(plugin.vmCount()).isEqualTo(22);
    }

    @Test
    @DisplayName("live threads past maxVms: one message naming the limit and the setting")
    void vmsPerPluginAreBounded() throws Exception {
        var plugin = plugin(rust, "-", b -> b.withLimits(Limits.builder().withMaxVms(2).build()));
        var release = new java.util.concurrent.CountDownLatch(1);
        var second =
                new Thread(
                        () -> {
                            stream(plugin);
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        second.start();
        while (plugin.liveVmCount() < 2) {
            Thread.sleep(5);
        }
        var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var third = new Thread(() -> stream(plugin), "third");
        third.setUncaughtExceptionHandler((t, e) -> error.set(e));
        third.start();
        third.join();
        release.countDown();
        second.join();

        assertThat(error.get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "plugin '' cannot start a VM for thread 'third': limit reached: VMs of one"
                                + " plugin (one per thread) would reach 3,"
                                + " over maxVms = 2"
                                + fix("maxVms")
                                + " (or serve the plugin from a bounded thread pool)");
    }

    static long pagesReached(ProxyWasmPlugin plugin) {
        var prefix = "memory.grow answered -1 at pages ";
        return plugin.logs().stream()
                .map(LogEntry::message)
                .filter(m -> m.startsWith(prefix))
                .mapToLong(m -> Long.parseLong(m.substring(prefix.length())))
                .findFirst()
                .orElseThrow();
    }
}
