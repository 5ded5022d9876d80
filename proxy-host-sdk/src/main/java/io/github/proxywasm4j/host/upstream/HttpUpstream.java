package io.github.proxywasm4j.host.upstream;

import java.util.concurrent.CompletionStage;

/**
 * Where {@code proxy_http_call} goes. The host delivers the reply to the plugin when the stage
 * completes; an exceptional completion, or no completion before the call's timeout, reaches the
 * plugin as a failed call (no headers, {@code proxy_get_status} = BROKEN_CONNECTION).
 *
 * <p>Use {@link StubHttpUpstream} in tests and {@link JdkHttpUpstream} for real traffic.
 */
public interface HttpUpstream {
    /**
     * Whether the upstream (Envoy cluster) exists; {@code proxy_http_call} to an unknown one
     * returns BAD_ARGUMENT, as in Envoy.
     */
    default boolean hasUpstream(String upstream) {
        return true;
    }

    /** Sends the request; may complete on any thread. */
    CompletionStage<HttpCallResponse> send(HttpCallRequest request);

    /** Knows no upstream: every {@code proxy_http_call} returns BAD_ARGUMENT. */
    static HttpUpstream none() {
        return NoUpstream.INSTANCE;
    }
}
