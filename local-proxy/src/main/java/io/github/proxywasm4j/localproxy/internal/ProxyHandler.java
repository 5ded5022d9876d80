package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.localproxy.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves one listener: each request goes through the wasm filter chain, then to the cluster of
 * the first matching route, or to the built-in responder when the listener has no routes. Bodies
 * are read and written in chunks, so they stream through the filters.
 */
public final class ProxyHandler extends Handler.Abstract {

    private static final int CHUNK = 16 * 1024;

    private final io.github.proxywasm4j.localproxy.Listener listener;
    private final List<ProxyWasmPlugin> plugins;
    private final Upstreams upstreams;
    private final Stats stats;
    private final Consumer<String> accessLog;
    private final Duration routeTimeout;

    public ProxyHandler(
            io.github.proxywasm4j.localproxy.Listener listener,
            List<ProxyWasmPlugin> plugins,
            Upstreams upstreams,
            Stats stats,
            Consumer<String> accessLog,
            Duration routeTimeout) {
        this.listener = listener;
        this.plugins = List.copyOf(plugins);
        this.upstreams = upstreams;
        this.stats = stats;
        this.accessLog = accessLog;
        this.routeTimeout = routeTimeout;
    }

    /** What one request did, for the access log. */
    private static final class Exchange {
        final Instant start = Instant.now();
        final long startNanos = System.nanoTime();
        String method;
        String path;
        String protocol;
        String authority = "-";
        String userAgent = "-";
        int status;
        String flags = "-";
        long received;
        long sent;
        String upstreamHost = "-";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var x = new Exchange();
        x.method = request.getMethod();
        x.path = request.getHttpURI().getPathQuery();
        x.protocol = request.getConnectionMetaData().getHttpVersion().asString();
        try {
            serve(request, response, x);
            callback.succeeded();
        } catch (Throwable t) {
            x.flags = x.flags.equals("-") ? "DC" : x.flags;
            callback.failed(t);
        } finally {
            stats.increment("http." + listener.statPrefix() + ".downstream_rq_total");
            if (x.status > 0) {
                stats.increment(
                        "http."
                                + listener.statPrefix()
                                + ".downstream_rq_"
                                + x.status / 100
                                + "xx");
            }
            accessLog.accept(accessLine(x));
        }
        return true;
    }

    private void serve(Request request, Response response, Exchange x) throws IOException {
        var headers = requestHeaders(request, x);
        var hasBody = hasBody(request);
        var body = Content.Source.asInputStream(request);
        try (var chain = FilterChain.open(plugins, routeTimeout)) {
            try {
                var upstreamHeaders = chain.requestHeaders(headers, !hasBody);
                List<byte[]> held = null;
                byte[] releasedBody = null;
                if (upstreamHeaders.isEmpty()) {
                    held = readAll(body, x);
                    upstreamHeaders = Optional.of(chain.releaseHeld(held));
                    releasedBody = chain.releasedBody();
                }
                var h = upstreamHeaders.get();
                var route = route(h);
                if (route.isEmpty() && !listener.virtualHosts().isEmpty()) {
                    x.flags = "NR";
                    drain(body, x);
                    respondThroughChain(chain, response, x, localHeaders(404), new byte[0], h);
                    return;
                }
                if (route.isEmpty()) {
                    drainThroughChain(chain, body, hasBody && held == null, x);
                    builtIn(chain, response, x, h);
                    return;
                }
                proxy(
                        chain,
                        route.get(),
                        h,
                        body,
                        hasBody && held == null,
                        releasedBody,
                        response,
                        x);
            } catch (FilterChain.LocalReply reply) {
                x.flags = x.flags.equals("-") ? "UAEX" : x.flags;
                writeLocal(response, x, reply);
            } catch (FilterChain.Timeout timeout) {
                x.flags = "UT";
                writeRaw(response, x, 504, "upstream request timeout");
            }
        }
    }

    private Headers requestHeaders(Request request, Exchange x) {
        var uri = request.getHttpURI();
        var authority = request.getHeaders().get("host");
        if (authority == null) {
            authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        }
        x.authority = authority;
        var path = uri.getPathQuery() == null ? "/" : uri.getPathQuery();
        var entries = new ArrayList<Map.Entry<String, String>>();
        entries.add(Map.entry(":authority", authority));
        entries.add(Map.entry(":path", path));
        entries.add(Map.entry(":method", request.getMethod()));
        entries.add(Map.entry(":scheme", "http"));
        var forwardedProto = false;
        var requestId = false;
        for (var f : request.getHeaders()) {
            var name = f.getName().toLowerCase(Locale.ROOT);
            if (name.equals("host") || Upstreams.HOP_BY_HOP.contains(name)) {
                continue;
            }
            forwardedProto |= name.equals("x-forwarded-proto");
            requestId |= name.equals("x-request-id");
            entries.add(Map.entry(name, f.getValue()));
        }
        if (!forwardedProto) {
            entries.add(Map.entry("x-forwarded-proto", "http"));
        }
        if (!requestId) {
            // Envoy's generate_request_id; ThreadLocalRandom because SecureRandom (behind
            // UUID.randomUUID) is a point of contention under load.
            var random = ThreadLocalRandom.current();
            var msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            var lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            entries.add(Map.entry("x-request-id", new UUID(msb, lsb).toString()));
        }
        var h = Headers.copyOf(entries);
        x.userAgent = h.get("user-agent").orElse("-");
        return h;
    }

    private static boolean hasBody(Request request) {
        var length = request.getLength();
        if (length > 0) {
            return true;
        }
        return length < 0 && request.getHeaders().contains("transfer-encoding");
    }

    private Optional<Route> route(Headers h) {
        var host = h.get(":authority").orElse("");
        var path = h.get(":path").orElse("/");
        var q = path.indexOf('?');
        var bare = q >= 0 ? path.substring(0, q) : path;
        for (var vh : listener.virtualHosts()) {
            if (vh.serves(host)) {
                return vh.route(bare);
            }
        }
        return Optional.empty();
    }

    private void proxy(
            FilterChain chain,
            Route route,
            Headers h,
            InputStream body,
            boolean streamBody,
            byte[] releasedBody,
            Response response,
            Exchange x)
            throws IOException, FilterChain.LocalReply, FilterChain.Timeout {
        var cluster = upstreams.cluster(route.cluster()).orElseThrow();
        var endpoint = upstreams.pick(cluster);
        stats.increment("cluster." + cluster.name() + ".upstream_rq_total");
        if (endpoint.isEmpty()) {
            x.flags = "UH";
            drain(body, x);
            respondThroughChain(
                    chain, response, x, localHeaders(503), bytes("no healthy upstream"), h);
            return;
        }
        x.upstreamHost = endpoint.get().toString();
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
            var buffer = new byte[CHUNK];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                x.received += n;
                write(content, chain.requestBody(Arrays.copyOf(buffer, n), false));
            }
            // HTTP/1.1 tells the end of a body only after its last byte: end with an empty chunk.
            write(content, chain.requestBody(new byte[0], true));
            content.close();
        }
        org.eclipse.jetty.client.Response upstreamResponse;
        try {
            upstreamResponse = responses.get(routeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            upstream.abort(e);
            x.flags = "UT";
            respondThroughChain(
                    chain, response, x, localHeaders(504), bytes("upstream request timeout"), h);
            return;
        } catch (ExecutionException e) {
            x.flags = "UF";
            stats.increment("cluster." + cluster.name() + ".upstream_cx_connect_fail");
            respondThroughChain(
                    chain,
                    response,
                    x,
                    localHeaders(503),
                    bytes(
                            "upstream connect error or disconnect/reset before headers. reset"
                                    + " reason: connection failure"),
                    h);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstream.abort(e);
            throw new IOException("interrupted", e);
        }
        var status = upstreamResponse.getStatus();
        var responseHeaders = Upstreams.toHeaders(status, upstreamResponse.getHeaders());
        var method = h.get(":method").orElse("GET");
        var noBody =
                method.equals("HEAD")
                        || status == 204
                        || status == 304
                        || "0".equals(responseHeaders.get("content-length").orElse(null));
        var in = responses.getInputStream();
        var start = chain.responseHeaders(responseHeaders, noBody, () -> readAll(in, null));
        writeHeaders(response, start.headers(), x);
        try (var sink = Content.Sink.asOutputStream(response)) {
            if (start.body().isPresent()) {
                sink.write(start.body().get());
                x.sent += start.body().get().length;
            } else if (!noBody) {
                streamResponse(chain, in, sink, x);
            }
        }
    }

    private void streamResponse(FilterChain chain, InputStream in, OutputStream sink, Exchange x)
            throws IOException, FilterChain.LocalReply, FilterChain.Timeout {
        var buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            var out = chain.responseBody(Arrays.copyOf(buffer, n), false);
            if (out.length > 0) {
                sink.write(out);
                sink.flush();
                x.sent += out.length;
            }
        }
        var out = chain.responseBody(new byte[0], true);
        sink.write(out);
        x.sent += out.length;
    }

    private void builtIn(FilterChain chain, Response response, Exchange x, Headers h)
            throws IOException, FilterChain.LocalReply, FilterChain.Timeout {
        var text =
                "proxywasm4j local proxy: no upstream configured, answering "
                        + h.get(":method").orElse("GET")
                        + " "
                        + h.get(":path").orElse("/")
                        + "\n";
        var body = bytes(text);
        var headers =
                Headers.of(
                        ":status", "200",
                        "content-type", "text/plain; charset=utf-8",
                        "content-length", Integer.toString(body.length));
        respondThroughChain(chain, response, x, headers, body, h);
    }

    // A response made here (built-in, 404, 503, 504) goes through the response filters like one
    // from an upstream, as Envoy's router replies go through the encoder filters.
    private void respondThroughChain(
            FilterChain chain,
            Response response,
            Exchange x,
            Headers headers,
            byte[] body,
            Headers requestHeaders)
            throws IOException, FilterChain.LocalReply, FilterChain.Timeout {
        var head = requestHeaders.get(":method").orElse("GET").equals("HEAD");
        if (!headers.contains("content-length")) {
            headers = headers.with("content-length", Integer.toString(body.length));
        }
        if (body.length > 0 && !headers.contains("content-type")) {
            headers = headers.with("content-type", "text/plain");
        }
        var noBody = body.length == 0 || head;
        var start = chain.responseHeaders(headers, noBody, () -> List.of(body));
        byte[] filtered = new byte[0];
        if (start.body().isPresent()) {
            filtered = start.body().get();
        } else if (!noBody) {
            filtered = chain.responseBody(body, true);
        }
        writeHeaders(response, start.headers(), x);
        Content.Sink.write(response, true, ByteBuffer.wrap(filtered));
        x.sent += filtered.length;
    }

    private void drainThroughChain(FilterChain chain, InputStream body, boolean stream, Exchange x)
            throws IOException, FilterChain.LocalReply, FilterChain.Timeout {
        if (!stream) {
            return;
        }
        var buffer = new byte[CHUNK];
        int n;
        while ((n = body.read(buffer)) > 0) {
            x.received += n;
            chain.requestBody(Arrays.copyOf(buffer, n), false);
        }
        chain.requestBody(new byte[0], true);
    }

    private static void writeHeaders(Response response, Headers headers, Exchange x) {
        var status = Integer.parseInt(headers.get(":status").orElse("200"));
        x.status = status;
        response.setStatus(status);
        var fields = response.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            var name = headers.name(i);
            if (name.startsWith(":") || Upstreams.HOP_BY_HOP.contains(name)) {
                continue;
            }
            fields.add(name, headers.value(i));
        }
    }

    private static void writeLocal(Response response, Exchange x, FilterChain.LocalReply reply)
            throws IOException {
        if (response.isCommitted()) {
            // Headers already went out: the only way left to fail the stream is to reset it.
            throw new IOException("the filter replied locally after the response started");
        }
        response.getHeaders().clear();
        var body = reply.body();
        var headers = reply.headers();
        if (!headers.contains("content-length")) {
            headers = headers.with("content-length", Integer.toString(body.length));
        }
        if (body.length > 0 && !headers.contains("content-type")) {
            headers = headers.with("content-type", "text/plain");
        }
        writeHeaders(response, headers, x);
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
        x.sent += body.length;
    }

    private static void writeRaw(Response response, Exchange x, int status, String text)
            throws IOException {
        if (response.isCommitted()) {
            throw new IOException(text);
        }
        var body = bytes(text);
        x.status = status;
        response.setStatus(status);
        response.getHeaders().put("content-type", "text/plain");
        response.getHeaders().put("content-length", Integer.toString(body.length));
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
        x.sent += body.length;
    }

    private static Headers localHeaders(int status) {
        return Headers.of(":status", Integer.toString(status));
    }

    private static List<byte[]> readAll(InputStream body, Exchange x) throws IOException {
        var chunks = new ArrayList<byte[]>();
        var buffer = new byte[CHUNK];
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (x != null) {
                x.received += n;
            }
            chunks.add(Arrays.copyOf(buffer, n));
        }
        return chunks;
    }

    private static void drain(InputStream body, Exchange x) throws IOException {
        var buffer = new byte[CHUNK];
        int n;
        while ((n = body.read(buffer)) > 0) {
            x.received += n;
        }
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // Envoy's default access log format, less the fields the local proxy does not have.
    private static String accessLine(Exchange x) {
        var millis = (System.nanoTime() - x.startNanos) / 1_000_000;
        return "["
                + x.start
                + "] \""
                + x.method
                + " "
                + x.path
                + " "
                + x.protocol
                + "\" "
                + x.status
                + " "
                + x.flags
                + " "
                + x.received
                + " "
                + x.sent
                + " "
                + millis
                + " \""
                + x.userAgent
                + "\" \""
                + x.authority
                + "\" \""
                + x.upstreamHost
                + "\"";
    }
}
