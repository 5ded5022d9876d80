package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.upstream.HttpCallRequest;
import io.github.proxywasm4j.host.upstream.JdkHttpUpstream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkHttpUpstreamTest {
    private HttpServer server;
    private final AtomicReference<String> seen = new AtomicReference<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    var body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    seen.set(
                            exchange.getRequestMethod()
                                    + " "
                                    + exchange.getRequestURI()
                                    + " x-token="
                                    + exchange.getRequestHeaders().getFirst("x-token")
                                    + " body="
                                    + body);
                    var reply = "checked".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("X-Result", "Allowed");
                    exchange.sendResponseHeaders(201, reply.length);
                    exchange.getResponseBody().write(reply);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void sendsTheCalloutOverRealHttpAndMapsTheReplyWithStatus() throws Exception {
        var upstream = JdkHttpUpstream.builder().withUpstream("auth_cluster", base()).build();
        var request =
                new HttpCallRequest(
                        "auth_cluster",
                        Headers.of(
                                ":method",
                                "POST",
                                ":path",
                                "/check?x=1",
                                ":authority",
                                "auth",
                                "x-token",
                                "t1"),
                        "payload".getBytes(StandardCharsets.UTF_8),
                        Headers.empty(),
                        Duration.ofSeconds(5));

        var response = upstream.send(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(seen.get()).isEqualTo("POST /check?x=1 x-token=t1 body=payload");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().name(0)).isEqualTo(":status");
        assertThat(response.headers().get("x-result")).hasValue("Allowed");
        assertThat(response.bodyText()).isEqualTo("checked");
    }

    @Test
    void knowsOnlyConfiguredUpstreams() {
        var upstream = JdkHttpUpstream.builder().withUpstream("a", base()).build();

        assertThat(upstream.hasUpstream("a")).isTrue();
        assertThat(upstream.hasUpstream("b")).isFalse();
    }

    @Test
    void aRefusedConnectionCompletesExceptionally() throws Exception {
        var port = server.getAddress().getPort();
        server.stop(0);
        var upstream =
                JdkHttpUpstream.builder()
                        .withUpstream("gone", URI.create("http://127.0.0.1:" + port))
                        .build();
        var request =
                new HttpCallRequest(
                        "gone",
                        Headers.of(":method", "GET", ":path", "/", ":authority", "gone"),
                        new byte[0],
                        Headers.empty(),
                        Duration.ofSeconds(5));

        assertThatThrownBy(
                        () ->
                                upstream.send(request)
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aRelativeUriIsRefusedWithAFix() {
        assertThatThrownBy(
                        () -> JdkHttpUpstream.builder().withUpstream("x", URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "upstream 'x' needs an absolute http(s) URI, got '/relative'; fix: pass"
                                + " e.g. URI.create(\"http://127.0.0.1:8081\")");
    }
}
