package io.github.proxywasm4j.host.upstream;

/** The upstream side of an open gRPC call or stream, driven by the filter. */
public interface GrpcCall {
    /** A call that ignores everything. */
    GrpcCall NOOP = new GrpcCall() {};

    /** The filter sent a message on a stream ({@code proxy_grpc_send}). */
    default void send(byte[] message, boolean endOfStream) {}

    /** The filter half-closed a stream or closed a call ({@code proxy_grpc_close}). */
    default void close() {}

    /** The filter cancelled ({@code proxy_grpc_cancel}). */
    default void cancel() {}
}
