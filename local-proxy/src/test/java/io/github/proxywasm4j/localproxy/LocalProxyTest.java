package io.github.proxywasm4j.localproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.LogSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProxyTest {

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> accessLog = new CopyOnWriteArrayList<>();
    LocalProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    static WasmFilter addHeader(String configuration) {
        return WasmFilter.builder(TestModules.addHeader())
                .withRootId("add_header")
                .withConfiguration(configuration)
                .build();
    }

    // The access log line is written when the stream ends, just after the client has its answer.
    List<String> accessLog(int lines) throws InterruptedException {
        for (int i = 0; i < 200 && accessLog.size() < lines; i++) {
            Thread.sleep(10);
        }
        return accessLog;
    }

    LocalProxy.Builder builder() {
        return LocalProxy.builder().withAccessLog(accessLog::add).withPluginLog(LogSink.none());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(proxy.address(), method, path, body);
    }

    HttpResponse<String> send(Endpoint at, String method, String path, String body)
            throws Exception {
        var publisher =
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body);
        var request =
                HttpRequest.newBuilder(URI.create("http://" + at + path))
                        .method(method, publisher)
                        .header("user-agent", "curl/7.88.1")
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class SeedDemo {

        @Test
        void curlHeadShouldShowTheConfiguredHeader() throws Exception {
            proxy =
                    builder()
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addFilter(addHeader("what ever you want"))
                                            .build())
                            .start();

            // curl -I localhost:10000/
            var response = send("HEAD", "/", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("hello")).hasValue("what ever you want");
        }

        @Test
        void builtInResponderShouldAnswerWithoutAnyUpstream() throws Exception {
            proxy =
                    builder()
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addFilter(addHeader(""))
                                            .build())
                            .start();

            var response = send("GET", "/some/path?q=1", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("hello")).hasValue("world!");
            assertThat(response.body())
                    .isEqualTo(
                            "proxywasm4j local proxy: no upstream configured, answering GET"
                                    + " /some/path?q=1\n");
        }

        @Test
        void shouldWriteOneAccessLogLinePerRequest() throws Exception {
            proxy =
                    builder()
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addFilter(addHeader("x"))
                                            .build())
                            .start();

            send("GET", "/a", null);
            send("HEAD", "/b", null);

            assertThat(accessLog(2)).hasSize(2);
            assertThat(accessLog.get(0))
                    .matches(
                            "\\[\\d{4}-.*Z\\] \"GET /a HTTP/1.1\" 200 - 0 \\d+ \\d+ \"curl/7.88.1\""
                                    + " \"127.0.0.1:\\d+\" \"-\"");
            assertThat(accessLog.get(1)).contains("\"HEAD /b HTTP/1.1\" 200 ");
        }
    }

    @Nested
    class Upstream {

        @Test
        void shouldStreamALargeBodyBothWaysThroughTheFilter() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(addHeader("streamed"))
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();
                var bytes = new byte[1_000_000];
                new Random(1).nextBytes(bytes);
                var body = java.util.Base64.getEncoder().encodeToString(bytes);

                var response = send("POST", "/echo", body);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
                assertThat(response.headers().firstValue("hello")).hasValue("streamed");
                assertThat(response.headers().firstValue("x-echo-host"))
                        .hasValue(proxy.address().toString());
                assertThat(response.headers().firstValue("x-echo-x-forwarded-proto"))
                        .hasValue("http");
                assertThat(proxy.counter("cluster.backend.upstream_rq_total")).isEqualTo(1);
            }
        }

        @Test
        void shouldAnswerExpect100ContinueItselfLikeCurlSendsForLargeBodies() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(addHeader("continued"))
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();
                var body = "y".repeat(5000);
                var request =
                        HttpRequest.newBuilder(URI.create("http://" + proxy.address() + "/echo"))
                                .expectContinue(true)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();

                var response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
                assertThat(response.headers().firstValue("x-echo-expect")).isEmpty();
            }
        }

        @Test
        void shouldRouteByPrefixAndAnswer404WithoutARoute() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(addHeader("routed"))
                                                .addRoute(Route.prefix("/api", "backend"))
                                                .build())
                                .start();

                var routed = send("GET", "/api/x", null);
                var unrouted = send("GET", "/other", null);

                assertThat(routed.body()).isEqualTo("upstream says hi");
                assertThat(unrouted.statusCode()).isEqualTo(404);
                // Router replies go through the response filters, as in Envoy.
                assertThat(unrouted.headers().firstValue("hello")).hasValue("routed");
                assertThat(accessLog(2).get(1)).contains("\" 404 NR ");
            }
        }

        @Test
        void shouldAnswer503WhenTheUpstreamIsDown() throws Exception {
            int closedPort;
            try (var socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            proxy =
                    builder()
                            .addCluster(Cluster.of("down", Endpoint.loopback(closedPort)))
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addRoute(Route.prefix("/", "down"))
                                            .build())
                            .start();

            var response = send("GET", "/", null);

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body())
                    .isEqualTo(
                            "upstream connect error or disconnect/reset before headers. reset"
                                    + " reason: connection failure");
        }
    }

    @Nested
    class FilterBehaviour {

        WasmFilter http() {
            return WasmFilter.builder(TestModules.sdk("http")).withRootId("http").build();
        }

        @Test
        void aLocalResponseShouldReachTheClient() throws Exception {
            proxy =
                    builder()
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addFilter(http())
                                            .build())
                            .start();
            var request =
                    HttpRequest.newBuilder(URI.create("http://" + proxy.address() + "/"))
                            .header("x-test", "local-response")
                            .build();

            var response = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("forbidden by wasm");
            assertThat(response.headers().firstValue("x-reason")).hasValue("test");
        }

        @Test
        void aFilterThatBuffersTheBodyShouldStillForwardAllOfIt() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(http())
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();
                var body = "x".repeat(100_000);
                var request =
                        HttpRequest.newBuilder(URI.create("http://" + proxy.address() + "/echo"))
                                .header("x-test", "buffer")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();

                var response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
                assertThat(response.headers().firstValue("x-echo-x-wasm-seen")).hasValue("yes");
                assertThat(response.headers().firstValue("x-response-seen")).hasValue("yes");
            }
        }

        @Test
        void aFilterThatNeverContinuesShouldTimeOutWith504() throws Exception {
            // Envoy turns a headers StopIteration into StopAllIteration: the filter waiting for
            // the body it holds back never continues, and the route timeout ends the request.
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .withRouteTimeout(java.time.Duration.ofMillis(500))
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(http())
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();
                var request =
                        HttpRequest.newBuilder(URI.create("http://" + proxy.address() + "/echo"))
                                .header("x-test", "pause")
                                .POST(HttpRequest.BodyPublishers.ofString("held body"))
                                .build();

                var response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("upstream request timeout");
                assertThat(accessLog(1).get(0)).contains("\" 504 UT ");
            }
        }

        @Test
        void anHttpCalloutToAConfiguredClusterShouldDecide() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .withAdmin(Endpoint.loopback(0))
                                .addCluster(Cluster.of("auth", upstream.endpoint()))
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(
                                                        WasmFilter.builder(
                                                                        TestModules.sdk("callout"))
                                                                .withRootId("callout")
                                                                .build())
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();

                var allowed = send("GET", "/echo", null);
                var denied = send("GET", "/deny", null);
                var stats = send(proxy.adminAddress().orElseThrow(), "GET", "/stats", null);

                assertThat(allowed.statusCode()).isEqualTo(200);
                assertThat(allowed.headers().firstValue("x-echo-x-auth")).hasValue("user-42");
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(denied.body()).isEqualTo("denied: no");
                assertThat(proxy.plugins().get(0).metrics().counter("callout_responses"))
                        .isEqualTo(2);
                // The filter's own metric, in Envoy's text format on the admin listener.
                assertThat(stats.body().lines()).contains("callout_responses: 2");
            }
        }

        @Test
        void aResponseHeldForACalloutShouldReachTheClientOnlyOnceResumed() throws Exception {
            try (var upstream = TestUpstream.start()) {
                proxy =
                        builder()
                                .addCluster(Cluster.of("auth", upstream.endpoint()))
                                .addCluster(Cluster.of("backend", upstream.endpoint()))
                                .addListener(
                                        Listener.builder(Endpoint.loopback(0))
                                                .addFilter(
                                                        WasmFilter.builder(
                                                                        TestModules.own(
                                                                                "hold_response"))
                                                                .withRootId("hold_response")
                                                                .build())
                                                .addFilter(addHeader("after"))
                                                .addRoute(Route.prefix("/", "backend"))
                                                .build())
                                .start();
                var body = "z".repeat(70_000);

                var response = send("POST", "/echo", body);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
                // Response filters run last to first: add_header, then the holding filter.
                assertThat(response.headers().firstValue("hello")).hasValue("after");
                assertThat(response.headers().firstValue("x-checked")).hasValue("user-42");
            }
        }

        @Test
        void aFailingFilterShouldFollowItsFailurePolicy() throws Exception {
            // The callout filter calls a cluster the proxy does not know: http_call fails and
            // the filter answers 500 itself.
            proxy =
                    builder()
                            .addListener(
                                    Listener.builder(Endpoint.loopback(0))
                                            .addFilter(
                                                    WasmFilter.builder(TestModules.sdk("callout"))
                                                            .withRootId("callout")
                                                            .withConfiguration("nowhere")
                                                            .withFailurePolicy(
                                                                    FailurePolicy.FAIL_OPEN)
                                                            .build())
                                            .build())
                            .start();

            var response = send("GET", "/", null);

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).startsWith("http_call status ");
        }
    }

    @Nested
    class EnvoyConfiguration {

        @TempDir Path dir;

        @Test
        void theSeedsEnvoyYamlShouldServeTheDemoWithOnlyTheModulePathChanged() throws Exception {
            String seed;
            try (var in = getClass().getResourceAsStream("/envoy/seed-v2.yaml")) {
                seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var file = dir.resolve("envoy.yaml");
            Files.writeString(
                    file,
                    seed.replace(
                            "/PATH/TO/CODE/build/optimized.wasm",
                            TestModules.addHeader().toString()));
            var bootstrap = EnvoyBootstrap.read(file);
            proxy = builder().withBootstrap(bootstrap).start();

            // curl -I localhost:8080/ : the listener routes to the admin port 8001.
            var response = send(Endpoint.loopback(8080), "HEAD", "/", null);
            var ready = send(Endpoint.loopback(8001), "GET", "/ready", null);
            var stats = send(Endpoint.loopback(8001), "GET", "/stats", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("hello")).hasValue("what ever you want");
            assertThat(ready.body()).isEqualTo("LIVE\n");
            assertThat(stats.body())
                    .contains("http.ingress_http.downstream_rq_total: 1\n")
                    .contains("cluster.web_service.upstream_rq_total: 1\n")
                    .contains("server.live: 1\n");
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void closeShouldFreeThePort() throws Exception {
            proxy = builder().addListener(Listener.builder(Endpoint.loopback(0)).build()).start();
            var port = proxy.address().port();

            proxy.close();
            proxy = null;

            try (var socket =
                    new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }

        @Test
        void aBusyPortShouldBeNamedWithAFix() throws IOException {
            try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                var port = socket.getLocalPort();
                assertThatThrownBy(
                                () ->
                                        builder()
                                                .addListener(
                                                        Listener.builder(Endpoint.loopback(port))
                                                                .build())
                                                .start())
                        .isInstanceOf(LocalProxyException.class)
                        .hasMessageStartingWith(
                                "cannot listen on 127.0.0.1:"
                                        + port
                                        + " for the listener listener (")
                        .hasMessageEndingWith(
                                "); fix: stop what uses that port or choose another one");
            }
        }
    }
}
