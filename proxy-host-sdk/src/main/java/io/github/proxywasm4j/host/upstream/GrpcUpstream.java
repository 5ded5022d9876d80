package io.github.proxywasm4j.host.upstream;

/** Where {@code proxy_grpc_call} and {@code proxy_grpc_stream} go. Use {@link StubGrpcUpstream} in tests. */
public interface GrpcUpstream {
    /** Whether the upstream exists; an unknown one makes the call return PARSE_FAILURE. */
    default boolean hasUpstream(String upstream) {
        return true;
    }

    /** Starts a call or stream; answer through {@code listener}, now or later. */
    GrpcCall start(GrpcCallRequest request, GrpcCallListener listener);

    /** Knows no upstream. */
    static GrpcUpstream none() {
        return NoUpstream.INSTANCE;
    }
}
