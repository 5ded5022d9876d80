package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A test gRPC upstream: records every call and stream, replies to unary calls through a
 * responder, or holds them for the test to answer through {@link Call}.
 */
public final class StubGrpcUpstream implements GrpcUpstream {
    private final Function<GrpcCallRequest, byte[]> responder;
    private final List<Call> calls = new ArrayList<>();

    private StubGrpcUpstream(Function<GrpcCallRequest, byte[]> responder) {
        this.responder = responder;
    }

    /** Answers every unary call at once with the responder's message and status OK. */
    public static StubGrpcUpstream replying(Function<GrpcCallRequest, byte[]> responder) {
        return new StubGrpcUpstream(Objects.requireNonNull(responder, "responder"));
    }

    /** Holds every call and stream until the test answers it through {@link #calls()}. */
    public static StubGrpcUpstream holding() {
        return new StubGrpcUpstream(null);
    }

    @Override
    public GrpcCall start(GrpcCallRequest request, GrpcCallListener listener) {
        var call = new Call(request, listener);
        synchronized (this) {
            calls.add(call);
        }
        if (responder != null && !request.streaming()) {
            listener.initialMetadata(Headers.empty());
            listener.message(responder.apply(request));
            listener.trailingMetadata(Headers.empty());
            listener.close(0, "");
        }
        return call;
    }

    /** Every call and stream so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** One recorded call or stream; the test answers through it. */
    public static final class Call implements GrpcCall {
        private final GrpcCallRequest request;
        private final GrpcCallListener listener;
        private final List<byte[]> sent = new ArrayList<>();
        private volatile boolean closedByFilter;
        private volatile boolean cancelled;

        private Call(GrpcCallRequest request, GrpcCallListener listener) {
            this.request = request;
            this.listener = listener;
        }

        /** What the filter asked for. */
        public GrpcCallRequest request() {
            return request;
        }

        /** Messages the filter sent on the stream. */
        public synchronized List<byte[]> sentMessages() {
            return List.copyOf(sent);
        }

        /** Whether the filter closed it. */
        public boolean closedByFilter() {
            return closedByFilter;
        }

        /** Whether the filter cancelled it. */
        public boolean cancelled() {
            return cancelled;
        }

        /** Sends initial metadata to the filter. */
        public void sendInitialMetadata(Headers metadata) {
            listener.initialMetadata(metadata);
        }

        /** Sends a message to the filter. */
        public void sendMessage(byte[] message) {
            listener.message(message.clone());
        }

        /** Sends trailing metadata to the filter. */
        public void sendTrailingMetadata(Headers metadata) {
            listener.trailingMetadata(metadata);
        }

        /** Finishes the call with a status. */
        public void finish(int grpcStatus, String message) {
            listener.close(grpcStatus, message);
        }

        /** Replies with one message and status OK (metadata empty). */
        public void reply(byte[] message) {
            sendInitialMetadata(Headers.empty());
            sendMessage(message);
            sendTrailingMetadata(Headers.empty());
            finish(0, "");
        }

        @Override
        public synchronized void send(byte[] message, boolean endOfStream) {
            sent.add(message.clone());
            if (endOfStream) {
                closedByFilter = true;
            }
        }

        @Override
        public void close() {
            closedByFilter = true;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
