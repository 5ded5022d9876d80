package io.github.proxywasm4j.localproxy;

import io.github.proxywasm4j.host.LogSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A bounded load run on loopback, not a test: a fixed number of GET requests from a fixed number
 * of concurrent keep-alive clients, first to a Jetty upstream alone, then through the local proxy
 * without a filter, then through the local proxy running the add_header filter in front of it.
 * Every response through the filter must carry {@code hello: what ever you want}; any error or
 * missing header fails the run.
 *
 * <pre>
 * ./mvnw -q -pl local-proxy test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.proxywasm4j.localproxy.LoadRun -Dload.clients=8 -Dload.requests=40000
 * </pre>
 */
public final class LoadRun {

    private LoadRun() {}

    record Result(String name, int requests, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            var index = (int) Math.ceil(p / 100 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        String line() {
            return String.format(
                    "%-26s %7d requests  %6d errors  %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms",
                    name,
                    requests,
                    errors,
                    perSecond(),
                    percentileMillis(50),
                    percentileMillis(99));
        }
    }

    public static void main(String[] args) throws Exception {
        var clients = Integer.getInteger("load.clients", 8);
        var requests = Integer.getInteger("load.requests", 40_000);
        var upstream = upstream();
        try {
            var upstreamAt =
                    Endpoint.loopback(
                            ((ServerConnector) upstream.getConnectors()[0]).getLocalPort());
            var filter =
                    WasmFilter.builder(TestModules.addHeader())
                            .withRootId("add_header")
                            .withConfiguration("what ever you want")
                            .build();
            try (var proxy =
                            LocalProxy.builder()
                                    .withPluginLog(LogSink.none())
                                    .addCluster(Cluster.of("upstream", upstreamAt))
                                    .addListener(
                                            Listener.builder(Endpoint.loopback(0))
                                                    .addFilter(filter)
                                                    .addRoute(Route.prefix("/", "upstream"))
                                                    .build())
                                    .start();
                    var bare =
                            LocalProxy.builder()
                                    .addCluster(Cluster.of("upstream", upstreamAt))
                                    .addListener(
                                            Listener.builder(Endpoint.loopback(0))
                                                    .addRoute(Route.prefix("/", "upstream"))
                                                    .build())
                                    .start()) {
                // Warm-up: JIT, connection pools and one VM per proxy thread.
                run("warm-up upstream", upstreamAt, clients, requests / 4, false);
                run("warm-up proxy", proxy.address(), clients, requests / 4, true);
                var alone = run("upstream alone", upstreamAt, clients, requests, false);
                run("warm-up proxy, no filter", bare.address(), clients, requests / 4, false);
                var hop = run("proxy, no filter", bare.address(), clients, requests, false);
                var proxied = run("proxy + add_header", proxy.address(), clients, requests, true);
                System.out.println(alone.line());
                System.out.println(hop.line());
                System.out.println(proxied.line());
                if (alone.errors() + hop.errors() + proxied.errors() > 0) {
                    System.out.println("FAILED: errors or responses without the header");
                    System.exit(1);
                }
            }
        } finally {
            upstream.stop();
        }
    }

    static Result run(String name, Endpoint at, int clients, int requests, boolean expectHeader)
            throws Exception {
        var clientThreads = Executors.newFixedThreadPool(clients);
        var http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(clientThreads)
                        .build();
        var request = HttpRequest.newBuilder(URI.create("http://" + at + "/hello")).GET().build();
        var latencies = new long[requests];
        var next = new AtomicLong();
        var errors = new AtomicLong();
        var pool = Executors.newFixedThreadPool(clients);
        var tasks = new ArrayList<Callable<Void>>();
        for (int c = 0; c < clients; c++) {
            tasks.add(
                    () -> {
                        long i;
                        while ((i = next.getAndIncrement()) < requests) {
                            var start = System.nanoTime();
                            try {
                                var response =
                                        http.send(request, HttpResponse.BodyHandlers.ofString());
                                latencies[(int) i] = System.nanoTime() - start;
                                var ok =
                                        response.statusCode() == 200
                                                && response.body().equals("hello from upstream")
                                                && (!expectHeader
                                                        || response.headers()
                                                                .firstValue("hello")
                                                                .orElse("")
                                                                .equals("what ever you want"));
                                if (!ok) {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                latencies[(int) i] = System.nanoTime() - start;
                                errors.incrementAndGet();
                            }
                        }
                        return null;
                    });
        }
        var start = System.nanoTime();
        pool.invokeAll(tasks);
        var seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        clientThreads.shutdown();
        Arrays.sort(latencies);
        return new Result(name, requests, errors.get(), seconds, latencies);
    }

    static Server upstream() throws Exception {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        var body = "hello from upstream".getBytes(StandardCharsets.UTF_8);
        server.setHandler(
                new Handler.Abstract.NonBlocking() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        response.setStatus(200);
                        response.getHeaders().put("content-type", "text/plain");
                        response.getHeaders().put("content-length", Integer.toString(body.length));
                        response.write(true, ByteBuffer.wrap(body), callback);
                        return true;
                    }
                });
        server.start();
        return server;
    }
}
