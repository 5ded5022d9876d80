package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.localproxy.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.util.Callback;

/**
 * Envoy's router for one request: picks an endpoint of the route's cluster, sends the request
 * (its body streamed through the request filters), and streams the upstream's response through
 * the response filters to the client. When no response comes, it says why, and the caller answers
 * the way Envoy's router does.
 */
final class UpstreamExchange {

    /** How the exchange with the upstream ended. */
    sealed interface Result permits Forwarded, Stopped, Failed {}

    /** The upstream's response went to the client. */
    record Forwarded() implements Result {}

    /** A filter ended the exchange. */
    record Stopped(Stop stop) implements Result {}

    /**
     * No response from the upstream: the router's own reply, with Envoy's response flag ({@code
     * UH}, {@code UF}, {@code UT}), status and body.
     */
    record Failed(String flags, int status, String body) implements Result {}

    private final Upstreams upstreams;
    private final Stats stats;
    private final Duration routeTimeout;

    UpstreamExchange(Upstreams upstreams, Stats stats, Duration routeTimeout) {
        this.upstreams = upstreams;
        this.stats = stats;
        this.routeTimeout = routeTimeout;
    }

    /**
     * Forwards one request. {@code streamBody}: the request body is still to be read from the
     * client and passed through the filters; otherwise {@code releasedBody}, when not null, is the
     * whole body a filter held and released.
     */
    Result forward(
            FilterChain chain,
            Route route,
            Headers h,
            Downstream downstream,
            boolean streamBody,
            byte[] releasedBody)
            throws IOException {
        var cluster = upstreams.cluster(route.cluster()).orElseThrow();
        var endpoint = upstreams.pick(cluster);
        stats.increment("cluster." + cluster.name() + ".upstream_rq_total");
        if (endpoint.isEmpty()) {
            downstream.drain();
            return new Failed("UH", 503, "no healthy upstream");
        }
        downstream.log().upstreamHost(endpoint.get().toString());
        upstreams.countHost(cluster, endpoint.get(), "rq_total");
        var upstream =
                upstreams
                        .client()
                        .newRequest("http://" + endpoint.get() + h.get(":path").orElse("/"))
                        .method(h.get(":method").orElse("GET"))
                        .timeout(routeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Upstreams.copyHeaders(h, upstream);
        AsyncRequestContent content = null;
        if (streamBody || releasedBody != null) {
            content = new AsyncRequestContent();
            upstream.body(content);
        }
        var responses = new InputStreamResponseListener();
        upstream.send(responses);
        if (releasedBody != null) {
            write(content, releasedBody);
            content.close();
        } else if (streamBody) {
            for (var chunk = downstream.read(); chunk.isPresent(); chunk = downstream.read()) {
                var sent = chain.requestBody(chunk.get(), false);
                if (sent.stopped()) {
                    return new Stopped(sent.stop());
                }
                write(content, sent.value());
            }
            // HTTP/1.1 tells the end of a body only after its last byte: end with an empty chunk.
            var last = chain.requestBody(new byte[0], true);
            if (last.stopped()) {
                return new Stopped(last.stop());
            }
            write(content, last.value());
            content.close();
        }
        org.eclipse.jetty.client.Response upstreamResponse;
        try {
            upstreamResponse = responses.get(routeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            upstream.abort(e);
            upstreams.countHost(cluster, endpoint.get(), "rq_timeout", "rq_error");
            return new Failed("UT", 504, "upstream request timeout");
        } catch (ExecutionException e) {
            stats.increment("cluster." + cluster.name() + ".upstream_cx_connect_fail");
            upstreams.countHost(cluster, endpoint.get(), "cx_connect_fail", "rq_error");
            return new Failed(
                    "UF",
                    503,
                    "upstream connect error or disconnect/reset before headers. reset reason:"
                            + " connection failure");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstream.abort(e);
            throw new IOException("interrupted", e);
        }
        var status = upstreamResponse.getStatus();
        upstreams.countResponse(cluster, endpoint.get(), status);
        var responseHeaders = Upstreams.toHeaders(status, upstreamResponse.getHeaders());
        var method = h.get(":method").orElse("GET");
        var noBody =
                method.equals("HEAD")
                        || status == 204
                        || status == 304
                        || "0".equals(responseHeaders.get("content-length").orElse(null));
        var in = responses.getInputStream();
        var start =
                chain.responseHeaders(responseHeaders, noBody, () -> Downstream.readAll(in, null));
        if (start.stopped()) {
            return new Stopped(start.stop());
        }
        downstream.writeHeaders(start.value().headers());
        try (var sink = downstream.bodySink()) {
            if (start.value().body().isPresent()) {
                sink.write(start.value().body().get());
                downstream.sent(start.value().body().get().length);
            } else if (!noBody) {
                var stop = streamResponse(chain, in, sink, downstream);
                if (stop != null) {
                    return new Stopped(stop);
                }
            }
        }
        return new Forwarded();
    }

    // The upstream's body through the response filters, chunk by chunk; a stop, or null.
    private static Stop streamResponse(
            FilterChain chain, InputStream in, OutputStream sink, Downstream downstream)
            throws IOException {
        var buffer = new byte[Downstream.CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            var out = chain.responseBody(Arrays.copyOf(buffer, n), false);
            if (out.stopped()) {
                return out.stop();
            }
            if (out.value().length > 0) {
                sink.write(out.value());
                sink.flush();
                downstream.sent(out.value().length);
            }
        }
        var out = chain.responseBody(new byte[0], true);
        if (out.stopped()) {
            return out.stop();
        }
        sink.write(out.value());
        downstream.sent(out.value().length);
        return null;
    }

    private static void write(AsyncRequestContent content, byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        var done = new Callback.Completable();
        content.write(ByteBuffer.wrap(bytes), done);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending upstream", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot send the request body upstream: " + e.getMessage(), e);
        }
    }
}
