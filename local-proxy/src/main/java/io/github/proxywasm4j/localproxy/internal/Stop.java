package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LocalResponse;

/**
 * Why the filter chain ended an exchange early: a filter answered itself (or closed the stream),
 * or a paused filter did not continue before the route timeout.
 */
sealed interface Stop permits Stop.LocalReply, Stop.Timeout {

    /**
     * The filter answered the request itself (or failed closed).
     *
     * @param response what the filter sent
     * @param headers the reply's headers, {@code :status} first
     * @param body the body the client gets: the reply as the sending filter's own response
     *     callbacks left it (the host sends a local reply through them, as Envoy does)
     */
    record LocalReply(LocalResponse response, Headers headers, byte[] body) implements Stop {}

    /** A paused filter did not continue in time. */
    record Timeout() implements Stop {}
}
