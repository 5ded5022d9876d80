package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.internal.time.Scheduler;
import io.github.proxywasm4j.host.upstream.GrpcCall;

/** One outstanding gRPC call or stream. */
final class GrpcCallState {
    final int token;
    final boolean stream;
    String upstream = "";
    GrpcCall call = GrpcCall.NOOP;
    Scheduler.Cancellable timeout;
    boolean done;

    /** The root context that made the call: cpp-host calls back on it. */
    RootContext root;

    GrpcCallState(int token, boolean stream) {
        this.token = token;
        this.stream = stream;
    }
}
