package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The parts of Envoy's admin interface people use, in Envoy's formats: {@code /ready}, {@code
 * /stats} (text, or {@code ?format=json}, or {@code ?format=prometheus}), {@code
 * /stats/prometheus}, {@code /config_dump} and {@code /clusters} (text, or {@code
 * ?format=json}); {@code /} lists them.
 */
public final class AdminHandler extends Handler.Abstract {

    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String JSON = "application/json";
    private static final List<String> HOST_COUNTERS =
            List.of("cx_connect_fail", "rq_error", "rq_success", "rq_timeout", "rq_total");

    private final Stats stats;
    private final List<ProxyWasmPlugin> plugins;
    private final Upstreams upstreams;
    private final ConfigDump configDump;

    public AdminHandler(
            Stats stats,
            List<ProxyWasmPlugin> plugins,
            Upstreams upstreams,
            ConfigDump configDump) {
        this.stats = stats;
        this.plugins = List.copyOf(plugins);
        this.upstreams = upstreams;
        this.configDump = configDump;
    }

    private record Answer(int status, String contentType, String body) {}

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var path = Request.getPathInContext(request);
        var query = request.getHttpURI().getQuery();
        var format = format(query);
        var answer =
                switch (path) {
                    case "/" -> new Answer(200, TEXT, index());
                    case "/ready" -> new Answer(200, TEXT, "LIVE\n");
                    case "/stats" ->
                            switch (format) {
                                case "json" -> new Answer(200, JSON, snapshot().json());
                                case "prometheus" -> new Answer(200, TEXT, snapshot().prometheus());
                                default -> new Answer(200, TEXT, snapshot().text());
                            };
                    case "/stats/prometheus" -> new Answer(200, TEXT, snapshot().prometheus());
                    case "/config_dump" -> new Answer(200, JSON, configDump.json());
                    case "/clusters" ->
                            format.equals("json")
                                    ? new Answer(200, JSON, clustersJson())
                                    : new Answer(200, TEXT, clustersText());
                    default ->
                            new Answer(
                                    404,
                                    TEXT,
                                    "invalid path: " + path + " (see / for the admin endpoints)\n");
                };
        var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.getHeaders().put("content-type", answer.contentType());
        response.getHeaders().put("content-length", Integer.toString(bytes.length));
        var head = request.getMethod().equals("HEAD");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private static String format(String query) {
        if (query == null) {
            return "";
        }
        for (var part : query.split("&")) {
            if (part.startsWith("format=")) {
                return part.substring("format=".length());
            }
        }
        return "";
    }

    private static String index() {
        return "proxywasm4j local proxy admin\n"
                + "  /                  this index\n"
                + "  /ready             LIVE when the proxy serves\n"
                + "  /stats             counters, gauges and histograms, the wasm plugins' metrics"
                + " included (?format=json, ?format=prometheus)\n"
                + "  /stats/prometheus  the same in Prometheus' text format\n"
                + "  /config_dump       the listeners and clusters being served\n"
                + "  /clusters          the clusters' hosts and their counters (?format=json)\n";
    }

    EnvoyStats snapshot() {
        return EnvoyStats.snapshot(stats, plugins);
    }

    String stats() {
        return snapshot().text();
    }

    // Envoy's /clusters text: one "cluster::host::field::value" line per fact.
    String clustersText() {
        var out = new StringBuilder();
        for (var c : upstreams.clusters()) {
            var name = c.name();
            out.append(name).append("::observability_name::").append(name).append('\n');
            for (var priority : List.of("default_priority", "high_priority")) {
                out.append(name).append("::").append(priority).append("::max_connections::1024\n");
                out.append(name)
                        .append("::")
                        .append(priority)
                        .append("::max_pending_requests::1024\n");
                out.append(name).append("::").append(priority).append("::max_requests::1024\n");
                out.append(name).append("::").append(priority).append("::max_retries::3\n");
            }
            out.append(name).append("::added_via_api::false\n");
            for (var host : c.endpoints()) {
                var prefix = name + "::" + host + "::";
                for (var counter : HOST_COUNTERS) {
                    out.append(prefix)
                            .append(counter)
                            .append("::")
                            .append(upstreams.hostStat(c, host, counter))
                            .append('\n');
                }
                out.append(prefix).append("hostname::\n");
                out.append(prefix).append("health_flags::healthy\n");
                out.append(prefix).append("weight::1\n");
                out.append(prefix).append("region::\n");
                out.append(prefix).append("zone::\n");
                out.append(prefix).append("sub_zone::\n");
                out.append(prefix).append("canary::false\n");
                out.append(prefix).append("priority::0\n");
                out.append(prefix).append("success_rate::-1\n");
                out.append(prefix).append("local_origin_success_rate::-1\n");
            }
        }
        return out.toString();
    }

    // Envoy's /clusters?format=json (admin.v3.Clusters in protobuf's JSON form: a uint64 is a
    // string, a zero is left out).
    String clustersJson() {
        var statuses = new ArrayList<Object>();
        for (var c : upstreams.clusters()) {
            var hosts = new ArrayList<Object>();
            for (var host : c.endpoints()) {
                var counters = new ArrayList<Object>();
                for (var counter : HOST_COUNTERS) {
                    var value = upstreams.hostStat(c, host, counter);
                    var stat = new LinkedHashMap<String, Object>();
                    stat.put("name", counter);
                    if (value != 0) {
                        stat.put("value", Long.toString(value));
                    }
                    counters.add(stat);
                }
                var h = new LinkedHashMap<String, Object>();
                h.put("address", ConfigDump.address(host));
                h.put("stats", counters);
                h.put("health_status", Map.of("eds_health_status", "HEALTHY"));
                h.put("weight", 1);
                h.put("locality", Map.of());
                hosts.add(h);
            }
            var status = new LinkedHashMap<String, Object>();
            status.put("name", c.name());
            status.put("added_via_api", false);
            status.put("host_statuses", hosts);
            status.put("observability_name", c.name());
            statuses.add(status);
        }
        return Json.write(Map.of("cluster_statuses", statuses)) + "\n";
    }
}
