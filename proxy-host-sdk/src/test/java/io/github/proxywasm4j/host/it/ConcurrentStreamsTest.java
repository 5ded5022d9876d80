package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One plugin serves streams on several threads without cross-talk (one VM per thread, as Envoy). */
class ConcurrentStreamsTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.HTTP))
                    .withRootId("http")
                    .build();

    @Test
    @DisplayName("interleaved streams on 4 threads each see only their own headers and bodies")
    void noCrossTalk() throws Exception {
        var plugin = wasm.plugin();
        int threads = 4;
        int perThread = 100;
        var pool = Executors.newFixedThreadPool(threads);
        var go = new CountDownLatch(1);
        var tasks = new ArrayList<Callable<Integer>>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(
                    () -> {
                        go.await();
                        int checked = 0;
                        // two streams open at once per thread, interleaved callback by callback
                        for (int i = 0; i < perThread; i += 2) {
                            var a = plugin.newHttpStream();
                            var b = plugin.newHttpStream();
                            start(a, thread, i);
                            start(b, thread, i + 1);
                            finish(a, thread, i);
                            finish(b, thread, i + 1);
                            checked += check(a, thread, i) + check(b, thread, i + 1);
                            a.complete();
                            b.complete();
                        }
                        return checked;
                    });
        }
        try {
            var futures = tasks.stream().map(pool::submit).toList();
            go.countDown();
            int total = 0;
            for (var f : futures) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(plugin).hasNoFailure();
        // one VM per worker thread, plus the one that started the plugin
        assertThat(plugin.vmCount()).isBetween(2, threads + 1);
    }

    static void start(HttpStream stream, int thread, int i) {
        stream.sendRequestHeaders(
                Headers.of(
                        ":method", "POST",
                        ":path", "/t" + thread + "/r" + i,
                        ":authority", "example",
                        "x-test", "buffer",
                        "x-id", thread + "-" + i),
                false);
        stream.sendRequestBody("body-" + thread + "-", false);
    }

    static void finish(HttpStream stream, int thread, int i) {
        stream.sendRequestBody(String.valueOf(i), true);
        stream.sendResponseHeaders(Headers.of(":status", "200", "x-id", thread + "-" + i), false);
        stream.sendResponseBody("resp-" + thread + "-" + i, true);
    }

    static int check(HttpStream stream, int thread, int i) {
        String id = thread + "-" + i;
        assertThat(stream)
                .continued()
                .hasRequestHeader("x-id", id)
                .hasRequestHeader(":path", "/t" + thread + "/r" + i)
                .hasRequestHeader("x-wasm-seen", "yes")
                .hasRequestBody("body-" + id)
                .hasResponseHeader("x-id", id)
                .hasResponseHeader("x-response-seen", "yes")
                .hasResponseBody("resp-" + id);
        assertThat(stream.requestHeaders().getAll("x-id")).containsExactly(id);
        List<String> seen = stream.responseHeaders().getAll("x-response-seen");
        assertThat(seen).containsExactly("yes");
        return 1;
    }
}
