package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.internal.vm.HttpContext;
import io.github.proxywasm4j.host.internal.vm.PropertyPath;
import io.github.proxywasm4j.host.internal.vm.ProxyVm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request through the filter, driven the way Envoy drives it. Each {@code send*} method
 * runs the matching callback and returns what the filter decided; the accessors show the stream as
 * the filter left it. Not thread-safe, like an Envoy stream; different streams may run on
 * different threads.
 *
 * <pre>{@code
 * try (var stream = plugin.newHttpStream()) {
 *     assertThat(stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true))
 *             .isEqualTo(FilterAction.CONTINUE);
 *     stream.sendResponseHeaders(Headers.of(":status", "200"), true);
 *     assertThat(stream.responseHeaders().get("hello")).hasValue("world!");
 * }
 * }</pre>
 */
public final class HttpStream implements AutoCloseable {
    private final ProxyVm vm;
    private final HttpContext ctx;

    HttpStream(ProxyVm vm, HttpContext ctx) {
        this.vm = vm;
        this.ctx = ctx;
    }

    /** Why the VM running this stream failed, if it did (the plugin's failure on this stream). */
    public Optional<PluginFailure> pluginFailure() {
        return Optional.ofNullable(vm.failure());
    }

    /** Runs {@code proxy_on_request_headers} (creating the stream context first). */
    public FilterAction sendRequestHeaders(Headers headers, boolean endOfStream) {
        Objects.requireNonNull(headers, "headers");
        vm.lock();
        try {
            return ctx.headers(true, headers, endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_request_body} with this chunk added to what is buffered. */
    public FilterAction sendRequestBody(byte[] chunk, boolean endOfStream) {
        Objects.requireNonNull(chunk, "chunk");
        vm.lock();
        try {
            return ctx.body(true, chunk.clone(), endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Sends a UTF-8 request body chunk. */
    public FilterAction sendRequestBody(String chunk, boolean endOfStream) {
        return sendRequestBody(chunk.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /** Runs {@code proxy_on_request_trailers} (ends the request). */
    public FilterAction sendRequestTrailers(Headers trailers) {
        Objects.requireNonNull(trailers, "trailers");
        vm.lock();
        try {
            return ctx.trailers(true, trailers);
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_request_metadata} (HTTP/2 METADATA); always CONTINUE unless failed. */
    public FilterAction sendRequestMetadata(Headers metadata) {
        vm.lock();
        try {
            return ctx.metadata(true, metadata);
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_response_headers}. */
    public FilterAction sendResponseHeaders(Headers headers, boolean endOfStream) {
        Objects.requireNonNull(headers, "headers");
        vm.lock();
        try {
            return ctx.headers(false, headers, endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_response_body} with this chunk added to what is buffered. */
    public FilterAction sendResponseBody(byte[] chunk, boolean endOfStream) {
        Objects.requireNonNull(chunk, "chunk");
        vm.lock();
        try {
            return ctx.body(false, chunk.clone(), endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Sends a UTF-8 response body chunk. */
    public FilterAction sendResponseBody(String chunk, boolean endOfStream) {
        return sendResponseBody(chunk.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /** Runs {@code proxy_on_response_trailers}. */
    public FilterAction sendResponseTrailers(Headers trailers) {
        Objects.requireNonNull(trailers, "trailers");
        vm.lock();
        try {
            return ctx.trailers(false, trailers);
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_response_metadata}. */
    public FilterAction sendResponseMetadata(Headers metadata) {
        vm.lock();
        try {
            return ctx.metadata(false, metadata);
        } finally {
            vm.unlock();
        }
    }

    /**
     * Ends the stream in Envoy's order: {@code proxy_on_log}, {@code proxy_on_done}, {@code
     * proxy_on_delete}. Idempotent.
     */
    public void complete() {
        vm.lock();
        try {
            ctx.complete();
        } finally {
            vm.unlock();
        }
    }

    /** Same as {@link #complete()}. */
    @Override
    public void close() {
        complete();
    }

    /** The request headers as the filter left them. */
    public Headers requestHeaders() {
        return read(() -> ctx.requestHeaders());
    }

    /** The response headers as the filter left them (for a local reply: its status and headers). */
    public Headers responseHeaders() {
        return read(() -> ctx.responseHeaders());
    }

    /** The request trailers as the filter left them (filters may add them). */
    public Headers requestTrailers() {
        return read(() -> ctx.requestTrailers());
    }

    /** The response trailers as the filter left them. */
    public Headers responseTrailers() {
        return read(() -> ctx.responseTrailers());
    }

    /** The request body: what the filter let through followed by what it still buffers. */
    public byte[] requestBody() {
        return read(() -> ctx.body(true));
    }

    /** The response body: what the filter let through followed by what it still buffers. */
    public byte[] responseBody() {
        return read(() -> ctx.body(false));
    }

    /** The request body as UTF-8 text. */
    public String requestBodyText() {
        return new String(requestBody(), StandardCharsets.UTF_8);
    }

    /** The response body as UTF-8 text. */
    public String responseBodyText() {
        return new String(responseBody(), StandardCharsets.UTF_8);
    }

    /** The local reply the filter sent, or the host's 503 under {@link FailurePolicy#FAIL_CLOSED}. */
    public Optional<LocalResponse> localResponse() {
        return Optional.ofNullable(read(() -> ctx.localResponse()));
    }

    /** Whether the request is held by the filter (until {@code proxy_continue_stream}). */
    public boolean isRequestPaused() {
        return read(() -> ctx.paused(true));
    }

    /** Whether the response is held by the filter. */
    public boolean isResponsePaused() {
        return read(() -> ctx.paused(false));
    }

    /**
     * Waits until the filter lets the request and response go on (after a callout reply, a tick or
     * a queue message resumed them), or answered or reset the stream; returns false if that did
     * not happen within the timeout. Replies from real upstreams arrive on other threads; with a
     * {@link VirtualClock}, advance the clock instead.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitResumed(Duration timeout) throws InterruptedException {
        vm.lock();
        try {
            return vm.await(
                    () ->
                            (!ctx.paused(true) && !ctx.paused(false))
                                    || ctx.closedByFilter()
                                    || ctx.completed(),
                    timeout.toNanos());
        } finally {
            vm.unlock();
        }
    }

    /** Whether the filter reset the stream ({@code proxy_close_stream}). */
    public boolean isClosedByFilter() {
        return read(() -> ctx.closedByFilter());
    }

    /** The stream's context id as the filter sees it. */
    public int contextId() {
        return ctx.id();
    }

    /**
     * Sets a stream property the filter can read ({@code proxy_get_property}); the path is dotted
     * ({@code source.address}) or NUL-separated. The filter finds it only under the same segments,
     * as in Envoy, where a path is split at NULs only.
     */
    public HttpStream setProperty(String path, byte[] value) {
        vm.lock();
        try {
            ctx.setProperty(PropertyPath.canonical(path), value.clone());
        } finally {
            vm.unlock();
        }
        return this;
    }

    /**
     * Sets a stream property by its segments, each kept whole, e.g. {@code
     * List.of("metadata", "filter_metadata", "envoy.filters.http.lua", "key")}.
     */
    public HttpStream setProperty(java.util.List<String> segments, byte[] value) {
        vm.lock();
        try {
            ctx.setProperty(PropertyPath.of(segments), value.clone());
        } finally {
            vm.unlock();
        }
        return this;
    }

    /** Sets a UTF-8 stream property. */
    public HttpStream setProperty(String path, String value) {
        return setProperty(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A property as the filter would read it now (stream, plugin and derived ones). {@code
     * request.time} is when the request headers were sent; with the system clock and a module
     * that cannot read properties (no {@code proxy_get_property} import) it is read when first
     * asked, which saves a clock read per request.
     */
    public Optional<byte[]> property(String path) {
        return Optional.ofNullable(read(() -> ctx.property(PropertyPath.canonical(path))));
    }

    private <T> T read(java.util.function.Supplier<T> s) {
        vm.lock();
        try {
            return s.get();
        } finally {
            vm.unlock();
        }
    }
}
