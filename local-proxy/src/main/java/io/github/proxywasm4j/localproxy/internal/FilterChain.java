package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.LocalResponse;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * One request through a listener's wasm filters, in Envoy's order: request callbacks from the
 * first filter to the last, response callbacks from the last to the first. Each filter's output
 * (headers, and the body bytes it let through) is the next filter's input. A filter that pauses
 * (for example for an HTTP callout) is waited for until it continues, replies locally, or the
 * route timeout passes.
 */
public final class FilterChain implements AutoCloseable {

    /** The filter answered the request itself (or failed closed). */
    public static final class LocalReply extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient LocalResponse response;
        private final transient Headers headers;
        private final byte[] body;

        LocalReply(LocalResponse response, Headers headers, byte[] body) {
            super(null, null, false, false);
            this.response = response;
            this.headers = headers;
            this.body = body;
        }

        /**
         * The body the client gets: the reply as the sending filter's own response callbacks left
         * it (the host sends a local reply through them, as Envoy does).
         */
        public byte[] body() {
            return body.clone();
        }

        public LocalResponse response() {
            return response;
        }

        /** The reply's headers, {@code :status} first. */
        public Headers headers() {
            return headers;
        }
    }

    /** A paused filter did not continue in time. */
    public static final class Timeout extends Exception {
        private static final long serialVersionUID = 1L;

        Timeout() {
            super(null, null, false, false);
        }
    }

    private final List<HttpStream> streams;
    private final Duration timeout;
    private final int[] requestSent;
    private final int[] responseSent;
    // The filter that holds the request headers until it has seen the whole body, or -1.
    private int heldAt = -1;
    private byte[] heldBody = new byte[0];

    private FilterChain(List<HttpStream> streams, Duration timeout) {
        this.streams = streams;
        this.timeout = timeout;
        this.requestSent = new int[streams.size()];
        this.responseSent = new int[streams.size()];
    }

    /** Opens one stream per plugin for a new request. */
    public static FilterChain open(List<ProxyWasmPlugin> plugins, Duration timeout) {
        var streams = new ArrayList<HttpStream>(plugins.size());
        for (var plugin : plugins) {
            streams.add(plugin.newHttpStream());
        }
        return new FilterChain(streams, timeout);
    }

    public boolean isEmpty() {
        return streams.isEmpty();
    }

    /**
     * Request headers through every filter. Returns the headers for the upstream, or empty when a
     * filter holds them while it waits for the body ({@link #requestHeld()} then says which).
     */
    public Optional<Headers> requestHeaders(Headers headers, boolean endOfStream)
            throws LocalReply, Timeout {
        return requestHeadersFrom(0, headers, endOfStream);
    }

    /** Whether a filter held the request headers and needs the whole body first. */
    public boolean requestHeld() {
        return heldAt >= 0;
    }

    private Optional<Headers> requestHeadersFrom(int from, Headers headers, boolean endOfStream)
            throws LocalReply, Timeout {
        var h = headers;
        for (int i = from; i < streams.size(); i++) {
            var s = streams.get(i);
            var action = s.sendRequestHeaders(h, endOfStream);
            checkLocal(s, action);
            if (s.isRequestPaused()) {
                if (!endOfStream) {
                    heldAt = i;
                    return Optional.empty();
                }
                await(s, true);
            }
            h = s.requestHeaders();
        }
        return Optional.of(h);
    }

    /**
     * After {@link #requestHeaders} held: feeds the whole body to the holding filter, waits for
     * it, then runs the rest of the chain. Returns the headers and body for the upstream.
     */
    public Headers releaseHeld(List<byte[]> body) throws LocalReply, Timeout {
        var s = streams.get(heldAt);
        for (int c = 0; c < body.size(); c++) {
            var action = s.sendRequestBody(body.get(c), c == body.size() - 1);
            checkLocal(s, action);
        }
        if (body.isEmpty()) {
            checkLocal(s, s.sendRequestBody(new byte[0], true));
        }
        await(s, true);
        var all = s.requestBody();
        requestSent[heldAt] = all.length;
        var from = heldAt + 1;
        heldAt = -1;
        var headers = requestHeadersFrom(from, s.requestHeaders(), false);
        if (headers.isEmpty()) {
            throw new IllegalStateException("a second filter held the request");
        }
        heldBody = requestBodyFrom(from, all, true);
        return headers.get();
    }

    /** The body that {@link #releaseHeld} passed through the chain. */
    public byte[] releasedBody() {
        return heldBody;
    }

    /** A request body chunk through every filter; returns the bytes to send upstream now. */
    public byte[] requestBody(byte[] chunk, boolean endOfStream) throws LocalReply, Timeout {
        return requestBodyFrom(0, chunk, endOfStream);
    }

    private byte[] requestBodyFrom(int from, byte[] chunk, boolean endOfStream)
            throws LocalReply, Timeout {
        var data = chunk;
        for (int i = from; i < streams.size(); i++) {
            if (data.length == 0 && !endOfStream) {
                return data;
            }
            var s = streams.get(i);
            var action = s.sendRequestBody(data, endOfStream);
            checkLocal(s, action);
            if (endOfStream && s.isRequestPaused()) {
                await(s, true);
            }
            data = delta(s.requestBody(), requestSent, i, s.isRequestPaused());
        }
        return data;
    }

    /** Reads the rest of a body when a filter holds the headers until it has seen all of it. */
    @FunctionalInterface
    public interface BodyReader {
        List<byte[]> readAll() throws IOException;
    }

    /**
     * The start of the response for the client: its headers and, when a filter held them until
     * the end of the body, the whole body as the filters left it.
     */
    public record ResponseStart(Headers headers, Optional<byte[]> body) {}

    /**
     * Response headers through every filter, last to first. A filter that stops in its headers
     * callback holds them (Envoy: StopAllIteration) until it continues: the rest of the body is
     * then read with {@code rest}, fed to it, and passed on whole.
     */
    public ResponseStart responseHeaders(Headers headers, boolean endOfStream, BodyReader rest)
            throws LocalReply, Timeout, IOException {
        var h = headers;
        byte[] consumed = null;
        for (int i = streams.size() - 1; i >= 0; i--) {
            var s = streams.get(i);
            if (consumed == null) {
                checkLocal(s, s.sendResponseHeaders(h, endOfStream));
                if (s.isResponsePaused()) {
                    if (!endOfStream) {
                        for (var chunk : rest.readAll()) {
                            checkLocal(s, s.sendResponseBody(chunk, false));
                        }
                        checkLocal(s, s.sendResponseBody(new byte[0], true));
                    }
                    await(s, false);
                    if (!endOfStream) {
                        consumed = s.responseBody();
                        responseSent[i] = consumed.length;
                    }
                }
            } else {
                checkLocal(s, s.sendResponseHeaders(h, consumed.length == 0));
                if (consumed.length > 0) {
                    checkLocal(s, s.sendResponseBody(consumed, true));
                }
                await(s, false);
                consumed = s.responseBody();
                responseSent[i] = consumed.length;
            }
            h = s.responseHeaders();
        }
        if (consumed != null && h.contains("content-length")) {
            // The whole body is known: its length is what the client gets.
            h =
                    h.without("content-length")
                            .with("content-length", Integer.toString(consumed.length));
        }
        return new ResponseStart(h, Optional.ofNullable(consumed));
    }

    /** A response body chunk through every filter; returns the bytes to send to the client now. */
    public byte[] responseBody(byte[] chunk, boolean endOfStream) throws LocalReply, Timeout {
        var data = chunk;
        for (int i = streams.size() - 1; i >= 0; i--) {
            if (data.length == 0 && !endOfStream) {
                return data;
            }
            var s = streams.get(i);
            var action = s.sendResponseBody(data, endOfStream);
            checkLocal(s, action);
            if (endOfStream && s.isResponsePaused()) {
                await(s, false);
            }
            data = delta(s.responseBody(), responseSent, i, s.isResponsePaused());
        }
        return data;
    }

    // What the filter let through since last time. While it pauses, what it holds stays back.
    private static byte[] delta(byte[] all, int[] sent, int i, boolean paused) {
        if (paused) {
            return new byte[0];
        }
        var from = Math.min(sent[i], all.length);
        sent[i] = all.length;
        return from == 0 ? all : Arrays.copyOfRange(all, from, all.length);
    }

    private static void checkLocal(HttpStream s, FilterAction action) throws LocalReply {
        if (action == FilterAction.LOCAL_RESPONSE || s.localResponse().isPresent()) {
            var reply = s.localResponse().orElseThrow();
            throw new LocalReply(reply, s.responseHeaders(), s.responseBody());
        }
        if (action == FilterAction.CLOSED || s.isClosedByFilter()) {
            var reply = LocalResponse.of(403, "wasm_close_stream");
            throw new LocalReply(reply, Headers.of(":status", "403"), reply.body());
        }
    }

    // The host resumes a paused stream on the thread that delivers the callout reply (or runs the
    // tick); awaitResumed sleeps until then instead of polling. It waits for both directions, so
    // while the other one is held too (a filter that never released a buffered request body) this
    // direction falls back to a short, growing sleep.
    private void await(HttpStream s, boolean request) throws LocalReply, Timeout {
        var deadline = System.nanoTime() + timeout.toNanos();
        var sleep = 20_000L;
        while (paused(s, request)) {
            checkLocal(s, FilterAction.CONTINUE);
            var left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new Timeout();
            }
            if (paused(s, !request)) {
                LockSupport.parkNanos(Math.min(sleep, left));
                sleep = Math.min(sleep * 2, 5_000_000L);
                continue;
            }
            try {
                s.awaitResumed(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                // the server is stopping; the exchange cannot wait for the filter any longer
                Thread.currentThread().interrupt();
                throw new Timeout();
            }
        }
        checkLocal(s, FilterAction.CONTINUE);
    }

    private static boolean paused(HttpStream s, boolean request) {
        return request ? s.isRequestPaused() : s.isResponsePaused();
    }

    /** Ends every stream in Envoy's teardown order. */
    @Override
    public void close() {
        for (var s : streams) {
            s.complete();
        }
    }
}
