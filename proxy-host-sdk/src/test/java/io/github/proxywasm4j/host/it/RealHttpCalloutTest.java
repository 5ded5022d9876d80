package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import io.github.proxywasm4j.host.upstream.JdkHttpUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The callout filter against a real HTTP server on loopback, through {@link JdkHttpUpstream}. */
class RealHttpCalloutTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.CALLOUT))
                    .withRootId("callout")
                    .build();

    static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/things", ":authority", "example");

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/check",
                exchange -> {
                    var body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    seen.add(
                            exchange.getRequestMethod()
                                    + " "
                                    + exchange.getRequestURI()
                                    + " x-original-path="
                                    + exchange.getRequestHeaders().getFirst("x-original-path")
                                    + " body="
                                    + body);
                    var answer =
                            (status == 200 ? "user-7" : "go away").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    URI serverUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static void await(HttpStream stream, Predicate<HttpStream> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(stream) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    @DisplayName("the filter's callout reaches the server; its 200 resumes the request")
    void allowedOverRealHttp() throws Exception {
        var upstream = JdkHttpUpstream.builder().withUpstream("auth", serverUri()).build();
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            await(stream, s -> !s.isRequestPaused() || s.localResponse().isPresent());

            assertThat(stream).continued().hasRequestHeader("x-auth", "user-7");
        }
        assertThat(seen).containsExactly("GET /check x-original-path=/things body=check /things");
        assertThat(plugin).hasCounter("callout_responses", 1);
    }

    @Test
    @DisplayName("the server's 403 becomes the filter's local 403")
    void deniedOverRealHttp() throws Exception {
        status = 403;
        var upstream = JdkHttpUpstream.builder().withUpstream("auth", serverUri()).build();
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            await(stream, s -> s.localResponse().isPresent());

            assertThat(stream).sentLocalResponse(403, "denied: go away");
        }
    }

    @Test
    @DisplayName("a refused connection reaches the filter as BROKEN_CONNECTION")
    void connectionRefused() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var upstream =
                JdkHttpUpstream.builder()
                        .withUpstream("auth", URI.create("http://127.0.0.1:" + closedPort))
                        .build();
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            await(stream, s -> s.localResponse().isPresent());

            assertThat(stream).sentLocalResponse(503);
            assertThat(stream.localResponse().orElseThrow().bodyText())
                    .startsWith("auth unavailable: status 11");
        }
    }
}
