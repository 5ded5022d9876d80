package io.github.proxywasm4j.host.upstream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The default: no upstreams. */
final class NoUpstream implements HttpUpstream, GrpcUpstream {
    static final NoUpstream INSTANCE = new NoUpstream();

    private NoUpstream() {}

    @Override
    public boolean hasUpstream(String upstream) {
        return false;
    }

    @Override
    public CompletionStage<HttpCallResponse> send(HttpCallRequest request) {
        return CompletableFuture.failedFuture(
                new IllegalStateException("no HttpUpstream configured"));
    }

    @Override
    public GrpcCall start(GrpcCallRequest request, GrpcCallListener listener) {
        listener.close(14, "no GrpcUpstream configured");
        return GrpcCall.NOOP;
    }
}
