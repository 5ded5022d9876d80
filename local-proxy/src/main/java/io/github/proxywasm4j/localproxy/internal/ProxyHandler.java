package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.localproxy.Route;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves one listener, in the order of Envoy's HTTP connection manager: the request goes through
 * the wasm filter chain, then the {@link Router} picks the cluster of the first matching route and
 * the {@link UpstreamExchange} forwards it (or the built-in responder answers when the listener
 * has no routes), and each request ends with one access log line. Bodies are read and written in
 * chunks, so they stream through the filters.
 */
public final class ProxyHandler extends Handler.Abstract {

    private final String statPrefix;
    private final List<ProxyWasmPlugin> plugins;
    private final Router router;
    private final UpstreamExchange upstream;
    private final Stats stats;
    private final Consumer<String> accessLog;
    private final Duration routeTimeout;

    // Jetty's Handler inherits two nested types called Listener: this one is named in full.
    public ProxyHandler(
            io.github.proxywasm4j.localproxy.Listener listener,
            List<ProxyWasmPlugin> plugins,
            Upstreams upstreams,
            Stats stats,
            Consumer<String> accessLog,
            Duration routeTimeout) {
        this.statPrefix = "http." + listener.statPrefix() + ".";
        this.plugins = List.copyOf(plugins);
        this.router = new Router(listener.virtualHosts());
        this.upstream = new UpstreamExchange(upstreams, stats, routeTimeout);
        this.stats = stats;
        this.accessLog = accessLog;
        this.routeTimeout = routeTimeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var log =
                new AccessLogEntry(
                        request.getMethod(),
                        request.getHttpURI().getPathQuery(),
                        request.getConnectionMetaData().getHttpVersion().asString());
        try {
            serve(new Downstream(request, response, log));
            callback.succeeded();
        } catch (Throwable t) {
            log.flagsIfUnset("DC");
            callback.failed(t);
        } finally {
            stats.increment(statPrefix + "downstream_rq_total");
            if (log.status() > 0) {
                stats.increment(statPrefix + "downstream_rq_" + log.status() / 100 + "xx");
            }
            accessLog.accept(log.line());
        }
        return true;
    }

    private void serve(Downstream downstream) throws IOException {
        try (var chain = FilterChain.open(plugins, routeTimeout)) {
            var stop = exchange(chain, downstream);
            if (stop.isPresent() && stop.get() instanceof Stop.LocalReply reply) {
                downstream.log().flagsIfUnset("UAEX");
                downstream.writeLocal(reply);
            } else if (stop.isPresent()) {
                downstream.log().flags("UT");
                downstream.writeRaw(504, "upstream request timeout");
            }
        }
    }

    // The request through the filters, the route, and the answer; the stop that ended it early.
    private Optional<Stop> exchange(FilterChain chain, Downstream downstream) throws IOException {
        var hasBody = downstream.hasBody();
        var requestHeaders = chain.requestHeaders(downstream.requestHeaders(), !hasBody);
        if (requestHeaders.stopped()) {
            return Optional.of(requestHeaders.stop());
        }
        // A filter that held the headers has the whole body first; it has been read then.
        var streamBody = hasBody;
        byte[] releasedBody = null;
        Headers h;
        if (requestHeaders.value().isPresent()) {
            h = requestHeaders.value().get();
        } else {
            var released = chain.releaseHeld(downstream.readAll());
            if (released.stopped()) {
                return Optional.of(released.stop());
            }
            h = released.value();
            releasedBody = chain.releasedBody();
            streamBody = false;
        }
        var decision = router.route(h);
        if (decision instanceof Router.ToCluster toCluster) {
            return forward(chain, downstream, toCluster.route(), h, streamBody, releasedBody);
        }
        if (decision instanceof Router.NoRoute) {
            downstream.log().flags("NR");
            downstream.drain();
            return respond(chain, downstream, localHeaders(404), new byte[0], h);
        }
        var stop = streamBody ? drainThroughChain(chain, downstream) : Optional.<Stop>empty();
        return stop.isPresent() ? stop : builtIn(chain, downstream, h);
    }

    private Optional<Stop> forward(
            FilterChain chain,
            Downstream downstream,
            Route route,
            Headers h,
            boolean streamBody,
            byte[] releasedBody)
            throws IOException {
        var result = upstream.forward(chain, route, h, downstream, streamBody, releasedBody);
        if (result instanceof UpstreamExchange.Stopped stopped) {
            return Optional.of(stopped.stop());
        }
        if (result instanceof UpstreamExchange.Failed failed) {
            // The router's own reply, as Envoy's, goes through the response filters.
            downstream.log().flags(failed.flags());
            return respond(
                    chain,
                    downstream,
                    localHeaders(failed.status()),
                    Downstream.bytes(failed.body()),
                    h);
        }
        return Optional.empty();
    }

    private static Optional<Stop> builtIn(FilterChain chain, Downstream downstream, Headers h)
            throws IOException {
        var text =
                "proxywasm4j local proxy: no upstream configured, answering "
                        + h.get(":method").orElse("GET")
                        + " "
                        + h.get(":path").orElse("/")
                        + "\n";
        var body = Downstream.bytes(text);
        var headers =
                Headers.of(
                        ":status", "200",
                        "content-type", "text/plain; charset=utf-8",
                        "content-length", Integer.toString(body.length));
        return respond(chain, downstream, headers, body, h);
    }

    // A response made here (built-in, 404, 503, 504) goes through the response filters like one
    // from an upstream, as Envoy's router replies go through the encoder filters.
    private static Optional<Stop> respond(
            FilterChain chain,
            Downstream downstream,
            Headers headers,
            byte[] body,
            Headers requestHeaders)
            throws IOException {
        var head = requestHeaders.get(":method").orElse("GET").equals("HEAD");
        var noBody = body.length == 0 || head;
        var start =
                chain.responseHeaders(
                        Downstream.withBodyHeaders(headers, body), noBody, () -> List.of(body));
        if (start.stopped()) {
            return Optional.of(start.stop());
        }
        byte[] filtered = new byte[0];
        if (start.value().body().isPresent()) {
            filtered = start.value().body().get();
        } else if (!noBody) {
            var out = chain.responseBody(body, true);
            if (out.stopped()) {
                return Optional.of(out.stop());
            }
            filtered = out.value();
        }
        downstream.writeHeaders(start.value().headers());
        downstream.writeLast(filtered);
        return Optional.empty();
    }

    // The request body through the filters when nothing will be sent upstream.
    private static Optional<Stop> drainThroughChain(FilterChain chain, Downstream downstream)
            throws IOException {
        for (var chunk = downstream.read(); chunk.isPresent(); chunk = downstream.read()) {
            if (chunk.get().length == 0) {
                break;
            }
            var out = chain.requestBody(chunk.get(), false);
            if (out.stopped()) {
                return Optional.of(out.stop());
            }
        }
        var out = chain.requestBody(new byte[0], true);
        return out.stopped() ? Optional.of(out.stop()) : Optional.empty();
    }

    private static Headers localHeaders(int status) {
        return Headers.of(":status", Integer.toString(status));
    }
}
