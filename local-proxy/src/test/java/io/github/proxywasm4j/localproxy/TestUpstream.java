package io.github.proxywasm4j.localproxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback standing in for an upstream: {@code /echo} answers with the
 * request body and the request's headers as {@code x-echo-<name>}; {@code /check} is an
 * authorization service that allows every path but those containing "deny"; anything else gets
 * 200 "upstream says hi".
 */
final class TestUpstream implements AutoCloseable {

    private final HttpServer server;

    private TestUpstream(HttpServer server) {
        this.server = server;
    }

    static TestUpstream start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext(
                "/echo",
                exchange -> {
                    var body = exchange.getRequestBody().readAllBytes();
                    exchange.getRequestHeaders()
                            .forEach(
                                    (k, v) ->
                                            exchange.getResponseHeaders()
                                                    .add(
                                                            "x-echo-" + k.toLowerCase(),
                                                            String.join(",", v)));
                    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.createContext(
                "/check",
                exchange -> {
                    var original = exchange.getRequestHeaders().getFirst("x-original-path");
                    var allowed = original != null && !original.contains("deny");
                    var body = (allowed ? "user-42" : "no").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    var body = "upstream says hi".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("content-type", "text/plain");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        return new TestUpstream(server);
    }

    Endpoint endpoint() {
        return Endpoint.loopback(server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
