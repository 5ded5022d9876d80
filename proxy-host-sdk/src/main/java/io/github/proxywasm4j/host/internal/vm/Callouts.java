package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.upstream.GrpcCallListener;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * The HTTP and gRPC callouts of one VM: the tables of calls in flight by token, and the delivery of
 * their results to the root context, on the VM thread, once per call.
 */
final class Callouts {
    // Tokens as cpp-host hands them out: HTTP calls count by 4, gRPC calls are 4n+1 and gRPC
    // streams 4n+2, so a token names its kind.
    int nextHttpToken;
    int nextGrpcCallToken;
    int nextGrpcStreamToken;
    final HashMap<Integer, HttpCallState> httpCalls = new HashMap<>();
    final HashMap<Integer, GrpcCallState> grpcCalls = new HashMap<>();

    Callouts() {}

    /** A reply, or a failure/timeout as Envoy reports it: no headers, BROKEN_CONNECTION. */
    static void deliverHttp(
            ProxyVm vm, HttpCallState state, HttpCallResponse response, String failure) {
        if (state.done) {
            return;
        }
        state.done = true;
        if (state.timeout != null) {
            state.timeout.cancel();
        }
        vm.callouts.httpCalls.remove(state.token);
        if (vm.failed() || vm.closed()) {
            return;
        }
        int headers = 0;
        int body = 0;
        int trailers = 0;
        if (response != null) {
            state.fill(response);
            headers = state.headers.size();
            body = state.body.length;
            trailers = state.trailers.size();
            vm.statusCode = 0;
            vm.statusMessage = new byte[0];
        } else {
            state.headers = new HeaderMap();
            state.trailers = new HeaderMap();
            state.body = new byte[0];
            vm.statusCode = EnvFunctions.BROKEN_CONNECTION;
            vm.statusMessage = failure.getBytes(StandardCharsets.UTF_8);
        }
        vm.callResponse = state;
        try {
            vm.call(
                    vm.cb.onHttpCallResponse,
                    "proxy_on_http_call_response",
                    state.origin.root,
                    state.origin.root.id,
                    state.token,
                    headers,
                    body,
                    trailers);
        } finally {
            vm.callResponse = null;
            vm.statusCode = 0;
            vm.statusMessage = new byte[0];
        }
    }

    static GrpcCallListener grpcListener(ProxyVm vm, GrpcCallState state) {
        return new GrpcCallListener() {
            @Override
            public void initialMetadata(Headers metadata) {
                vm.post(
                        () -> {
                            if (live(vm, state)) {
                                vm.grpcInitialMetadata = HeaderMap.of(metadata);
                                try {
                                    vm.call(
                                            vm.cb.onGrpcInitialMetadata,
                                            "proxy_on_grpc_receive_initial_metadata",
                                            state.root,
                                            state.root.id,
                                            state.token,
                                            metadata.size());
                                } finally {
                                    vm.grpcInitialMetadata = null;
                                }
                            }
                        });
            }

            @Override
            public void message(byte[] message) {
                var copy = message.clone();
                vm.post(
                        () -> {
                            if (live(vm, state)) {
                                vm.grpcMessage = copy;
                                try {
                                    vm.call(
                                            vm.cb.onGrpcReceive,
                                            "proxy_on_grpc_receive",
                                            state.root,
                                            state.root.id,
                                            state.token,
                                            copy.length);
                                } finally {
                                    vm.grpcMessage = null;
                                }
                            }
                        });
            }

            @Override
            public void trailingMetadata(Headers metadata) {
                vm.post(
                        () -> {
                            if (live(vm, state)) {
                                vm.grpcTrailingMetadata = HeaderMap.of(metadata);
                                try {
                                    vm.call(
                                            vm.cb.onGrpcTrailingMetadata,
                                            "proxy_on_grpc_receive_trailing_metadata",
                                            state.root,
                                            state.root.id,
                                            state.token,
                                            metadata.size());
                                } finally {
                                    vm.grpcTrailingMetadata = null;
                                }
                            }
                        });
            }

            @Override
            public void close(int grpcStatus, String message) {
                vm.post(
                        () -> {
                            if (!live(vm, state)) {
                                return;
                            }
                            forgetGrpc(vm, state);
                            vm.statusCode = grpcStatus;
                            vm.statusMessage = message.getBytes(StandardCharsets.UTF_8);
                            try {
                                vm.call(
                                        vm.cb.onGrpcClose,
                                        "proxy_on_grpc_close",
                                        state.root,
                                        state.root.id,
                                        state.token,
                                        grpcStatus);
                            } finally {
                                vm.statusCode = 0;
                                vm.statusMessage = new byte[0];
                            }
                        });
            }
        };
    }

    private static boolean live(ProxyVm vm, GrpcCallState state) {
        return !state.done && !vm.failed() && !vm.closed();
    }

    static void forgetGrpc(ProxyVm vm, GrpcCallState state) {
        state.done = true;
        if (state.timeout != null) {
            state.timeout.cancel();
        }
        vm.callouts.grpcCalls.remove(state.token);
    }
}
