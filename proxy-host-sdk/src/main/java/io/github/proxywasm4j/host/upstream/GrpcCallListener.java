package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;

/**
 * How a {@link GrpcUpstream} answers a call; may be used from any thread. The host delivers each
 * event to the plugin in order ({@code proxy_on_grpc_receive_initial_metadata}, {@code
 * proxy_on_grpc_receive}, {@code proxy_on_grpc_receive_trailing_metadata}, {@code
 * proxy_on_grpc_close}).
 */
public interface GrpcCallListener {
    /** Initial metadata arrived. */
    void initialMetadata(Headers metadata);

    /** A response message arrived. */
    void message(byte[] message);

    /** Trailing metadata arrived. */
    void trailingMetadata(Headers metadata);

    /** The call finished with a gRPC status (0 = OK) and message. */
    void close(int grpcStatus, String message);
}
