package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.core.ProbeModules.Behaviour;
import io.github.proxywasm4j.host.upstream.HttpCallRequest;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.HttpUpstream;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Work that reaches a VM from other threads (callout replies, real timer ticks) while the thread
 * that owns the VM is inside it, busy with other streams, or away: it must run, once, whoever
 * ends up running it.
 */
class CrossThreadEventsTest {
    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/");

    private static long replies(ProxyWasmPlugin plugin) {
        return plugin.logs(LogLevel.INFO).stream().filter("reply"::equals).count();
    }

    /** Polls the plugin's log (which does not enter the VM) until {@code n} replies ran. */
    private static boolean awaitReplies(ProxyWasmPlugin plugin, long n)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (replies(plugin) < n && System.nanoTime() < deadline) {
            Thread.sleep(0, 100_000);
        }
        return replies(plugin) == n;
    }

    @Test
    void aReplyCompletedOnAnotherThreadWhileTheOwnerIsInsideTheVmRunsBeforeTheOwnerReturns()
            throws Exception {
        var first = new CompletableFuture<HttpCallResponse>();
        var calls = new ArrayList<HttpCallRequest>();
        // The second callout completes the first one's reply from a new thread and waits for it,
        // so the reply is posted while the owner thread holds the VM inside a guest call.
        HttpUpstream upstream =
                request -> {
                    calls.add(request);
                    if (calls.size() == 1) {
                        return first;
                    }
                    var replier = new Thread(() -> first.complete(HttpCallResponse.of(200, "ok")));
                    replier.start();
                    try {
                        replier.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return new CompletableFuture<>();
                };
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.callout(true))
                        .withHttpUpstream(upstream)
                        .build();
        var a = plugin.newHttpStream();
        var b = plugin.newHttpStream();
        assertThat(a.contextId()).isNotEqualTo(b.contextId());

        assertThat(a.sendRequestHeaders(REQUEST, true)).isEqualTo(FilterAction.STOP_ITERATION);
        assertThat(replies(plugin)).isZero();
        assertThat(b.sendRequestHeaders(REQUEST, true)).isEqualTo(FilterAction.STOP_ITERATION);

        // No VM entry since: the owner ran the reply before it let go of the VM. (The module
        // resumes the stream that called out last, so that is b.)
        assertThat(replies(plugin)).isEqualTo(1);
        assertThat(b.isRequestPaused()).isFalse();
        assertThat(calls).hasSize(2);
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    void aReplyArrivingAsTheOwnerLetsGoOfTheVmIsNotLeftBehind() throws Exception {
        var upstream = StubHttpUpstream.holding();
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.callout(true))
                        .withHttpUpstream(upstream)
                        .build();
        int rounds = 300;
        for (int i = 0; i < rounds; i++) {
            plugin.newHttpStream().sendRequestHeaders(REQUEST, true);
        }
        var probe = plugin.newHttpStream();
        var start = new CyclicBarrier(2);
        var posted = new AtomicBoolean();
        var replier =
                new Thread(
                        () -> {
                            try {
                                for (int i = 0; i < rounds; i++) {
                                    start.await();
                                    upstream.reply(i, HttpCallResponse.of(200, "ok"));
                                    posted.set(true);
                                }
                            } catch (InterruptedException | BrokenBarrierException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        replier.start();
        try {
            for (int i = 0; i < rounds; i++) {
                posted.set(false);
                start.await();
                // Short VM entries by the owner until the reply was posted, so the post races with
                // them; then the owner stays out, so a reply that found the VM held must have been
                // run by the owner on its way out.
                while (!posted.get()) {
                    probe.isRequestPaused();
                }
                assertThat(awaitReplies(plugin, i + 1))
                        .as("round " + i + ": replies delivered: " + replies(plugin))
                        .isTrue();
            }
        } finally {
            replier.interrupt();
            replier.join();
        }
        assertThat(replies(plugin)).isEqualTo(rounds);
        assertThat(plugin.failure()).isEmpty();
    }

    @Test
    void realTimerTicksRunWhileTheOwnerIsBusyWithRequests() {
        var plugin = ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, true)).build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long requests = 0;
            while (plugin.logs(LogLevel.INFO).size() < 3 && System.nanoTime() < deadline) {
                try (var s = plugin.newHttpStream()) {
                    s.sendRequestHeaders(REQUEST, true);
                    s.sendResponseHeaders(Headers.of(":status", "200"), true);
                    assertThat(s.requestHeaders().get("x-status")).hasValue("0");
                }
                requests++;
            }
            assertThat(plugin.logs(LogLevel.INFO)).startsWith("tick", "tick", "tick");
            assertThat(requests).isPositive();
            assertThat(plugin.failure()).isEmpty();
        } finally {
            plugin.close();
        }
    }

    @Test
    void aStreamUsedFromAnotherThreadWaitsForTheOwnersCallAndSeesItsEffects() throws Exception {
        var plugin = ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, false)).build();
        var streams = new CopyOnWriteArrayList<HttpStream>();
        for (int i = 0; i < 200; i++) {
            streams.add(plugin.newHttpStream());
        }
        // Another thread drives the owner's streams while the owner runs its own requests, so
        // the two contend for the VM.
        var other =
                new Thread(
                        () -> {
                            for (var s : streams) {
                                s.sendRequestHeaders(REQUEST, true);
                                s.sendResponseHeaders(Headers.of(":status", "200"), true);
                                s.complete();
                            }
                        });
        other.start();
        int own = 0;
        while (other.isAlive() || own < 50) {
            try (var s = plugin.newHttpStream()) {
                s.sendRequestHeaders(REQUEST, true);
                s.sendResponseHeaders(Headers.of(":status", "200"), true);
                assertThat(s.requestHeaders().get("x-status")).hasValue("0");
            }
            own++;
        }
        other.join();
        for (var s : streams) {
            assertThat(s.requestHeaders().get("x-status")).hasValue("0");
        }
        assertThat(plugin.failure()).isEmpty();
        assertThat(plugin.vmCount()).isEqualTo(1);
    }
}
