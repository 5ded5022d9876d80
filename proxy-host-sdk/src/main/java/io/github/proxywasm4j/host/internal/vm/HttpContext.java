package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LocalResponse;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.MapType;
import java.nio.charset.StandardCharsets;

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

        /** Stopped in a buffering mode (StopAllIterationAndBuffer, StopIterationAndBuffer). */
        boolean bufferLimited;

        /** Response only: the headers went to the client (past this filter). */
        boolean encoded;

        /** Envoy aborted this direction's filter chain (a local reply went straight out). */
        boolean aborted;

        // What the test sent on this side, checked against the orders Envoy can produce.
        boolean sentHeaders;
        String endedBy;

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

        String name() {
            return request ? "request" : "response";
        }

        void clearStops() {
            stoppedByHeaders = false;
            stoppedByBody = false;
            bodyPending = false;
            trailersPending = false;
            bufferLimited = false;
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

    /** The local reply travelling through this filter's response callbacks, if any. */
    private LocalResponse encodingReply;

    String resetDetails;
    boolean closedByFilter;
    boolean failureApplied;
    boolean failureReplySent;
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
        requireOpen();
        if (side.sentHeaders) {
            throw new IllegalStateException(
                    side.name()
                            + " headers were already sent on this stream; fix: use a new"
                            + " plugin.newHttpStream() per request");
        }
        if (!request) {
            requireResponseCanStart();
        }
        side.sentHeaders = true;
        if (endOfStream) {
            side.endedBy = side.name() + " headers had end_of_stream=true";
        }
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        side.headersSeen = true;
        side.inputHeaders = headers;
        side.headers = null;
        side.endOfStream = endOfStream;
        if (request && vm.eagerRequestTime) {
            requestTimeNanos = root.settings.clock().epochNanos();
            requestTimeKnown = true;
        }
        var early = shortCircuit(side);
        if (early != null) {
            return outcome(early);
        }
        vm.create(this);
        return outcome(runHeaders(side));
    }

    /**
     * Envoy forwards a response only for a request whose headers went upstream: never before the
     * request headers, never while this filter holds them.
     */
    private void requireResponseCanStart() {
        if (!req.sentHeaders) {
            throw new IllegalStateException(
                    "response headers sent before request headers: Envoy only gets a response"
                            + " for a request it forwarded; fix: call sendRequestHeaders(..)"
                            + " first");
        }
        if (req.stoppedByHeaders
                && localResponse == null
                && !closedByFilter
                && !vm.failed()
                && !req.aborted) {
            throw new IllegalStateException(
                    "response headers sent while the filter holds the request headers (it"
                            + " stopped iteration and has not continued): Envoy has not sent the"
                            + " request upstream, so no response can arrive; fix: let the filter"
                            + " continue first (a callout reply, a tick or proxy_continue_stream),"
                            + " e.g. with awaitResumed(..) or a VirtualClock");
        }
    }

    /** Runs the headers callback of one side and settles its result. */
    private FilterAction runHeaders(Side side) {
        var fn = side.request ? vm.cb.onRequestHeaders : vm.cb.onResponseHeaders;
        var name = side.request ? "proxy_on_request_headers" : "proxy_on_response_headers";
        int size = side.headers() == null ? 0 : side.headers().size();
        long r =
                vm.abi010
                        ? vm.call(fn, name, this, id, size)
                        : vm.call(fn, name, this, id, size, side.endOfStream ? 1 : 0);
        var action = fn == null ? FilterAction.CONTINUE : AbiCodes.headersAction((int) r);
        if (takeStopNext()) {
            // cpp-host: after send_local_response the callback's result counts as a stop.
            action = FilterAction.STOP_ALL_ITERATION_AND_WATERMARK;
        }
        var result = settle(side, action);
        if (result == null) {
            if (action == FilterAction.STOP_ITERATION
                    && root.settings.allowOnHeadersStopIteration()) {
                // Envoy's allow_on_headers_stop_iteration: body callbacks still reach the filter.
                side.stoppedByBody = true;
            } else {
                // Envoy converts StopIteration to StopAllIterationAndWatermark by default;
                // ContinueAndEndStream is Continue (context.cc convertFilterHeadersStatus).
                side.stoppedByHeaders = action.isStop();
                side.bufferLimited = action == FilterAction.STOP_ALL_ITERATION_AND_BUFFER;
            }
            if (!side.request && !action.isStop()) {
                side.encoded = true;
            }
            result = action;
        }
        vm.runAfterCall();
        return result;
    }

    public FilterAction body(boolean request, byte[] chunk, boolean endOfStream) {
        var side = request ? req : resp;
        requireOpen();
        requireHeaders(side, "body");
        requireNotEnded(side, "body");
        if (endOfStream) {
            side.endedBy = side.name() + " body had end_of_stream=true";
        }
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        side.endOfStream = endOfStream;
        side.bodyBytes += chunk.length;
        side.buffer().append(chunk);
        var early = shortCircuit(side);
        if (early != null) {
            return outcome(early);
        }
        if (side.paused() && side.bufferSize() > vm.cfg.limits().maxBodyBytes()) {
            return bufferLimitReached(side);
        }
        if (side.stoppedByHeaders) {
            // Envoy holds data behind a filter that stopped all iteration in its headers callback
            // and calls the filter with everything buffered once it continues.
            side.bodyPending = true;
            if (overLimit(side)) {
                return outcome(tooLarge(side));
            }
            return outcome(FilterAction.STOP_ITERATION_AND_BUFFER);
        }
        if (side.stoppedByBody && overLimit(side)) {
            return outcome(tooLarge(side));
        }
        var result = callBody(side);
        if (result == FilterAction.STOP_ITERATION_AND_BUFFER && overLimit(side)) {
            result = tooLarge(side);
        }
        return outcome(result);
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
        if (takeStopNext()) {
            action = FilterAction.STOP_ITERATION_NO_BUFFER;
        }
        var result = settle(side, action);
        if (result == null) {
            switch (action) {
                case CONTINUE -> {
                    side.stoppedByBody = false;
                    side.bufferLimited = false;
                    side.flush();
                }
                case STOP_ITERATION_NO_BUFFER -> {
                    // The filter keeps nothing buffered: the chunk does not go on.
                    side.stoppedByBody = true;
                    side.bufferLimited = false;
                    side.buffer().clear();
                }
                default -> {
                    side.stoppedByBody = true;
                    side.bufferLimited = action == FilterAction.STOP_ITERATION_AND_BUFFER;
                }
            }
            result = action;
        }
        vm.runAfterCall();
        return result;
    }

    public FilterAction trailers(boolean request, Headers trailers) {
        var side = request ? req : resp;
        requireOpen();
        requireHeaders(side, "trailers");
        requireNotEnded(side, "trailers");
        side.endedBy = side.name() + " trailers were sent";
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
        }
        side.trailers = HeaderMap.of(trailers);
        side.endOfStream = true;
        var early = shortCircuit(side);
        if (early != null) {
            return outcome(early);
        }
        if (side.stoppedByHeaders) {
            side.trailersPending = true;
            return outcome(FilterAction.STOP_ITERATION);
        }
        return outcome(callTrailers(side));
    }

    private FilterAction callTrailers(Side side) {
        side.trailersPending = false;
        var fn = side.request ? vm.cb.onRequestTrailers : vm.cb.onResponseTrailers;
        var name = side.request ? "proxy_on_request_trailers" : "proxy_on_response_trailers";
        long r = vm.call(fn, name, this, id, side.trailers.size());
        var action = fn == null ? FilterAction.CONTINUE : AbiCodes.trailersAction((int) r);
        if (takeStopNext()) {
            action = FilterAction.STOP_ITERATION;
        }
        var result = settle(side, action);
        if (result == null) {
            if (action == FilterAction.CONTINUE) {
                side.stoppedByBody = false;
                side.bufferLimited = false;
                side.flush();
            } else {
                side.stoppedByBody = true;
            }
            result = action;
        }
        vm.runAfterCall();
        return result;
    }

    /** HTTP/2 METADATA frames: the result is ignored (always Continue), as in cpp-host. */
    public FilterAction metadata(boolean request, Headers metadata) {
        var side = request ? req : resp;
        requireOpen();
        var early = shortCircuit(side);
        if (early != null) {
            return outcome(early);
        }
        vm.create(this);
        var fn = request ? vm.cb.onRequestMetadata : vm.cb.onResponseMetadata;
        var name = request ? "proxy_on_request_metadata" : "proxy_on_response_metadata";
        vm.call(fn, name, this, id, metadata.size());
        var result = settle(side, FilterAction.CONTINUE);
        vm.runAfterCall();
        return outcome(result == null ? FilterAction.CONTINUE : result);
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
        root.streamEnded();
        vm.runAfterCall();
    }

    /**
     * What a driving call returns: work that arrived meanwhile (a callout reply from a stub that
     * answers at once, a timer) runs first, so a stream answered or reset during the call says so.
     */
    private FilterAction outcome(FilterAction action) {
        vm.runPendingNow();
        if (localResponse != null) {
            return FilterAction.LOCAL_RESPONSE;
        }
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        return action;
    }

    private boolean takeStopNext() {
        boolean stop = vm.stopNextIteration;
        vm.stopNextIteration = false;
        return stop;
    }

    private void requireOpen() {
        if (completed) {
            throw new IllegalStateException(
                    "the stream is complete; fix: use a new plugin.newHttpStream() per request");
        }
    }

    private void requireHeaders(Side side, String what) {
        if (!side.sentHeaders) {
            throw new IllegalStateException(
                    side.name()
                            + " "
                            + what
                            + " sent before "
                            + side.name()
                            + " headers; fix: call send"
                            + (side.request ? "Request" : "Response")
                            + "Headers(..) first");
        }
    }

    private void requireNotEnded(Side side, String what) {
        if (side.endedBy != null) {
            throw new IllegalStateException(
                    side.name()
                            + " "
                            + what
                            + " sent after the "
                            + side.name()
                            + " ended ("
                            + side.endedBy
                            + "): Envoy delivers nothing after the end of stream; fix: pass"
                            + " endOfStream=false on everything but the last headers, body chunk"
                            + " or trailers");
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
        var stopped = stoppedByFilter();
        if (stopped != null) {
            return stopped;
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
        if (side == resp && localResponse != null && localResponse == encodingReply) {
            // The filter's own local reply on its way through the encoder path: its result counts.
            return closedByFilter ? FilterAction.CLOSED : null;
        }
        return stoppedByFilter();
    }

    private FilterAction applyFailure(Side side) {
        if (root.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) {
            if (!failureApplied && side.inputHeaders != null && side.trailers == null) {
                // Pass through unmodified: what the filter did before it failed is dropped.
                side.headers = null;
            }
            failureApplied = true;
            resumeOpen(req);
            resumeOpen(resp);
            return FilterAction.CONTINUE;
        }
        if (!failureReplySent) {
            failureApplied = true;
            // Context::failStream: 503, gRPC UNAVAILABLE, "wasm_fail_stream"; the failed filter's
            // own callbacks are not called again (failure_local_reply_sent_).
            failureReplySent = true;
            deliver(
                    LocalReply.prepare(
                            503,
                            "wasm_fail_stream",
                            new byte[0],
                            new HeaderMap(),
                            14,
                            LocalReply.isGrpcRequest(req.inputHeaders),
                            LocalReply.isHeadRequest(req.inputHeaders)));
        }
        return closedByFilter ? FilterAction.CLOSED : FilterAction.LOCAL_RESPONSE;
    }

    private void resumeOpen(Side side) {
        side.clearStops();
        side.flush();
        if (!side.request && side.headersSeen) {
            side.encoded = true;
        }
    }

    @Override
    void onVmFailed() {
        if (!completed && localResponse == null && (req.paused() || resp.paused())) {
            applyFailure(resp.headersSeen ? resp : req);
        }
    }

    // ------------------------------------------------------------- buffer limit

    private boolean overLimit(Side side) {
        return side.bufferLimited && side.bufferSize() > root.settings.bufferLimitBytes();
    }

    /**
     * A buffering filter's body went over the buffer limit: Envoy answers 413 on the request
     * side and 500 on the response side ({@code ActiveStreamDecoderFilter::requestDataTooLarge},
     * {@code ActiveStreamEncoderFilter::responseDataTooLarge} in filter_manager.cc).
     */
    private FilterAction tooLarge(Side side) {
        side.clearStops();
        deliver(
                side.request
                        ? LocalReply.prepare(
                                413,
                                LocalReply.REQUEST_TOO_LARGE,
                                utf8("Payload Too Large"),
                                new HeaderMap(),
                                -1,
                                LocalReply.isGrpcRequest(req.inputHeaders),
                                LocalReply.isHeadRequest(req.inputHeaders))
                        : LocalReply.prepare(
                                500,
                                LocalReply.RESPONSE_TOO_LARGE,
                                utf8("Internal Server Error"),
                                new HeaderMap(),
                                -1,
                                LocalReply.isGrpcRequest(req.inputHeaders),
                                LocalReply.isHeadRequest(req.inputHeaders)));
        return closedByFilter ? FilterAction.CLOSED : FilterAction.LOCAL_RESPONSE;
    }

    // ------------------------------------------------------------- host-function effects

    /**
     * {@code proxy_send_local_response}: Envoy sends the reply after the callback returns
     * (Context::sendLocalResponse defers it), and cpp-host turns the callback's result into a stop.
     */
    void sendLocal(int status, String details, byte[] body, HeaderMap headers, int grpcStatus) {
        var reply =
                LocalReply.prepare(
                        status,
                        details,
                        body,
                        headers,
                        grpcStatus,
                        LocalReply.isGrpcRequest(req.inputHeaders),
                        LocalReply.isHeadRequest(req.inputHeaders));
        vm.stopNextIteration = true;
        vm.defer(() -> deliver(reply));
    }

    /**
     * Sends a local reply the way FilterManager::sendLocalReply does: through the encoder path
     * (this filter's response callbacks included) while the response has not started; straight
     * to the client while response headers exist but have not gone out; otherwise the stream is
     * reset.
     */
    private void deliver(LocalReply reply) {
        if (completed || closedByFilter) {
            return;
        }
        int status = reply.record.status();
        if (status < 200 || status > 999) {
            // filter_manager.cc encodeHeaders asserts a final status (no 1xx but 101), and codecs
            // refuse a status that is not three digits: the client gets no response.
            root.settings
                    .logs()
                    .accept(
                            LogEntry.of(
                                    LogLevel.WARN,
                                    "local reply with status "
                                            + status
                                            + " is not a final HTTP status Envoy can send; the"
                                            + " stream is reset instead; fix: send a status in"
                                            + " 200..599"));
            reset(reply.record.details());
            return;
        }
        // The decoder filter chain stops (decoder_filter_chain_aborted_).
        req.clearStops();
        req.aborted = true;
        if (!resp.headersSeen) {
            localResponse = reply.record;
            encodingReply = reply.record;
            resp.headersSeen = true;
            resp.inputHeaders = null;
            resp.headers = reply.headers;
            resp.trailers = null;
            resp.clearStops();
            resp.buffer().clear();
            resp.forwarded().clear();
            resp.endOfStream = reply.headersOnly;
            if (vm.failed() || failureReplySent) {
                resp.forwarded().append(reply.body);
                resp.encoded = true;
                return;
            }
            runHeaders(resp);
            if (resp.aborted || closedByFilter || completed || vm.failed()) {
                return;
            }
            if (!reply.headersOnly) {
                resp.bodyBytes += reply.body.length;
                resp.buffer().append(reply.body);
                resp.endOfStream = true;
                if (resp.stoppedByHeaders) {
                    resp.bodyPending = true;
                } else {
                    callBody(resp);
                }
            }
            return;
        }
        if (!resp.encoded) {
            // Response headers exist but have not gone out: straight to the codec, bypassing the
            // filters (sendDirectLocalReply); the encoder chain stops.
            localResponse = reply.record;
            encodingReply = null;
            resp.aborted = true;
            resp.headers = reply.headers;
            resp.inputHeaders = null;
            resp.trailers = null;
            resp.clearStops();
            resp.buffer().clear();
            resp.forwarded().clear();
            resp.forwarded().append(reply.body);
            resp.encoded = true;
            return;
        }
        // The client already has response headers: all Envoy can do is reset the stream.
        reset(reply.record.details());
    }

    private void reset(String details) {
        if (resetDetails == null) {
            resetDetails = LocalReply.normalizeDetails(details);
        }
        closedByFilter = true;
        req.clearStops();
        resp.clearStops();
    }

    /** {@code proxy_continue_stream}: resume a paused direction after the current call. */
    void resume(boolean request) {
        var side = request ? req : resp;
        if (completed || closedByFilter || vm.failed() || side.aborted) {
            return;
        }
        if (localResponse != null && request) {
            return;
        }
        if (side.stoppedByHeaders) {
            side.stoppedByHeaders = false;
            side.bufferLimited = false;
            if (!side.request) {
                side.encoded = true;
            }
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
            side.bufferLimited = false;
            side.flush();
            if (side.trailersPending) {
                callTrailers(side);
            }
        }
    }

    /** {@code proxy_close_stream}: Envoy resets the stream ("wasm_close_stream"). */
    void close() {
        reset("wasm_close_stream");
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
                return req.headersSeen
                        ? int64(root.settings.clock().epochNanos() - requestTime())
                        : null;
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
                if (localResponse != null) {
                    return utf8(localResponse.details());
                }
                if (resetDetails != null) {
                    return utf8(resetDetails);
                }
                return resp.headersSeen ? utf8("via_upstream") : null;
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
            requestTimeNanos = root.settings.clock().epochNanos();
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
