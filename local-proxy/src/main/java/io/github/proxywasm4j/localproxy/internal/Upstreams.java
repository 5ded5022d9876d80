package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.upstream.HttpCallRequest;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.HttpUpstream;
import io.github.proxywasm4j.localproxy.Cluster;
import io.github.proxywasm4j.localproxy.Endpoint;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;

/**
 * The static clusters: picks an endpoint per request (round robin) and serves the filters' HTTP
 * callouts ({@code proxy_http_call}) to those clusters over the same Jetty client.
 */
public final class Upstreams implements HttpUpstream {

    /** Headers that belong to one hop and are never forwarded. */
    public static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-connection",
                    "transfer-encoding",
                    "te",
                    "trailer",
                    "upgrade",
                    // 100-continue is answered by the listener; the upstream gets the body anyway.
                    "expect");

    private static final int MAX_CALLOUT_BODY = 16 * 1024 * 1024;

    private final HttpClient client;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> next = new LinkedHashMap<>();
    private final Stats stats;
    // Envoy's per-host stats, shown by the admin's /clusters: "<cluster>::<host>::rq_total".
    private final Stats hostStats = new Stats();

    public Upstreams(HttpClient client, List<Cluster> clusters, Stats stats) {
        this.client = client;
        this.stats = stats;
        for (var c : clusters) {
            this.clusters.put(c.name(), c);
            this.next.put(c.name(), new AtomicInteger());
        }
    }

    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /** The next endpoint of a cluster, or empty when it has none. */
    public Optional<Endpoint> pick(Cluster cluster) {
        var endpoints = cluster.endpoints();
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        var i = Math.floorMod(next.get(cluster.name()).getAndIncrement(), endpoints.size());
        return Optional.of(endpoints.get(i));
    }

    /** The clusters, in the order they were configured. */
    public List<Cluster> clusters() {
        return List.copyOf(clusters.values());
    }

    /** A host's counter such as {@code rq_total}, as the admin's {@code /clusters} lists it. */
    public long hostStat(Cluster cluster, Endpoint host, String stat) {
        return hostStats.get(cluster.name() + "::" + host + "::" + stat);
    }

    /** Counts on a host: a request sent ({@code rq_total}), or how one ended. */
    void countHost(Cluster cluster, Endpoint host, String... stat) {
        for (var s : stat) {
            hostStats.increment(cluster.name() + "::" + host + "::" + s);
        }
    }

    /** Counts how a response from a host ended: {@code rq_error} for 5xx, else success. */
    void countResponse(Cluster cluster, Endpoint host, int status) {
        countHost(cluster, host, status >= 500 ? "rq_error" : "rq_success");
    }

    public HttpClient client() {
        return client;
    }

    /** Copies filter headers (lowercase, pseudo headers first) onto an outgoing request. */
    public static void copyHeaders(Headers headers, Request request) {
        request.headers(
                fields -> {
                    for (int i = 0; i < headers.size(); i++) {
                        var name = headers.name(i);
                        if (name.startsWith(":") || HOP_BY_HOP.contains(name)) {
                            continue;
                        }
                        fields.add(name, headers.value(i));
                    }
                    headers.get(":authority").ifPresent(a -> fields.put("host", a));
                });
    }

    /** An upstream response's status and headers as the filters see them. */
    public static Headers toHeaders(int status, HttpFields fields) {
        var h = Headers.of(":status", Integer.toString(status));
        for (var f : fields) {
            var name = f.getName().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                h = h.with(name, f.getValue());
            }
        }
        return h;
    }

    @Override
    public boolean hasUpstream(String upstream) {
        return clusters.containsKey(upstream);
    }

    @Override
    public CompletionStage<HttpCallResponse> send(HttpCallRequest call) {
        var future = new CompletableFuture<HttpCallResponse>();
        var cluster = clusters.get(call.upstream());
        var endpoint = cluster == null ? Optional.<Endpoint>empty() : pick(cluster);
        if (endpoint.isEmpty()) {
            future.completeExceptionally(
                    new IllegalStateException("cluster " + call.upstream() + " has no endpoint"));
            return future;
        }
        stats.increment("cluster." + cluster.name() + ".upstream_rq_total");
        countHost(cluster, endpoint.get(), "rq_total");
        var path = call.path().isEmpty() ? "/" : call.path();
        var request =
                client.newRequest("http://" + endpoint.get() + path)
                        .method(call.method().isEmpty() ? "GET" : call.method())
                        .timeout(Math.max(1, call.timeout().toMillis()), TimeUnit.MILLISECONDS);
        copyHeaders(call.headers(), request);
        var body = call.body();
        if (body.length > 0) {
            request.body(new BytesRequestContent(body));
        }
        request.send(
                new BufferingResponseListener(MAX_CALLOUT_BODY) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        if (result.isFailed()) {
                            countHost(cluster, endpoint.get(), "rq_error");
                            future.completeExceptionally(result.getFailure());
                            return;
                        }
                        var response = result.getResponse();
                        countResponse(cluster, endpoint.get(), response.getStatus());
                        future.complete(
                                new HttpCallResponse(
                                        toHeaders(response.getStatus(), response.getHeaders()),
                                        getContent(),
                                        Headers.empty()));
                    }
                });
        return future;
    }

    static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes);
    }
}
