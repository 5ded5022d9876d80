package io.github.proxywasm4j.benchmarks.peer;

import io.roastedroot.proxywasm.LogLevel;
import io.roastedroot.proxywasm.MetricType;
import io.roastedroot.proxywasm.internal.ArrayProxyMap;
import io.roastedroot.proxywasm.internal.Handler;
import io.roastedroot.proxywasm.internal.ProxyMap;
import io.roastedroot.proxywasm.internal.WasmResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the peer needs from its embedder to run one filter: the peer publishes no handler, so
 * this one answers exactly what the benchmark modules ask (root id, configuration, headers, body,
 * a counter) and drops log lines below INFO, as our host does by default.
 */
final class PeerHandler implements Handler {

    private final byte[] rootId;
    private final byte[] configuration;
    private final List<String[]> requestHeaders;
    private final byte[] requestBody;
    ArrayProxyMap request;
    ArrayProxyMap response;
    long logged;
    long counter;

    PeerHandler(String rootId, String configuration, List<String[]> requestHeaders, String body) {
        this.rootId = rootId.getBytes(StandardCharsets.UTF_8);
        this.configuration = configuration.getBytes(StandardCharsets.UTF_8);
        this.requestHeaders = requestHeaders;
        this.requestBody = body.getBytes(StandardCharsets.UTF_8);
        reset();
    }

    void reset() {
        request = new ArrayProxyMap(requestHeaders.size());
        for (var h : requestHeaders) {
            request.add(h[0], h[1]);
        }
        response = new ArrayProxyMap(2);
        response.add(":status", "200");
    }

    boolean hasBody() {
        return requestBody.length > 0;
    }

    @Override
    public byte[] getPluginConfig() {
        return configuration;
    }

    @Override
    public byte[] getProperty(List<String> path) {
        return path.size() == 1 && path.get(0).equals("plugin_root_id") ? rootId : null;
    }

    @Override
    public void log(LogLevel level, String message) {
        if (level.ordinal() >= LogLevel.INFO.ordinal()) {
            logged++;
        }
    }

    @Override
    public ProxyMap getHttpRequestHeaders() {
        return request;
    }

    @Override
    public ProxyMap getHttpResponseHeaders() {
        return response;
    }

    @Override
    public byte[] getHttpRequestBody() {
        return requestBody;
    }

    @Override
    public int defineMetric(MetricType metricType, String name) {
        return 1;
    }

    @Override
    public WasmResult incrementMetric(int metricId, long value) {
        counter += value;
        return WasmResult.OK;
    }
}
