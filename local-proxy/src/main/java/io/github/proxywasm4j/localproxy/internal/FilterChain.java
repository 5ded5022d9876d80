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
 * route timeout passes. Each step returns an {@link Outcome}: what to pass on, or the {@link
 * Stop} that ends the exchange.
 */
final class FilterChain implements AutoCloseable {

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
     * Request headers through every filter. Proceeds with the headers for the upstream, or with
     * empty when a filter holds them while it waits for the body ({@link #requestHeld()} then
     * says so, and {@link #releaseHeld} goes on).
     */
    public Outcome<Optional<Headers>> requestHeaders(Headers headers, boolean endOfStream) {
        return requestHeadersFrom(0, headers, endOfStream);
    }

    /** Whether a filter held the request headers and needs the whole body first. */
    public boolean requestHeld() {
        return heldAt >= 0;
    }

    private Outcome<Optional<Headers>> requestHeadersFrom(
            int from, Headers headers, boolean endOfStream) {
        var h = headers;
        for (int i = from; i < streams.size(); i++) {
            var s = streams.get(i);
            var stop = stopIn(s, s.sendRequestHeaders(h, endOfStream));
            if (stop == null && s.isRequestPaused()) {
                if (!endOfStream) {
                    heldAt = i;
                    return Outcome.proceed(Optional.empty());
                }
                stop = await(s, true);
            }
            if (stop != null) {
                return Outcome.stopped(stop);
            }
            h = s.requestHeaders();
        }
        return Outcome.proceed(Optional.of(h));
    }

    /**
     * After {@link #requestHeaders} held: feeds the whole body to the holding filter, waits for
     * it, then runs the rest of the chain. Proceeds with the headers for the upstream; the body
     * is then {@link #releasedBody()}.
     */
    public Outcome<Headers> releaseHeld(List<byte[]> body) {
        var s = streams.get(heldAt);
        for (int c = 0; c < body.size(); c++) {
            var stop = stopIn(s, s.sendRequestBody(body.get(c), c == body.size() - 1));
            if (stop != null) {
                return Outcome.stopped(stop);
            }
        }
        var stop = body.isEmpty() ? stopIn(s, s.sendRequestBody(new byte[0], true)) : null;
        if (stop == null) {
            stop = await(s, true);
        }
        if (stop != null) {
            return Outcome.stopped(stop);
        }
        var all = s.requestBody();
        requestSent[heldAt] = all.length;
        var from = heldAt + 1;
        heldAt = -1;
        var headers = requestHeadersFrom(from, s.requestHeaders(), false);
        if (headers.stopped()) {
            return Outcome.stopped(headers.stop());
        }
        if (headers.value().isEmpty()) {
            throw new IllegalStateException("a second filter held the request");
        }
        var released = requestBodyFrom(from, all, true);
        if (released.stopped()) {
            return Outcome.stopped(released.stop());
        }
        heldBody = released.value();
        return Outcome.proceed(headers.value().get());
    }

    /** The body that {@link #releaseHeld} passed through the chain. */
    public byte[] releasedBody() {
        return heldBody;
    }

    /** A request body chunk through every filter; proceeds with the bytes to send upstream now. */
    public Outcome<byte[]> requestBody(byte[] chunk, boolean endOfStream) {
        return requestBodyFrom(0, chunk, endOfStream);
    }

    private Outcome<byte[]> requestBodyFrom(int from, byte[] chunk, boolean endOfStream) {
        var data = chunk;
        for (int i = from; i < streams.size(); i++) {
            if (data.length == 0 && !endOfStream) {
                return Outcome.proceed(data);
            }
            var s = streams.get(i);
            var stop = stopIn(s, s.sendRequestBody(data, endOfStream));
            if (stop == null && endOfStream && s.isRequestPaused()) {
                stop = await(s, true);
            }
            if (stop != null) {
                return Outcome.stopped(stop);
            }
            data = delta(s.requestBody(), requestSent, i, s.isRequestPaused());
        }
        return Outcome.proceed(data);
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
     *
     * @throws IOException when {@code rest} cannot read the body
     */
    public Outcome<ResponseStart> responseHeaders(
            Headers headers, boolean endOfStream, BodyReader rest) throws IOException {
        var h = headers;
        byte[] consumed = null;
        for (int i = streams.size() - 1; i >= 0; i--) {
            var s = streams.get(i);
            Stop stop;
            if (consumed == null) {
                stop = stopIn(s, s.sendResponseHeaders(h, endOfStream));
                if (stop == null && s.isResponsePaused()) {
                    if (!endOfStream) {
                        stop = feedWholeBody(s, rest.readAll());
                    }
                    if (stop == null) {
                        stop = await(s, false);
                    }
                    if (stop == null && !endOfStream) {
                        consumed = s.responseBody();
                        responseSent[i] = consumed.length;
                    }
                }
            } else {
                stop = stopIn(s, s.sendResponseHeaders(h, consumed.length == 0));
                if (stop == null && consumed.length > 0) {
                    stop = stopIn(s, s.sendResponseBody(consumed, true));
                }
                if (stop == null) {
                    stop = await(s, false);
                }
                if (stop == null) {
                    consumed = s.responseBody();
                    responseSent[i] = consumed.length;
                }
            }
            if (stop != null) {
                return Outcome.stopped(stop);
            }
            h = s.responseHeaders();
        }
        if (consumed != null && h.contains("content-length")) {
            // The whole body is known: its length is what the client gets.
            h =
                    h.without("content-length")
                            .with("content-length", Integer.toString(consumed.length));
        }
        return Outcome.proceed(new ResponseStart(h, Optional.ofNullable(consumed)));
    }

    private static Stop feedWholeBody(HttpStream s, List<byte[]> chunks) {
        for (var chunk : chunks) {
            var stop = stopIn(s, s.sendResponseBody(chunk, false));
            if (stop != null) {
                return stop;
            }
        }
        return stopIn(s, s.sendResponseBody(new byte[0], true));
    }

    /**
     * A response body chunk through every filter; proceeds with the bytes to send to the client
     * now.
     */
    public Outcome<byte[]> responseBody(byte[] chunk, boolean endOfStream) {
        var data = chunk;
        for (int i = streams.size() - 1; i >= 0; i--) {
            if (data.length == 0 && !endOfStream) {
                return Outcome.proceed(data);
            }
            var s = streams.get(i);
            var stop = stopIn(s, s.sendResponseBody(data, endOfStream));
            if (stop == null && endOfStream && s.isResponsePaused()) {
                stop = await(s, false);
            }
            if (stop != null) {
                return Outcome.stopped(stop);
            }
            data = delta(s.responseBody(), responseSent, i, s.isResponsePaused());
        }
        return Outcome.proceed(data);
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

    // The stop a filter's callback asked for (a local reply, or a closed stream), or null.
    private static Stop stopIn(HttpStream s, FilterAction action) {
        if (action == FilterAction.LOCAL_RESPONSE || s.localResponse().isPresent()) {
            var reply = s.localResponse().orElseThrow();
            return new Stop.LocalReply(reply, s.responseHeaders(), s.responseBody());
        }
        if (action == FilterAction.CLOSED || s.isClosedByFilter()) {
            var reply = LocalResponse.of(403, "wasm_close_stream");
            return new Stop.LocalReply(reply, Headers.of(":status", "403"), reply.body());
        }
        return null;
    }

    // The host resumes a paused stream on the thread that delivers the callout reply (or runs the
    // tick); awaitResumed sleeps until then instead of polling. It waits for both directions, so
    // while the other one is held too (a filter that never released a buffered request body) this
    // direction falls back to a short, growing sleep. Returns null once the filter continued.
    private Stop await(HttpStream s, boolean request) {
        var deadline = System.nanoTime() + timeout.toNanos();
        var sleep = 20_000L;
        while (paused(s, request)) {
            var stop = stopIn(s, FilterAction.CONTINUE);
            if (stop != null) {
                return stop;
            }
            var left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Stop.Timeout();
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
                return new Stop.Timeout();
            }
        }
        return stopIn(s, FilterAction.CONTINUE);
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
