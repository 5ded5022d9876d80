package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LocalResponse;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.MapType;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * One HTTP stream, driven the way Envoy drives a Wasm HTTP filter (reference §4.3): header, body
 * and trailer callbacks per direction, buffering per returned action, pause and resume, local
 * replies, failure policy, and Envoy's teardown order.
 */
public final class HttpContext extends Context {
    /** One direction of the stream. */
    final class Side {
        final boolean request;

        /** The filter's header map; null until {@link #headers()} builds it from the input. */
        private HeaderMap headers;

        HeaderMap trailers;
        Headers inputHeaders;
        // Created on first use: a stream without a body never needs them.
        private ByteBuf buffer;
        private ByteBuf forwarded;
        long bodyBytes;
        boolean headersSeen;
        boolean endOfStream;
        boolean stoppedByHeaders;
        boolean stoppedByBody;
        boolean bodyPending;
        boolean trailersPending;

        Side(boolean request) {
            this.request = request;
        }

        boolean paused() {
            return stoppedByHeaders || stoppedByBody;
        }

        /**
         * The header map, built from the input headers on first use: many filters never touch one
         * direction's headers, so most streams skip that copy.
         */
        HeaderMap headers() {
            if (headers == null && headersSeen && inputHeaders != null) {
                headers = HeaderMap.of(inputHeaders);
            }
            return headers;
        }

        /** The headers as the filter left them, or null before they were sent. */
        Headers headersView() {
            if (headers != null) {
                return headers.toHeaders();
            }
            return headersSeen ? inputHeaders : null;
        }

        /** The body bytes the filter holds. */
        ByteBuf buffer() {
            if (buffer == null) {
                buffer = new ByteBuf();
            }
            return buffer;
        }

        /** The body bytes the filter let through. */
        ByteBuf forwarded() {
            if (forwarded == null) {
                forwarded = new ByteBuf();
            }
            return forwarded;
        }

        int bufferSize() {
            return buffer == null ? 0 : buffer.size();
        }

        void flush() {
            if (buffer != null && buffer.size() > 0) {
                forwarded().append(buffer.array(), 0, buffer.size());
                buffer.clear();
            }
        }
    }

    final Side req = new Side(true);
    final Side resp = new Side(false);
    LocalResponse localResponse;
    boolean closedByFilter;
    boolean failureApplied;
    boolean completed;
    long requestTimeNanos;
    boolean requestTimeKnown;
    final long connectionId;

    HttpContext(ProxyVm vm, int id) {
        super(vm, id);
        this.connectionId = id;
    }

    // ------------------------------------------------------------- driving (VM lock held)

    public FilterAction headers(boolean request, Headers headers, boolean endOfStream) {
        var side = request ? req : resp;
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        if (side.headersSeen) {
            throw new IllegalStateException(
                    (request ? "request" : "response")
                            + " headers were already sent on this stream; fix: use a new"
                            + " plugin.newHttpStream() per request");
        }
        side.headersSeen = true;
        side.inputHeaders = headers;
        side.headers = null;
        side.endOfStream = endOfStream;
        if (request && vm.eagerRequestTime) {
            requestTimeNanos = vm.cfg.clock().epochNanos();
            requestTimeKnown = true;
        }
        var early = shortCircuit(side);
        if (early != null) {
            return early;
        }
        vm.create(this);
        var fn = request ? vm.cb.onRequestHeaders : vm.cb.onResponseHeaders;
        var name = request ? "proxy_on_request_headers" : "proxy_on_response_headers";
        long r =
                vm.abi010
                        ? vm.call(fn, name, this, id, headers.size())
                        : vm.call(fn, name, this, id, headers.size(), endOfStream ? 1 : 0);
        var action = AbiCodes.headersAction((int) r);
        if (fn == null) {
            action = FilterAction.CONTINUE;
        }
        var result = settle(side, action);
        if (result == null) {
            if (action == FilterAction.STOP_ITERATION && vm.cfg.allowOnHeadersStopIteration()) {
                // Envoy's allow_on_headers_stop_iteration: body callbacks still reach the filter.
                side.stoppedByBody = true;
            } else {
                // Envoy converts StopIteration to StopAllIterationAndWatermark by default.
                side.stoppedByHeaders = action.isStop();
            }
            result = action;
        }
        vm.runAfterCall();
        return result;
    }

    public FilterAction body(boolean request, byte[] chunk, boolean endOfStream) {
        var side = request ? req : resp;
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        requireHeaders(side, "body");
        side.endOfStream = endOfStream;
        side.bodyBytes += chunk.length;
        side.buffer().append(chunk);
        var early = shortCircuit(side);
        if (early != null) {
            return early;
        }
        if (side.paused() && side.bufferSize() > vm.cfg.limits().maxBodyBytes()) {
            return bufferLimitReached(side);
        }
        if (side.stoppedByHeaders) {
            // Envoy holds data behind a filter that stopped all iteration in its headers callback
            // and calls the filter with everything buffered once it continues.
            side.bodyPending = true;
            return FilterAction.STOP_ITERATION_AND_BUFFER;
        }
        var result = callBody(side);
        vm.runAfterCall();
        return result;
    }

    /**
     * A filter buffering a body past the buffer limit gets Envoy's answer: 413 for a request
     * (filter_manager.cc {@code ActiveStreamDecoderFilter::requestDataTooLarge}), 500 for a
     * response ({@code ActiveStreamEncoderFilter::responseDataTooLarge}).
     */
    private FilterAction bufferLimitReached(Side side) {
        side.buffer().clear();
        if (side.request) {
            sendLocal(413, "request_payload_too_large", BODY_413, new HeaderMap(), -1);
        } else {
            sendLocal(500, "response_payload_too_large", BODY_500, new HeaderMap(), -1);
        }
        vm.log(
                io.github.proxywasm4j.host.LogLevel.WARN,
                (side.request ? "request" : "response")
                        + " body buffered by the filter passed maxBodyBytes = "
                        + vm.cfg.limits().maxBodyBytes()
                        + ", answered as Envoy does at its buffer limit; fix: raise it with"
                        + " Limits.builder().withMaxBodyBytes(..) or -Dwasm.limits.maxBodyBytes=N"
                        + " with wasm:run",
                false);
        return FilterAction.LOCAL_RESPONSE;
    }

    private static final byte[] BODY_413 = "Payload Too Large".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY_500 =
            "Internal Server Error".getBytes(StandardCharsets.US_ASCII);

    private FilterAction callBody(Side side) {
        side.bodyPending = false;
        var fn = side.request ? vm.cb.onRequestBody : vm.cb.onResponseBody;
        var name = side.request ? "proxy_on_request_body" : "proxy_on_response_body";
        long r = vm.call(fn, name, this, id, side.bufferSize(), side.endOfStream ? 1 : 0);
        var action = fn == null ? FilterAction.CONTINUE : AbiCodes.dataAction((int) r);
        var result = settle(side, action);
        if (result != null) {
            return result;
        }
        switch (action) {
            case CONTINUE -> {
                side.stoppedByBody = false;
                side.flush();
            }
            case STOP_ITERATION_NO_BUFFER -> {
                // The filter keeps nothing buffered: the chunk does not go on.
                side.stoppedByBody = true;
                side.buffer().clear();
            }
            default -> side.stoppedByBody = true;
        }
        return action;
    }

    public FilterAction trailers(boolean request, Headers trailers) {
        var side = request ? req : resp;
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        requireHeaders(side, "trailers");
        side.trailers = HeaderMap.of(trailers);
        side.endOfStream = true;
        var early = shortCircuit(side);
        if (early != null) {
            return early;
        }
        if (side.stoppedByHeaders) {
            side.trailersPending = true;
            return FilterAction.STOP_ITERATION;
        }
        var result = callTrailers(side);
        vm.runAfterCall();
        return result;
    }

    private FilterAction callTrailers(Side side) {
        side.trailersPending = false;
        var fn = side.request ? vm.cb.onRequestTrailers : vm.cb.onResponseTrailers;
        var name = side.request ? "proxy_on_request_trailers" : "proxy_on_response_trailers";
        long r = vm.call(fn, name, this, id, side.trailers.size());
        var action = fn == null ? FilterAction.CONTINUE : AbiCodes.trailersAction((int) r);
        var result = settle(side, action);
        if (result != null) {
            return result;
        }
        if (action == FilterAction.CONTINUE) {
            side.stoppedByBody = false;
            side.flush();
        } else {
            side.stoppedByBody = true;
        }
        return action;
    }

    /** HTTP/2 METADATA frames: the result is ignored (always Continue), as in cpp-host. */
    public FilterAction metadata(boolean request, Headers metadata) {
        var side = request ? req : resp;
        var early = shortCircuit(side);
        if (early != null) {
            return early;
        }
        vm.create(this);
        var fn = request ? vm.cb.onRequestMetadata : vm.cb.onResponseMetadata;
        var name = request ? "proxy_on_request_metadata" : "proxy_on_response_metadata";
        vm.call(fn, name, this, id, metadata.size());
        var result = settle(side, FilterAction.CONTINUE);
        vm.runAfterCall();
        return result == null ? FilterAction.CONTINUE : result;
    }

    /** Envoy HTTP teardown: {@code proxy_on_log}, {@code proxy_on_done}, {@code proxy_on_delete}. */
    public void complete() {
        if (completed) {
            return;
        }
        completed = true;
        if (!vm.failed()) {
            // Envoy creates the context lazily for the log phase if no event reached the filter.
            vm.create(this);
            vm.call(vm.cb.onLog, "proxy_on_log", this, id);
            vm.call(vm.cb.onDone, "proxy_on_done", this, id);
            vm.call(vm.cb.onDelete, "proxy_on_delete", this, id);
        }
        vm.forget(this);
        vm.runAfterCall();
    }

    private void requireHeaders(Side side, String what) {
        if (!side.headersSeen) {
            throw new IllegalStateException(
                    (side.request ? "request " : "response ")
                            + what
                            + " sent before "
                            + (side.request ? "request" : "response")
                            + " headers; fix: call send"
                            + (side.request ? "Request" : "Response")
                            + "Headers(..) first");
        }
        if (completed) {
            throw new IllegalStateException(
                    "the stream is complete; fix: use a new plugin.newHttpStream() per request");
        }
    }

    /** After a local reply or a reset nothing more reaches the filter. */
    private FilterAction stoppedByFilter() {
        if (localResponse != null) {
            return FilterAction.LOCAL_RESPONSE;
        }
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        return null;
    }

    /** The action when the filter no longer runs: after a local reply, a close or a failure. */
    private FilterAction shortCircuit(Side side) {
        if (localResponse != null) {
            return FilterAction.LOCAL_RESPONSE;
        }
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        if (vm.failed()) {
            return applyFailure(side);
        }
        return null;
    }

    /** After a callback: a local reply, close or failure overrides what the guest returned. */
    private FilterAction settle(Side side, FilterAction returned) {
        if (vm.failed()) {
            return applyFailure(side);
        }
        if (localResponse != null) {
            return FilterAction.LOCAL_RESPONSE;
        }
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        return null;
    }

    private FilterAction applyFailure(Side side) {
        if (vm.policy() == FailurePolicy.FAIL_OPEN) {
            if (!failureApplied && side.inputHeaders != null && side.trailers == null) {
                // Pass through unmodified: what the filter did before it failed is dropped.
                side.headers = null;
            }
            failureApplied = true;
            resumeOpen(req);
            resumeOpen(resp);
            return FilterAction.CONTINUE;
        }
        if (localResponse == null) {
            failureApplied = true;
            sendLocal(503, "wasm_fail_stream", new byte[0], new HeaderMap(), 14);
        }
        return FilterAction.LOCAL_RESPONSE;
    }

    private void resumeOpen(Side side) {
        side.stoppedByHeaders = false;
        side.stoppedByBody = false;
        side.bodyPending = false;
        side.trailersPending = false;
        side.flush();
    }

    @Override
    void onVmFailed() {
        if (!completed && localResponse == null && (req.paused() || resp.paused())) {
            applyFailure(resp.headersSeen ? resp : req);
        }
    }

    // ------------------------------------------------------------- host-function effects

    void sendLocal(int status, String details, byte[] body, HeaderMap headers, int grpcStatus) {
        var extra = headers.toHeaders();
        localResponse =
                new LocalResponse(
                        status,
                        details,
                        body,
                        extra,
                        grpcStatus >= 0 && grpcStatus <= 16
                                ? OptionalInt.of(grpcStatus)
                                : OptionalInt.empty());
        var responseHeaders = new HeaderMap();
        responseHeaders.add(":status", Integer.toString(status));
        for (int i = 0; i < headers.size(); i++) {
            responseHeaders.add(headers.name(i), headers.value(i));
        }
        if (grpcStatus >= 0 && grpcStatus <= 16) {
            responseHeaders.replace("grpc-status", Integer.toString(grpcStatus));
        }
        resp.headers = responseHeaders;
        resp.headersSeen = true;
        resp.buffer().clear();
        resp.forwarded().clear();
        resp.forwarded().append(body);
        req.stoppedByHeaders = false;
        req.stoppedByBody = false;
        resp.stoppedByHeaders = false;
        resp.stoppedByBody = false;
    }

    /** {@code proxy_continue_stream}: resume a paused direction after the current call. */
    void resume(boolean request) {
        var side = request ? req : resp;
        if (completed || localResponse != null || closedByFilter || vm.failed()) {
            return;
        }
        if (side.stoppedByHeaders) {
            side.stoppedByHeaders = false;
            if (side.bodyPending || (side.bufferSize() > 0)) {
                var action = callBody(side);
                if (action.isStop()) {
                    return;
                }
            } else {
                side.flush();
            }
            if (side.trailersPending) {
                callTrailers(side);
            }
            return;
        }
        if (side.stoppedByBody) {
            side.stoppedByBody = false;
            side.flush();
            if (side.trailersPending) {
                callTrailers(side);
            }
        }
    }

    /** {@code proxy_close_stream}: Envoy resets the stream. */
    void close() {
        closedByFilter = true;
        req.stoppedByHeaders = req.stoppedByBody = false;
        resp.stoppedByHeaders = resp.stoppedByBody = false;
    }

    HeaderMap map(MapType mapType) {
        return switch (mapType) {
            case HTTP_REQUEST_HEADERS -> req.headers();
            case HTTP_REQUEST_TRAILERS -> req.trailers;
            case HTTP_RESPONSE_HEADERS -> resp.headers();
            case HTTP_RESPONSE_TRAILERS -> resp.trailers;
            default -> null;
        };
    }

    /** Trailers may be added by the filter before they exist (Envoy {@code addDecodedTrailers}). */
    HeaderMap mapForWrite(MapType mapType) {
        switch (mapType) {
            case HTTP_REQUEST_TRAILERS -> {
                if (req.trailers == null && req.headersSeen) {
                    req.trailers = new HeaderMap();
                }
                return req.trailers;
            }
            case HTTP_RESPONSE_TRAILERS -> {
                if (resp.trailers == null && resp.headersSeen) {
                    resp.trailers = new HeaderMap();
                }
                return resp.trailers;
            }
            default -> {
                return map(mapType);
            }
        }
    }

    ByteBuf buffer(BufferType bufferType) {
        return switch (bufferType) {
            case HTTP_REQUEST_BODY -> req.headersSeen ? req.buffer() : null;
            case HTTP_RESPONSE_BODY -> resp.headersSeen ? resp.buffer() : null;
            default -> null;
        };
    }

    // ------------------------------------------------------------- views for the public API

    public Headers requestHeaders() {
        var h = req.headersView();
        return h == null ? Headers.empty() : h;
    }

    public Headers responseHeaders() {
        var h = resp.headersView();
        return h == null ? Headers.empty() : h;
    }

    public Headers requestTrailers() {
        return req.trailers == null ? Headers.empty() : req.trailers.toHeaders();
    }

    public Headers responseTrailers() {
        return resp.trailers == null ? Headers.empty() : resp.trailers.toHeaders();
    }

    /** What went on (forwarded) followed by what is still buffered. */
    public byte[] body(boolean request) {
        var side = request ? req : resp;
        var all = new ByteBuf();
        all.append(side.forwarded().array(), 0, side.forwarded().size());
        all.append(side.buffer().array(), 0, side.buffer().size());
        return all.toArray();
    }

    public boolean paused(boolean request) {
        return (request ? req : resp).paused();
    }

    public LocalResponse localResponse() {
        return localResponse;
    }

    public boolean closedByFilter() {
        return closedByFilter;
    }

    public boolean completed() {
        return completed;
    }

    // ------------------------------------------------------------- properties

    @Override
    byte[] derivedProperty(String key) {
        switch (key) {
            case "request.path":
                return header(req, ":path");
            case "request.url_path":
                {
                    var p = str(req, ":path");
                    if (p == null) {
                        return null;
                    }
                    int q = p.indexOf('?');
                    return utf8(q < 0 ? p : p.substring(0, q));
                }
            case "request.query":
                {
                    var p = str(req, ":path");
                    if (p == null) {
                        return null;
                    }
                    int q = p.indexOf('?');
                    return utf8(q < 0 ? "" : p.substring(q + 1));
                }
            case "request.host":
                return header(req, ":authority");
            case "request.scheme":
                return header(req, ":scheme");
            case "request.method":
                return header(req, ":method");
            case "request.referer":
                return header(req, "referer");
            case "request.useragent":
                return header(req, "user-agent");
            case "request.id":
                return header(req, "x-request-id");
            case "request.protocol":
                return req.headersSeen ? utf8("HTTP/1.1") : null;
            case "request.headers":
                return req.headers() == null ? null : Pairs.serialize(req.headers());
            case "request.time":
                return req.headersSeen ? int64(requestTime()) : null;
            case "request.duration":
                return req.headersSeen ? int64(vm.cfg.clock().epochNanos() - requestTime()) : null;
            case "request.size":
                return req.headersSeen ? int64(req.bodyBytes) : null;
            case "request.total_size":
                return req.headersSeen
                        ? int64(
                                req.bodyBytes
                                        + (req.headers() == null ? 0 : req.headers().byteSize()))
                        : null;
            case "response.code":
                {
                    var s = str(resp, ":status");
                    if (s == null) {
                        return null;
                    }
                    try {
                        return int64(Long.parseLong(s));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            case "response.code_details":
                return !resp.headersSeen
                        ? null
                        : utf8(localResponse != null ? localResponse.details() : "via_upstream");
            case "response.headers":
                return resp.headers() == null ? null : Pairs.serialize(resp.headers());
            case "response.trailers":
                return resp.trailers == null ? null : Pairs.serialize(resp.trailers);
            case "response.size":
                return resp.headersSeen ? int64(resp.bodyBytes) : null;
            case "response.total_size":
                return resp.headersSeen
                        ? int64(
                                resp.bodyBytes
                                        + (resp.headers() == null ? 0 : resp.headers().byteSize()))
                        : null;
            case "connection.id":
                return int64(connectionId);
            default:
                return Connections.property(key);
        }
    }

    /** The request time, read now if nobody could have asked for it before. */
    private long requestTime() {
        if (!requestTimeKnown) {
            requestTimeNanos = vm.cfg.clock().epochNanos();
            requestTimeKnown = true;
        }
        return requestTimeNanos;
    }

    private static byte[] header(Side side, String name) {
        var v = str(side, name);
        return v == null ? null : utf8(v);
    }

    private static String str(Side side, String name) {
        var map = side.headers();
        return map == null ? null : map.get(name);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] int64(long v) {
        var b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
