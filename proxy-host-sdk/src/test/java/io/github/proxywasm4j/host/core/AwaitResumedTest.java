package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.JdkHttpUpstream;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwaitResumedTest {
    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/");

    @Test
    void aReplyFromARealServerResumesTheStreamOnAnotherThread() throws Exception {
        var server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/check",
                exchange -> {
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        server.start();
        try {
            var upstream =
                    JdkHttpUpstream.builder()
                            .withUpstream(
                                    "up",
                                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                            .build();
            var plugin =
                    ProxyWasmPlugin.builder(ProbeModules.callout())
                            .withHttpUpstream(upstream)
                            .build();
            var stream = plugin.newHttpStream();

            assertThat(stream.sendRequestHeaders(REQUEST, true))
                    .isEqualTo(FilterAction.STOP_ITERATION);

            assertThat(stream.awaitResumed(Duration.ofSeconds(30))).isTrue();
            assertThat(stream.isRequestPaused()).isFalse();
            assertThat(plugin.failure()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void waitsForAReplyGivenLaterByTheTest() throws Exception {
        var upstream = StubHttpUpstream.holding();
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.callout()).withHttpUpstream(upstream).build();
        var stream = plugin.newHttpStream();
        stream.sendRequestHeaders(REQUEST, true);
        assertThat(stream.isRequestPaused()).isTrue();

        var replier =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                            upstream.reply(0, HttpCallResponse.of(200, "ok"));
                        });
        replier.start();

        assertThat(stream.awaitResumed(Duration.ofSeconds(30))).isTrue();
        replier.join();
        assertThat(upstream.lastRequest().path()).isEqualTo("/check");
    }

    @Test
    void givesUpAfterTheTimeout() throws Exception {
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.callout())
                        .withHttpUpstream(StubHttpUpstream.holding())
                        .build();
        var stream = plugin.newHttpStream();
        stream.sendRequestHeaders(REQUEST, true);

        assertThat(stream.awaitResumed(Duration.ofMillis(20))).isFalse();
        assertThat(stream.isRequestPaused()).isTrue();
    }
}
