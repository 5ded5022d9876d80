package io.github.proxywasm4j.localproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.LogSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: Envoy's admin, the parts people use, in Envoy's formats and names. The proxy
 * serves the callout filter (it counts {@code callout_responses}) on one listener routed to the
 * {@code backend} cluster; two requests go through, one allowed and one denied.
 */
class AdminTest {

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    TestUpstream upstream;
    LocalProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start();
        proxy =
                LocalProxy.builder()
                        .withPluginLog(LogSink.none())
                        .withAdmin(Endpoint.loopback(0))
                        .addCluster(Cluster.of("auth", upstream.endpoint()))
                        .addCluster(Cluster.of("backend", upstream.endpoint()))
                        .addListener(
                                Listener.builder(Endpoint.loopback(0))
                                        .withName("main")
                                        .addFilter(
                                                WasmFilter.builder(TestModules.sdk("callout"))
                                                        .withRootId("callout")
                                                        .withConfiguration("auth")
                                                        .build())
                                        .addRoute(Route.prefix("/", "backend"))
                                        .build())
                        .start();
        assertThat(get(proxy.address(), "/echo").statusCode()).isEqualTo(200);
        assertThat(get(proxy.address(), "/deny").statusCode()).isEqualTo(403);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    HttpResponse<String> get(Endpoint at, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://" + at + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String path) throws Exception {
        return get(proxy.adminAddress().orElseThrow(), path);
    }

    @Test
    void prometheusShouldNameThePluginsCounterAsEnvoyDoes() throws Exception {
        var response = admin("/stats/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        // A wasm metric lives in Envoy's "wasmcustom" namespace: no envoy_ prefix, no tags.
        assertThat(response.body())
                .contains("# TYPE callout_responses counter\ncallout_responses{} 2\n");
        // The proxy's own stats: envoy_ prefix, Envoy's tags extracted.
        assertThat(response.body())
                .contains(
                        "# TYPE envoy_cluster_upstream_rq_total counter\n"
                                + "envoy_cluster_upstream_rq_total{envoy_cluster_name=\"auth\"} 2\n"
                                + "envoy_cluster_upstream_rq_total{envoy_cluster_name=\"backend\"}"
                                + " 1\n")
                .contains(
                        "# TYPE envoy_http_downstream_rq_total counter\n"
                                + "envoy_http_downstream_rq_total"
                                + "{envoy_http_conn_manager_prefix=\"ingress_http\"} 2\n")
                .contains(
                        "# TYPE envoy_http_downstream_rq_xx counter\n"
                                + "envoy_http_downstream_rq_xx{envoy_response_code_class=\"2\","
                                + "envoy_http_conn_manager_prefix=\"ingress_http\"} 1\n"
                                + "envoy_http_downstream_rq_xx{envoy_response_code_class=\"4\","
                                + "envoy_http_conn_manager_prefix=\"ingress_http\"} 1\n")
                .contains("# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n");
        // Counters first, then gauges, as Envoy writes them.
        assertThat(response.body().indexOf("# TYPE envoy_server_live gauge"))
                .isGreaterThan(response.body().indexOf("# TYPE callout_responses counter"));
        assertThat(admin("/stats?format=prometheus").body()).isEqualTo(response.body());
    }

    @Test
    void statsShouldListCountersAsEnvoysTextFormat() throws Exception {
        var response = admin("/stats");

        assertThat(response.body().lines())
                .contains(
                        "callout_responses: 2",
                        "cluster.backend.upstream_rq_total: 1",
                        "http.ingress_http.downstream_rq_2xx: 1",
                        "http.ingress_http.downstream_rq_4xx: 1",
                        "server.live: 1")
                .isSorted();
    }

    @Test
    void statsAsJsonShouldBeEnvoysShape() throws Exception {
        var response = admin("/stats?format=json");

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body())
                .startsWith("{\"stats\":[")
                .contains("{\"name\":\"callout_responses\",\"value\":2}")
                .contains("{\"name\":\"cluster.backend.upstream_rq_total\",\"value\":1}");
    }

    @Test
    void configDumpShouldShowTheListenerFilterRouteAndClusters() throws Exception {
        var body = admin("/config_dump").body();

        assertThat(body)
                .startsWith(
                        "{\"configs\":[{\"@type\":\"type.googleapis.com/envoy.admin.v3"
                                + ".BootstrapConfigDump\",\"bootstrap\":{\"static_resources\":")
                .contains("\"@type\":\"type.googleapis.com/envoy.admin.v3.ListenersConfigDump\"")
                .contains("\"@type\":\"type.googleapis.com/envoy.admin.v3.ClustersConfigDump\"")
                .contains(
                        "\"address\":{\"socket_address\":{\"address\":\"127.0.0.1\",\"port_value\":"
                                + proxy.address().port()
                                + "}}")
                .contains("\"root_id\":\"callout\"")
                .contains(
                        "\"configuration\":{\"@type\":\"type.googleapis.com/google.protobuf"
                                + ".StringValue\",\"value\":\"auth\"}")
                .contains(
                        "\"routes\":[{\"match\":{\"prefix\":\"/\"},\"route\":{\"cluster\":\"backend\"}}]")
                .contains("\"name\":\"backend\",\"type\":\"STATIC\",\"connect_timeout\":\"5s\"");
    }

    @Test
    void clustersShouldListEachHostWithItsCounters() throws Exception {
        var host = upstream.endpoint();
        var lines = admin("/clusters").body().lines().toList();

        assertThat(lines)
                .contains(
                        "backend::observability_name::backend",
                        "backend::default_priority::max_connections::1024",
                        "backend::added_via_api::false",
                        "backend::" + host + "::rq_total::1",
                        "backend::" + host + "::rq_success::1",
                        "backend::" + host + "::rq_error::0",
                        "backend::" + host + "::health_flags::healthy",
                        "auth::" + host + "::rq_total::2");
        assertThat(admin("/clusters?format=json").body())
                .startsWith("{\"cluster_statuses\":[{\"name\":\"auth\",\"added_via_api\":false,")
                .contains("{\"name\":\"rq_total\",\"value\":\"2\"}");
    }

    @Test
    void readyAndIndexAndAnUnknownPath() throws Exception {
        assertThat(admin("/ready").body()).isEqualTo("LIVE\n");
        assertThat(admin("/").body()).contains("/stats/prometheus", "/config_dump", "/clusters");
        assertThat(admin("/nope").statusCode()).isEqualTo(404);
    }
}
