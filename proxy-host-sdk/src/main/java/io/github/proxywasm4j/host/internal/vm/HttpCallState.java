package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.internal.time.Scheduler;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;

/** One outstanding {@code proxy_http_call}. */
final class HttpCallState {
    final int token;
    final Context origin;
    Scheduler.Cancellable timeout;
    boolean done;
    HeaderMap headers;
    HeaderMap trailers;
    byte[] body;

    HttpCallState(int token, Context origin) {
        this.token = token;
        this.origin = origin;
    }

    void fill(HttpCallResponse response) {
        headers = HeaderMap.of(response.headers());
        trailers = HeaderMap.of(response.trailers());
        body = response.body();
    }
}
