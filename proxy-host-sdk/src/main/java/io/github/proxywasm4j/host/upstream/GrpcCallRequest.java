package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;
import java.time.Duration;
import java.util.Objects;

/**
 * A gRPC call ({@code proxy_grpc_call}) or stream ({@code proxy_grpc_stream}) the filter opened.
 *
 * @param upstream the upstream: a cluster name, or the serialized {@code GrpcService} as bytes
 *     in ISO-8859-1
 * @param service the service name, e.g. {@code helloworld.Greeter}
 * @param method the method name
 * @param initialMetadata the initial metadata
 * @param message the request message of a unary call (a copy); empty for a stream
 * @param timeout the timeout of a unary call; zero for a stream
 * @param streaming whether this is a stream
 */
public record GrpcCallRequest(
        String upstream,
        String service,
        String method,
        Headers initialMetadata,
        byte[] message,
        Duration timeout,
        boolean streaming) {
    public GrpcCallRequest {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(initialMetadata, "initialMetadata");
        message = message.clone();
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The request message (a copy). */
    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrpcCallRequest r
                && upstream.equals(r.upstream)
                && service.equals(r.service)
                && method.equals(r.method)
                && initialMetadata.equals(r.initialMetadata)
                && java.util.Arrays.equals(message, r.message)
                && timeout.equals(r.timeout)
                && streaming == r.streaming;
    }

    @Override
    public int hashCode() {
        return Objects.hash(upstream, service, method, initialMetadata, timeout, streaming);
    }

    @Override
    public String toString() {
        return "GrpcCallRequest["
                + upstream
                + " /"
                + service
                + "/"
                + method
                + (streaming ? " stream" : "")
                + "]";
    }
}
