package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A minimal Envoy admin listener: {@code /} lists the endpoints, {@code /ready} answers {@code
 * LIVE}, {@code /stats} prints the proxy's counters and the plugins' metrics as {@code name:
 * value} lines, sorted, as Envoy's text format does.
 */
public final class AdminHandler extends Handler.Abstract {

    private final Stats stats;
    private final List<ProxyWasmPlugin> plugins;

    public AdminHandler(Stats stats, List<ProxyWasmPlugin> plugins) {
        this.stats = stats;
        this.plugins = List.copyOf(plugins);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var path = Request.getPathInContext(request);
        String body;
        int status = 200;
        switch (path) {
            case "/" ->
                    body =
                            "proxywasm4j local proxy admin\n"
                                    + "  /        this index\n"
                                    + "  /ready   LIVE when the proxy serves\n"
                                    + "  /stats   counters and the wasm plugins' metrics\n";
            case "/ready" -> body = "LIVE\n";
            case "/stats" -> body = stats();
            default -> {
                status = 404;
                body = "invalid path: " + path + " (see / for the admin endpoints)\n";
            }
        }
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put("content-type", "text/plain; charset=UTF-8");
        response.getHeaders().put("content-length", Integer.toString(bytes.length));
        var head = request.getMethod().equals("HEAD");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
        return true;
    }

    String stats() {
        Map<String, Long> all = new TreeMap<>(stats.snapshot());
        all.put("server.live", 1L);
        for (var plugin : plugins) {
            var metrics = plugin.metrics();
            for (var line : metrics.names()) {
                var space = line.indexOf(' ');
                var type = line.substring(0, space);
                var name = line.substring(space + 1);
                var value =
                        switch (type) {
                            case "counter" -> metrics.counter(name);
                            case "gauge" -> metrics.gauge(name);
                            default -> metrics.histogram(name);
                        };
                all.put(name, value);
            }
        }
        var out = new StringBuilder();
        all.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }
}
